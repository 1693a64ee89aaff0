import { basename } from 'node:path';
import { LodeError } from '../../../shared/errors';
import type { TableInfo } from '../../../shared/services/data/tables';
import type { Command } from '../command';
import { parseLayer, parseTableArg } from '../table-arg';
import { textTable } from '../format';

export const count = (n: number): string => n.toLocaleString('en-US');

/** 1.2 MB, 340 kB: decimal units, as file browsers show them. */
export function bytesText(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function tableRow(t: TableInfo): (string | null)[] {
  return [
    `${t.layer}.${t.name}`,
    t.kind,
    t.rows === null ? '' : count(t.rows),
    String(t.columns.length),
    t.bytes === null ? '' : bytesText(t.bytes),
    t.sourceFile === null ? '' : basename(t.sourceFile),
    t.importedAt === null ? '' : t.importedAt.slice(0, 19).replace('T', ' '),
  ];
}

export function describeText(t: TableInfo): string {
  const lines = [
    `${t.layer}.${t.name} (${t.kind})`,
    ...(t.rows === null ? [] : [`rows:     ${count(t.rows)}`]),
    ...(t.bytes === null ? [] : [`size:     ${bytesText(t.bytes)}`]),
    ...(t.sourceFile === null ? [] : [`source:   ${t.sourceFile}`]),
    ...(t.importedAt === null ? [] : [`imported: ${t.importedAt}`]),
    ...(t.definition === null ? [] : [`query:    ${t.definition.replace(/\s+/g, ' ')}`]),
    '',
    textTable(
      ['COLUMN', 'TYPE'],
      t.columns.map((c) => [c.name, c.type]),
    ),
  ];
  return lines.join('\n');
}

const listCommand: Command = {
  name: 'tables list',
  summary: 'Tables and views of the layers (ods, dwd, dws, ads) with rows, columns, size, source and import time.',
  usage: '',
  flags: { layer: { type: 'string', description: 'Only this layer', value: 'LAYER' } },
  positionals: { min: 0, max: 0 },
  async run({ args, client, openWorkspace }) {
    const layer = args.flags.layer === undefined ? undefined : parseLayer(String(args.flags.layer));
    await openWorkspace();
    const { tables } = await client.data.listTables(layer ? { layer } : {});
    const text =
      tables.length === 0
        ? 'No tables yet. Import one with `lode import FILE --as NAME`.'
        : textTable(['TABLE', 'KIND', 'ROWS', 'COLUMNS', 'SIZE', 'SOURCE', 'IMPORTED'], tables.map(tableRow));
    return { json: tables, text };
  },
};

const showCommand: Command = {
  name: 'tables show',
  summary: 'One table or view: rows, size, source, columns and types.',
  usage: 'LAYER.NAME',
  flags: {},
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace }) {
    const ref = parseTableArg(args.positionals[0]!);
    await openWorkspace();
    const info = await client.data.describeTable(ref);
    return { json: info, text: describeText(info) };
  },
};

const rmCommand: Command = {
  name: 'tables rm',
  summary: 'Delete a table or view (refused while a view uses it).',
  usage: 'LAYER.NAME',
  flags: {},
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace }) {
    const ref = parseTableArg(args.positionals[0]!);
    await openWorkspace();
    const result = await client.data.dropTable(ref);
    const label = `${ref.layer}.${ref.name}`;
    return { json: result, text: result.dropped ? `Dropped ${label}.` : `There is no ${label}; nothing was dropped.` };
  },
};

const saveCommand: Command = {
  name: 'tables save',
  summary: 'Save a query as a view (default) or a table in a layer.',
  usage: 'LAYER.NAME',
  flags: {
    sql: { type: 'string', description: 'The query to save', value: 'QUERY' },
    table: { type: 'boolean', description: 'Store the rows as a table instead of a view' },
    replace: { type: 'boolean', description: 'Overwrite a table or view of that name' },
  },
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace }) {
    const ref = parseTableArg(args.positionals[0]!);
    const sql = args.flags.sql;
    if (typeof sql !== 'string') throw new LodeError('bad_input', 'give the query to save with --sql "QUERY".', { field: 'sql' });
    await openWorkspace();
    const info = await client.data.saveQuery({
      sql,
      ...ref,
      as: args.flags.table ? 'table' : 'view',
      replace: args.flags.replace === true,
    });
    return { json: info, text: `Saved ${info.layer}.${info.name} as a ${info.kind}.\n\n${describeText(info)}` };
  },
};

export const tableCommands: readonly Command[] = [listCommand, showCommand, rmCommand, saveCommand];
