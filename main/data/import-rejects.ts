import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { MalformedRow } from '../../shared/services/data/imports';
import { quoteIdent, quoteLiteral } from './sql';

/**
 * DuckDB's CSV reader sets malformed rows aside in two temporary tables (`store_rejects`), with the
 * line number, the column, the error and the raw line. They live on the reading connection only.
 */
export interface RejectTables {
  readonly errors: string;
  readonly scans: string;
}

export function rejectTables(): RejectTables {
  const id = randomBytes(6).toString('hex');
  return { errors: `lode_reject_errors_${id}`, scans: `lode_reject_scans_${id}` };
}

/** Reader arguments that store rejects; `limit` caps how many are kept (0: all). */
export function rejectArgs(tables: RejectTables, limit: number): string[] {
  return [
    'store_rejects=true',
    `rejects_table=${quoteLiteral(tables.errors)}`,
    `rejects_scan=${quoteLiteral(tables.scans)}`,
    `rejects_limit=${limit}`,
  ];
}

/** How many lines were rejected (a line with several bad values counts once). */
export async function rejectedLines(conn: DuckDBConnection, tables: RejectTables): Promise<number> {
  const reader = await conn.runAndReadAll(`SELECT count(DISTINCT (file_id, line))::BIGINT FROM temp.${quoteIdent(tables.errors)}`);
  return Number(reader.getRows()[0]![0]);
}

export async function hasEncodingErrors(conn: DuckDBConnection, tables: RejectTables): Promise<boolean> {
  const reader = await conn.runAndReadAll(
    `SELECT count(*)::BIGINT FROM temp.${quoteIdent(tables.errors)} WHERE error_type IN ('INVALID ENCODING', 'INVALID UNICODE')`,
  );
  return Number(reader.getRows()[0]![0]) > 0;
}

/**
 * The first rejected rows in file order. `cut` says the input was the head of a file cut at a line
 * end, where a quoted field running past the cut is not an error of the file.
 */
export async function rejectSample(conn: DuckDBConnection, tables: RejectTables, limit: number, cut = false): Promise<MalformedRow[]> {
  const reader = await conn.runAndReadAll(
    `SELECT line::BIGINT, column_name, error_message, csv_line
       FROM temp.${quoteIdent(tables.errors)}
      WHERE NOT ($1 AND error_type = 'UNTERMINATED QUOTE')
      ORDER BY line, column_idx LIMIT ${Math.trunc(limit)}`,
    [cut],
  );
  return reader.getRows().map(([line, column, message, sample]) => ({
    line: line === null ? null : Number(line),
    column: column === null ? null : String(column),
    message: String(message),
    sample: sample === null ? '' : String(sample),
  }));
}

/** Copies the rejected rows into a real table the analyst can query. */
export function saveRejectsSql(tables: RejectTables, target: string): string {
  return `CREATE TABLE ${target} AS
    SELECT line::BIGINT AS line, column_name, error_type, error_message, csv_line
      FROM temp.${quoteIdent(tables.errors)} ORDER BY line, column_idx`;
}

/** "line 12: Expected Number of Columns: 2 Found: 3 (3,4,5)" for messages. */
export function describeReject(row: MalformedRow): string {
  const where = row.line === null ? '' : `line ${row.line}: `;
  return `${where}${row.message} (${row.sample.length > 80 ? `${row.sample.slice(0, 79)}…` : row.sample})`;
}
