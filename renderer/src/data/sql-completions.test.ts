import { describe, expect, it } from 'vitest';
import { tableInfo } from '../store/fake-data';
import { sqlCompletions } from './sql-completions';

const tables = [
  tableInfo(
    { layer: 'ods', name: 'bank' },
    [
      { name: 'age', type: 'BIGINT' },
      { name: 'emp.var.rate', type: 'DOUBLE' },
    ],
    10,
  ),
  tableInfo({ layer: 'dwd', name: 'accounts' }, [{ name: 'id', type: 'BIGINT' }], 1),
];

describe('SQL autocomplete', () => {
  it('offers the tables of a layer after `layer.`', () => {
    expect(sqlCompletions('SELECT * FROM ods.', '', tables).map((c) => c.label)).toEqual(['bank']);
  });

  it('offers columns after `layer.table.` and `table.`, quoting names that need it', () => {
    const columns = sqlCompletions('SELECT ods.bank.', '', tables);
    expect(columns.map((c) => c.insertText)).toEqual(['age', '"emp.var.rate"']);
    expect(sqlCompletions('SELECT bank.a', '', tables).map((c) => c.label)).toEqual(['age', 'emp.var.rate']);
  });

  it('offers tables, the columns of tables in the query and keywords elsewhere', () => {
    const all = sqlCompletions('SELECT a', 'SELECT a FROM dwd.accounts', tables);
    expect(all.filter((c) => c.kind === 'table').map((c) => c.label)).toEqual(['ods.bank', 'dwd.accounts']);
    expect(all.filter((c) => c.kind === 'column').map((c) => c.label)).toEqual(['id']);
    expect(all.some((c) => c.label === 'QUALIFY')).toBe(true);
  });

  it('offers the CTE names and aliases the query defines', () => {
    const all = sqlCompletions('SELECT ', 'WITH young AS (SELECT age AS years FROM ods.bank) SELECT ', tables);
    expect(all.filter((c) => c.kind === 'name').map((c) => c.label)).toEqual(['young', 'years']);
  });
});
