import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import type { ImportPreview, ReadOptions } from '../../shared/services/data/imports';
import { readError } from './import-errors';
import type { ResolvedSource } from './import-source';
import { quoteIdent, quoteLiteral } from './sql';

export type Detected = NonNullable<ImportPreview['detected']>;

/**
 * How DuckDB reads one file: `SELECT <select> FROM <reader>(<path>, <args>)`. Everything that reads
 * the file (preview, import, rejects) goes through this, so the preview shows exactly what the import
 * will store. For delimited text the dialect DuckDB's sniffer found is written out in `options`, so
 * reading with rejects stored (which relaxes the sniffer) cannot change it.
 */
export interface ReaderPlan {
  readonly source: ResolvedSource;
  readonly fn: 'read_csv' | 'read_json' | 'read_parquet';
  readonly options: ReadOptions;
  /** Column names given to DuckDB instead of a header line (see paddedHeaderNames). */
  readonly names: readonly string[] | null;
  readonly select: string;
  readonly detected: Detected | null;
}

export function isDelimited(source: ResolvedSource): boolean {
  return source.format === 'csv' || source.format === 'tsv';
}

function planArgs(plan: ReaderPlan): string[] {
  if (plan.fn === 'read_parquet') return [];
  if (plan.fn === 'read_json') {
    const args = [`format=${plan.source.format === 'jsonl' ? "'newline_delimited'" : "'auto'"}`];
    if (plan.source.compression === 'gzip') args.push(`compression='gzip'`);
    return args;
  }
  const args = csvArgs(plan.source, plan.options);
  if (plan.names) args.push(`names=[${plan.names.map(quoteLiteral).join(', ')}]`);
  return args;
}

/** The reader call, with extra arguments (e.g. the rejects tables) appended. */
export function readerCall(plan: ReaderPlan, extra: readonly string[] = []): string {
  return `${plan.fn}(${[quoteLiteral(plan.source.path), ...planArgs(plan), ...extra].join(', ')})`;
}

export function readerQuery(plan: ReaderPlan, extra: readonly string[] = []): string {
  return `SELECT ${plan.select} FROM ${readerCall(plan, extra)}`;
}

const CSV_ONLY: readonly (keyof ReadOptions)[] = [
  'delimiter',
  'quote',
  'escape',
  'header',
  'nullStrings',
  'skipRows',
  'dateFormat',
  'timestampFormat',
  'decimalSeparator',
  'encoding',
];

function csvArgs(source: ResolvedSource, o: ReadOptions): string[] {
  const args: string[] = [];
  const delimiter = o.delimiter ?? (source.format === 'tsv' ? '\t' : undefined);
  if (delimiter !== undefined) args.push(`delim=${quoteLiteral(delimiter)}`);
  if (o.quote !== undefined) args.push(`quote=${quoteLiteral(o.quote)}`);
  if (o.escape !== undefined) args.push(`escape=${quoteLiteral(o.escape)}`);
  if (o.header !== undefined) args.push(`header=${o.header}`);
  // DuckDB refuses an empty list; an empty list means "the default" (empty fields are NULL).
  if (o.nullStrings && o.nullStrings.length > 0) args.push(`nullstr=[${o.nullStrings.map(quoteLiteral).join(', ')}]`);
  if (o.skipRows !== undefined) args.push(`skip=${o.skipRows}`);
  const types = Object.entries(o.types ?? {});
  if (types.length > 0) args.push(`types={${types.map(([c, t]) => `${quoteLiteral(c)}: ${quoteLiteral(t)}`).join(', ')}}`);
  if (o.dateFormat !== undefined) args.push(`dateformat=${quoteLiteral(o.dateFormat)}`);
  if (o.timestampFormat !== undefined) args.push(`timestampformat=${quoteLiteral(o.timestampFormat)}`);
  if (o.decimalSeparator !== undefined) args.push(`decimal_separator=${quoteLiteral(o.decimalSeparator)}`);
  if (o.encoding !== undefined) args.push(`encoding=${quoteLiteral(o.encoding)}`);
  if (source.compression === 'gzip') args.push(`compression='gzip'`);
  return args;
}

