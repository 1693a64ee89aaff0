import { z } from 'zod';
import { method } from '../../contract/define';
import { columnInfo, dataLayer, objectName, tableRef } from './common';

export const tableInfo = z.object({
  layer: dataLayer,
  name: z.string(),
  kind: z.enum(['table', 'view']),
  rows: z.number().int().nullable(),
  columns: z.array(columnInfo),
  bytes: z.number().int().nullable(),
  sourceFile: z.string().nullable(),
  importedAt: z.string().nullable(),
  definition: z.string().nullable(),
});
export type TableInfo = z.infer<typeof tableInfo>;

export const tableMethods = {
  listTables: method(
    'Tables and views of every layer with rows, columns, size, source file and import time.',
    z.object({ layer: dataLayer.optional() }).strict(),
    z.object({ tables: z.array(tableInfo) }),
  ),
  describeTable: method('One table or view.', tableRef, tableInfo),
  dropTable: method(
    'Delete a table or view (refused while a snapshot definition or view depends on it).',
    tableRef,
    z.object({ dropped: z.boolean() }),
  ),
  saveQuery: method(
    'Save a query as a view or a table in a layer.',
    z
      .object({
        sql: z.string().trim().min(1, 'write a query to save'),
        layer: dataLayer,
        name: objectName,
        as: z.enum(['view', 'table']),
        replace: z.boolean().default(false),
      })
      .strict(),
    tableInfo,
  ),
} as const;
