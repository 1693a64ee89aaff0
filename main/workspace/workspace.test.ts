import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LodeError } from '../../shared/errors';
import { killHard, spawnLode } from '../testing/cli';
import { tempDir } from '../testing/temp';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { Workspace } from './workspace';

async function failure(p: Promise<unknown>): Promise<LodeError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof LodeError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('a new workspace', () => {
  it('has the layout of DESIGN.md and opens with the data layers in DuckDB', async () => {
    const dir = join(await tempDir(), 'churn');
    const ws = await Workspace.create(dir, 'Churn model');
    try {
      expect((await readdir(dir)).sort()).toEqual(['.lode.lock', 'features', 'lode.duckdb', 'lode.yaml', 'pipelines', 'runs', 'snapshots']);
      expect(ws.info()).toMatchObject({ name: 'Churn model', format: 1, schemaVersion: LATEST_SCHEMA_VERSION });
      const schemas = await ws.sql.runAndReadAll(
        "SELECT schema_name FROM information_schema.schemata WHERE catalog_name = 'lode' ORDER BY 1",
      );
      expect(schemas.getRows().map((r) => r[0])).toEqual(expect.arrayContaining(['ads', 'dwd', 'dws', 'lode_meta', 'ods']));
    } finally {
      await ws.close();
    }
    expect(existsSync(join(dir, '.lode.lock'))).toBe(false);
  });

  it('may go into an existing empty folder but not a full one or an existing workspace', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'empty'));
    await (await Workspace.create(join(root, 'empty'))).close();

    await mkdir(join(root, 'full'));
    await writeFile(join(root, 'full', 'notes.txt'), 'mine');
    expect(await failure(Workspace.create(join(root, 'full')))).toMatchObject({
      code: 'already_exists',
      message: expect.stringContaining('not empty'),
    });
    expect(await readdir(join(root, 'full'))).toEqual(['notes.txt']);

    expect(await failure(Workspace.create(join(root, 'empty')))).toMatchObject({
      code: 'already_exists',
      message: expect.stringContaining('already a Lode workspace'),
    });
  });

  it('is created whole or not at all when the process is killed at any moment', async () => {
    const root = await tempDir();
    for (let trial = 0; trial < 8; trial++) {
      const target = join(root, `ws${trial}`);
      const child = spawnLode(['init', target]);
      await new Promise((r) => setTimeout(r, 40 + trial * 45));
      await killHard(child);
      if (existsSync(target)) {
        // Whatever is visible is a complete workspace that opens.
        const ws = await Workspace.open(target);
        expect(ws.info().schemaVersion).toBe(LATEST_SCHEMA_VERSION);
        await ws.close();
      }
      // A second attempt succeeds or finds the complete workspace, and cleans any half-made temp folder.
      if (!existsSync(target)) await (await Workspace.create(target)).close();
      expect((await readdir(root)).filter((n) => n.includes('.tmp-'))).toEqual([]);
    }
  });
});

describe('opening a workspace', () => {
  it('explains a missing folder, a folder that is not a workspace, a corrupt lode.yaml and a newer format', async () => {
    const root = await tempDir();
    expect(await failure(Workspace.open(join(root, 'nowhere')))).toMatchObject({ code: 'not_found' });

    await mkdir(join(root, 'plain'));
    const plain = await failure(Workspace.open(join(root, 'plain')));
    expect(plain.code).toBe('not_a_workspace');
    expect(plain.details.hint).toContain('lode init');

    const dir = join(root, 'ws');
    await (await Workspace.create(dir)).close();
    const config = await readFile(join(dir, 'lode.yaml'), 'utf8');

    await writeFile(join(dir, 'lode.yaml'), 'format: 1\nname: [unclosed\n');
    const syntax = await failure(Workspace.open(dir));
    expect(syntax).toMatchObject({ code: 'corrupt_config', details: { file: join(dir, 'lode.yaml') } });
    expect(syntax.details.line).toBeGreaterThanOrEqual(2);

    await writeFile(join(dir, 'lode.yaml'), config.replace(/name: .*/, 'name: 12\n').replace('format: 1', 'format: one'));
    const field = await failure(Workspace.open(dir));
    expect(field).toMatchObject({ code: 'corrupt_config', details: { field: 'format', line: 2 } });

    await writeFile(join(dir, 'lode.yaml'), config.replace('format: 1', 'format: 99'));
    expect(await failure(Workspace.open(dir))).toMatchObject({ code: 'newer_format', details: { field: 'format' } });

    // None of these left a lock behind: the fixed workspace opens.
    await writeFile(join(dir, 'lode.yaml'), config);
    await (await Workspace.open(dir)).close();
  });

  it('migrates an old metadata schema and refuses one from a newer Lode', async () => {
    const dir = join(await tempDir(), 'ws');
    await (await Workspace.create(dir)).close();

    // Simulate a workspace written before any migration ran.
    const raw = await DuckDBInstance.create(join(dir, 'lode.duckdb'));
    const sql = await raw.connect();
    const metaTables = await sql.runAndReadAll(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'lode_meta' AND table_name <> 'schema_version'",
    );
    for (const [name] of metaTables.getRows()) await sql.run(`DROP TABLE lode_meta.${String(name)}`);
    await sql.run('DELETE FROM lode_meta.schema_version');
    sql.closeSync();
    raw.closeSync();
    const migrated = await Workspace.open(dir);
    expect(migrated.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    const jobs = await migrated.sql.runAndReadAll('SELECT count(*) FROM lode_meta.jobs');
    expect(Number(jobs.getRows()[0]![0])).toBe(0);
    await migrated.close();

    const again = await DuckDBInstance.create(join(dir, 'lode.duckdb'));
    const sql2 = await again.connect();
    await sql2.run(`INSERT INTO lode_meta.schema_version VALUES (${LATEST_SCHEMA_VERSION + 1}, 'from the future', '2030-01-01')`);
    sql2.closeSync();
    again.closeSync();
    expect(await failure(Workspace.open(dir))).toMatchObject({ code: 'newer_format' });
  });

  it('refuses a second writer with its pid, and takes over the lock of a dead process', async () => {
    const dir = join(await tempDir(), 'ws');
    await (await Workspace.create(dir)).close();
    const holder = spawnLode(['--workspace', dir, 'self-test', '--seconds', '60', '--steps', '600']);
    try {
      await waitFor(() => existsSync(join(dir, '.lode.lock')), 'the other process to take the lock');
      const locked = await failure(Workspace.open(dir));
      expect(locked.code).toBe('workspace_locked');
      expect(locked.message).toContain(`process ${holder.pid}`);
    } finally {
      await killHard(holder);
    }
    // The lock file is still there, but its process is gone: it is stale and taken over.
    expect(existsSync(join(dir, '.lode.lock'))).toBe(true);
    const ws = await Workspace.open(dir);
    expect(JSON.parse(await readFile(join(dir, '.lode.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    await ws.close();
  });

  it('refuses to be opened twice by the same process', async () => {
    const dir = join(await tempDir(), 'ws');
    const ws = await Workspace.create(dir);
    try {
      expect(await failure(Workspace.open(dir))).toMatchObject({ code: 'workspace_locked' });
    } finally {
      await ws.close();
    }
  });
});