interface Sniffed {
  delimiter: string;
  quote: string;
  escape: string;
  skipRows: number;
  header: boolean;
  columnCount: number;
  dateFormat: string | null;
  timestampFormat: string | null;
}

const shown = (value: DuckDBValue | undefined): string =>
  value === '(empty)' || value === null || value === undefined ? '' : String(value);

async function sniffOnce(conn: DuckDBConnection, source: ResolvedSource, args: readonly string[]): Promise<Sniffed> {
  const reader = await conn.runAndReadAll(
    `SELECT Delimiter, Quote, Escape, SkipRows, HasHeader, len(Columns), DateFormat, TimestampFormat
       FROM sniff_csv(${[quoteLiteral(source.path), ...args].join(', ')})`,
  );
  const [delimiter, quote, escape, skipRows, header, columnCount, dateFormat, timestampFormat] = reader.getRows()[0]!;
  return {
    delimiter: shown(delimiter),
    quote: shown(quote),
    escape: shown(escape),
    skipRows: Number(skipRows),
    header: header === true,
    columnCount: Number(columnCount),
    dateFormat: dateFormat === null ? null : String(dateFormat),
    timestampFormat: timestampFormat === null ? null : String(timestampFormat),
  };
}

/**
 * DuckDB's sniffer in the tolerant mode that reading with stored rejects uses, so that a few
 * malformed rows do not make it settle for a wrong dialect (one column, or no quoting). For a padded
 * delimiter the header line must first be seen as a line that does not fit: strict mode, falling
 * back to tolerant when strict finds no dialect at all.
 */
async function sniff(conn: DuckDBConnection, source: ResolvedSource, args: readonly string[], strict = false): Promise<Sniffed> {
  const tolerant = () => sniffOnce(conn, source, [...args, 'ignore_errors=true']);
  if (!strict) return tolerant();
  try {
    return await sniffOnce(conn, source, args);
  } catch (err) {
    if (!/not possible to automatically detect the CSV parsing dialect/.test((err as Error).message)) throw err;
    return tolerant();
  }
}

/**
 * Some files pad their delimiter with a space (`39, State-gov, 77516`) but write the header without
 * it (`age,workclass,fnlwgt`), e.g. UCI's adult data. DuckDB reads the rows with the whole delimiter
 * but sees the header as a one-field line and skips it. Read that line on the bare delimiter instead
 * and hand its fields to DuckDB as the column names.
 */
async function paddedHeaderNames(
  conn: DuckDBConnection,
  source: ResolvedSource,
  o: ReadOptions,
  sniffed: Sniffed,
): Promise<{ names: string[]; line: number } | null> {
  const delimiter = o.delimiter;
  const bare = delimiter?.trim();
  if (!delimiter || !bare || bare === delimiter || o.header === false || sniffed.header) return null;
  const skip = o.skipRows ?? 0;
  const line = sniffed.skipRows > skip ? sniffed.skipRows - 1 : o.header === true ? skip : null;
  if (line === null) return null;
  const args = csvArgs(source, { ...o, delimiter: bare, header: false, skipRows: line, types: undefined, nullStrings: undefined });
  const reader = await conn.runAndReadAll(
    `SELECT * FROM read_csv(${[quoteLiteral(source.path), ...args, 'all_varchar=true', 'null_padding=true'].join(', ')}) LIMIT 1`,
  );
  const fields = (reader.getRows()[0] ?? []).map((v) => (v === null ? '' : String(v).trim()));
  while (fields.length > 0 && fields.at(-1) === '') fields.pop();
  if (fields.length !== sniffed.columnCount || fields.some((f) => f === '')) return null;
  return { names: fields, line };
}

