import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import { NAME_RULE, type TableRef } from '../../shared/services/data/common';
import type { ImportResult, ImportSource, MalformedRow } from '../../shared/services/data/imports';
import type { JobContext } from '../host/jobs';
import type { Workspace } from '../workspace/workspace';
import { readError } from './import-errors';
import { isDelimited, planReader, readerQuery } from './import-reader';
import { describeReject, hasEncodingErrors, rejectArgs, rejectedLines, rejectSample, rejectTables, saveRejectsSql } from './import-rejects';
import { resolveSource, type ResolvedSource } from './import-source';
import { quoteIdent, tableLabel, tableSql } from './sql';
import { describe, forgetSource, inTransaction, kindOf, recordSource, sourceOptions, TEMP_PREFIX, withConnection } from './table-catalog';

export interface ImportRequest extends ImportSource {
  readonly table: TableRef;
  readonly onError: 'abort' | 'skip';
  readonly replace: boolean;
}

/** In abort mode only a sample of malformed rows is kept: the import fails anyway. */
const ABORT_REJECT_LIMIT = 1000;
const SAMPLE_ROWS = 5;
const PROGRESS_POLL_MS = 200;

function rejectsRef(table: TableRef): TableRef {
  return { layer: table.layer, name: `${table.name}_rejects` };
}

function clash(table: TableRef, kind: 'table' | 'view'): LodeError {
  return new LodeError('already_exists', `${tableLabel(table)} already exists (a ${kind}).`, {
    field: 'table',
    hint: 'Import with --replace to overwrite it, or choose another name.',
  });
}

/** Checks that can fail before any work starts, so the analyst hears at once. */
export async function checkImport(conn: DuckDBConnection, request: ImportRequest): Promise<ResolvedSource> {
  const source = await resolveSource(request);
  if (request.onError === 'skip') {
    if (!isDelimited(source)) {
      throw new LodeError('bad_input', `skipping malformed rows works for CSV and TSV files; ${source.path} is read as ${source.format}.`, {
        field: 'onError',
        hint: 'Import it with --on-error abort; DuckDB reads JSON and Parquet whole or not at all.',
      });
    }
    if (!NAME_RULE.test(rejectsRef(request.table).name)) {
      throw new LodeError('bad_input', `${request.table.name} is too long to name its rejects table ${rejectsRef(request.table).name}.`, {
        field: 'table',
        hint: 'Choose a name of at most 55 characters.',
      });
    }
  }
  const existing = await kindOf(conn, request.table);
  if (existing && !request.replace) throw clash(request.table, existing);
  return source;
}

function malformed(source: ResolvedSource, count: number, capped: boolean, sample: readonly MalformedRow[], table: TableRef): LodeError {
  const first = sample[0];
  const more = sample.length > 1 ? ` Also ${sample.slice(1).map(describeReject).join('; ')}.` : '';
  const counted = capped ? `at least ${count}` : `${count}`;
  return new LodeError(
    'bad_input',
    `${source.path} has ${counted} malformed row${count === 1 ? '' : 's'}; nothing was imported. First: ${first ? describeReject(first) : 'unknown'}.${more}`,
    {
      file: source.path,
      ...(first?.line != null ? { line: first.line } : {}),
      ...(first?.column ? { field: first.column } : {}),
      hint: `Fix the file or the options (e.g. force a column to VARCHAR with --types), or import with --on-error skip to set them aside in ${tableLabel(rejectsRef(table))}.`,
    },
  );
}

/**
 * Drops the rejects table an earlier import of this table left, so it cannot be mistaken for this
 * import's; one the analyst made under that name is only replaced with their consent.
 */
async function clearRejects(conn: DuckDBConnection, request: ImportRequest, creating: boolean): Promise<void> {
  const ref = rejectsRef(request.table);
  const kind = await kindOf(conn, ref);
  if (!kind) return;
  const options = await sourceOptions(conn, ref);
  if (options?.rejectsOf !== tableLabel(request.table)) {
    if (!creating) return;
    if (!request.replace) throw clash(ref, kind);
  }
  await conn.run(`DROP ${kind === 'view' ? 'VIEW' : 'TABLE'} ${tableSql(ref)}`);
  await forgetSource(conn, ref);
}

