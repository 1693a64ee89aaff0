import type { DuckDBConnection } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import { tableLabel } from './sql';
import type { TableRef } from '../../shared/services/data/common';
import { editDistance } from '../../shared/suggest';

export interface RelationColumn {
  readonly name: string;
  readonly type: string;
}

/** Name and DuckDB type of every column of a FROM-able SQL fragment, in order. */
export async function describeRelation(sql: DuckDBConnection, relationSql: string): Promise<RelationColumn[]> {
  const reader = await sql.runAndReadAll(`DESCRIBE SELECT * FROM ${relationSql}`);
  return reader.getRows().map((row) => ({ name: String(row[0]), type: String(row[1]) }));
}

/** The closest column name when it is close enough to be a likely typo. */
export function closestName(wanted: string, names: readonly string[]): string | null {
  const lower = wanted.toLowerCase();
  const tolerance = Math.max(2, Math.floor(wanted.length / 3));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of names) {
    const distance = editDistance(lower, name.toLowerCase(), tolerance);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= tolerance ? best : null;
}

/**
 * The table's spelling of a column an analyst named. DuckDB identifiers are case-insensitive, so
 * `Age` finds `age`; a name that matches nothing is an error naming it, with a suggestion.
 */
export function resolveColumn(
  wanted: string,
  columns: readonly RelationColumn[],
  where: { readonly field: string; readonly context: string },
): RelationColumn {
  const exact = columns.find((c) => c.name === wanted) ?? columns.find((c) => c.name.toLowerCase() === wanted.toLowerCase());
  if (exact) return exact;
  const names = columns.map((c) => c.name);
  const suggestion = closestName(wanted, names);
  const listed = names.length > 12 ? `${names.slice(0, 12).join(', ')}, ...` : names.join(', ');
  throw new LodeError('bad_input', `${where.context} names column "${wanted}", which does not exist.`, {
    field: where.field,
    hint: suggestion ? `Did you mean "${suggestion}"?` : `Columns: ${listed}.`,
  });
}

// Whole type names only: `BIGINT[]` is a list and `DECIMAL(10,2)` still a number.
const NUMERIC_TYPES =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/;
const TEMPORAL_TYPES = /^(DATE|TIME|TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|TIME WITH TIME ZONE|TIMESTAMP WITH TIME ZONE)$/;

export function isNumericType(type: string): boolean {
  return NUMERIC_TYPES.test(type);
}

export function isTemporalType(type: string): boolean {
  return TEMPORAL_TYPES.test(type);
}

/** Integers with thousands separators, the way analysts read row counts. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A rate as a percentage to three significant digits, so small rates stay visible (0.0048%). */
export function formatRate(rate: number): string {
  return `${parseFloat((rate * 100).toPrecision(3))}%`;
}

/** Fails with not_found, naming the table, unless the layer holds a table or view of that name. */
export async function requireTable(sql: DuckDBConnection, ref: TableRef): Promise<void> {
  const reader = await sql.runAndReadAll('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [
    ref.layer,
    ref.name,
  ]);
  if (reader.getRows().length === 0) {
    throw new LodeError('not_found', `table ${tableLabel(ref)} does not exist.`, {
      field: 'table',
      hint: 'List the tables with `lode tables`.',
    });
  }
}
