import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../shared/services/jobs';
import type { ColumnProfile, TableProfile } from '../../shared/services/data/profile';
import { BANK, BIKE, DATASETS, HOUSING, loadCsv, openFixture, type Fixture } from './profile-fixtures';

/** A plain comma-separated file without quoted fields, read in JS for independent expectations. */
async function readPlainCsv(file: string): Promise<{ header: string[]; rows: string[][] }> {
  const lines = (await readFile(join(DATASETS, file), 'utf8')).split(/\r?\n/).filter((l) => l !== '');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

function numbers(values: readonly string[]): number[] {
  return values.filter((v) => v !== '').map(Number);
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

function sampleStd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Linear interpolation between order statistics, as quantile_cont defines it. */
function quantile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const h = p * (sorted.length - 1);
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - sorted[lo]!);
}

function tally(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

let fixture: Fixture | null = null;
afterEach(async () => {
  await fixture?.host.close();
  fixture = null;
});

async function profile(f: Fixture, input: Parameters<Fixture['client']['data']['profileTable']>[0]): Promise<TableProfile> {
  const { jobId } = await f.client.data.profileTable(input);
  const job = await f.host.requireWorkspace().jobs.wait(jobId);
  expect(job.error).toBeNull();
  expect(job.state).toBe('succeeded');
  return job.result as TableProfile;
}

function column(p: TableProfile, name: string): ColumnProfile {
  const found = p.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name} in the profile`);
  return found;
}

describe('table profile', () => {
  it('profiles california housing with figures computed independently from the file', async () => {
    fixture = await openFixture();
    await loadCsv(fixture.workspace, 'ods.housing', HOUSING);
    const { header, rows } = await readPlainCsv(HOUSING);
    const field = (name: string): string[] => rows.map((r) => r[header.indexOf(name)]!);

    const p = await profile(fixture, { table: { layer: 'ods', name: 'housing' } });
    expect(p.rows).toBe(20640);
    expect(p.exactDistinct).toBe(true);
    expect(p.key).toBeNull();
    expect(p.columns.map((c) => c.name)).toEqual(header);

    const bedrooms = column(p, 'total_bedrooms');
    const beds = numbers(field('total_bedrooms'));
    expect(bedrooms).toMatchObject({
      nulls: 207,
      distinct: new Set(beds).size,
      min: Math.min(...beds),
      max: Math.max(...beds),
      topValues: null,
    });
    expect(bedrooms.nullRate).toBeCloseTo(207 / 20640, 12);
    expect(bedrooms.mean).toBeCloseTo(mean(beds), 6);
    expect(bedrooms.std).toBeCloseTo(sampleStd(beds), 6);
    expect(bedrooms.histogram).toHaveLength(20);
    expect(bedrooms.histogram!.reduce((s, b) => s + b.count, 0)).toBe(beds.length);
    expect(bedrooms.histogram![0]!.lo).toBe(Math.min(...beds));
    expect(bedrooms.histogram![19]!.hi).toBe(Math.max(...beds));
    const width = (Math.max(...beds) - Math.min(...beds)) / 20;
    expect(bedrooms.histogram![0]!.count).toBe(beds.filter((b) => b <= Math.min(...beds) + width).length);

    const income = column(p, 'median_income');
    const incomes = numbers(field('median_income'));
    for (const [name, q] of Object.entries({ p01: 0.01, p25: 0.25, p50: 0.5, p99: 0.99 })) {
      expect(income.quantiles![name as 'p01'], name).toBeCloseTo(quantile(incomes, q), 9);
    }

    const ocean = column(p, 'ocean_proximity');
    const oceanCounts = tally(field('ocean_proximity'));
    expect(ocean).toMatchObject({ type: 'VARCHAR', nulls: 0, distinct: oceanCounts.size, mean: null, histogram: null, quantiles: null });
    expect(ocean.topValues).toEqual([...oceanCounts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count));
  });

  it('profiles bank marketing with a duplicate-key rate and booleans as top values', async () => {
    fixture = await openFixture();
    await loadCsv(fixture.workspace, 'ods.bank', BANK, "delim = ';'");
    const lines = (await readFile(join(DATASETS, BANK), 'utf8')).split(/\r?\n/).filter((l) => l !== '');
    const header = lines[0]!.split(';').map((h) => h.replaceAll('"', ''));
    const ages = lines.slice(1).map((l) => Number(l.split(';')[0]));
    const duplicates = lines.length - 1 - new Set(lines.slice(1)).size;
    const yes = lines.filter((l) => l.endsWith('"yes"')).length;

    const p = await profile(fixture, { table: { layer: 'ods', name: 'bank' }, key: header });
    expect(p.rows).toBe(41188);
    expect(p.key).toEqual({ columns: header, duplicateRows: duplicates, duplicateRate: duplicates / 41188 });
    const y = column(p, 'y');
    expect(y).toMatchObject({ distinct: 2, nulls: 0, min: null, max: null });
    expect(y.topValues).toEqual([
      { value: 'false', count: 41188 - yes },
      { value: 'true', count: yes },
    ]);
    const age = column(p, 'age');
    expect(age).toMatchObject({ type: 'BIGINT', min: Math.min(...ages), max: Math.max(...ages), distinct: new Set(ages).size });
    expect(age.mean).toBeCloseTo(mean(ages), 9);
    expect(age.std).toBeCloseTo(sampleStd(ages), 9);
    expect(column(p, 'marital').min).toBe('divorced');

    const approximate = await profile(fixture, { table: { layer: 'ods', name: 'bank' }, distinct: 'approximate' });
    expect(approximate.exactDistinct).toBe(false);
    expect(Math.abs(column(approximate, 'age').distinct - new Set(ages).size)).toBeLessThanOrEqual(new Set(ages).size * 0.05);
    // The table is smaller than the sample, so sampled quantiles are the exact ones.
    expect(column(approximate, 'age').quantiles).toEqual(age.quantiles);
  });

  it('gives dates and timestamps as ISO strings and small integer ranges one bin per value', async () => {
    fixture = await openFixture();
    await loadCsv(fixture.workspace, 'ods.bike', BIKE);
    await fixture.workspace.sql.run(
      `CREATE TABLE ods.ratings AS SELECT rating, make_timestamp(timestamp * 1000000) AS rated_at FROM read_csv('${join(DATASETS, 'movielens_latest_small/ratings.csv')}')`,
    );
    const bike = await readPlainCsv(BIKE);
    const seasons = tally(bike.rows.map((r) => r[bike.header.indexOf('season')]!));
    const days = bike.rows.map((r) => r[bike.header.indexOf('dteday')]!).sort();

    const p = await profile(fixture, { table: { layer: 'ods', name: 'bike' }, distinct: 'exact' });
    expect(column(p, 'dteday')).toMatchObject({ type: 'DATE', min: days[0], max: days.at(-1), mean: null, histogram: null });
    expect(column(p, 'dteday').topValues).toHaveLength(10);
    expect(column(p, 'season').histogram).toEqual([1, 2, 3, 4].map((s) => ({ lo: s - 0.5, hi: s + 0.5, count: seasons.get(String(s)) })));

    const ratings = await readPlainCsv('movielens_latest_small/ratings.csv');
    const times = ratings.rows.map((r) => Number(r[3]));
    const iso = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 19);
    const r = await profile(fixture, { table: { layer: 'ods', name: 'ratings' } });
    expect(column(r, 'rated_at')).toMatchObject({ type: 'TIMESTAMP', min: iso(Math.min(...times)), max: iso(Math.max(...times)) });
    expect(column(r, 'rated_at').topValues![0]!.value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it('handles an empty table and a column with only nulls or infinities', async () => {
    fixture = await openFixture();
    await fixture.workspace.sql.run(`CREATE TABLE ods.empty (a DOUBLE, b VARCHAR)`);
    await fixture.workspace.sql.run(
      `CREATE TABLE ods.odd AS SELECT NULL::DOUBLE AS nothing, CASE WHEN i = 0 THEN 'inf'::DOUBLE WHEN i = 1 THEN 'nan'::DOUBLE ELSE i END AS x, 7 AS same,
         [i % 2, 1] AS pair, (i / 4)::DECIMAL(10, 2) AS "unit price" FROM range(5) t(i)`,
    );
    const empty = await profile(fixture, { table: { layer: 'ods', name: 'empty' } });
    expect(empty.rows).toBe(0);
    expect(empty.columns[0]).toMatchObject({ nulls: 0, nullRate: 0, distinct: 0, min: null, mean: null, histogram: null });
    expect(empty.columns[1]).toMatchObject({ topValues: [] });

    const odd = await profile(fixture, { table: { layer: 'ods', name: 'odd' } });
    expect(column(odd, 'nothing')).toMatchObject({ nulls: 5, nullRate: 1, min: null, histogram: null, quantiles: null });
    // Infinity and NaN have no mean and no place in JSON: the figures describe the finite values.
    expect(column(odd, 'x')).toMatchObject({ nulls: 0, min: 2, max: 4, mean: 3, quantiles: { p50: 3 } });
    expect(column(odd, 'x').histogram!.reduce((s, b) => s + b.count, 0)).toBe(3);
    expect(column(odd, 'same').histogram).toEqual([{ lo: 6.5, hi: 7.5, count: 5 }]);
    expect(column(odd, 'pair')).toMatchObject({
      type: 'BIGINT[]',
      distinct: 2,
      topValues: [
        { value: '[0, 1]', count: 3 },
        { value: '[1, 1]', count: 2 },
      ],
    });
    expect(column(odd, 'unit price')).toMatchObject({ type: 'DECIMAL(10,2)', min: 0, max: 1, mean: 0.5, distinct: 5 });
  });

  it('refuses an unknown table or key column, and can be cancelled', async () => {
    fixture = await openFixture();
    const f = fixture;
    await expect(f.client.data.profileTable({ table: { layer: 'dwd', name: 'nope' } })).rejects.toMatchObject({
      code: 'not_found',
      message: 'table dwd.nope does not exist.',
    });
    await f.workspace.sql.run(`CREATE TABLE ods.big AS SELECT i, i % 97 AS k, md5(i::VARCHAR) AS h FROM range(5000000) t(i)`);
    await expect(f.client.data.profileTable({ table: { layer: 'ods', name: 'big' }, key: ['kk'] })).rejects.toMatchObject({
      code: 'bad_input',
      details: { field: 'key[0]', hint: 'Did you mean "k"?' },
    });

    const { jobId } = await f.client.data.profileTable({ table: { layer: 'ods', name: 'big' }, distinct: 'exact', key: ['h'] });
    let job: JobInfo = await f.client.jobs.get({ id: jobId });
    while (job.state === 'running' && !job.message.startsWith('summarising')) {
      await new Promise((r) => setTimeout(r, 20));
      job = await f.client.jobs.get({ id: jobId });
    }
    await f.client.jobs.cancel({ id: jobId });
    expect((await f.host.requireWorkspace().jobs.wait(jobId)).state).toBe('cancelled');
    // Profiling goes on working after the interrupt.
    await f.workspace.sql.run(`CREATE TABLE ods.small AS SELECT i FROM range(10) t(i)`);
    expect((await profile(f, { table: { layer: 'ods', name: 'small' } })).rows).toBe(10);
  });
});
