import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Host } from '../../host/host';
import { loadMovielens } from '../../features/testing';
import { runLode } from '../../testing/cli';
import { tempDir } from '../../testing/temp';

const TEMPLATE = `name: raters
entity: { keys: [user_id] }
spine:
  query: SELECT userId AS user_id, max(rated_at) - INTERVAL 30 DAY AS as_of FROM ods.ratings GROUP BY userId
  time: as_of
sources:
  ratings: { table: ods.ratings, time: rated_at, on: { user_id: userId } }
label: { name: rates_again_30d, source: ratings, horizon: 30d }
features:
  - { name: n_ratings, kind: aggregation, source: ratings, function: count, windows: [7d, 90d] }
  - { name: high_share, kind: ratio, numerator: n_high_90d, denominator: n_ratings_90d }
  - { name: n_high_90d, kind: aggregation, source: ratings, function: count, window: 90d, filter: rating >= 4 }
`;

/** A workspace on disk with MovieLens and a template, closed again so `lode` can open it. */
async function workspaceWithTemplate(text: string): Promise<string> {
  const root = await tempDir();
  const host = new Host({ userDir: join(root, 'user') });
  const dir = join(root, 'ws');
  const workspace = await host.open(dir, true);
  await loadMovielens(workspace.sql);
  await host.close();
  await mkdir(join(dir, 'features'), { recursive: true });
  await writeFile(join(dir, 'features', 'raters.yaml'), text);
  return dir;
}

