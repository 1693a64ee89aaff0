import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import { quoteIdent, quoteLiteral } from '../data/sql';
import { type Notice, type SourceColumn, columnStats, describeSource, selectFeatures } from './dataset-columns';
import { type Target, type TaskKind, detectTarget } from './dataset-label';
import { type ReadColumn, readColumns } from './dataset-read';

export type { Notice } from './dataset-columns';
export type { Target, TaskKind } from './dataset-label';

/** A feature as the model sees it: numbers, or text encoded against a vocabulary. */
export type FeatureSpec =
  | { readonly name: string; readonly kind: 'numeric' }
  | {
      readonly name: string;
      readonly kind: 'categorical';
      /** Values by frequency in the training data, most frequent first; a value's code is its index. */
      readonly vocabulary: readonly string[];
    };

/** What a data set holds, fixed by the training data; validation data is loaded to match it. */
export interface DatasetSchema {
  readonly label: string;
  readonly target: Target;
  readonly features: readonly FeatureSpec[];
}

export type FeatureColumn =
  | { readonly kind: 'numeric'; readonly name: string; readonly values: Float64Array }
  | { readonly kind: 'categorical'; readonly name: string; readonly codes: Int32Array; readonly vocabulary: readonly string[] };

/** Training data in memory, column by column: NaN marks a missing number, -1 a missing or unseen category. */
export interface Dataset {
  readonly schema: DatasetSchema;
  readonly rows: number;
  /** 0/1 for binary targets (1 = positive class), the value for regression. */
  readonly label: Float64Array;
  readonly columns: readonly FeatureColumn[];
  /** The time column, in seconds since 1970, when one was asked for (time-based splits). */
  readonly time?: Float64Array;
  readonly notices: readonly Notice[];
}

export interface LoadOptions {
  readonly label: string;
  /** Feature columns; default all but the label, without identifiers, dates and unusable columns. */
  readonly features?: readonly string[];
  readonly exclude?: readonly string[];
  readonly task?: TaskKind;
  readonly positive?: string;
  /** Number columns to treat as categories (codes such as zip codes). */
  readonly categorical?: readonly string[];
  /** Text columns to read as numbers; a value that is not a number is an error. */
  readonly numeric?: readonly string[];
  /** Load to match a training data set (validation data): same features, vocabularies and classes. */
  readonly like?: DatasetSchema;
  readonly timeColumn?: string;
  /** Most frequent values kept per categorical feature; rarer ones count as missing. */
  readonly maxCategories?: number;
  readonly signal?: AbortSignal;
}

/** Loads Parquet files (paths or a glob) through an in-memory DuckDB of its own. */
export async function loadDataset(parquet: string | readonly string[], options: LoadOptions): Promise<Dataset> {
  const files = typeof parquet === 'string' ? [parquet] : parquet;
  const instance = await DuckDBInstance.create(':memory:');
  const sql = await instance.connect();
  try {
    const list = `[${files.map(quoteLiteral).join(', ')}]`;
    try {
      await sql.run(`CREATE VIEW source AS SELECT * FROM read_parquet(${list}, hive_partitioning = false)`);
    } catch (err) {
      throw new LodeError('not_found', `Cannot read the training data ${files.join(', ')}: ${(err as Error).message}`, {
        file: files[0],
        hint: 'Check that the snapshot exists (`lode snapshot list`).',
      });
    }
    return await loadFromSource(sql, 'source', options);
  } finally {
    sql.closeSync();
    instance.closeSync();
  }
}

