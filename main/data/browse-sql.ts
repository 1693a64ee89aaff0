import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import type { ColumnFilter, RowSource } from '../../shared/services/data/query';
import { closest } from '../../shared/suggest';
import { quoteIdent, tableLabel, tableSql } from './sql';
import { sqlError } from './sql-errors';

export interface PageQuery {
  /** The filtered and sorted rows, without paging: what a cache may materialize. */
  orderedSql: string;
  /** Whether the rows are sorted (so materializing them saves a sort per page). */
  sorted: boolean;
  countSql: string;
  /** Takes the filter parameters, then limit and offset as the last two. */
  pageSql: string;
  params: DuckDBValue[];
}

interface BrowseInput {
  source: RowSource;
  sort: { column: string; descending: boolean }[];
  filters: ColumnFilter[];
}

/** The columns of a source, which also proves that the table exists or the query binds. */
async function describe(sql: DuckDBConnection, from: string, source: RowSource): Promise<Map<string, string>> {
  try {
    const reader = await sql.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`);
    return new Map(reader.getRows().map(([name, type]) => [name as string, type as string]));
  } catch (err) {
    if ('table' in source) {
      throw new LodeError('not_found', `table ${tableLabel(source.table)} does not exist.`, {
        field: 'source.table',
        hint: 'See the tables with `lode tables`.',
      });
    }
    throw sqlError(err, source.sql);
  }
}

/**
 * Builds the page and count queries for the data grid: filters and sort run in DuckDB, values are
 * bound as parameters cast to the column's type, and column names are checked before use.
 */
export async function pageQuery(sql: DuckDBConnection, input: BrowseInput): Promise<PageQuery> {
  const from = 'table' in input.source ? tableSql(input.source.table) : `(${input.source.sql}) AS source`;
  const columns = await describe(sql, from, input.source);
  const known = (column: string, field: string): string => {
    const type = columns.get(column);
    if (type === undefined) {
      const suggestion = closest(column, [...columns.keys()]);
      throw new LodeError('bad_input', `there is no column ${column}.`, {
        field,
        ...(suggestion ? { hint: `Did you mean ${suggestion}?` } : {}),
      });
    }
    return type;
  };

  const params: DuckDBValue[] = [];
  const where = input.filters.map((filter, i) => {
    const type = known(filter.column, `filters.[${i}].column`);
    const column = quoteIdent(filter.column);
    if (filter.op === 'is_null') return `${column} IS NULL`;
    if (filter.op === 'not_null') return `${column} IS NOT NULL`;
    if (filter.value === undefined)
      throw new LodeError('bad_input', `the ${filter.op} filter on ${filter.column} needs a value.`, { field: `filters.[${i}].value` });
    params.push(String(filter.value));
    const p = `$${params.length}`;
    if (filter.op === 'contains') return `contains(lower(CAST(${column} AS VARCHAR)), lower(${p}))`;
    if (filter.op === 'starts_with') return `starts_with(CAST(${column} AS VARCHAR), ${p})`;
    return `${column} ${filter.op} TRY_CAST(${p} AS ${type})`;
  });
  const order = input.sort.map((key, i) => {
    known(key.column, `sort.[${i}].column`);
    return `${quoteIdent(key.column)} ${key.descending ? 'DESC' : 'ASC'} NULLS LAST`;
  });
  const whereSql = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  const orderSql = order.length > 0 ? ` ORDER BY ${order.join(', ')}` : '';
  const n = params.length;
  return {
    orderedSql: `SELECT * FROM ${from}${whereSql}${orderSql}`,
    sorted: order.length > 0,
    countSql: `SELECT count(*) FROM ${from}${whereSql}`,
    pageSql: `SELECT * FROM ${from}${whereSql}${orderSql} LIMIT $${n + 1} OFFSET $${n + 2}`,
    params,
  };
}