describe('lode features', () => {
  it('compile prints the SQL, or one JSON document with the logic version and the online query', async () => {
    const dir = await workspaceWithTemplate(TEMPLATE);
    const text = await runLode(['features', 'compile', join(dir, 'features', 'raters.yaml'), '--workspace', dir]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^WITH\n"spine" AS \(\n {2}SELECT \* FROM \(\n {4}SELECT userId/);
    expect(text.stdout).toContain('"high_share"');

    const json = await runLode(['features', 'compile', join(dir, 'features', 'raters.yaml'), '--workspace', dir, '--json']);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as {
      logicVersion: string;
      featureVersions: Record<string, string>;
      sql: string;
      online: { params: { name: string }[] };
    };
    expect(doc.logicVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(Object.keys(doc.featureVersions)).toEqual(['n_ratings_7d', 'n_ratings_90d', 'n_high_90d', 'high_share']);
    expect(doc.online.params.map((p) => p.name)).toEqual(['entity', 'as_of']);
  });

  it('compile fails with file:line:col for each error and exit code 1', async () => {
    const dir = await workspaceWithTemplate(
      TEMPLATE.replace('numerator: n_high_90d', 'numerator: n_hihg_90d').replace('{ user_id: userId }', '{ user_id: uid }'),
    );
    const result = await runLode(['features', 'compile', 'features/raters.yaml', '--workspace', dir], {});
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      "features/raters.yaml:7:65: ods.ratings has no column 'uid'",
      "features/raters.yaml:11:49: unknown name 'n_hihg_90d': not a feature or a spine column (did you mean n_high_90d?)",
      'lode features compile: features/raters.yaml has 2 errors. Fix them and compile again.',
    ]);
  });

  it('preview shows the first rows and per-feature null rates and means', async () => {
    const dir = await workspaceWithTemplate(TEMPLATE);
    const result = await runLode([
      'features',
      'preview',
      join(dir, 'features', 'raters.yaml'),
      '--workspace',
      dir,
      '--rows',
      '3',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      rows: Record<string, unknown>[];
      stats: { name: string; nullRate: number }[];
      rowCount: number;
    };
    expect(doc.rows).toHaveLength(3);
    expect(doc.rowCount).toBe(610);
    expect(doc.stats.map((s) => s.name)).toEqual(['n_ratings_7d', 'n_ratings_90d', 'high_share', 'n_high_90d', 'rates_again_30d']);
    expect(doc.stats.find((s) => s.name === 'n_ratings_90d')!.nullRate).toBe(0);

    const text = await runLode(['features', 'preview', join(dir, 'features', 'raters.yaml'), '--workspace', dir, '--rows', '2']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('610 rows, logic version');
    expect(text.stdout).toMatch(/high_share\s+feature\s+DOUBLE\s+\d/);
  });

  it('build materializes a training set from a snapshot; list shows the registered features and where they were used', async () => {
    const dir = await workspaceWithTemplate(TEMPLATE);
    const snap = await runLode(['snapshot', 'create', 'ratings', '--table', 'ods.ratings', '--workspace', dir, '--json']);
    expect(snap.code).toBe(0);
    const snapshotId = (JSON.parse(snap.stdout) as { id: string }).id;

    const missing = await runLode(['features', 'build', 'features/raters.yaml', '--workspace', dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--snapshot SNAP_ID');

    const built = await runLode(['features', 'build', 'features/raters.yaml', '--snapshot', snapshotId, '--workspace', dir, '--json']);
    expect(built.code).toBe(0);
    const result = JSON.parse(built.stdout) as { snapshotId: string; sourceSnapshotId: string; rows: number; leakage: unknown[] };
    expect(result).toMatchObject({ sourceSnapshotId: snapshotId, rows: 610, leakage: [] });
    expect(result.snapshotId).toMatch(/^raters@/);

    const listed = await runLode(['features', 'list', '--search', 'high', '--workspace', dir, '--json']);
    expect(listed.code).toBe(0);
    const features = JSON.parse(listed.stdout) as { id: string; version: number; snapshots: string[] }[];
    expect(features.map((f) => f.id)).toEqual(['raters.high_share', 'raters.n_high_90d']);
    expect(features[0]).toMatchObject({ version: 1, snapshots: [result.snapshotId] });

    const text = await runLode(['features', 'list', '--workspace', dir]);
    expect(text.stdout).toMatch(/raters\.n_ratings_7d\s+1\s+aggregation/);
    // Snapshots built with each feature and runs that used it, counted: one build, no run yet.
    expect(text.stdout.split('\n')[0]).toMatch(/\bsnapshots\s+runs\s+description$/);
    expect(text.stdout).toMatch(/raters\.n_high_90d\s+1\s+aggregation\s+[0-9a-f]{12}\s+.*\s1\s+0\b/);
  });

  it('show prints one feature version, old ones included, and suggests the id when it is mistyped', async () => {
    const dir = await workspaceWithTemplate(TEMPLATE);
    const snap = await runLode(['snapshot', 'create', 'ratings', '--table', 'ods.ratings', '--workspace', dir, '--json']);
    const snapshotId = (JSON.parse(snap.stdout) as { id: string }).id;
    const first = await runLode(['features', 'build', 'features/raters.yaml', '--snapshot', snapshotId, '--workspace', dir, '--json']);
    expect(first.code).toBe(0);
    const builtFrom = (JSON.parse(first.stdout) as { snapshotId: string }).snapshotId;
    await writeFile(join(dir, 'features', 'raters.yaml'), TEMPLATE.replace('filter: rating >= 4', 'filter: rating >= 5'));
    const second = await runLode([
      'features',
      'build',
      'features/raters.yaml',
      '--snapshot',
      snapshotId,
      '--workspace',
      dir,
      '--name',
      'raters5',
    ]);
    expect(second.code).toBe(0);

    const old = await runLode(['features', 'show', 'raters.n_high_90d@1', '--workspace', dir, '--json']);
    expect(old.code).toBe(0);
    const doc = JSON.parse(old.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ id: 'raters.n_high_90d', version: 1, latest: false, snapshots: [builtFrom], runs: [] });
    expect(doc.definition).toMatchObject({ kind: 'aggregation', filter: 'rating >= 4' });
    expect(doc.sql).toContain('e."rating" >= 4');
    expect(doc.templateText).toBe(TEMPLATE);

    const latest = await runLode(['features', 'show', 'raters.n_high_90d', '--workspace', dir]);
    expect(latest.code).toBe(0);
    expect(latest.stdout).toMatch(/^raters\.n_high_90d@2 \(latest\)\n/);
    expect(latest.stdout).toContain('"filter": "rating >= 5"');
    // Every version with the snapshots built with it, newest first.
    const history = latest.stdout.slice(latest.stdout.indexOf('versions:\n'));
    expect(history).toMatch(
      /^versions:\n {2}2 \([0-9a-f]{12}\) shown, registered \S+\n {6}snapshots: \S+\n {6}runs: +none\n {2}1 \([0-9a-f]{12}\), registered/,
    );
    expect(history.split('\n').slice(5, 7)).toEqual([`      snapshots: ${builtFrom}`, '      runs:      none']);

    const typo = await runLode(['features', 'show', 'raters.n_hihg_90d', '--workspace', dir]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('no registered feature raters.n_hihg_90d (did you mean raters.n_high_90d?)');
    const version = await runLode(['features', 'show', 'raters.n_high_90d@7', '--workspace', dir]);
    expect(version.code).toBe(1);
    expect(version.stderr).toContain('feature raters.n_high_90d has no version 7; its versions are 1, 2.');
  });
});
