import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import type { RunTable } from '../../shared/services/tracking';
import type { RunState, TrainingAlgorithm } from '../../shared/services/training';
import { deleteRunUsage, USAGE } from '../features/registry';
import { TRIALS } from '../training/search/store';
import { META_SCHEMA } from '../workspace/layout';
import type { IndexedRun } from './run-record';

/*
 * lode_meta.runs, the index of the runs/ folder (migration 4). JSON text columns: params, metrics,
 * error, tags. The folder is the record of what a run was; the index owns its annotations (tags,
 * notes, experiment) from the moment it is indexed.
 */

export const RUNS = `${META_SCHEMA}.runs`;

const RECORD_COLUMNS = [
  'id',
  'state',
  'created_at',
  'finished_at',
  'duration_ms',
  'algo',
  'label',
  'data_snapshot',
  'valid_snapshot',
  'template_version',
  'code_version',
  'params',
  'metrics',
  'error',
  'search_id',
  'trial',
  'rerun_of',
] as const;
const ANNOTATION_COLUMNS = ['experiment', 'tags', 'notes'] as const;

function recordValues(run: IndexedRun): DuckDBValue[] {
  return [
    run.id,
    run.state,
    run.createdAt,
    run.finishedAt,
    run.durationMs,
    run.algo,
    run.label,
    run.data,
    run.valid,
    run.templateVersion,
    run.codeVersion,
    JSON.stringify(run.params),
    run.metrics ? JSON.stringify(run.metrics) : null,
    run.error ? JSON.stringify(run.error) : null,
    run.searchId,
    run.trial,
    run.rerunOf,
  ];
}

/** Ids and states of every indexed run. */
export async function indexedStates(conn: DuckDBConnection): Promise<Map<string, RunState>> {
  const rows = (await conn.runAndReadAll(`SELECT id, state FROM ${RUNS}`)).getRows();
  return new Map(rows.map(([id, state]) => [String(id), state as RunState]));
}

/** The indexed state of one run, or undefined when the index lacks it. */
export async function indexedState(conn: DuckDBConnection, id: string): Promise<RunState | undefined> {
  const row = (await conn.runAndReadAll(`SELECT state FROM ${RUNS} WHERE id = $1`, [id])).getRows()[0];
  return row ? (row[0] as RunState) : undefined;
}

/** DuckDB types of the columns, for reading many rows from one JSON parameter. */
const COLUMN_TYPES: Record<(typeof RECORD_COLUMNS)[number] | (typeof ANNOTATION_COLUMNS)[number], string> = {
  id: 'VARCHAR',
  state: 'VARCHAR',
  created_at: 'VARCHAR',
  finished_at: 'VARCHAR',
  duration_ms: 'DOUBLE',
  algo: 'VARCHAR',
  label: 'VARCHAR',
  data_snapshot: 'VARCHAR',
  valid_snapshot: 'VARCHAR',
  template_version: 'VARCHAR',
  code_version: 'VARCHAR',
  params: 'VARCHAR',
  metrics: 'VARCHAR',
  error: 'VARCHAR',
  search_id: 'VARCHAR',
  trial: 'INTEGER',
  rerun_of: 'VARCHAR',
  experiment: 'VARCHAR',
  tags: 'VARCHAR',
  notes: 'VARCHAR',
};

/**
 * Adds runs not yet indexed, with their annotations, in one statement: the rows travel as one JSON
 * parameter that DuckDB unpacks itself, which is far quicker for 10,000 rows than bound VALUES.
 */
export async function insertRuns(conn: DuckDBConnection, runs: readonly IndexedRun[]): Promise<void> {
  if (runs.length === 0) return;
  const columns = [...RECORD_COLUMNS, ...ANNOTATION_COLUMNS];
  const rows = runs.map((run) => {
    const values = [...recordValues(run), run.experiment, JSON.stringify(run.tags), run.notes];
    return Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null]));
  });
  const shape = JSON.stringify([COLUMN_TYPES]);
  await conn.run(
    `INSERT INTO ${RUNS} (${columns.join(', ')})
     SELECT ${columns.join(', ')} FROM (SELECT unnest(json_transform($1, $2), recursive := true))`,
    [JSON.stringify(rows), shape],
  );
}

/** Rewrites what the folder records of runs already indexed (a run that finished); annotations stay. */
export async function refreshRuns(conn: DuckDBConnection, runs: readonly IndexedRun[]): Promise<void> {
  const sets = RECORD_COLUMNS.slice(1)
    .map((c, i) => `${c} = $${i + 2}`)
    .join(', ');
  for (const run of runs) await conn.run(`UPDATE ${RUNS} SET ${sets} WHERE id = $1`, recordValues(run));
}

/**
 * Forgets runs that are gone: their index rows and the feature registry's record of the features
 * they used. Call it inside a transaction so the two never disagree.
 */
export async function forgetRuns(conn: DuckDBConnection, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await conn.run(`DELETE FROM ${RUNS} WHERE id IN (SELECT unnest(json_transform($1, '["VARCHAR"]')))`, [JSON.stringify(ids)]);
  await deleteRunUsage(conn, ids);
}

/**
 * Runs the feature registry says used a feature but the index does not hold: runs not indexed yet,
 * or runs deleted before deletes forgot their feature usage (or between a run's end and its usage
 * being recorded). The caller decides which are gone by looking for their folders.
 */
