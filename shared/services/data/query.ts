import { z } from 'zod';
import { method } from '../../contract/define';
import { arrowBytes, columnInfo, tableRef } from './common';

export const sortKey = z.object({ column: z.string().min(1), descending: z.boolean().default(false) }).strict();
export const filterOps = ['=', '!=', '<', '<=', '>', '>=', 'contains', 'starts_with', 'is_null', 'not_null'] as const;
export const columnFilter = z
  .object({
    column: z.string().min(1),
    op: z.enum(filterOps),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  })
  .strict();
export type ColumnFilter = z.infer<typeof columnFilter>;

export const rowSource = z.union([z.object({ table: tableRef }).strict(), z.object({ sql: z.string().trim().min(1) }).strict()]);
export type RowSource = z.infer<typeof rowSource>;

export const page = z.object({
  columns: z.array(columnInfo),
  /** The rows of the page as an Arrow IPC stream. */
  arrow: arrowBytes,
  offset: z.number().int(),
  rowCount: z.number().int(),
  totalRows: z.number().int(),
});
export type Page = z.infer<typeof page>;

export const sqlResult = z.object({
  columns: z.array(columnInfo),
  arrow: arrowBytes,
  rowCount: z.number().int(),
  /** True when the result had more rows than maxRows. */
  truncated: z.boolean(),
  elapsedMs: z.number(),
});
export type SqlResult = z.infer<typeof sqlResult>;

export const sqlHistoryEntry = z.object({
  sql: z.string(),
  ranAt: z.string(),
  elapsedMs: z.number().nullable(),
  ok: z.boolean(),
  error: z.string().nullable(),
  rowCount: z.number().int().nullable(),
});

export const queryMethods = {
  browse: method(
    'One page of a table or query, sorted and filtered in DuckDB, as Arrow.',
    z
      .object({
        source: rowSource,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(10_000).default(200),
        sort: z.array(sortKey).default([]),
        filters: z.array(columnFilter).default([]),
      })
      .strict(),
    page,
  ),
  runSql: method(
    'Run SQL from the console. Errors carry the line and column DuckDB reports. Cancel with cancelSql and the same queryId.',
    z
      .object({
        sql: z.string().trim().min(1, 'write a query to run'),
        queryId: z.string().min(1).max(100),
        maxRows: z.number().int().min(1).max(1_000_000).default(10_000),
      })
      .strict(),
    sqlResult,
  ),
  cancelSql: method(
    'Interrupt a running console query.',
    z.object({ queryId: z.string().min(1) }).strict(),
    z.object({ cancelled: z.boolean() }),
  ),
  sqlHistory: method(
    'Console queries of this workspace, newest first.',
    z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    z.object({ entries: z.array(sqlHistoryEntry) }),
  ),
} as const;
