import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LodeError } from '../../shared/errors';
import { BANK, DATASETS, HOUSING, loadCsv, openFixture, type Fixture } from './profile-fixtures';
import { evaluateRules, loadRules, saveRules } from './quality';

/** Bank marketing rows as split fields, read in JS so expected figures do not come from DuckDB. */
async function bankRows(): Promise<string[][]> {
  const text = await readFile(join(DATASETS, BANK), 'utf8');
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => line.split(';').map((f) => f.replace(/^"|"$/g, '')));
}

let fixture: Fixture | null = null;
afterEach(async () => {
  await fixture?.host.close();
  fixture = null;
});

async function withTables(): Promise<Fixture> {
  fixture = await openFixture();
  await loadCsv(fixture.workspace, 'ods.housing', HOUSING);
  await loadCsv(fixture.workspace, 'ods.bank', BANK, "delim = ';'");
  return fixture;
}

describe('data-quality rules', () => {
  it('measures null rates, ranges, allowed values and key uniqueness on real data', async () => {
    const { workspace } = await withTables();
    const rows = await bankRows();
    const ages = rows.map((r) => Number(r[0]));
    const outsideAge = ages.filter((a) => a < 18 || a > 95).length;
    const unknownMarital = rows.filter((r) => r[2] === 'unknown').length;
    const yes = rows.filter((r) => r[20] === 'yes').length;
    const seen = new Set<string>();
    let duplicateRows = 0;
    for (const r of rows) {
      const key = r.join('\u0001');
      if (seen.has(key)) duplicateRows++;
      seen.add(key);
    }
    expect(outsideAge).toBeGreaterThan(0);
    expect(duplicateRows).toBeGreaterThan(0);

    const housing = await evaluateRules(workspace.sql, '"ods"."housing"', [
      { kind: 'max_null_rate', column: 'total_bedrooms', max: 0.005 },
      { kind: 'max_null_rate', column: 'total_bedrooms', max: 0.02 },
      { kind: 'max_null_rate', column: 'longitude', max: 0 },
    ]);
    expect(housing.map((r) => r.passed)).toEqual([false, true, true]);
    expect(housing[0]!.observed).toBeCloseTo(207 / 20640, 12);
    expect(housing[0]!.message).toBe('total_bedrooms: null rate 1% (207 of 20,640 rows), above the maximum 0.5%');
    expect(housing[2]!.observed).toBe(0);

    const bankColumns = (await workspace.sql.runAndReadAll('DESCRIBE ods.bank')).getRows().map((r) => String(r[0]));
    const bank = await evaluateRules(workspace.sql, '"ods"."bank"', [
      { kind: 'range', column: 'age', min: 18, max: 95 },
      { kind: 'range', column: 'age', min: 0 },
      { kind: 'allowed_values', column: 'marital', values: ['married', 'single', 'divorced', 'unknown'] },
      { kind: 'allowed_values', column: 'marital', values: ['married', 'single', 'divorced'] },
      // DuckDB reads yes/no as BOOLEAN; allowed values compare the text DuckDB gives it.
      { kind: 'allowed_values', column: 'y', values: ['false'] },
      { kind: 'unique', columns: bankColumns },
      { kind: 'unique', columns: ['age'] },
    ]);
    expect(bank.map((r) => r.passed)).toEqual([false, true, true, false, false, false, false]);
    expect(bank[0]!).toMatchObject({ observed: outsideAge, message: `age: ${outsideAge} rows outside [18, 95]` });
    expect(bank[1]!.message).toBe('age: all non-null values within [0, inf]');
    expect(bank[3]!).toMatchObject({
      observed: unknownMarital,
      message: `marital: ${unknownMarital} rows have values outside the allowed list (e.g. 'unknown')`,
    });
    expect(bank[4]!).toMatchObject({ observed: yes, message: expect.stringContaining("(e.g. 'true')") as unknown });
    expect(bank[5]!).toMatchObject({
      observed: duplicateRows,
      message: expect.stringContaining(`${duplicateRows} duplicate rows`) as unknown,
    });
    expect(bank[6]!.observed).toBe(rows.length - new Set(ages).size);
  });

  it('evaluates over a query as well as a table', async () => {
    const { workspace } = await withTables();
    const [result] = await evaluateRules(workspace.sql, '(SELECT * FROM ods.housing WHERE total_bedrooms IS NOT NULL)', [
      { kind: 'max_null_rate', column: 'total_bedrooms', max: 0 },
    ]);
    expect(result).toMatchObject({ passed: true, observed: 0 });
  });

  it('names a missing column, with a suggestion when it looks like a typo', async () => {
    const { workspace } = await withTables();
    const typo = evaluateRules(workspace.sql, 'ods.bank', [
      { kind: 'max_null_rate', column: 'age', max: 0 },
      { kind: 'range', column: 'agee', min: 18 },
    ]);
    await expect(typo).rejects.toThrow(LodeError);
    await expect(typo).rejects.toMatchObject({
      code: 'bad_input',
      message: 'rule 2 (range) names column "agee", which does not exist.',
      details: { field: 'rules[1].column', hint: 'Did you mean "age"?' },
    });
    await expect(evaluateRules(workspace.sql, 'ods.bank', [{ kind: 'unique', columns: ['age', 'zzzzzzzz'] }])).rejects.toMatchObject({
      details: { field: 'rules[0].columns[1]', hint: expect.stringContaining('Columns: age, job') as unknown },
    });
    await expect(evaluateRules(workspace.sql, 'ods.bank', [{ kind: 'range', column: 'job', max: 3 }])).rejects.toThrow(
      'column "job" is VARCHAR, and a range needs a numeric column',
    );
  });

  it('saves, replaces and removes the rules of a table, checking their columns first', async () => {
    const { workspace } = await withTables();
    const ref = { layer: 'ods', name: 'bank' } as const;
    expect(await loadRules(workspace.sql, ref)).toEqual([]);
    await saveRules(workspace.sql, ref, [{ kind: 'unique', columns: ['age'] }]);
    await saveRules(workspace.sql, ref, [{ kind: 'allowed_values', column: 'y', values: ['yes', 'no'] }]);
    expect(await loadRules(workspace.sql, ref)).toEqual([{ kind: 'allowed_values', column: 'y', values: ['yes', 'no'] }]);
    await expect(saveRules(workspace.sql, ref, [{ kind: 'max_null_rate', column: 'yy', max: 0 }])).rejects.toThrow('"yy"');
    expect(await loadRules(workspace.sql, ref)).toHaveLength(1);
    await saveRules(workspace.sql, ref, []);
    expect(await loadRules(workspace.sql, ref)).toEqual([]);
  });
});
