/** Test helpers for import and table tests: a temp workspace, import-and-wait, generated files. */
import { DuckDBInstance } from '@duckdb/node-api';
import { join, resolve } from 'node:path';
import type { LodeClient } from '../../shared/contract';
import type { JobInfo } from '../../shared/services/jobs';
import type { ImportResult } from '../../shared/services/data/imports';
import { Host } from '../host/host';
import { inProcessClient } from '../host/in-process';
import { tempDir } from '../testing/temp';
import type { Workspace } from '../workspace/workspace';
import { quoteLiteral } from './sql';

export const DATASETS = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'datasets');

export interface Bench {
  readonly root: string;
  readonly dir: string;
  readonly host: Host;
  readonly client: LodeClient;
  readonly workspace: Workspace;
}

export async function openBench(): Promise<Bench> {
  const root = await tempDir();
  const host = new Host({ userDir: join(root, 'user') });
  const dir = join(root, 'ws');
  const workspace = await host.open(dir, true);
  return { root, dir, host, client: inProcessClient(host), workspace };
}

type ImportInput = Parameters<LodeClient['data']['importFile']>[0];

/** Starts an import and waits for its job to end. */
export async function importAndWait(bench: Bench, input: ImportInput): Promise<JobInfo> {
  const { jobId } = await bench.client.data.importFile(input);
  return bench.host.requireWorkspace().jobs.wait(jobId);
}

/** Imports and expects success; returns the job's result. */
export async function importOk(bench: Bench, input: ImportInput): Promise<ImportResult> {
  const job = await importAndWait(bench, input);
  if (job.state !== 'succeeded') throw new Error(`import ${job.state}: ${JSON.stringify(job.error)}`);
  return job.result as ImportResult;
}

/** Every table of the workspace's layers as `layer.name`, temp tables included. */
export async function allTables(workspace: Workspace): Promise<string[]> {
  const reader = await workspace.sql.runAndReadAll(
    `SELECT schema_name || '.' || table_name FROM duckdb_tables()
      WHERE database_name = current_database() AND NOT temporary AND schema_name IN ('ods', 'dwd', 'dws', 'ads') ORDER BY 1`,
  );
  return reader.getRowsJson().map((r) => r[0] as string);
}

/** The first value of a query, in its JSON form (BIGINT as a string). */
export async function scalar(workspace: Workspace, sql: string): Promise<unknown> {
  const reader = await workspace.sql.runAndReadAll(sql);
  return reader.getRowsJson()[0]![0];
}

/** Writes a large CSV with DuckDB's own writer (in a separate in-memory database). */
export async function writeBigCsv(path: string, rows: number): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run(
      `COPY (SELECT i AS id, 'name_' || i AS name, i * 0.5 AS score, DATE '2020-01-01' + (i % 1000)::INTEGER AS day FROM range(${rows}) t(i))
        TO ${quoteLiteral(path)} (HEADER)`,
    );
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
