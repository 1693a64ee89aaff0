import type { DuckDBConnection } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import type { RowSource } from '../../shared/services/data/query';
import { describeRelation, resolveColumn, type RelationColumn } from './profile-columns';
import { sqlError } from './sql-errors';
import { quoteIdent, quoteLiteral, tableLabel, tableSql } from './sql';

/** SQL as a subquery; the line break keeps a trailing `-- comment` from swallowing the parenthesis. */
export function subquery(sqlText: string): string {
  return `(${sqlText}\n)`;
}

/** What the analyst asked to freeze. */
export interface SnapshotRequest {
  readonly name: string;
  readonly source: RowSource;
  readonly dtColumn?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly partitionByDay: boolean;
}

/** The partition key's column name; DESIGN.md's layout is `dt=YYYY-MM-DD`. */
export const DT = 'dt';

/** The source resolved against the database: the SQL to freeze and how to partition it. */
export interface ResolvedSource {
  /** The full query whose rows are frozen, date range included, runnable as is in the console. */
  readonly sql: string;
  readonly table: string | null;
  readonly columns: readonly RelationColumn[];
  /** The dt column in the source's own spelling. */
  readonly dtColumn: string | null;
  /**
   * How the COPY partitions by day: `existing` when the source's own DATE column `dt` is the key
   * (kept in the files), `derived` when `dt` is computed from dtColumn (and not written to them).
   */
  readonly partition: 'none' | 'existing' | 'derived';
}

/** Resolves and checks the source so that mistakes are reported before anything is written. */
export async function resolveSource(sql: DuckDBConnection, request: SnapshotRequest): Promise<ResolvedSource> {
  let base: string;
  let table: string | null = null;
  if ('table' in request.source) {
    const ref = request.source.table;
    base = `SELECT * FROM ${tableSql(ref)}`;
    table = tableLabel(ref);
    const found = await sql.runAndReadAll(
      'SELECT 1 FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = $1 AND table_name = $2',
      [ref.layer, ref.name],
    );
    if (found.currentRowCount === 0) {
      throw new LodeError('not_found', `there is no table ${table} to snapshot.`, {
        field: 'source.table',
        hint: 'List the tables with `lode tables`.',
      });
    }
  } else {
    // Trailing semicolons are common in pasted queries; a subquery cannot hold them.
    base = request.source.sql.trim().replace(/;+\s*$/, '');
  }

  let columns: RelationColumn[];
  try {
    columns = await describeRelation(sql, `${subquery(base)} AS source`);
  } catch (err) {
    throw sqlError(err, base);
  }

  const { from, to } = request;
  if (from !== undefined && to !== undefined && from > to) {
    throw new LodeError('bad_input', `the date range ${from} to ${to} is empty: from is after to.`, {
      field: 'from',
      hint: 'Swap the dates; both ends are inclusive.',
    });
  }
  const dtColumn =
    request.dtColumn === undefined ? null : resolveColumn(request.dtColumn, columns, { field: 'dtColumn', context: 'the dt column' });

  const conditions: string[] = [];
  if (dtColumn) {
    // Inclusive calendar days of the column, whatever its temporal type; TIMESTAMP WITH TIME ZONE
    // values fall on UTC days (the job connection runs in UTC).
    const day = `CAST(${quoteIdent(dtColumn.name)} AS DATE)`;
    if (from !== undefined) conditions.push(`${day} >= DATE ${quoteLiteral(from)}`);
    if (to !== undefined) conditions.push(`${day} <= DATE ${quoteLiteral(to)}`);
  }
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const frozenSql = where === '' ? base : table !== null ? `${base}${where}` : `SELECT * FROM ${subquery(base)} AS source${where}`;

  let partition: ResolvedSource['partition'] = 'none';
  if (request.partitionByDay && dtColumn) {
    const clash = columns.find((c) => c.name.toLowerCase() === DT);
    if (!clash) partition = 'derived';
    else if (clash.name === dtColumn.name && clash.type === 'DATE') partition = 'existing';
    else {
      throw new LodeError(
        'bad_input',
        `the source already has a column "${clash.name}" (${clash.type}), and partitioning by day adds the key ${DT}.`,
        {
          field: 'dtColumn',
          hint: `Use "${clash.name}" as the dt column if it holds the day as a DATE, or rename it in a query (SELECT * RENAME (${quoteIdent(clash.name)} AS ${DT}_source) FROM ...).`,
        },
      );
    }
  }

  if (dtColumn) await checkDayCast(sql, base, dtColumn);
  return { sql: frozenSql, table, columns, dtColumn: dtColumn?.name ?? null, partition };
}

/** A dt column that cannot be read as a date is reported with a way out, not as a cast error mid-COPY. */
async function checkDayCast(sql: DuckDBConnection, base: string, column: RelationColumn): Promise<void> {
  if (/^(DATE|TIMESTAMP)/.test(column.type)) return;
  try {
    // A sample is enough to catch the usual mistake (unix seconds, free text) before the scan.
    await sql.run(`SELECT CAST(${quoteIdent(column.name)} AS DATE) FROM ${subquery(base)} AS source LIMIT 1000`);
  } catch {
    throw new LodeError('bad_input', `the dt column "${column.name}" is ${column.type} and cannot be read as a date.`, {
      field: 'dtColumn',
      hint: /INT/.test(column.type)
        ? `If it holds unix seconds, snapshot a query with to_timestamp(${quoteIdent(column.name)}) AS ...`
        : 'Use a DATE or TIMESTAMP column, or a query that converts it (strptime).',
    });
  }
}
