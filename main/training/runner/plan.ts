import { DuckDBInstance } from '@duckdb/node-api';
import { LodeError } from '../../../shared/errors';
import type { SnapshotManifest } from '../../../shared/services/data/snapshots';
import type { TrainInput } from '../../../shared/services/training';
import { editDistance } from '../../../shared/suggest';
import { requireManifest, snapshotFilePaths } from '../../data/snapshot-layout';
import type { TaskKind } from '../dataset';
import { resolveParams } from './learners';
import { checkTrainingColumns, checkValidationColumns } from './plan-data';

export interface Notice {
  readonly column: string;
  readonly message: string;
}

/** Everything checked and resolved before a run starts, from the snapshot manifests alone. */
export interface RunPlan {
  readonly manifest: SnapshotManifest;
  readonly validManifest: SnapshotManifest | null;
  /** Binary or regression: from the label, or a GBDT objective given as a parameter. */
  readonly task: TaskKind;
  /** Every parameter of the algorithm after defaults, checked. */
  readonly params: Record<string, number | string>;
  readonly exclude: string[];
  readonly notices: Notice[];
}

const NUMERIC_TYPE = /INT|DOUBLE|FLOAT|DECIMAL|BOOLEAN/;

/**
 * Checks a training request against the snapshot's manifest (schema and per-column stats) and its
 * data (one DuckDB scan of its Parquet files) so that a missing or empty snapshot, an unknown
 * column, a one-class label, absurd parameters or a column of numbers with stray text fail at once
 * with a clear error, before a worker starts. Constant and all-null columns are left out with a
 * notice.
 */
