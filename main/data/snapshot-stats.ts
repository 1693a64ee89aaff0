import { createHash } from 'node:crypto';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { ColumnInfo } from '../../shared/services/data/common';
import type { SnapshotColumnStats } from '../../shared/services/data/snapshots';
import { isNumericType } from './profile-columns';
import { quoteIdent, quoteLiteral } from './sql';

/** Above this many rows distinct counts are HyperLogLog estimates, as in the table profile. */
const EXACT_DISTINCT_MAX_ROWS = 1_000_000;

const NESTED_TYPE = /(\[\d*\]$)|^(STRUCT|MAP|UNION)\(/;

/** `read_parquet([...])` over exactly these files, with no columns invented from `dt=` folders. */
export function parquetRelationSql(files: readonly string[]): string {
  return `read_parquet([${files.map(quoteLiteral).join(', ')}], hive_partitioning = false)`;
}

/** Rows per file from the Parquet footers, without reading the data. */
export async function rowsPerFile(sql: DuckDBConnection, files: readonly string[]): Promise<Map<string, number>> {
  if (files.length === 0) return new Map();
  const reader = await sql.runAndReadAll(`SELECT file_name, num_rows FROM parquet_file_metadata([${files.map(quoteLiteral).join(', ')}])`);
  return new Map(reader.getRows().map((row) => [String(row[0]), Number(row[1])]));
}

export interface FrozenFigures {
  readonly rows: number;
  readonly contentHash: string;
  readonly columns: SnapshotColumnStats[];
}

/**
 * Row count, content hash and per-column stats of the frozen files, in one pass in DuckDB.
 *
 * The content hash must not depend on physical row order, file layout or time: it combines the
 * schema, the row count and two order-independent aggregates of a per-row hash (a sum, which
 * unlike XOR does not cancel duplicate rows, and an XOR of a second, differently seeded hash),
 * then SHA-256 over that. DuckDB's hash() is stable for a given DuckDB version; the same rows
 * always give the same hash on the same build.
 */
export async function frozenFigures(
  sql: DuckDBConnection,
  relationSql: string,
  schema: readonly ColumnInfo[],
  rows: number,
): Promise<FrozenFigures> {
  const allColumns = schema.map((c) => quoteIdent(c.name)).join(', ');
  const exact = rows <= EXACT_DISTINCT_MAX_ROWS;
  const select = [
    'count(*)::BIGINT',
    schema.length > 0 ? `sum(hash(${allColumns}))::VARCHAR` : `NULL`,
    schema.length > 0 ? `bit_xor(hash(${allColumns}, 'lode'))::VARCHAR` : `NULL`,
    ...schema.flatMap((column) => columnAggregates(column, exact)),
  ];
  const reader = await sql.runAndReadAll(`SELECT ${select.join(',\n  ')} FROM ${relationSql}`);
  const values = reader.getRows()[0]!;
  const counted = Number(values[0]);
  const canonical = JSON.stringify({
    format: 1,
    schema: schema.map((c) => [c.name, c.type]),
    rows: counted,
    sum: values[1] ?? null,
    xor: values[2] ?? null,
  });
  const columns = schema.map((column, i): SnapshotColumnStats => {
    const [nulls, distinct, min, max, mean, std] = values.slice(3 + i * 6, 9 + i * 6);
    return {
      name: column.name,
      type: column.type,
      nulls: Number(nulls),
      distinct: Number(distinct),
      min: scalar(min),
      max: scalar(max),
      mean: finiteOrNull(mean),
      std: finiteOrNull(std),
    };
  });
  return { rows: counted, contentHash: createHash('sha256').update(canonical).digest('hex'), columns };
}

/** Six aggregates per column: nulls, distinct, min, max, mean, std. */
function columnAggregates(column: ColumnInfo, exact: boolean): string[] {
  const c = quoteIdent(column.name);
  const distinct = exact ? `count(DISTINCT ${c})::BIGINT` : `approx_count_distinct(${c})::BIGINT`;
  const nulls = `(count(*) - count(${c}))::BIGINT`;
  // Nested values have no meaningful order for an analyst; their min and max are left out.
  if (NESTED_TYPE.test(column.type)) return [nulls, distinct, 'NULL', 'NULL', 'NULL', 'NULL'];
  if (isNumericType(column.type)) {
    return [nulls, distinct, `min(${c})::DOUBLE`, `max(${c})::DOUBLE`, `avg(${c}::DOUBLE)`, `stddev_samp(${c}::DOUBLE)`];
  }
  return [nulls, distinct, `min(${c})::VARCHAR`, `max(${c})::VARCHAR`, 'NULL', 'NULL'];
}

/** JSON has no NaN or infinities; a min or max that is one is kept as its name. */
function scalar(value: DuckDBValue | undefined): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  return String(value);
}

function finiteOrNull(value: DuckDBValue | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
