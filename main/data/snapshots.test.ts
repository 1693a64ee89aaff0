import { existsSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SnapshotManifest } from '../../shared/services/data/snapshots';
import { BANK, loadCsv, openFixture, type Fixture } from './profile-fixtures';
import { saveRules } from './quality';
import { snapshotDir, snapshotFilePaths } from './snapshot-layout';
import { parquetRelationSql } from './snapshot-stats';

const RATINGS = 'movielens_latest_small/ratings.csv';
const BIKE_DAY = 'bike_sharing_uci/day.csv';

let fixture: Fixture | null = null;
afterEach(async () => {
  await fixture?.host.close();
  fixture = null;
});

async function withBank(): Promise<Fixture> {
  fixture = await openFixture();
  await loadCsv(fixture.workspace, 'ods.bank', BANK, "delim = ';'");
  return fixture;
}

type CreateInput = Parameters<Fixture['client']['data']['createSnapshot']>[0];

/** Runs a snapshot job to its end and returns its manifest, or throws its error. */
async function snapshot(f: Fixture, input: CreateInput): Promise<SnapshotManifest> {
  const { jobId } = await f.client.data.createSnapshot(input);
  const job = await f.host.requireWorkspace().jobs.wait(jobId);
  if (job.state !== 'succeeded') throw Object.assign(new Error(job.error?.message ?? job.state), job.error);
  return job.result as SnapshotManifest;
}

async function scalar(f: Fixture, sql: string): Promise<number> {
  return Number((await f.workspace.sql.runAndReadAll(sql)).getRows()[0]![0]);
}

const today = () => new Date().toISOString().slice(0, 10);

