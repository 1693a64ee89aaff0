import type { DuckDBConnection } from '@duckdb/node-api';
import { LodeError } from '../../../shared/errors';
import { quoteIdent, quoteLiteral } from '../../data/sql';
import type { Notice } from './plan';

/** A snapshot column as its manifest lists it. */
export interface SchemaColumn {
  readonly name: string;
  readonly type: string;
}

/** Types whose values order (min/max) and so can be tested for being constant; the loader leaves the others out. */
const SCALAR =
  /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*|VARCHAR|DATE|TIME|TIMESTAMP.*)$/;
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;
/** A text column whose filled values are at least this share numbers is a numeric column with bad values, not a category. */
const MOSTLY_NUMBERS = 0.9;

interface Facts {
  readonly filled: number;
  readonly constant: boolean;
  /** Text columns: filled values that are numbers, and those that are not, with up to two examples. */
  readonly numbers: number;
  readonly nonNumbers: number;
  readonly examples: string[];
}

function parquetSource(files: readonly string[]): string {
  return `read_parquet([${files.map(quoteLiteral).join(', ')}])`;
}

const notNumber = (q: string) => `NULLIF(trim(${q}), '') IS NOT NULL AND TRY_CAST(trim(${q}) AS DOUBLE) IS NULL`;

/** One scan of the Parquet files: per column, how many labelled rows fill it, whether it has one value and no nulls, and for text how many values are numbers. */
async function columnFacts(
  sql: DuckDBConnection,
  files: readonly string[],
  label: string | null,
  columns: readonly SchemaColumn[],
): Promise<Map<string, Facts>> {
  const checked = columns.filter((c) => SCALAR.test(c.type));
  if (checked.length === 0) return new Map();
  const select = checked.flatMap((c, i) => {
    const q = quoteIdent(c.name);
    const parts = [`count(${q}) AS n${i}`, `(count(${q}) = count(*) AND min(${q}) IS NOT DISTINCT FROM max(${q})) AS c${i}`];
    if (c.type === 'VARCHAR') {
      parts.push(
        `count(*) FILTER (WHERE TRY_CAST(trim(${q}) AS DOUBLE) IS NOT NULL) AS num${i}`,
        `count(*) FILTER (WHERE ${notNumber(q)}) AS bad${i}`,
        `min(${q}) FILTER (WHERE ${notNumber(q)}) AS lo${i}`,
        `max(${q}) FILTER (WHERE ${notNumber(q)}) AS hi${i}`,
      );
    }
    return parts;
  });
  const where = label === null ? '' : ` WHERE ${quoteIdent(label)} IS NOT NULL`;
  const reader = await sql.runAndReadAll(`SELECT ${select.join(', ')} FROM ${parquetSource(files)}${where}`);
  const row = reader.getRowObjectsJson()[0] ?? {};
  const facts = new Map<string, Facts>();
  checked.forEach((c, i) => {
    const examples = [row[`lo${i}`], row[`hi${i}`]].filter((v): v is string => typeof v === 'string');
    facts.set(c.name, {
      filled: Number(row[`n${i}`] ?? 0),
      constant: row[`c${i}`] === true,
      numbers: Number(row[`num${i}`] ?? 0),
      nonNumbers: Number(row[`bad${i}`] ?? 0),
      examples: [...new Set(examples)],
    });
  });
  return facts;
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(' and ');
}

/**
 * Checks the feature columns on the snapshot's data itself, among the rows that have a label,
 * before a worker starts: all-null and constant columns are left out with a notice, a text column
 * of numbers with a few values that are not numbers is refused (as a category it would be
 * thousands of meaningless values), and so is a run left with no feature at all.
 */
export async function checkTrainingColumns(
  sql: DuckDBConnection,
  files: readonly string[],
  label: string,
  features: readonly SchemaColumn[],
  snapshotId: string,
): Promise<{ exclude: string[]; notices: Notice[] }> {
  const facts = await columnFacts(sql, files, label, features);
  const exclude: string[] = [];
  const notices: Notice[] = [];
  for (const column of features) {
    const f = facts.get(column.name);
    if (!f) continue;
    const reason =
      f.filled === 0 ? 'is null in every row that has a label' : f.constant ? 'has the same value in every row that has a label' : null;
    if (reason !== null) {
      exclude.push(column.name);
      notices.push({ column: column.name, message: `'${column.name}' left out: it ${reason}.` });
      continue;
    }
    const filled = f.numbers + f.nonNumbers;
    if (column.type === 'VARCHAR' && f.nonNumbers > 0 && f.numbers / filled >= MOSTLY_NUMBERS) {
      throw new LodeError(
        'bad_input',
        `Column '${column.name}' of ${snapshotId} holds numbers, but ${f.nonNumbers.toLocaleString('en-US')} of its ${filled.toLocaleString('en-US')} filled values are not numbers, such as ${quoteList(f.examples)}.`,
        {
          field: 'data',
          hint: `Clean it in the snapshot's query so it is a number column (for example TRY_CAST(${quoteIdent(column.name)} AS DOUBLE), which makes those values null), or leave it out with exclude (--exclude ${column.name}).`,
        },
      );
    }
  }
  if (exclude.length === features.length) {
    throw new LodeError(
      'bad_input',
      `No feature is left to learn from in ${snapshotId}: every column but the label is excluded, null or constant.`,
      {
        field: 'exclude',
        hint:
          features.length > 0
            ? `Columns: ${features.map((c) => c.name).join(', ')}. Keep at least one that varies.`
            : 'Add feature columns to the snapshot.',
      },
    );
  }
  return { exclude, notices };
}

/**
 * A validation snapshot must have the training features, and a feature that is a number in
 * training must hold numbers there too (text that casts cleanly is read as numbers).
 */
export async function checkValidationColumns(
  sql: DuckDBConnection,
  files: readonly string[],
  label: string,
  features: readonly SchemaColumn[],
  valid: { readonly id: string; readonly schema: readonly SchemaColumn[] },
): Promise<void> {
  const types = new Map(valid.schema.map((c) => [c.name, c.type]));
  const missing = features.filter((c) => !types.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    throw new LodeError(
      'bad_input',
      `The validation snapshot ${valid.id} lacks the feature column(s) ${missing.map((m) => `'${m}'`).join(', ')}.`,
      {
        field: 'split.valid',
        hint: 'Build the validation snapshot with the same columns as the training snapshot, or leave those columns out with exclude.',
      },
    );
  }
  const textNow = features
    .filter((c) => NUMERIC.test(c.type) && types.get(c.name) === 'VARCHAR')
    .map((c) => ({ name: c.name, type: 'VARCHAR' }));
  const facts = await columnFacts(sql, files, label, textNow);
  for (const column of textNow) {
    const f = facts.get(column.name);
    if (!f || f.nonNumbers === 0) continue;
    throw new LodeError(
      'bad_input',
      `Feature '${column.name}' is a number in the training snapshot, but in the validation snapshot ${valid.id} ${f.nonNumbers.toLocaleString('en-US')} of its values are not numbers, such as ${quoteList(f.examples)}.`,
      {
        field: 'split.valid',
        hint: `Clean the column in the validation snapshot's query (for example TRY_CAST(${quoteIdent(column.name)} AS DOUBLE)), or leave it out with exclude (--exclude ${column.name}).`,
      },
    );
  }
}
