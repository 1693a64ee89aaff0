import { tableFromIPC } from 'apache-arrow';
import { randomUUID } from 'node:crypto';
import { LodeError } from '../../../shared/errors';
import type { Command } from '../command';
import { csvLine, textTable } from '../format';

function cell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return value.toString();
  return JSON.stringify(value);
}

export const sqlCommand: Command = {
  name: 'sql',
  summary: 'Run SQL against the workspace database (DuckDB) and print the result.',
  usage: '"QUERY"',
  flags: {
    csv: { type: 'boolean', description: 'Print the result as CSV' },
    'max-rows': { type: 'number', description: 'Rows to print at most (default 10000)', value: 'N' },
  },
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace }) {
    await openWorkspace();
    const maxRows = (args.flags['max-rows'] as number | undefined) ?? 10_000;
    if (!Number.isInteger(maxRows) || maxRows < 1)
      throw new LodeError('bad_input', '--max-rows must be a whole number of at least 1.', { field: 'max-rows' });
    const result = await client.data.runSql({ sql: args.positionals[0]!, queryId: randomUUID(), maxRows });
    const table = tableFromIPC(result.arrow);
    const names = result.columns.map((c) => c.name);
    const columns = names.map((_, i) => table.getChildAt(i)?.toArray() as ArrayLike<unknown> | undefined);
    const rows = Array.from({ length: result.rowCount }, (_, r) => names.map((_, c) => cell(columns[c]?.[r])));
    if (result.truncated) process.stderr.write(`lode sql: showing the first ${maxRows} rows; raise --max-rows to see more.\n`);
    const text = args.flags.csv ? [csvLine(names), ...rows.map(csvLine)].join('\n') : textTable(names, rows);
    const records = rows.map((row) => Object.fromEntries(names.map((n, i) => [n, row[i]])));
    return { json: { columns: result.columns, rows: records, truncated: result.truncated, elapsedMs: result.elapsedMs }, text };
  },
};