export async function planRun(workspacePath: string, input: TrainInput): Promise<RunPlan> {
  const manifest = await requireManifest(workspacePath, input.data, 'data');
  if (manifest.rows === 0) {
    throw new LodeError('bad_input', `Snapshot ${manifest.id} has no rows, so there is nothing to train on.`, {
      field: 'data',
      hint: 'Check the source table and the date range of the snapshot.',
    });
  }
  const names = manifest.schema.map((c) => c.name);
  const requireColumn = (name: string, field: string, what: string): void => {
    if (names.includes(name)) return;
    const similar = closest(name, names);
    throw new LodeError('bad_input', `${what} '${name}' is not a column of snapshot ${manifest.id}.`, {
      field,
      hint: similar.length > 0 ? `Did you mean ${similar.map((s) => `'${s}'`).join(' or ')}?` : `Columns: ${names.join(', ')}.`,
    });
  };
  requireColumn(input.label, 'label', 'Label');
  for (const name of input.exclude) requireColumn(name, 'exclude', 'Excluded column');
  if (input.exclude.includes(input.label)) {
    throw new LodeError('bad_input', `'${input.label}' is the label; it is never a feature, so there is no need to exclude it.`, {
      field: 'exclude',
    });
  }

  const stats = new Map(manifest.columns.map((c) => [c.name, c]));
  const labelStats = stats.get(input.label);
  const labelType = manifest.schema.find((c) => c.name === input.label)!.type;
  if (labelStats) {
    if (labelStats.nulls >= manifest.rows) {
      throw new LodeError('bad_input', `Label '${input.label}' is null in every row of ${manifest.id}.`, {
        field: 'label',
        hint: 'Choose a label column that is filled in.',
      });
    }
    if (labelStats.distinct <= 1) {
      throw new LodeError(
        'bad_input',
        `Label '${input.label}' has one class only (${String(labelStats.min)}) in ${manifest.id}, so there is nothing to learn.`,
        { field: 'label', hint: 'Check the snapshot or its filters: a model needs rows of both classes.' },
      );
    }
    if (input.positive !== undefined && labelStats.distinct === 2 && labelStats.min !== null && labelStats.max !== null) {
      const values = [labelStats.min, labelStats.max];
      if (!values.some((v) => sameValue(v, input.positive!))) {
        throw new LodeError('bad_input', `The positive class '${input.positive}' is not a value of label '${input.label}'.`, {
          field: 'positive',
          hint: `Choose '${String(values[0])}' or '${String(values[1])}'.`,
        });
      }
    }
  }

  const params = resolveParams(input.algo, chooseTask(labelType, labelStats?.distinct), input.params, input.seed);
  const task: TaskKind =
    input.algo === 'gbdt' && params.objective !== 'binary' ? 'regression' : chooseTask(labelType, labelStats?.distinct);
  if (task === 'binary' && labelStats && labelStats.distinct > 2) {
    const numeric = NUMERIC_TYPE.test(labelType);
    throw new LodeError(
      'bad_input',
      `A binary model needs a two-valued label; '${input.label}' has ${labelStats.distinct} values${numeric ? '' : ' and is text, so it cannot be a regression target'}.`,
      {
        field: input.algo === 'gbdt' && input.params.objective !== undefined ? 'objective' : 'label',
        hint: numeric
          ? 'Use objective=regression, or derive a two-valued label.'
          : 'Derive a two-valued label first (multiclass is not supported).',
      },
    );
  }

  const split = input.split;
  if (split.kind === 'time') {
    requireColumn(split.column, 'split.column', 'Time column');
    if (split.column === input.label) throw new LodeError('bad_input', 'The time column cannot be the label.', { field: 'split.column' });
  }
  let validManifest: SnapshotManifest | null = null;
  if (split.kind === 'snapshot') {
    validManifest = await requireManifest(workspacePath, split.valid, 'split.valid');
    if (validManifest.rows === 0) {
      throw new LodeError('bad_input', `The validation snapshot ${validManifest.id} has no rows.`, { field: 'split.valid' });
    }
    if (!validManifest.schema.some((c) => c.name === input.label)) {
      throw new LodeError('bad_input', `The validation snapshot ${validManifest.id} has no label column '${input.label}'.`, {
        field: 'split.valid',
      });
    }
  }
  const timeColumn = split.kind === 'time' ? split.column : null;
  const features = manifest.schema.filter((c) => c.name !== input.label && c.name !== timeColumn && !input.exclude.includes(c.name));
  // An in-memory DuckDB of its own, as the worker has: a long scan of a large snapshot must not hold the workspace's connection.
  const instance = await DuckDBInstance.create(':memory:');
  const sql = await instance.connect();
  let checked: Awaited<ReturnType<typeof checkTrainingColumns>>;
  try {
    checked = await checkTrainingColumns(sql, snapshotFilePaths(workspacePath, manifest), input.label, features, manifest.id);
    if (validManifest) {
      // Identifiers and dates, which the worker leaves out, need not be in the validation snapshot.
      const used = features.filter((c) => !checked.exclude.includes(c.name) && !likelyLeftOut(c, stats.get(c.name), manifest.rows));
      await checkValidationColumns(sql, snapshotFilePaths(workspacePath, validManifest), input.label, used, validManifest);
    }
  } finally {
    sql.closeSync();
    instance.closeSync();
  }
  return { manifest, validManifest, task, params, exclude: [...input.exclude, ...checked.exclude], notices: checked.notices };
}

const INTEGER_OR_TEXT = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|VARCHAR)$/;

/** Columns the worker's loader leaves out by itself: identifiers (a value per row; counts may be estimates) and dates. */
function likelyLeftOut(
  column: { name: string; type: string },
  stats: { nulls: number; distinct: number } | undefined,
  rows: number,
): boolean {
  if (/^(DATE|TIME|TIMESTAMP)/.test(column.type)) return true;
  return INTEGER_OR_TEXT.test(column.type) && stats !== undefined && stats.distinct >= 0.97 * (rows - stats.nulls);
}

/** Two values or text: binary; a number with more values: regression. */
function chooseTask(labelType: string, distinct: number | undefined): TaskKind {
  return distinct === 2 || !NUMERIC_TYPE.test(labelType) ? 'binary' : 'regression';
}

function norm(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, '');
}

function sameValue(value: string | number, typed: string): boolean {
  if (typeof value === 'number')
    return Number(typed) === value || (value === 1 && norm(typed) === 'true') || (value === 0 && norm(typed) === 'false');
  return norm(value) === norm(typed);
}

/** Up to two names within a small edit distance of what was typed, closest first (case ignored). */
export function closest(typed: string, names: readonly string[]): string[] {
  const t = typed.toLowerCase();
  const tolerance = Math.max(2, Math.floor(typed.length / 3));
  return names
    .map((name) => ({ name, d: editDistance(t, name.toLowerCase(), tolerance) }))
    .filter((c) => c.d <= tolerance)
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, 2)
    .map((c) => c.name);
}
