import { z } from 'zod';
import { method } from '../../contract/define';
import { columnInfo, tableRef } from './common';
import { tableInfo } from './tables';

export const importFormats = ['csv', 'tsv', 'parquet', 'json', 'jsonl'] as const;
export const importFormat = z.enum(importFormats);
export type ImportFormat = z.infer<typeof importFormat>;

/** A DuckDB type name as an analyst may write it: INTEGER, DOUBLE, VARCHAR, DECIMAL(10,2), TIMESTAMP ... */
export const duckdbTypeName = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z][A-Za-z0-9_ ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?(\[\])?$/,
    'a DuckDB type such as VARCHAR, BIGINT, DOUBLE, DATE, TIMESTAMP or DECIMAL(10,2)',
  );

/** Reader options an analyst can override; anything left out is detected by DuckDB's sniffer. */
export const readOptions = z
  .object({
    delimiter: z.string().min(1).max(4).optional(),
    quote: z.string().max(1).optional(),
    escape: z.string().max(1).optional(),
    header: z.boolean().optional(),
    nullStrings: z.array(z.string()).max(20).optional(),
    skipRows: z.number().int().min(0).optional(),
    types: z.record(z.string().min(1), duckdbTypeName).optional(),
    dateFormat: z.string().min(1).optional(),
    timestampFormat: z.string().min(1).optional(),
    decimalSeparator: z.enum(['.', ',']).optional(),
    encoding: z.enum(['utf-8', 'utf-16', 'latin-1']).optional(),
  })
  .strict();
export type ReadOptions = z.infer<typeof readOptions>;

export const importSource = z
  .object({
    path: z.string().trim().min(1, 'give the path of the file to import'),
    format: importFormat.optional(),
    options: readOptions.default({}),
  })
  .strict();
export type ImportSource = z.infer<typeof importSource>;

/** A row the reader could not take, where it is in the file and what it looked like. */
export const malformedRow = z.object({
  line: z.number().int().nullable(),
  column: z.string().nullable(),
  message: z.string(),
  sample: z.string(),
});
export type MalformedRow = z.infer<typeof malformedRow>;

export const importPreview = z.object({
  path: z.string(),
  format: importFormat,
  compression: z.enum(['none', 'gzip']),
  sizeBytes: z.number().int(),
  /** What DuckDB detected (CSV and TSV only), after the analyst's overrides. */
  detected: z
    .object({
      delimiter: z.string(),
      quote: z.string(),
      escape: z.string(),
      header: z.boolean(),
      skipRows: z.number().int(),
      nullStrings: z.array(z.string()),
      dateFormat: z.string().nullable(),
      timestampFormat: z.string().nullable(),
    })
    .nullable(),
  columns: z.array(columnInfo),
  /** The first rows as DuckDB reads them, each cell as text (null for SQL NULL). */
  rows: z.array(z.array(z.string().nullable())),
  /** Malformed rows found in the sample the preview read. */
  problems: z.array(malformedRow),
});
export type ImportPreview = z.infer<typeof importPreview>;

export const importResult = z.object({
  table: tableInfo,
  rejected: z.number().int(),
  /** Where skipped rows went (`ods.<table>_rejects`), when any were skipped. */
  rejectsTable: z.string().nullable(),
  rejectSample: z.array(malformedRow),
});
export type ImportResult = z.infer<typeof importResult>;

export const importMethods = {
  previewImport: method(
    'Read the first rows of a file as DuckDB will import it, with what was detected (delimiter, quoting, header, types, nulls).',
    importSource.extend({ rows: z.number().int().min(1).max(1000).default(20) }).strict(),
    importPreview,
  ),
  importFile: method(
    'Import a file into a layer as a job. Malformed rows abort the import, or go to a rejects table when onError is skip.',
    importSource
      .extend({
        table: tableRef,
        onError: z.enum(['abort', 'skip']).default('abort'),
        replace: z.boolean().default(false),
      })
      .strict(),
    z.object({ jobId: z.string() }),
  ),
} as const;