export async function unindexedUsageRuns(conn: DuckDBConnection): Promise<string[]> {
  const reader = await conn.runAndReadAll(
    `SELECT DISTINCT run_id FROM ${USAGE} WHERE run_id IS NOT NULL AND run_id NOT IN (SELECT id FROM ${RUNS})`,
  );
  return reader.getRows().map(([id]) => String(id));
}

export interface Annotations {
  readonly experiment: string | null;
  readonly tags: string[];
  readonly notes: string;
}

export async function readAnnotations(conn: DuckDBConnection, id: string): Promise<(Annotations & { state: RunState }) | null> {
  const row = (await conn.runAndReadAll(`SELECT experiment, tags, notes, state FROM ${RUNS} WHERE id = $1`, [id])).getRows()[0];
  if (!row) return null;
  return {
    experiment: row[0] as string | null,
    tags: parseJson<string[]>(row[1] ?? null) ?? [],
    notes: String(row[2]),
    state: row[3] as RunState,
  };
}

export async function writeAnnotations(conn: DuckDBConnection, id: string, change: Partial<Annotations>): Promise<void> {
  const sets: string[] = [];
  const values: DuckDBValue[] = [id];
  const set = (column: string, value: DuckDBValue) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  if (change.experiment !== undefined) set('experiment', change.experiment);
  if (change.tags !== undefined) set('tags', JSON.stringify(change.tags));
  if (change.notes !== undefined) set('notes', change.notes);
  if (sets.length === 0) return;
  await conn.run(`UPDATE ${RUNS} SET ${sets.join(', ')} WHERE id = $1`, values);
}

export interface RunTableQuery {
  readonly experiment?: string | undefined;
  readonly searchId?: string | undefined;
}

/**
 * Indexed runs as columns, newest first. Metrics and parameters become one column per name; the
 * JSON text is parsed once per run, with no row objects in between.
 */
export async function readRunTable(conn: DuckDBConnection, query: RunTableQuery): Promise<RunTable> {
  const where: string[] = [];
  const values: DuckDBValue[] = [];
  if (query.experiment !== undefined) {
    values.push(query.experiment);
    where.push(`r.experiment = $${values.length}`);
  }
  if (query.searchId !== undefined) {
    values.push(query.searchId);
    where.push(`r.search_id = $${values.length}`);
  }
  // A trial number means one evaluation: a run whose trial a resumed search ran again (the trial's
  // record names another run) is listed without the number, as an earlier attempt (docs/search.md).
  const reader = await conn.runAndReadAll(
    `SELECT r.id, r.state, r.created_at, r.duration_ms, r.algo, r.label, r.data_snapshot, r.template_version, r.code_version,
            r.experiment, r.search_id, CASE WHEN t.run_id IS NOT NULL AND t.run_id <> r.id THEN NULL ELSE r.trial END AS trial,
            r.tags, r.metrics, r.params
       FROM ${RUNS} r LEFT JOIN ${TRIALS} t ON t.search_id = r.search_id AND t.trial = r.trial
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY r.created_at DESC, r.id DESC`,
    values,
  );
  const [
    id,
    state,
    createdAt,
    durationMs,
    algo,
    label,
    data,
    templateVersion,
    codeVersion,
    experiment,
    searchId,
    trial,
    tags,
    metrics,
    params,
  ] = reader.getColumns() as [
    string[],
    RunState[],
    string[],
    (number | null)[],
    TrainingAlgorithm[],
    string[],
    string[],
    (string | null)[],
    string[],
    (string | null)[],
    (string | null)[],
    (number | null)[],
    string[],
    (string | null)[],
    string[],
  ];
  const n = reader.currentRowCount;
  return {
    id: id ?? [],
    state: state ?? [],
    createdAt: createdAt ?? [],
    durationMs: durationMs ?? [],
    algo: algo ?? [],
    label: label ?? [],
    data: data ?? [],
    templateVersion: templateVersion ?? [],
    codeVersion: codeVersion ?? [],
    experiment: experiment ?? [],
    searchId: searchId ?? [],
    trial: trial ?? [],
    tags: (tags ?? []).map((t) => parseJson<string[]>(t) ?? []),
    metrics: spread<number>(metrics ?? [], n),
    params: spread<number | string>(params ?? [], n),
  };
}

/** JSON objects, one per run, as one array per key (null where a run lacks the key). */
function spread<T>(texts: readonly (string | null)[], n: number): Record<string, (T | null)[]> {
  const columns = new Map<string, (T | null)[]>();
  for (let row = 0; row < n; row++) {
    const object = parseJson<Record<string, T>>(texts[row] ?? null);
    if (!object) continue;
    for (const [key, value] of Object.entries(object)) {
      let column = columns.get(key);
      if (!column) {
        column = new Array<T | null>(n).fill(null);
        columns.set(key, column);
      }
      column[row] = value;
    }
  }
  // Keys keep the order runs wrote them in: training lists the headline metric first (auc, rmse).
  return Object.fromEntries(columns);
}

function parseJson<T>(value: DuckDBValue): T | null {
  if (typeof value !== 'string') return null;
  try {
    return JSON.parse(value) as T;
  } catch {
    throw new LodeError('corrupt_database', `the runs index holds text that is not JSON: ${value.slice(0, 60)}`, {
      hint: 'Delete the row from lode_meta.runs; the next listing indexes the run folder again, with the tags, notes and experiment saved in its annotations.json.',
    });
  }
}