describe('snapshots', () => {
  it('freeze a table to read-only Parquet with a manifest of schema, stats and quality results', async () => {
    const f = await withBank();
    await saveRules(f.workspace.sql, { layer: 'ods', name: 'bank' }, [
      { kind: 'range', column: 'age', min: 18, max: 95 },
      { kind: 'max_null_rate', column: 'job', max: 0 },
    ]);
    const m = await snapshot(f, { name: 'bank', source: { table: { layer: 'ods', name: 'bank' } } });

    expect(m.id).toMatch(new RegExp(`^bank@${today()}-[0-9a-f]{8}$`));
    expect(m.id.endsWith(m.contentHash.slice(0, 8))).toBe(true);
    expect(m.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(m.rows).toBe(41188);
    expect(m.schema).toHaveLength(21);
    expect(m.source).toEqual({
      sql: 'SELECT * FROM "ods"."bank"',
      table: 'ods.bank',
      dtColumn: null,
      from: null,
      to: null,
      partitionByDay: false,
    });
    expect(m.createdBy.length).toBeGreaterThan(0);
    // Not partitioned: one folder named after the creation date.
    expect(m.files).toEqual([{ path: `dt=${today()}/part-0.parquet`, rows: 41188, bytes: m.bytes }]);

    const age = m.columns.find((c) => c.name === 'age')!;
    expect(age).toMatchObject({ type: 'BIGINT', nulls: 0, min: 17, max: 98 });
    expect(age.mean).toBeCloseTo(await scalar(f, 'SELECT avg(age) FROM ods.bank'), 9);
    expect(m.columns.find((c) => c.name === 'y')).toMatchObject({ type: 'BOOLEAN', distinct: 2, min: 'false', max: 'true', mean: null });
    expect(m.columns.find((c) => c.name === 'marital')).toMatchObject({ distinct: 4, min: 'divorced', max: 'unknown', std: null });
    expect(m.quality.map((q) => [q.rule.kind, q.passed])).toEqual([
      ['range', false],
      ['max_null_rate', true],
    ]);
    expect(m.quality[0]!.observed).toBe(await scalar(f, 'SELECT count(*) FROM ods.bank WHERE age < 18 OR age > 95'));

    const dir = snapshotDir(f.workspace.path, m.id);
    expect(dir).toBe(join(f.workspace.path, 'snapshots', 'bank', m.id.split('@')[1]!));
    for (const file of [...snapshotFilePaths(f.workspace.path, m), join(dir, 'manifest.json')]) {
      expect((await stat(file)).mode & 0o222).toBe(0);
    }
    // The files hold exactly the table's rows.
    const frozen = parquetRelationSql(snapshotFilePaths(f.workspace.path, m));
    expect(await scalar(f, `SELECT count(*) FROM (SELECT * FROM ${frozen} EXCEPT ALL SELECT * FROM ods.bank)`)).toBe(0);
    expect(await f.client.data.showSnapshot({ id: m.id })).toEqual(m);
  });

  it('give the same content hash to the same rows, whatever their order, and a new one when a row changes', async () => {
    const f = await withBank();
    const first = await snapshot(f, { name: 'bank', source: { table: { layer: 'ods', name: 'bank' } } });
    // Same id again: the existing snapshot is returned, nothing is written twice.
    const again = await snapshot(f, { name: 'bank', source: { table: { layer: 'ods', name: 'bank' } } });
    expect(again).toEqual(first);
    expect(await readdir(join(f.workspace.path, 'snapshots', 'bank'))).toHaveLength(1);

    await f.workspace.sql.run('CREATE TABLE ods.bank_shuffled AS SELECT * FROM ods.bank ORDER BY hash(age, duration, euribor3m) DESC');
    const shuffled = await snapshot(f, { name: 'bank', source: { table: { layer: 'ods', name: 'bank_shuffled' } } });
    expect(shuffled.contentHash).toBe(first.contentHash);
    expect(shuffled.id).toBe(first.id);

    const query = await snapshot(f, { name: 'bank_query', source: { sql: 'SELECT * FROM ods.bank ORDER BY age DESC, campaign;' } });
    expect(query.contentHash).toBe(first.contentHash);
    expect(query.id).not.toBe(first.id);

    // bank-additional-full has duplicate rows: dropping them must change the hash.
    const distinct = await snapshot(f, { name: 'bank_query', source: { sql: 'SELECT DISTINCT * FROM ods.bank' } });
    expect(distinct.rows).toBeLessThan(first.rows);
    expect(distinct.contentHash).not.toBe(first.contentHash);

    await f.workspace.sql.run("UPDATE ods.bank_shuffled SET job = 'astronaut' WHERE rowid = (SELECT min(rowid) FROM ods.bank_shuffled)");
    const changed = await snapshot(f, { name: 'bank', source: { table: { layer: 'ods', name: 'bank_shuffled' } } });
    expect(changed.contentHash).not.toBe(first.contentHash);

    const { snapshots } = await f.client.data.listSnapshots({});
    expect(snapshots.map((s) => s.id)).toEqual([changed.id, distinct.id, query.id, first.id]);
    expect((await f.client.data.listSnapshots({ name: 'bank_query' })).snapshots.map((s) => s.id)).toEqual([distinct.id, query.id]);
  });

  it('keep an inclusive date range and write one dt= folder per day (movielens ratings, UTC days)', async () => {
    fixture = await openFixture();
    const f = fixture;
    await loadCsv(f.workspace, 'ods.ratings_raw', RATINGS);
    await f.workspace.sql.run(
      'CREATE TABLE ods.ratings AS SELECT userId, movieId, rating, to_timestamp("timestamp") AS ts FROM ods.ratings_raw',
    );
    const m = await snapshot(f, {
      name: 'ratings',
      source: { table: { layer: 'ods', name: 'ratings' } },
      dtColumn: 'ts',
      from: '2018-01-01',
      to: '2018-01-31',
      partitionByDay: true,
    });
    // Expected from the raw unix seconds, independently of any time zone.
    const lo = Date.UTC(2018, 0, 1) / 1000;
    const hi = Date.UTC(2018, 1, 1) / 1000;
    const perDay = (
      await f.workspace.sql.runAndReadAll(
        `SELECT strftime(make_date(1970, 1, 1) + CAST(floor("timestamp" / 86400) AS INTEGER), '%Y-%m-%d') AS day, count(*)::INTEGER
       FROM ods.ratings_raw WHERE "timestamp" >= ${lo} AND "timestamp" < ${hi} GROUP BY 1 ORDER BY 1`,
      )
    ).getRows();
    expect(perDay.length).toBeGreaterThan(5);
    expect(m.rows).toBe(perDay.reduce((sum, r) => sum + Number(r[1]), 0));
    expect(m.files.map((file) => [file.path, file.rows])).toEqual(perDay.map((r) => [`dt=${String(r[0])}/part-0.parquet`, Number(r[1])]));
    // The files keep exactly the source's columns; the day is in the folder name only.
    expect(m.schema.map((c) => c.name)).toEqual(['userId', 'movieId', 'rating', 'ts']);
    expect(m.source.sql).toContain(`>= DATE '2018-01-01'`);
    expect(m.source).toMatchObject({ dtColumn: 'ts', from: '2018-01-01', to: '2018-01-31', partitionByDay: true });

    // Only a lower bound.
    const tail = await snapshot(f, {
      name: 'ratings',
      source: { table: { layer: 'ods', name: 'ratings' } },
      dtColumn: 'ts',
      from: '2018-09-01',
    });
    expect(tail.rows).toBe(await scalar(f, `SELECT count(*) FROM ods.ratings_raw WHERE "timestamp" >= ${Date.UTC(2018, 8, 1) / 1000}`));
    expect(tail.files.map((file) => file.path)).toEqual([`dt=${today()}/part-0.parquet`]);
  });

  it('partition by an existing DATE column dt (bike sharing days) and refuse a clashing dt column', async () => {
    fixture = await openFixture();
    const f = fixture;
    await loadCsv(f.workspace, 'ods.bike_day', BIKE_DAY);
    const m = await snapshot(f, {
      name: 'bike',
      source: { sql: 'SELECT dteday AS dt, season, cnt FROM ods.bike_day -- daily counts' },
      dtColumn: 'dt',
      from: '2012-12-25',
      to: '2012-12-31',
      partitionByDay: true,
    });
    expect(m.files.map((file) => [file.path, file.rows])).toEqual(
      ['25', '26', '27', '28', '29', '30', '31'].map((d) => [`dt=2012-12-${d}/part-0.parquet`, 1]),
    );
    // Its own dt column stays in the files.
    expect(m.schema).toEqual([
      { name: 'dt', type: 'DATE' },
      { name: 'season', type: 'BIGINT' },
      { name: 'cnt', type: 'BIGINT' },
    ]);
    expect(m.columns[2]).toMatchObject({
      min: await scalar(f, "SELECT min(cnt) FROM ods.bike_day WHERE dteday BETWEEN '2012-12-25' AND '2012-12-31'"),
      max: await scalar(f, "SELECT max(cnt) FROM ods.bike_day WHERE dteday BETWEEN '2012-12-25' AND '2012-12-31'"),
    });

    await expect(
      snapshot(f, {
        name: 'bike',
        source: { sql: "SELECT strftime(dteday, '%Y%m%d') AS dt, * EXCLUDE (dteday), dteday FROM ods.bike_day" },
        dtColumn: 'dteday',
        partitionByDay: true,
      }),
    ).rejects.toMatchObject({ code: 'bad_input', field: 'dtColumn', message: expect.stringContaining('"dt" (VARCHAR)') });
    await expect(
      snapshot(f, { name: 'bike', source: { table: { layer: 'ods', name: 'bike_day' } }, dtColumn: 'cnt', from: '2012-01-01' }),
    ).rejects.toMatchObject({
      code: 'bad_input',
      field: 'dtColumn',
    });
    await expect(
      snapshot(f, { name: 'bike', source: { table: { layer: 'ods', name: 'bike_day' } }, dtColumn: 'dteday_x', from: '2012-01-01' }),
    ).rejects.toMatchObject({
      code: 'bad_input',
      hint: expect.stringContaining('dteday'),
    });
    await expect(snapshot(f, { name: 'bike', source: { table: { layer: 'ods', name: 'nothing' } } })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await readdir(join(f.workspace.path, 'snapshots'))).toEqual(['bike']);
  });

  it('diff two snapshots of a changed table: column added, rows deleted, stats shifted', async () => {
    const f = await withBank();
    const a = await snapshot(f, { name: 'bank', source: { table: { layer: 'ods', name: 'bank' } } });
    const old = await scalar(f, 'SELECT count(*) FROM ods.bank WHERE age > 60');
    await f.workspace.sql.run('DELETE FROM ods.bank WHERE age > 60');
    await f.workspace.sql.run('ALTER TABLE ods.bank ADD COLUMN age_band VARCHAR');
    await f.workspace.sql.run("UPDATE ods.bank SET age_band = CASE WHEN age < 30 THEN 'young' ELSE 'adult' END");
    const b = await snapshot(f, { name: 'bank', source: { table: { layer: 'ods', name: 'bank' } } });

    const diff = await f.client.data.diffSnapshots({ a: a.id, b: b.id });
    expect(diff).toMatchObject({ a: a.id, b: b.id, sameContent: false, rows: { a: 41188, b: 41188 - old, delta: -old } });
    expect(diff.schema).toEqual({ added: [{ name: 'age_band', type: 'VARCHAR' }], removed: [], typeChanged: [] });
    expect(diff.columns.find((c) => c.name === 'age' && c.stat === 'max')).toEqual({ name: 'age', stat: 'max', a: 98, b: 60, delta: -38 });
    const mean = diff.columns.find((c) => c.name === 'age' && c.stat === 'mean')!;
    expect(mean.delta).toBeCloseTo((mean.b as number) - (mean.a as number), 12);
    expect(mean.delta).toBeLessThan(0);
    // Columns not in both snapshots have no stat shifts; unchanged stats are not listed.
    expect(diff.columns.some((c) => c.name === 'age_band')).toBe(false);
    expect(diff.columns.some((c) => c.name === 'age' && c.stat === 'min')).toBe(false);

    const self = await f.client.data.diffSnapshots({ a: a.id, b: a.id });
    expect(self).toMatchObject({ sameContent: true, columns: [], rows: { delta: 0 } });
  });

  it('refuse to remove a snapshot a run or another snapshot refers to, naming them; then remove it whole', async () => {
    const f = await withBank();
    const m = await snapshot(f, { name: 'bank', source: { table: { layer: 'ods', name: 'bank' } } });
    const runDir = join(f.workspace.path, 'runs', 'run_20261121_a1');
    await mkdir(runDir, { recursive: true });
    await writeFile(join(runDir, 'params.json'), JSON.stringify({ algo: 'gbdt', data: { snapshotId: m.id, label: 'y' } }));
    const derived = await snapshot(f, { name: 'bank_features', source: { sql: `SELECT age, y FROM ods.bank -- built from ${m.id}` } });

    const refused = f.client.data.removeSnapshot({ id: m.id });
    await expect(refused).rejects.toMatchObject({ code: 'bad_input', message: expect.stringContaining('run_20261121_a1') });
    await expect(f.client.data.removeSnapshot({ id: m.id })).rejects.toMatchObject({ message: expect.stringContaining(derived.id) });
    expect(existsSync(snapshotDir(f.workspace.path, m.id))).toBe(true);

    await f.client.data.removeSnapshot({ id: derived.id });
    await writeFile(join(runDir, 'params.json'), JSON.stringify({ algo: 'gbdt', data: { snapshotId: 'other@2026-01-01-00000000' } }));
    await expect(f.client.data.removeSnapshot({ id: m.id })).resolves.toEqual({ removed: true });
    expect(await readdir(join(f.workspace.path, 'snapshots'))).toEqual([]);
    expect((await f.client.data.listSnapshots({})).snapshots).toEqual([]);
  });

  it('answer an unknown id with not_found and the closest ids', async () => {
    const f = await withBank();
    const m = await snapshot(f, { name: 'bank', source: { table: { layer: 'ods', name: 'bank' } } });
    const typo = `${m.id.slice(0, -1)}${m.id.endsWith('0') ? '1' : '0'}`;
    await expect(f.client.data.showSnapshot({ id: typo })).rejects.toMatchObject({
      code: 'not_found',
      details: { hint: expect.stringContaining(m.id) },
    });
    await expect(f.client.data.removeSnapshot({ id: 'bank' })).rejects.toMatchObject({
      code: 'not_found',
      details: { hint: expect.stringContaining(m.id) },
    });
    await expect(f.client.data.diffSnapshots({ a: m.id, b: '../../etc' })).rejects.toMatchObject({
      code: 'not_found',
      details: { field: 'b' },
    });
  });

  it('stop when cancelled and leave nothing behind', async () => {
    fixture = await openFixture();
    const f = fixture;
    await f.workspace.sql.run("CREATE TABLE ods.big AS SELECT range AS id, random() AS x, 'v' || (range % 9973) AS s FROM range(8000000)");
    const { jobId } = await f.client.data.createSnapshot({ name: 'big', source: { table: { layer: 'ods', name: 'big' } } });
    const { jobs } = f.host.requireWorkspace();
    const writing = async () => {
      const job = await jobs.get(jobId);
      return job.state !== 'running' || job.message === 'writing Parquet';
    };
    while (!(await writing())) await new Promise((r) => setTimeout(r, 5));
    await f.client.jobs.cancel({ id: jobId });
    expect(await jobs.wait(jobId)).toMatchObject({ state: 'cancelled' });
    expect(await readdir(join(f.workspace.path, 'snapshots'))).toEqual([]);
  });
});
