import { describe, expect, it } from 'vitest';
import type { TableInfo } from '../../../../shared/services/data/tables';
import { templateCompletions } from './template-completions';

const table = (layer: TableInfo['layer'], name: string, columns: [string, string][]): TableInfo => ({
  layer,
  name,
  kind: 'table',
  rows: 1,
  columns: columns.map(([n, type]) => ({ name: n, type })),
  bytes: null,
  sourceFile: null,
  importedAt: null,
  definition: null,
});

const TABLES = [
  table('ods', 'events', [
    ['user_id', 'BIGINT'],
    ['ts', 'TIMESTAMP'],
    ['amount', 'DOUBLE'],
  ]),
  table('ods', 'spine', [
    ['user_id', 'BIGINT'],
    ['as_of', 'TIMESTAMP'],
  ]),
  table('dws', 'other', [['secret', 'VARCHAR']]),
];
const TEXT = 'spine: { table: ods.spine, time: as_of }\nsources:\n  events: { table: ods.events, time: ts }\n';

describe('template completions', () => {
  it('offers layer.name after table:, in block and flow style', () => {
    expect(templateCompletions('  events: { table: ods.ev', TEXT, TABLES).map((c) => c.label)).toEqual([
      'ods.events',
      'ods.spine',
      'dws.other',
    ]);
    expect(templateCompletions('  table: ', TEXT, TABLES)).toHaveLength(3);
  });

  it('offers the columns of the tables the template reads after a column key', () => {
    const labels = templateCompletions('  - { name: spend, function: sum, column: am', TEXT, TABLES).map((c) => c.label);
    expect(labels).toEqual(['user_id', 'ts', 'amount', 'as_of']);
    expect(templateCompletions('entity: { keys: [', TEXT, TABLES).map((c) => c.label)).toContain('user_id');
    expect(templateCompletions('  time: ', TEXT, TABLES)[0]).toMatchObject({ kind: 'column', detail: 'BIGINT · ods.events' });
  });

  it('offers nothing elsewhere', () => {
    expect(templateCompletions('  - { name: sp', TEXT, TABLES)).toEqual([]);
    expect(templateCompletions('description: the columns', TEXT, TABLES)).toEqual([]);
  });
});
