import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quoteLiteral } from '../data/sql';
import { tempDir } from '../testing/temp';
import { loadDataset } from './dataset';
import { choosePositive } from './dataset-label';
import { writeReferenceSplit } from './testing/reference-data';

async function parquetFrom(select: string): Promise<string> {
  const file = join(await tempDir(), 'data.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const sql = await instance.connect();
  await sql.run(`COPY (${select}) TO ${quoteLiteral(file)} (FORMAT parquet)`);
  sql.closeSync();
  instance.closeSync();
  return file;
}

describe('loading training data', () => {
  it('reads the adult census data into typed columns, with >50K as the positive class', async () => {
    const split = await writeReferenceSplit('adult', await tempDir());
    const train = await loadDataset(split.train, { label: 'ltgt50k' });
    expect(train.rows).toBe(32561);
    expect(train.schema.target).toMatchObject({ kind: 'binary', positive: '>50K', negative: '<=50K' });
    const rate = train.label.reduce((a, b) => a + b, 0) / train.rows;
    expect(rate).toBeCloseTo(0.2408, 3);
    const age = train.columns.find((c) => c.name === 'age');
    expect(age?.kind).toBe('numeric');
    if (age?.kind === 'numeric') expect(Array.from(age.values.slice(0, 3))).toEqual([39, 50, 38]);
    const workclass = train.columns.find((c) => c.name === 'workclass');
    if (workclass?.kind !== 'categorical') throw new Error('workclass should be categorical');
    expect(workclass.vocabulary[0]).toBe('Private');
    // '?' is null in this file: a missing category has code -1.
    expect(workclass.codes.filter((c) => c === -1).length).toBe(1836);
    expect(workclass.vocabulary[workclass.codes[0]!]).toBe('State-gov');

    // The test file ends its labels with a period; it is matched to the training classes.
    const valid = await loadDataset(split.valid, { label: 'ltgt50k', like: train.schema });
    expect(valid.rows).toBe(16281);
    expect(valid.label.reduce((a, b) => a + b, 0)).toBe(3846);
    expect(valid.schema.features).toEqual(train.schema.features);
  });

  it('treats a yes/no label read as boolean as binary with true positive', async () => {
    const split = await writeReferenceSplit('bank', await tempDir());
    const data = await loadDataset(split.train, { label: 'y' });
    expect(data.schema.target).toMatchObject({ kind: 'binary', positive: 'true' });
    expect(data.columns.map((c) => c.name)).not.toContain('duration');
    expect(data.columns.map((c) => c.name)).toContain('emp.var.rate');
  });

  it('leaves out identifiers, constant, all-null and date columns with a notice, and rows without a label', async () => {
    const file = await parquetFrom(`
      SELECT range AS id, 'c' || range AS code, range % 7 AS x, 1 AS one, NULL::DOUBLE AS nothing,
             DATE '2020-01-01' + CAST(range AS INTEGER) AS day,
             CASE WHEN range = 5 THEN NULL WHEN range % 3 = 0 THEN 'yes' ELSE 'no' END AS churned
      FROM range(100)`);
    const data = await loadDataset(file, { label: 'churned' });
    expect(data.columns.map((c) => c.name)).toEqual(['x']);
    expect(data.rows).toBe(99);
    expect(data.notices.map((n) => n.column)).toEqual(['churned', 'id', 'code', 'one', 'nothing', 'day']);
    expect(data.notices.find((n) => n.column === 'id')?.message).toMatch(/identifier/);
    expect(data.schema.target).toMatchObject({ positive: 'yes' });

    // Named explicitly, an identifier is kept; a constant column is refused.
    const named = await loadDataset(file, { label: 'churned', features: ['id', 'x'] });
    expect(named.columns.map((c) => c.name)).toEqual(['id', 'x']);
    await expect(loadDataset(file, { label: 'churned', features: ['one'] })).rejects.toThrow(/'one' has the same value in every row/);
  });

  it('reads a numeric label with many values as a regression target, and keeps NaN for missing numbers', async () => {
    const file = await parquetFrom(`SELECT range * 1.5 AS price, CASE WHEN range % 4 = 0 THEN NULL ELSE range END AS rooms FROM range(50)`);
    const data = await loadDataset(file, { label: 'price' });
    expect(data.schema.target).toEqual({ kind: 'regression' });
    expect(data.label[3]).toBe(4.5);
    const rooms = data.columns[0]!;
    if (rooms.kind !== 'numeric') throw new Error('rooms should be numeric');
    expect(Number.isNaN(rooms.values[0]!)).toBe(true);
    expect(rooms.values[1]).toBe(1);
  });

  it('refuses bad input before any work: one class, unknown label or feature, empty data, missing file, text in a numeric feature', async () => {
    const one = await parquetFrom(`SELECT range AS x, 'no' AS y FROM range(30)`);
    await expect(loadDataset(one, { label: 'y' })).rejects.toThrow(/one class only/);
    await expect(loadDataset(one, { label: 'nope' })).rejects.toThrow(/Label 'nope' is not a column/);
    const empty = await parquetFrom(`SELECT range AS x, range % 2 AS y FROM range(0)`);
    await expect(loadDataset(empty, { label: 'y' })).rejects.toThrow(/no rows/);
    await expect(loadDataset('/no/such/file.parquet', { label: 'y' })).rejects.toMatchObject({ code: 'not_found' });
    const text = await parquetFrom(
      `SELECT CASE WHEN range = 3 THEN 'n/a' ELSE CAST(range AS VARCHAR) END AS amount, range % 2 AS y FROM range(30)`,
    );
    await expect(loadDataset(text, { label: 'y', numeric: ['amount'] })).rejects.toThrow(/'amount' should be numeric .* such as 'n\/a'/);
    await expect(loadDataset(text, { label: 'y', features: ['amont'] })).rejects.toThrow(/'amont' is not a column/);
    await expect(loadDataset(text, { label: 'y', positive: 'maybe' })).rejects.toThrow(/'maybe' is not a value/);
  });
});

describe('choosing the positive class', () => {
  const two = (a: string, b: string, ca = 10, cb = 5) => [
    { value: a, count: ca },
    { value: b, count: cb },
  ];
  it.each([
    [two('0', '1'), true, '1'],
    [two('false', 'true'), true, 'true'],
    [two('no', 'yes'), false, 'yes'],
    [two('<=50K', '>50K'), false, '>50K'],
    [two('good', 'bad'), false, 'bad'],
    [two('1', '2'), true, '2'],
    [two('stayed', 'left', 90, 10), false, 'left'],
  ])('%j gives %s', (values, numeric, positive) => {
    expect(choosePositive('y', values, numeric)).toMatchObject({ positive });
  });
  it('follows the analyst, ignoring case', () => {
    expect(choosePositive('y', two('no', 'yes'), false, 'NO')).toMatchObject({ positive: 'no', negative: 'yes' });
  });
});
