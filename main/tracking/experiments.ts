import type { DuckDBConnection } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import { didYouMean } from '../../shared/suggest';
import type { experimentInfo } from '../../shared/services/tracking';
import type { z } from 'zod';
import { META_SCHEMA } from '../workspace/layout';
import { RUNS } from './index-store';

type ExperimentInfo = z.infer<typeof experimentInfo>;

const EXPERIMENTS = `${META_SCHEMA}.experiments`;

/*
 * An experiment is a name runs are grouped under. Created explicitly (with a description) or simply
 * by training a run with `experiment: NAME`; both kinds are listed.
 */

/** Every experiment with its run count, newest first. */
export async function listExperiments(conn: DuckDBConnection): Promise<ExperimentInfo[]> {
  const rows = (
    await conn.runAndReadAll(
      `WITH named AS (
         SELECT name, description, created_at FROM ${EXPERIMENTS}
         UNION ALL
         SELECT experiment, '', min(created_at) FROM ${RUNS}
          WHERE experiment IS NOT NULL AND experiment NOT IN (SELECT name FROM ${EXPERIMENTS})
          GROUP BY experiment
       )
       SELECT n.name, n.description, n.created_at, count(r.id)::INTEGER
         FROM named n LEFT JOIN ${RUNS} r ON r.experiment = n.name
        GROUP BY n.name, n.description, n.created_at
        ORDER BY n.created_at DESC, n.name`,
    )
  ).getRows();
  return rows.map(([name, description, createdAt, runs]) => ({
    name: String(name),
    description: String(description),
    createdAt: String(createdAt),
    runs: Number(runs),
  }));
}

/** Fails with the closest name when no experiment is called `name` (a typo in `--experiment`). */
export async function requireExperiment(conn: DuckDBConnection, name: string): Promise<void> {
  const names = (await listExperiments(conn)).map((e) => e.name);
  if (names.includes(name)) return;
  throw new LodeError('not_found', `no experiment named '${name}'.`, {
    field: 'experiment',
    hint: didYouMean(name, names) ?? (names.length ? `Experiments: ${names.join(', ')}.` : 'No run belongs to an experiment yet.'),
  });
}

export async function createExperiment(
  conn: DuckDBConnection,
  name: string,
  description: string,
  now = new Date(),
): Promise<ExperimentInfo> {
  const existing = (await listExperiments(conn)).find((e) => e.name === name);
  if (existing) {
    throw new LodeError('already_exists', `an experiment named '${name}' already exists.`, {
      field: 'name',
      hint: 'Choose another name, or move runs into it with updateRun (`lode runs` in the CLI).',
    });
  }
  const createdAt = now.toISOString();
  await conn.run(`INSERT INTO ${EXPERIMENTS} (name, description, created_at) VALUES ($1, $2, $3)`, [name, description, createdAt]);
  return { name, description, createdAt, runs: 0 };
}

/** Refuses a search id that names no search, with the closest one. */
export async function requireSearch(conn: DuckDBConnection, id: string): Promise<void> {
  const ids = (await conn.runAndReadAll(`SELECT id FROM ${META_SCHEMA}.searches ORDER BY created_at DESC`))
    .getRows()
    .map((r) => String(r[0]));
  if (ids.includes(id)) return;
  throw new LodeError('not_found', `no search with id '${id}'.`, {
    field: 'searchId',
    hint: didYouMean(id, ids) ?? (ids.length ? 'List them with `lode search list`.' : 'No search has run in this workspace yet.'),
  });
}
