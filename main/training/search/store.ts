import type { DuckDBConnection } from '@duckdb/node-api';
import { errorSchema, type LodeErrorData } from '../../../shared/errors';
import { searchInput, trialInfo, type SearchInput, type TrialInfo } from '../../../shared/services/tracking';
import { META_SCHEMA } from '../../workspace/layout';
import type { Direction } from './metric';

/** What lode_meta.searches holds for one search; `spec` keeps the resolved metric beside the input. */
export interface SearchRecord {
  readonly id: string;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly state: 'running' | 'succeeded' | 'failed' | 'cancelled';
  readonly input: SearchInput;
  readonly metric: string;
  readonly direction: Direction;
  readonly bestRun: string | null;
  readonly bestValue: number | null;
  readonly error: LodeErrorData | null;
}

const SEARCHES = `${META_SCHEMA}.searches`;
export const TRIALS = `${META_SCHEMA}.search_trials`;

/*
 * Every write is one statement, so one transaction: a kill between two writes leaves the search
 * readable, with each trial either in its old state or its new one.
 */
export async function insertSearch(sql: DuckDBConnection, record: SearchRecord): Promise<void> {
  await sql.run(
    `INSERT INTO ${SEARCHES} (id, created_at, finished_at, state, spec, best_run, best_value, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      record.id,
      record.createdAt,
      record.finishedAt,
      record.state,
      JSON.stringify({ input: record.input, metric: record.metric, direction: record.direction }),
      record.bestRun,
      record.bestValue,
      record.error ? JSON.stringify(record.error) : null,
    ],
  );
}

export async function updateSearch(
  sql: DuckDBConnection,
  id: string,
  change: Pick<SearchRecord, 'state' | 'finishedAt' | 'bestRun' | 'bestValue' | 'error'>,
): Promise<void> {
  await sql.run(`UPDATE ${SEARCHES} SET state = $2, finished_at = $3, best_run = $4, best_value = $5, error = $6 WHERE id = $1`, [
    id,
    change.state,
    change.finishedAt,
    change.bestRun,
    change.bestValue,
    change.error ? JSON.stringify(change.error) : null,
  ]);
}

export async function saveTrial(sql: DuckDBConnection, searchId: string, trial: TrialInfo): Promise<void> {
  await sql.run(
    `INSERT OR REPLACE INTO ${TRIALS} (search_id, trial, run_id, state, params, value, pruned_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [searchId, trial.trial, trial.runId, trial.state, JSON.stringify(trial.params), trial.value, trial.prunedAt],
  );
}

function recordOf(row: readonly unknown[]): SearchRecord {
  const [id, createdAt, finishedAt, state, spec, bestRun, bestValue, error] = row;
  const parsed = JSON.parse(String(spec)) as { input: unknown; metric: string; direction: Direction };
  return {
    id: String(id),
    createdAt: String(createdAt),
    finishedAt: finishedAt === null ? null : (finishedAt as string),
    state: String(state) as SearchRecord['state'],
    input: searchInput.parse(parsed.input),
    metric: parsed.metric,
    direction: parsed.direction,
    bestRun: bestRun === null ? null : (bestRun as string),
    bestValue: bestValue === null ? null : Number(bestValue),
    error: error === null ? null : errorSchema.parse(JSON.parse(error as string)),
  };
}

const COLUMNS = 'id, created_at, finished_at, state, spec, best_run, best_value, error';

export async function loadSearch(sql: DuckDBConnection, id: string): Promise<{ record: SearchRecord; trials: TrialInfo[] } | null> {
  const rows = (await sql.runAndReadAll(`SELECT ${COLUMNS} FROM ${SEARCHES} WHERE id = $1`, [id])).getRows();
  if (rows.length === 0) return null;
  return { record: recordOf(rows[0]!), trials: await loadTrials(sql, id) };
}

export async function loadTrials(sql: DuckDBConnection, searchId: string): Promise<TrialInfo[]> {
  const reader = await sql.runAndReadAll(
    `SELECT trial, run_id, state, params, value, pruned_at FROM ${TRIALS} WHERE search_id = $1 ORDER BY trial`,
    [searchId],
  );
  return reader.getRows().map(([trial, runId, state, params, value, prunedAt]) =>
    trialInfo.parse({
      trial: Number(trial),
      runId: runId === null ? null : String(runId),
      state: String(state),
      params: JSON.parse(String(params)) as unknown,
      value: value === null ? null : Number(value),
      prunedAt: prunedAt === null ? null : Number(prunedAt),
    }),
  );
}

export async function listSearchIds(sql: DuckDBConnection, limit: number): Promise<string[]> {
  const reader = await sql.runAndReadAll(`SELECT id FROM ${SEARCHES} ORDER BY created_at DESC, id DESC LIMIT ${Math.floor(limit)}`);
  return reader.getRows().map(([id]) => String(id));
}