async function planCsv(conn: DuckDBConnection, source: ResolvedSource, o: ReadOptions): Promise<ReaderPlan> {
  const padded = o.delimiter !== undefined && o.delimiter.trim() !== o.delimiter && o.delimiter.trim() !== '';
  // The dialect comes first: column types name columns the sniffer may not have found yet, and with
  // a padded delimiter an explicit header=true makes it give up on the header line.
  const dialectOnly: ReadOptions = { ...o, types: undefined, header: padded && o.header === true ? undefined : o.header };
  let sniffed = await sniff(conn, source, csvArgs(source, dialectOnly), padded);
  let options: ReadOptions = o;
  let names: string[] | null = null;
  let headerLine: number | null = null;
  const fix = padded ? await paddedHeaderNames(conn, source, o, sniffed) : null;
  if (fix) {
    ({ names, line: headerLine } = fix);
    options = { ...o, header: false, skipRows: fix.line + 1 };
    sniffed = await sniff(
      conn,
      source,
      [...csvArgs(source, { ...options, types: undefined }), `names=[${names.map(quoteLiteral).join(', ')}]`],
      true,
    );
  }
  const dialect: ReadOptions = {
    ...options,
    delimiter: sniffed.delimiter,
    quote: sniffed.quote,
    escape: sniffed.escape,
    header: sniffed.header,
    skipRows: sniffed.skipRows,
  };
  const detected: Detected = {
    delimiter: sniffed.delimiter,
    quote: sniffed.quote,
    escape: sniffed.escape,
    header: headerLine !== null || sniffed.header,
    skipRows: headerLine ?? sniffed.skipRows,
    nullStrings: o.nullStrings && o.nullStrings.length > 0 ? o.nullStrings : [''],
    dateFormat: sniffed.dateFormat,
    timestampFormat: sniffed.timestampFormat,
  };
  return { source, fn: 'read_csv', options: dialect, names, select: '*', detected };
}

/** JSON and Parquet carry their own types; forced types become casts DuckDB applies as it reads. */
async function planTyped(conn: DuckDBConnection, source: ResolvedSource, o: ReadOptions): Promise<ReaderPlan> {
  const misplaced = CSV_ONLY.filter((key) => o[key] !== undefined);
  if (misplaced.length > 0) {
    throw new LodeError(
      'bad_input',
      `${misplaced.join(', ')} only apply to CSV and TSV files, and ${source.path} is read as ${source.format}.`,
      {
        field: misplaced[0],
        hint: 'Leave these options out, or choose the CSV format if the file is delimited text.',
      },
    );
  }
  const fn = source.format === 'parquet' ? 'read_parquet' : 'read_json';
  const plan: ReaderPlan = { source, fn, options: {}, names: null, select: '*', detected: null };
  const types = Object.entries(o.types ?? {});
  if (types.length === 0) return plan;
  const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${readerCall(plan)}`);
  const columns = new Set(described.getRows().map((row) => String(row[0])));
  const unknown = types.filter(([c]) => !columns.has(c)).map(([c]) => c);
  if (unknown.length > 0) {
    throw new LodeError('bad_input', `column types were given for columns that ${source.path} does not have: ${unknown.join(', ')}.`, {
      field: 'types',
      hint: `Its columns are: ${[...columns].join(', ')}.`,
    });
  }
  // Type names passed the contract's pattern (letters, digits, spaces, parentheses): safe to write as is.
  const casts = types.map(([c, t]) => `CAST(${quoteIdent(c)} AS ${t}) AS ${quoteIdent(c)}`);
  return { ...plan, select: `* REPLACE (${casts.join(', ')})` };
}

/** Decides how DuckDB reads the file, running its sniffer for delimited text. */
export async function planReader(conn: DuckDBConnection, source: ResolvedSource, options: ReadOptions): Promise<ReaderPlan> {
  try {
    return isDelimited(source) ? await planCsv(conn, source, options) : await planTyped(conn, source, options);
  } catch (err) {
    throw readError(err, source);
  }
}
