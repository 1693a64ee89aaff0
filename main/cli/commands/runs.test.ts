import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reproduction, RunDiff, TrackedRun } from '../../../shared/services/tracking';
import { BANK, loadCsv } from '../../data/profile-fixtures';
import { Host } from '../../host/host';
import { inProcessClient } from '../../host/in-process';
import { runLode } from '../../testing/cli';
import { createSnapshot, trainRun } from '../../training/testing/runs';

let root = '';
let dir = '';
let first = '';
let second = '';
const lode = (...args: string[]) => runLode(['--workspace', dir, ...args]);

beforeAll(async () => {
  // Two GBDT runs on bank marketing that differ in one parameter; the CLI then reads a closed workspace.
  root = await mkdtemp(join(tmpdir(), 'lode-runs-cli-'));
  const host = new Host({ userDir: join(root, 'user') });
  const f = { host, workspace: await host.open(join(root, 'ws'), true), client: inProcessClient(host) };
  await loadCsv(f.workspace, 'ods.bank', BANK, "delim = ';'");
  const bank = await createSnapshot(f.host, f.client, 'bank', 'SELECT * FROM ods.bank');
  first = (await trainRun(f.host, f.client, { data: bank, label: 'y', params: { num_iterations: 10 }, seed: 1 })).id;
  second = (await trainRun(f.host, f.client, { data: bank, label: 'y', params: { num_iterations: 10, num_leaves: 7 }, seed: 1 })).id;
  dir = f.workspace.path;
  await f.host.close();
}, 180_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('lode runs', () => {
  it('lists runs newest first, filtered, as a table, JSON or CSV', async () => {
    const text = await lode('runs', 'list');
    expect(text.code).toBe(0);
    expect(text.stdout.indexOf(second)).toBeLessThan(text.stdout.indexOf(first));
    expect(text.stdout).toContain('auc');

    const listed = JSON.parse((await lode('runs', 'list', '--filter', 'num_leaves < 10 and auc > 0.5', '--json')).stdout) as {
      runs: { id: string; metrics: Record<string, number>; params: Record<string, number> }[];
    };
    expect(listed.runs.map((r) => r.id)).toEqual([second]);
    expect(listed.runs[0]!.params.num_leaves).toBe(7);

    const csv = (await lode('runs', 'list', '--csv')).stdout.trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]!.split(',')).toEqual(expect.arrayContaining(['id', 'state', 'auc', 'num_leaves']));
    expect((await lode('runs', 'list', '--limit', '1', '--json')).stdout).not.toContain(first);
  });

  it('says which name of a filter it does not know, and where', async () => {
    const bad = await lode('runs', 'list', '--filter', "acu > 0.8 and algo = 'gbdt'");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unknown column 'acu'");
    expect(bad.stderr).toContain('character 1');
    expect(bad.stderr).toContain('did you mean auc?');
    const noSearch = await lode('runs', 'list', '--search', 'search-2026-01-01-00000000');
    expect(noSearch.code).toBe(1);
    expect(noSearch.stderr).toContain("no search with id 'search-2026-01-01-00000000'");
  });

  it('shows a run with its five-tuple in the JSON', async () => {
    const shown = JSON.parse((await lode('runs', 'show', first, '--json')).stdout) as TrackedRun;
    expect(shown.lineage!.data.snapshot).toMatch(/^bank@/);
    expect(shown.lineage!.data.contentHash).toBeTruthy();
    expect(shown.lineage!.template).toBeNull();
    expect(shown.lineage!.params).toMatchObject({ num_iterations: 10, label: 'y', seed: 1 });
    expect(shown.lineage!.code.version).toBeTruthy();
    expect(shown.lineage!.metrics!.auc).toBeGreaterThan(0.5);
    const text = (await lode('runs', 'show', first)).stdout;
    expect(text).toContain('Lineage');
    expect(text).toContain('num_iterations = 10');
  });

  it('compares runs parameter by parameter and metric by metric', async () => {
    const compared = JSON.parse((await lode('runs', 'compare', first, second, '--json')).stdout) as { diffs: RunDiff[] };
    expect(compared.diffs[0]!.params.find((p) => p.key === 'num_leaves')).toMatchObject({ to: 7 });
    expect(compared.diffs[0]!.data).toEqual([]);
    const text = (await lode('runs', 'compare', first, second)).stdout;
    expect(text).toContain(`${first} -> ${second}`);
    expect(text).toMatch(/num_leaves: \d+ -> 7/);
  });

  it('tags and notes a run', async () => {
    expect((await lode('runs', 'tag', first, 'baseline', 'bank')).code).toBe(0);
    expect((await lode('runs', 'note', first, 'the', 'first', 'try')).code).toBe(0);
    const shown = JSON.parse((await lode('runs', 'show', first, '--json')).stdout) as TrackedRun;
    expect(shown.run.tags).toEqual(['baseline', 'bank']);
    expect(shown.notes).toBe('the first try');
    await lode('runs', 'tag', first, 'bank', '--remove');
    const listed = JSON.parse((await lode('runs', 'list', '--filter', "tags = 'baseline'", '--json')).stdout) as {
      runs: { tags: string[] }[];
    };
    expect(listed.runs.map((r) => r.tags)).toEqual([['baseline']]);
  });

  it('groups runs into experiments', async () => {
    expect((await lode('experiments', 'create', 'leaves', '--description', 'tree size')).code).toBe(0);
    expect((await lode('runs', 'move', first, second, '--experiment', 'leaves')).code).toBe(0);
    const listed = JSON.parse((await lode('experiments', 'list', '--json')).stdout) as {
      name: string;
      runs: number;
      description: string;
    }[];
    expect(listed).toEqual([expect.objectContaining({ name: 'leaves', runs: 2, description: 'tree size' })]);
    expect((await lode('runs', 'list', '--experiment', 'leaves')).stdout).toContain(first);
    await lode('runs', 'move', second, '--none');
    const after = JSON.parse((await lode('runs', 'list', '--experiment', 'leaves', '--json')).stdout) as { runs: { id: string }[] };
    expect(after.runs.map((r) => r.id)).toEqual([first]);
    const typo = await lode('runs', 'list', '--experiment', 'leavs');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('did you mean leaves?');
  });

  it('files a run trained by `lode train --experiment --tag` under them', async () => {
    const snapshot = (JSON.parse((await lode('runs', 'show', first, '--json')).stdout) as TrackedRun).run.data;
    const trained = await lode(
      ...[
        'train',
        '--data',
        snapshot,
        '--label',
        'y',
        '--param',
        'num_iterations=5',
        '--experiment',
        'tagged',
        '--tag',
        'cli',
        '--tag',
        'quick',
        '--json',
      ],
    );
    expect(trained.code).toBe(0);
    const id = (JSON.parse(trained.stdout) as { id: string }).id;
    const listed = JSON.parse((await lode('runs', 'list', '--experiment', 'tagged', '--filter', "tags = 'quick'", '--json')).stdout) as {
      runs: { id: string; tags: string[] }[];
    };
    expect(listed.runs).toEqual([expect.objectContaining({ id, tags: ['cli', 'quick'] })]);
    const bad = await lode('train', '--data', snapshot, '--label', 'y', '--tag', 'has space');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('a tag has no spaces or commas');
    await lode('runs', 'rm', id, '--yes');
  }, 120_000);

  it('re-runs a run and exits 0 when metrics and predictions are identical', async () => {
    const rerun = await lode('runs', 'rerun', first, '--json');
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    const result = JSON.parse(rerun.stdout) as Reproduction;
    expect(result).toMatchObject({ original: first, identical: true, metricsIdentical: true, predictionsIdentical: true });
  }, 120_000);

  it('deletes runs only with --yes when not on a terminal', async () => {
    const refused = await lode('runs', 'rm', second);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('needs --yes');
    expect(existsSync(join(dir, 'runs', second))).toBe(true);

    const deleted = await lode('runs', 'rm', second, '--yes', '--json');
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: [second] });
    expect(existsSync(join(dir, 'runs', second))).toBe(false);
    expect((await lode('runs', 'show', second)).code).toBe(1);
  });
});
