import type { DuckDBConnection } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import { quoteIdent } from '../data/sql';

/** How a source column can be used, from its DuckDB type. */
export type ColumnUse = 'integer' | 'number' | 'boolean' | 'text' | 'temporal' | 'other';

export interface SourceColumn {
  readonly name: string;
  readonly type: string;
  readonly use: ColumnUse;
}

export function columnUse(type: string): ColumnUse {
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)$/.test(type)) return 'integer';
  if (type === 'DOUBLE' || type === 'FLOAT' || type.startsWith('DECIMAL')) return 'number';
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'VARCHAR' || type.startsWith('ENUM')) return 'text';
  if (type === 'DATE' || type.startsWith('TIMESTAMP')) return 'temporal';
  return 'other';
}

export async function describeSource(sql: DuckDBConnection, source: string): Promise<SourceColumn[]> {
  const reader = await sql.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
  return reader.getRows().map(([name, type]) => ({ name: String(name), type: String(type), use: columnUse(String(type)) }));
}

/** Per-column facts that decide whether a column is a usable feature. */
export interface ColumnStats {
  readonly nonNull: number;
  /** Distinct non-null values, for integer and text columns (identifier and vocabulary checks). */
  readonly distinct: number | null;
  /** Whether every non-null value is the same. */
  readonly constant: boolean;
}

/** One scan for the row count and every candidate column's stats. */
export async function columnStats(
  sql: DuckDBConnection,
  source: string,
  where: string,
  columns: readonly SourceColumn[],
): Promise<{ rows: number; stats: Map<string, ColumnStats> }> {
  const parts = ['count(*)'];
  for (const c of columns) {
    const q = quoteIdent(c.name);
    const value = c.use === 'text' ? `NULLIF(CAST(${q} AS VARCHAR), '')` : q;
    parts.push(`count(${value})`);
    parts.push(c.use === 'integer' || c.use === 'text' ? `count(DISTINCT ${value})` : 'NULL');
    // Constant means one value and no nulls: `1 or missing` is a flag a tree splits on (the missing bin).
    parts.push(`count(${value}) = count(*) AND min(${value}) IS NOT DISTINCT FROM max(${value})`);
  }
  const row = (await sql.runAndReadAll(`SELECT ${parts.join(', ')} FROM ${source} WHERE ${where}`)).getRows()[0]!;
  const stats = new Map<string, ColumnStats>();
  columns.forEach((c, i) => {
    const distinct = row[2 + i * 3];
    stats.set(c.name, {
      nonNull: Number(row[1 + i * 3]),
      distinct: distinct === null ? null : Number(distinct),
      constant: row[3 + i * 3] === true,
    });
  });
  return { rows: Number(row[0]), stats };
}

export interface Notice {
  readonly column: string;
  readonly message: string;
}

/**
 * The features to use. Named features must exist and be usable (an error otherwise); without a
 * list, every column but the label is a candidate and the unusable ones are left out with a
 * notice: identifiers (unique per row), all-null and constant columns, dates and times (a model
 * should see features derived from them, not raw timestamps), and types a model cannot read.
 */
export function selectFeatures(
  columns: readonly SourceColumn[],
  stats: Map<string, ColumnStats>,
  rows: number,
  options: { readonly label: string; readonly features?: readonly string[]; readonly exclude?: readonly string[] },
): { features: SourceColumn[]; notices: Notice[] } {
  const notices: Notice[] = [];
  const byName = new Map(columns.map((c) => [c.name, c]));
  const explicit = options.features !== undefined;
  const names = options.features ?? columns.map((c) => c.name).filter((n) => n !== options.label && !options.exclude?.includes(n));
  const features: SourceColumn[] = [];
  for (const name of names) {
    const column = byName.get(name);
    if (!column) {
      throw new LodeError('bad_input', `Feature '${name}' is not a column of the data.`, {
        field: 'features',
        hint: `Columns: ${columns.map((c) => c.name).join(', ')}.`,
      });
    }
    if (name === options.label) {
      throw new LodeError('bad_input', `'${name}' is the label, so it cannot also be a feature.`, { field: 'features' });
    }
    const s = stats.get(name)!;
    const reason = unusable(column, s, rows, explicit);
    if (reason === null) {
      features.push(column);
      continue;
    }
    if (explicit && reason.refuse) {
      throw new LodeError('bad_input', `Feature '${name}' ${reason.text}.`, { field: 'features', hint: reason.hint });
    }
    notices.push({ column: name, message: `'${name}' left out: it ${reason.text}.` });
  }
  if (features.length === 0) {
    throw new LodeError('bad_input', 'No usable feature columns remain.', {
      field: 'features',
      hint: notices.length > 0 ? notices.map((n) => n.message).join(' ') : 'Name the feature columns to train on.',
    });
  }
  return { features, notices };
}

function unusable(
  column: SourceColumn,
  s: ColumnStats,
  rows: number,
  explicit: boolean,
): { text: string; refuse: boolean; hint?: string } | null {
  if (column.use === 'other') return { text: `has type ${column.type}, which a model cannot read`, refuse: true };
  if (s.nonNull === 0) return { text: 'is null in every row', refuse: true, hint: 'Leave it out of the features.' };
  if (s.constant) return { text: 'has the same value in every row', refuse: true, hint: 'Leave it out of the features.' };
  // Only when chosen automatically: an analyst who names an identifier-like column means it.
  if (!explicit && rows >= 20 && (column.use === 'integer' || column.use === 'text') && s.distinct === rows) {
    return { text: 'looks like an identifier (a different value in every row)', refuse: false };
  }
  if (!explicit && column.use === 'temporal') {
    return { text: 'is a date or time; derive features from it (age, day of week, ...) instead', refuse: false };
  }
  return null;
}