/** Loads any relation (a view, table or table function) the connection can read. */
export async function loadFromSource(sql: DuckDBConnection, source: string, options: LoadOptions): Promise<Dataset> {
  const all = await describeSource(sql, source);
  const labelColumn = all.find((c) => c.name === options.label);
  if (!labelColumn) {
    throw new LodeError('bad_input', `Label '${options.label}' is not a column of the data.`, {
      field: 'label',
      hint: `Columns: ${all.map((c) => c.name).join(', ')}.`,
    });
  }
  const label = quoteIdent(options.label);
  const like = options.like;
  const overrides = (c: SourceColumn): SourceColumn => {
    const kind = like?.features.find((f) => f.name === c.name)?.kind;
    if (kind === 'categorical' || options.categorical?.includes(c.name)) return { ...c, use: 'text' };
    if (kind === 'numeric' || options.numeric?.includes(c.name)) return { ...c, use: c.use === 'text' ? 'number' : c.use };
    return c;
  };
  const candidates = all.filter((c) => c.name !== options.label).map(overrides);
  const present = `${label} IS NOT NULL`;
  const { rows, stats } = await columnStats(sql, source, present, candidates);
  const totalRows = Number((await sql.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRows()[0]![0]);
  if (totalRows === 0) throw new LodeError('bad_input', 'The training data has no rows.', { hint: 'Check the snapshot and its filters.' });

  const notices: Notice[] = [];
  if (rows < totalRows) {
    notices.push({ column: options.label, message: `${totalRows - rows} rows without a label were left out.` });
  }
  const labelValues = await distinctLabels(sql, source, label, like ? 100 : 3);
  const numericLabel = labelColumn.use === 'integer' || labelColumn.use === 'number' || labelColumn.use === 'boolean';
  const target = like?.target ?? detectTarget(options.label, labelValues, numericLabel, options);
  const labelSql = labelExpression(label, target, labelValues, options.label);

  const features = options.features ?? like?.features.map((f) => f.name);
  const picked = selectFeatures(candidates, stats, rows, { label: options.label, features, exclude: options.exclude });
  notices.push(...picked.notices);

  const specs: FeatureSpec[] = [];
  const reads: ReadColumn[] = [{ sql: labelSql, into: new Float64Array(rows) }];
  const columns: FeatureColumn[] = [];
  for (const [i, column] of picked.features.entries()) {
    const q = quoteIdent(column.name);
    if (column.use === 'text') {
      const vocabulary =
        like?.features.find((f): f is Extract<FeatureSpec, { kind: 'categorical' }> => f.name === column.name && f.kind === 'categorical')
          ?.vocabulary ?? (await vocabularyOf(sql, source, q, present, options.maxCategories ?? 1000));
      const codes = new Int32Array(rows);
      const type = `lode_vocabulary_${i}`;
      await sql.run(`CREATE OR REPLACE TYPE ${type} AS ENUM (${vocabulary.map(quoteLiteral).join(', ')})`);
      reads.push({ sql: `COALESCE(CAST(enum_code(TRY_CAST(CAST(${q} AS VARCHAR) AS ${type})) AS INTEGER), -1)`, into: codes });
      specs.push({ name: column.name, kind: 'categorical', vocabulary });
      columns.push({ kind: 'categorical', name: column.name, codes, vocabulary });
    } else {
      if (column.type === 'VARCHAR') await checkNumbers(sql, source, column.name, present);
      const values = new Float64Array(rows);
      const value = column.use === 'temporal' ? `epoch(${q})` : column.type === 'VARCHAR' ? `TRY_CAST(${q} AS DOUBLE)` : q;
      reads.push({ sql: `CAST(${value} AS DOUBLE)`, into: values });
      specs.push({ name: column.name, kind: 'numeric' });
      columns.push({ kind: 'numeric', name: column.name, values });
    }
  }
  let time: Float64Array | undefined;
  if (options.timeColumn !== undefined) {
    const column = all.find((c) => c.name === options.timeColumn);
    if (!column || (column.use !== 'temporal' && column.use !== 'integer' && column.use !== 'number')) {
      throw new LodeError('bad_input', `Time column '${options.timeColumn}' is not a date, time or number column of the data.`, {
        field: 'timeColumn',
      });
    }
    time = new Float64Array(rows);
    const q = quoteIdent(column.name);
    reads.push({ sql: `CAST(${column.use === 'temporal' ? `epoch(${q})` : q} AS DOUBLE)`, into: time });
  }
  await readColumns(sql, `${source} WHERE ${present}`, reads, rows, options.signal);
  const labels = reads[0]!.into as Float64Array;
  return { schema: { label: options.label, target, features: specs }, rows, label: labels, columns, time, notices };
}

async function distinctLabels(
  sql: DuckDBConnection,
  source: string,
  label: string,
  limit: number,
): Promise<{ value: string; count: number }[]> {
  const reader = await sql.runAndReadAll(
    `SELECT CAST(${label} AS VARCHAR) AS v, count(*) AS n FROM ${source} WHERE ${label} IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT ${limit}`,
  );
  return reader.getRows().map(([v, n]) => ({ value: String(v), count: Number(n) }));
}

function normLabel(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * SQL for the label as a number. Validation data may spell a class slightly differently from the
 * training data (`>50K.` for `>50K` in the UCI adult test file): values are matched ignoring case,
 * surrounding spaces and a trailing period; any other value is an error.
 */
function labelExpression(label: string, target: Target, values: readonly { value: string }[], name: string): string {
  if (target.kind === 'regression') return `CAST(${label} AS DOUBLE)`;
  const positives = values.filter((v) => normLabel(v.value) === normLabel(target.positive)).map((v) => v.value);
  const stranger = values.find(
    (v) => normLabel(v.value) !== normLabel(target.positive) && normLabel(v.value) !== normLabel(target.negative),
  );
  if (stranger) {
    throw new LodeError(
      'bad_input',
      `Label '${name}' has the value '${stranger.value}', which is neither '${target.positive}' nor '${target.negative}'.`,
      {
        field: 'label',
        hint: 'Training and validation data must share the same two classes.',
      },
    );
  }
  if (positives.length === 0) return '0.0::DOUBLE';
  return `CASE WHEN CAST(${label} AS VARCHAR) IN (${positives.map(quoteLiteral).join(', ')}) THEN 1.0::DOUBLE ELSE 0.0::DOUBLE END`;
}

async function vocabularyOf(sql: DuckDBConnection, source: string, q: string, where: string, max: number): Promise<string[]> {
  const value = `NULLIF(CAST(${q} AS VARCHAR), '')`;
  const reader = await sql.runAndReadAll(
    `SELECT ${value} AS v, count(*) AS n FROM ${source} WHERE ${where} AND ${value} IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT ${max}`,
  );
  return reader.getRows().map(([v]) => String(v));
}

async function checkNumbers(sql: DuckDBConnection, source: string, name: string, where: string): Promise<void> {
  const q = quoteIdent(name);
  const reader = await sql.runAndReadAll(
    `SELECT count(*), any_value(${q}) FROM ${source} WHERE ${where} AND NULLIF(${q}, '') IS NOT NULL AND TRY_CAST(${q} AS DOUBLE) IS NULL`,
  );
  const [count, example] = reader.getRows()[0]!;
  if (Number(count) > 0) {
    throw new LodeError(
      'bad_input',
      `Feature '${name}' should be numeric but has ${String(count)} values that are not numbers, such as '${String(example)}'.`,
      {
        field: 'numeric',
        hint: 'Clean the column first, or let it be a categorical feature.',
      },
    );
  }
}
