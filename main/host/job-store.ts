import type { DuckDBConnection } from '@duckdb/node-api';
import { errorSchema } from '../../shared/errors';
import type { JobInfo, JobState } from '../../shared/services/jobs';
import { META_SCHEMA } from '../workspace/layout';

const COLUMNS = 'id, kind, title, state, progress, message, created_at, finished_at, error, result';

function toRow(info: JobInfo): (string | number | null)[] {
  return [
    info.id,
    info.kind,
    info.title,
    info.state,
    info.progress,
    info.message,
    info.createdAt,
    info.finishedAt,
    info.error ? JSON.stringify(info.error) : null,
    info.result === null || info.result === undefined ? null : JSON.stringify(info.result),
  ];
}

function fromRow(row: readonly unknown[]): JobInfo {
  const [id, kind, title, state, progress, message, createdAt, finishedAt, error, result] = row;
  return {
    id: String(id),
    kind: String(kind),
    title: String(title),
    state: String(state) as JobState,
    progress: Number(progress),
    message: String(message),
    createdAt: String(createdAt),
    finishedAt: finishedAt === null ? null : (finishedAt as string),
    error: error === null ? null : errorSchema.parse(JSON.parse(error as string)),
    result: result === null ? null : (JSON.parse(result as string) as unknown),
  };
}

/** The jobs table of a workspace. */
export class JobStore {
  constructor(private readonly sql: DuckDBConnection) {}

  async insert(info: JobInfo): Promise<void> {
    await this.sql.run(`INSERT INTO ${META_SCHEMA}.jobs (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, toRow(info));
  }

  async finish(info: JobInfo): Promise<void> {
    const row = toRow(info);
    await this.sql.run(
      `UPDATE ${META_SCHEMA}.jobs SET state = $2, progress = $3, message = $4, finished_at = $5, error = $6, result = $7 WHERE id = $1`,
      [row[0]!, row[3]!, row[4]!, row[5]!, row[7]!, row[8]!, row[9]!],
    );
  }

  /** Jobs left running by a process that ended without finishing them. */
  async failInterrupted(): Promise<void> {
    const error = JSON.stringify({
      code: 'internal',
      message: 'interrupted: Lode stopped while this job was running.',
      hint: 'Start it again.',
    });
    await this.sql.run(
      `UPDATE ${META_SCHEMA}.jobs SET state = 'failed', message = 'interrupted', finished_at = $1, error = $2 WHERE state = 'running'`,
      [new Date().toISOString(), error],
    );
  }

  async list(limit: number): Promise<JobInfo[]> {
    const reader = await this.sql.runAndReadAll(`SELECT ${COLUMNS} FROM ${META_SCHEMA}.jobs ORDER BY created_at DESC LIMIT $1`, [limit]);
    return reader.getRows().map(fromRow);
  }

  async get(id: string): Promise<JobInfo | null> {
    const reader = await this.sql.runAndReadAll(`SELECT ${COLUMNS} FROM ${META_SCHEMA}.jobs WHERE id = $1`, [id]);
    const row = reader.getRows()[0];
    return row ? fromRow(row) : null;
  }
}
