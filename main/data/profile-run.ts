import type { DuckDBConnection } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import type { TableRef } from '../../shared/services/data/common';
import type { TableProfile } from '../../shared/services/data/profile';
import type { JobContext } from '../host/jobs';
import { describeRelation, resolveColumn } from './profile-columns';
import {
  columnProfiles,
  detailSql,
  nonFiniteSql,
  profiledColumns,
  readSummary,
  sampleSql,
  summarySql,
  withNonFinite,
  withSample,
  type ResultRow,
} from './profile-sql';
import { duplicateCounts } from './quality';
import { tableLabel, tableSql } from './sql';

/** Up to this many rows, distinct counts and quantiles are exact; above it, sketches keep one scan. */
export const EXACT_ROW_LIMIT = 1_000_000;

export interface ProfileOptions {
  readonly key?: readonly string[] | undefined;
  readonly distinct: 'auto' | 'exact' | 'approximate';
}

/**
 * Runs one query while turning DuckDB's own query progress into job progress between `from` and
 * `to`, and interrupting the query when the job is cancelled.
 */
async function tracked<T>(
  sql: DuckDBConnection,
  ctx: JobContext,
  from: number,
  to: number,
  message: string,
  run: () => Promise<T>,
): Promise<T> {
  ctx.signal.throwIfAborted();
  ctx.progress(from, message);
  const onAbort = (): void => sql.interrupt();
  ctx.signal.addEventListener('abort', onAbort);
  const timer = setInterval(() => {
    const { percentage } = sql.progress;
    if (percentage > 0) ctx.progress(from + ((to - from) * Math.min(percentage, 100)) / 100, message);
  }, 200);
  try {
    return await run();
  } catch (err) {
    ctx.signal.throwIfAborted();
    throw err;
  } finally {
    clearInterval(timer);
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Profiles a table on its own connection inside one read transaction, so the figures of all scans
 * describe the same rows even if the table is replaced meanwhile.
 */
export async function runProfile(sql: DuckDBConnection, ref: TableRef, options: ProfileOptions, ctx: JobContext): Promise<TableProfile> {
  const relation = tableSql(ref);
  await sql.run('BEGIN TRANSACTION');
  try {
    let columns = profiledColumns(await describeRelation(sql, relation));
    const nonFiniteQuery = nonFiniteSql(relation, columns);
    if (nonFiniteQuery) {
      const reader = await sql.runAndReadAll(nonFiniteQuery);
      columns = withNonFinite(columns, { names: reader.columnNames(), row: reader.getRows()[0]! });
    }
    const key = options.key?.map((name, j) => resolveColumn(name, columns, { field: `key[${j}]`, context: 'the key' }).name) ?? null;
    const rowReader = await tracked(sql, ctx, 0, 0.05, 'counting rows', () =>
      sql.runAndReadAll(`SELECT count(*)::BIGINT FROM ${relation}`),
    );
    const rowCount = Number(rowReader.getRows()[0]![0]);
    const exact = options.distinct === 'exact' || (options.distinct === 'auto' && rowCount <= EXACT_ROW_LIMIT);

    const summaryReader = await tracked(sql, ctx, 0.05, 0.5, `summarising ${columns.length} columns`, () =>
      sql.runAndReadAll(summarySql(relation, columns, { exact })),
    );
    const summary = readSummary({ names: summaryReader.columnNames(), row: summaryReader.getRows()[0]! }, columns);
    const rows = summary.rows;

    const sampleQuery = sampleSql(relation, columns, { quantiles: !exact, rows });
    let sample: ResultRow | null = null;
    if (sampleQuery) {
      const reader = await tracked(sql, ctx, 0.5, 0.6, 'quantiles and frequent values', () => sql.runAndReadAll(sampleQuery));
      sample = { names: reader.columnNames(), row: reader.getRows()[0]! };
    }
    const summaries = withSample(summary.summaries, sample);

    const detailQuery = detailSql(relation, summaries);
    let detail: ResultRow | null = null;
    if (detailQuery) {
      const reader = await tracked(sql, ctx, 0.6, key ? 0.85 : 1, 'histograms and top values', () => sql.runAndReadAll(detailQuery));
      detail = { names: reader.columnNames(), row: reader.getRows()[0]! };
    }

    let keyFigures: TableProfile['key'] = null;
    if (key) {
      const dup = await tracked(sql, ctx, 0.85, 1, `duplicate keys on ${key.join(', ')}`, () => duplicateCounts(sql, relation, key));
      keyFigures = { columns: key, duplicateRows: dup.rows, duplicateRate: rows === 0 ? 0 : dup.rows / rows };
    }
    await sql.run('COMMIT');
    return {
      table: ref,
      rows,
      columns: columnProfiles(rows, summaries, detail),
      exactDistinct: exact,
      key: keyFigures,
      profiledAt: new Date().toISOString(),
    };
  } catch (err) {
    // The transaction only read; a failed rollback must not hide why the profile failed.
    await sql.run('ROLLBACK').catch(() => undefined);
    if (ctx.signal.aborted) throw new LodeError('cancelled', `profiling ${tableLabel(ref)} was cancelled.`);
    throw err;
  }
}