/**
 * Imports a file as one transaction: DuckDB's reader fills a temp table, malformed rows are checked,
 * then the temp table is renamed into place and its source recorded. A failure, a cancel or a killed
 * process leaves the workspace with exactly the tables it had.
 */
export async function runImport(workspace: Workspace, request: ImportRequest, ctx: JobContext): Promise<ImportResult> {
  return withConnection(workspace, async (conn) => {
    const source = await checkImport(conn, request);
    await conn.run('SET enable_progress_bar = true');
    await conn.run('SET enable_progress_bar_print = false');
    const interrupt = () => conn.interrupt();
    ctx.signal.addEventListener('abort', interrupt, { once: true });
    const reading = `reading ${basename(source.path)}`;
    const timer = setInterval(() => {
      const { percentage } = conn.progress;
      if (percentage >= 0) ctx.progress((percentage / 100) * 0.95, reading);
    }, PROGRESS_POLL_MS);
    const rejects = rejectTables();
    try {
      ctx.progress(0, `detecting the layout of ${basename(source.path)}`);
      const plan = await planReader(conn, source, request.options);
      ctx.signal.throwIfAborted();
      const csv = isDelimited(source);
      const limit = request.onError === 'skip' ? 0 : ABORT_REJECT_LIMIT;
      const temp: TableRef = { layer: request.table.layer, name: `${TEMP_PREFIX}${randomBytes(6).toString('hex')}` };
      const outcome = await inTransaction(conn, async () => {
        try {
          await conn.run(`CREATE TABLE ${tableSql(temp)} AS ${readerQuery(plan, csv ? rejectArgs(rejects, limit) : [])}`);
        } catch (err) {
          throw readError(err, source);
        }
        ctx.signal.throwIfAborted();
        ctx.progress(0.96, 'checking malformed rows');
        const rejected = csv ? await rejectedLines(conn, rejects) : 0;
        const sample = rejected > 0 ? await rejectSample(conn, rejects, SAMPLE_ROWS) : [];
        if (rejected > 0 && (await hasEncodingErrors(conn, rejects))) throw readError(new Error('Invalid unicode'), source);
        if (rejected > 0 && request.onError === 'abort') {
          throw malformed(source, rejected, limit > 0 && rejected >= limit, sample, request.table);
        }
        const existing = await kindOf(conn, request.table);
        if (existing && !request.replace) throw clash(request.table, existing);
        if (existing) await conn.run(`DROP ${existing === 'view' ? 'VIEW' : 'TABLE'} ${tableSql(request.table)}`);
        await conn.run(`ALTER TABLE ${tableSql(temp)} RENAME TO ${quoteIdent(request.table.name)}`);
        const importedAt = new Date().toISOString();
        await recordSource(conn, request.table, {
          file: source.path,
          importedAt,
          options: {
            format: source.format,
            compression: source.compression,
            onError: request.onError,
            options: request.options,
            detected: plan.detected,
            rejected,
          },
        });
        await clearRejects(conn, request, rejected > 0);
        if (rejected === 0) return { rejected, sample, rejectsTable: null };
        const ref = rejectsRef(request.table);
        await conn.run(saveRejectsSql(rejects, tableSql(ref)));
        await recordSource(conn, ref, { file: source.path, importedAt, options: { rejectsOf: tableLabel(request.table) } });
        return { rejected, sample, rejectsTable: tableLabel(ref) };
      });
      // Write the new table out of the log now: reopening stays fast and its size shows at once.
      await conn.run('CHECKPOINT');
      const table = await describe(conn, request.table);
      return { table, rejected: outcome.rejected, rejectsTable: outcome.rejectsTable, rejectSample: outcome.sample };
    } catch (err) {
      throw ctx.signal.aborted ? err : readError(err, source);
    } finally {
      clearInterval(timer);
      ctx.signal.removeEventListener('abort', interrupt);
    }
  });
}
