import { chmod, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import type { RuleResult } from '../../shared/services/data/profile';
import type { SnapshotManifest } from '../../shared/services/data/snapshots';
import type { JobContext } from '../host/jobs';
import { describeRelation } from './profile-columns';
import { loadRules, evaluateRules } from './quality';
import { formatSnapshotId, MANIFEST_FILE, newTempDir, readManifest, snapshotDir, sweepTempDirs } from './snapshot-layout';
import { DT, resolveSource, subquery, type ResolvedSource, type SnapshotRequest } from './snapshot-source';
import { frozenFigures, parquetRelationSql, rowsPerFile } from './snapshot-stats';
import { sqlError } from './sql-errors';
import { quoteIdent, quoteLiteral } from './sql';

export interface WriteOptions {
  readonly workspacePath: string;
  /** The job's own connection, so cancelling interrupts this snapshot only. */
  readonly connection: DuckDBConnection;
  readonly job: JobContext;
  readonly now?: Date;
  /** How a training set was built from a feature template (main/features/build.ts). */
  readonly template?: SnapshotManifest['template'];
}

/** The OS account that took the snapshot; some containers have no passwd entry for it. */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/**
 * Freezes the rows to Parquet in a temp folder, measures what was written (so the hash and stats
 * describe the files, even if the source changes meanwhile), then renames the folder into place.
 *
 * Same id twice: the id carries the content hash, so a second snapshot with an existing id holds
 * the same rows; it is not written again and the existing manifest is returned (re-running a
 * pipeline step is harmless).
 */
export async function writeSnapshot(request: SnapshotRequest, options: WriteOptions): Promise<SnapshotManifest> {
  const { workspacePath, connection: sql, job } = options;
  const now = options.now ?? new Date();
  const createdAt = now.toISOString();
  // Days are UTC days, for the id, the dt folders and TIMESTAMP WITH TIME ZONE values alike, so
  // that a snapshot reads the same on every machine of a team.
  const creationDate = createdAt.slice(0, 10);
  await sweepTempDirs(workspacePath);
  await sql.run(`SET SESSION TimeZone = 'UTC'`);
  await sql.run('SET SESSION enable_progress_bar = true');
  await sql.run('SET SESSION enable_progress_bar_print = false');

  job.progress(0.01, 'checking the source');
  const source = await resolveSource(sql, request);
  job.signal.throwIfAborted();

  const temp = newTempDir(workspacePath);
  let published = false;
  try {
    await mkdir(source.partition === 'none' ? join(temp, `${DT}=${creationDate}`) : temp, { recursive: true });
    job.progress(0.02, 'writing Parquet');
    await interruptible(sql, job, 0.02, 0.75, 'writing Parquet', () => sql.run(copySql(source, temp, creationDate)), source.sql);
    let files = await listParquet(temp);
    if (files.length === 0) {
      // No rows, so no partitions: keep one empty file so the snapshot still records its columns.
      await mkdir(join(temp, `${DT}=${creationDate}`), { recursive: true });
      const empty = `SELECT * FROM ${subquery(source.sql)} AS source LIMIT 0`;
      await sql.run(`COPY (${empty}) TO ${quoteLiteral(join(temp, `${DT}=${creationDate}`, 'part-0.parquet'))} (FORMAT parquet)`);
      files = await listParquet(temp);
    }
    job.signal.throwIfAborted();

    job.progress(0.77, 'hashing and measuring the rows');
    const absolute = files.map((f) => join(temp, f));
    const relation = parquetRelationSql(absolute);
    const schema = await describeRelation(sql, relation);
    const perFile = await rowsPerFile(sql, absolute);
    const expectedRows = [...perFile.values()].reduce((a, b) => a + b, 0);
    const figures = await interruptible(sql, job, 0.77, 0.93, 'hashing and measuring the rows', () =>
      frozenFigures(sql, relation, schema, expectedRows),
    );

    job.progress(0.94, 'checking data-quality rules');
    const quality = await interruptible(sql, job, 0.94, 0.97, 'checking data-quality rules', () =>
      qualityAtSnapshot(sql, request, relation),
    );

    const id = formatSnapshotId(request.name, creationDate, figures.contentHash);
    const existing = await readManifest(workspacePath, id);
    if (existing) return existing;

    const fileEntries = await Promise.all(
      files.map(async (path, i) => ({
        path,
        rows: perFile.get(absolute[i]!) ?? 0,
        bytes: (await stat(absolute[i]!)).size,
      })),
    );
    const manifest: SnapshotManifest = {
      id,
      name: request.name,
      contentHash: figures.contentHash,
      createdAt,
      createdBy: osUser(),
      source: {
        sql: source.sql,
        table: source.table,
        dtColumn: source.dtColumn,
        from: request.from ?? null,
        to: request.to ?? null,
        partitionByDay: request.partitionByDay,
      },
      schema,
      rows: figures.rows,
      bytes: fileEntries.reduce((sum, f) => sum + f.bytes, 0),
      files: fileEntries,
      columns: figures.columns,
      quality,
      ...(options.template ? { template: options.template } : {}),
    };
    job.progress(0.98, 'publishing');
    await writeDurable(join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await freeze(temp, files);
    job.signal.throwIfAborted();

    const target = snapshotDir(workspacePath, id);
    await mkdir(dirname(target), { recursive: true });
    try {
      // The commit point: before it nothing is visible, after it the whole snapshot is.
      await rename(temp, target);
      published = true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const raced = (code === 'ENOTEMPTY' || code === 'EEXIST') && (await readManifest(workspacePath, id));
      if (raced) return raced;
      throw err;
    }
    return manifest;
  } finally {
    if (!published) await rm(temp, { recursive: true, force: true });
  }
}

function copySql(source: ResolvedSource, temp: string, creationDate: string): string {
  // part-N file names as in DESIGN.md; zstd keeps snapshots small and every Parquet reader knows it.
  const options = `FORMAT parquet, COMPRESSION zstd`;
  if (source.partition === 'existing') {
    return `COPY ${subquery(source.sql)} TO ${quoteLiteral(temp)} (${options}, PARTITION_BY (${DT}), WRITE_PARTITION_COLUMNS true, FILENAME_PATTERN 'part-{i}')`;
  }
  if (source.partition === 'derived') {
    const day = `CAST(${quoteIdent(source.dtColumn!)} AS DATE) AS ${DT}`;
    // The derived key only names the folders; the files hold exactly the source's columns.
    return `COPY (SELECT *, ${day} FROM ${subquery(source.sql)} AS source) TO ${quoteLiteral(temp)} (${options}, PARTITION_BY (${DT}), FILENAME_PATTERN 'part-{i}')`;
  }
  // Not partitioned by day: one folder named after the creation date, the warehouse convention
  // for a full snapshot ("the table as of dt"), which the id's date repeats.
  return `COPY ${subquery(source.sql)} TO ${quoteLiteral(join(temp, `${DT}=${creationDate}`, 'part-0.parquet'))} (${options})`;
}

async function qualityAtSnapshot(sql: DuckDBConnection, request: SnapshotRequest, relation: string): Promise<RuleResult[]> {
  if (!('table' in request.source)) return [];
  const rules = await loadRules(sql, request.source.table);
  // Checked on the frozen rows: the results describe exactly what the snapshot holds.
  return evaluateRules(sql, relation, rules);
}

/**
 * Runs one DuckDB step with the job's cancel wired to interrupt and DuckDB's own progress mapped
 * onto [from, to] of the job's bar.
 */
async function interruptible<T>(
  sql: DuckDBConnection,
  job: JobContext,
  from: number,
  to: number,
  message: string,
  step: () => Promise<T>,
  sqlText?: string,
): Promise<T> {
  job.signal.throwIfAborted();
  const onAbort = () => sql.interrupt();
  job.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setInterval(() => {
    const percentage = sql.progress.percentage;
    if (percentage >= 0) job.progress(from + ((to - from) * Math.min(100, percentage)) / 100, message);
  }, 200);
  try {
    return await step();
  } catch (err) {
    if (job.signal.aborted)
      throw job.signal.reason instanceof Error ? job.signal.reason : new LodeError('cancelled', 'the snapshot was cancelled.');
    throw sqlText !== undefined ? sqlError(err, sqlText) : err;
  } finally {
    clearInterval(timer);
    job.signal.removeEventListener('abort', onAbort);
  }
}

/** Parquet files under a folder, as sorted paths relative to it with forward slashes. */
async function listParquet(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

async function writeDurable(file: string, text: string): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes every file to disk before the rename (so a power cut cannot publish empty files) and
 * makes them read-only: a snapshot, once written, is never changed. Folders stay writable so the
 * workspace can still be deleted or moved with ordinary tools.
 */
async function freeze(dir: string, files: readonly string[]): Promise<void> {
  const all = [...files, MANIFEST_FILE];
  for (let i = 0; i < all.length; i += 16) {
    await Promise.all(
      all.slice(i, i + 16).map(async (file) => {
        const path = join(dir, file);
        const handle = await open(path, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await chmod(path, 0o444);
      }),
    );
  }
}
