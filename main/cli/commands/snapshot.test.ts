import { existsSync, readdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SnapshotDiff, SnapshotManifest, SnapshotSummary } from '../../../shared/services/data/snapshots';
import { BANK, loadCsv, openFixture } from '../../data/profile-fixtures';
import { Host } from '../../host/host';
import { inProcessClient } from '../../host/in-process';
import { killHard, runLode, spawnLode } from '../../testing/cli';

/** A closed workspace holding the tables the commands snapshot, for child processes to open. */
async function workspaceWith(sql: string[]): Promise<string> {
  const f = await openFixture();
  await loadCsv(f.workspace, 'ods.bank', BANK, "delim = ';'");
  for (const statement of sql) await f.workspace.sql.run(statement);
  const dir = f.workspace.path;
  await f.host.close();
  return dir;
}

describe('lode snapshot', () => {
  it('creates, lists, shows, diffs and removes snapshots, with --json documents', async () => {
    const dir = await workspaceWith([]);
    const lode = (...args: string[]) => runLode(['--workspace', dir, ...args]);

    const created = await lode('snapshot', 'create', 'bank', '--table', 'ods.bank', '--json');
    expect(created.code).toBe(0);
    const a = JSON.parse(created.stdout) as SnapshotManifest;
    expect(a).toMatchObject({ name: 'bank', rows: 41188, source: { table: 'ods.bank' } });

    const query = "SELECT * FROM ods.bank WHERE marital = 'single'";
    const b = JSON.parse((await lode('snapshot', 'create', 'single', '--query', query, '--json')).stdout) as SnapshotManifest;
    expect(b.source).toMatchObject({ sql: query, table: null });

    const listed = JSON.parse((await lode('snapshot', 'list', '--json')).stdout) as SnapshotSummary[];
    expect(listed.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    const text = await lode('snapshot', 'list', '--name', 'single');
    expect(text.stdout).toContain(b.id);
    expect(text.stdout).not.toContain(a.id);

    const shown = await lode('snapshot', 'show', a.id);
    expect(shown.stdout).toContain('41,188 rows, 21 columns');
    expect(shown.stdout).toContain(a.contentHash);

    const diff = JSON.parse((await lode('snapshot', 'diff', a.id, b.id, '--json')).stdout) as SnapshotDiff;
    expect(diff.rows.delta).toBe(b.rows - a.rows);
    expect(diff.columns.find((c) => c.name === 'marital' && c.stat === 'distinct')).toMatchObject({ a: 4, b: 1, delta: -3 });

    const missing = await lode('snapshot', 'show', 'bank@2020-01-01-00000000');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain(`Did you mean ${a.id}`);

    const neither = await lode('snapshot', 'create', 'x');
    expect(neither.code).toBe(1);
    expect(neither.stderr).toContain('--table LAYER.T or --query SQL');

    expect(await lode('snapshot', 'rm', b.id)).toMatchObject({ code: 0, stdout: `Removed snapshot ${b.id}.\n` });
    expect(readdirSync(join(dir, 'snapshots'))).toEqual(['bank']);
  });

  it('killed mid-way leaves no half snapshot, and the leftovers are swept on the next list', async () => {
    const dir = await workspaceWith([
      "CREATE TABLE ods.big AS SELECT range AS id, random() AS x, 'v' || (range % 9973) AS s, range % 7 = 0 AS flag FROM range(10000000)",
    ]);
    const child = spawnLode(['--workspace', dir, 'snapshot', 'create', 'big', '--table', 'ods.big']);
    const snapshots = join(dir, 'snapshots');
    // The temp folder appears when the rows start to be written.
    const writing = () => existsSync(snapshots) && readdirSync(snapshots).some((e) => e.startsWith('.tmp-'));
    const deadline = Date.now() + 30_000;
    while (!writing() && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(child.exitCode).toBeNull();
    await killHard(child);
    expect(readdirSync(snapshots).some((e) => e.startsWith('.tmp-'))).toBe(true);

    const host = new Host({ userDir: join(dir, '..', 'user') });
    await host.open(dir);
    try {
      expect((await inProcessClient(host).data.listSnapshots({})).snapshots).toEqual([]);
      expect(await readdir(snapshots)).toEqual([]);
    } finally {
      await host.close();
    }
  });
});
