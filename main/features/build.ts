import type { DuckDBConnection } from '@duckdb/node-api';
import { randomUUID } from 'node:crypto';
import { relative } from 'node:path';
import {
  compileBatch,
  featureLogicVersions,
  fitQueries,
  formatDiagnostic,
  type ResolvedTemplate,
  type Vocabulary,
} from '../../shared/features';
import { LodeError } from '../../shared/errors';
import type { BuildResult } from '../../shared/services/features';
import type { JobContext } from '../host/jobs';
import { requireManifest, snapshotFilePaths } from '../data/snapshot-layout';
import { parquetRelationSql } from '../data/snapshot-stats';
import { writeSnapshot } from '../data/snapshot-write';
import { quoteIdent } from '../data/sql';
import type { Workspace } from '../workspace/workspace';
import { checkText, scalarOf } from './compile';
import { readTemplateFile, templateFile } from './files';
import { checkLeakage } from './leakage';
import { recordUsage, registerTemplate } from './registry';

export interface BuildRequest {
  readonly path: string;
  readonly snapshotId: string;
  readonly name?: string | undefined;
  readonly acknowledgeLeakage: boolean;
}

/**
 * Points every table of the template that is the snapshot's source table at a placeholder name,
 * later replaced by `read_parquet` over the snapshot's files. The placeholder is a fresh UUID, so
 * replacing its quoted form in the SQL cannot touch anything else.
 */
function bindToSnapshot(resolved: ResolvedTemplate, table: string, placeholder: string): { bound: ResolvedTemplate; uses: number } {
  let uses = 0;
  const swap = (t: string | null) => {
    if (t !== table) return t;
    uses++;
    return placeholder;
  };
  const bound: ResolvedTemplate = {
    ...resolved,
    spine: { ...resolved.spine, table: swap(resolved.spine.table) },
    sources: resolved.sources.map((s) => ({ ...s, table: swap(s.table)! })),
  };
  return { bound, uses };
}

/** Runs one step with cancel wired to interrupt this connection only. */
async function interruptible<T>(conn: DuckDBConnection, job: JobContext, step: () => Promise<T>): Promise<T> {
  job.signal.throwIfAborted();
  const onAbort = () => conn.interrupt();
  job.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await step();
  } catch (err) {
    if (job.signal.aborted) throw new LodeError('cancelled', 'the build was cancelled.');
    throw err;
  } finally {
    job.signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Materializes a template's training set from a snapshot as a new snapshot.
 *
 * Binding: every table of the template (spine or source) that is the snapshot's source table is
 * read from the snapshot's Parquet files instead; other tables (dimensions) are read from the
 * workspace as they are now. Encodings are fitted on the snapshot-bound data and recorded in the
 * manifest with the logic version and the source snapshot id.
 */
export async function buildTrainingSet(
  workspace: Workspace,
  request: BuildRequest,
  conn: DuckDBConnection,
  job: JobContext,
): Promise<BuildResult> {
  job.progress(0.01, 'compiling the template');
  const file = templateFile(workspace, request.path);
  const text = await readTemplateFile(file);
  const source = await requireManifest(workspace.path, request.snapshotId, 'snapshotId');
  const table = source.source.table;
  if (table === null) {
    throw new LodeError('bad_input', `snapshot ${source.id} froze a query, not a table; a template cannot name it.`, {
      field: 'snapshotId',
      hint: 'Snapshot the table the template reads (its spine or an event source), then build from that snapshot.',
    });
  }
  const checked = await checkText(conn, text);
  if (!checked.resolved) {
    const errors = checked.diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    throw new LodeError('bad_input', `${request.path} has errors: ${errors.map((d) => formatDiagnostic(d, request.path)).join('; ')}`, {
      file,
      ...(first ? { line: first.range.start.line, column: first.range.start.column } : {}),
      hint: 'Fix them (`lode features compile`) and build again.',
    });
  }
  const resolved = checked.resolved;
  const placeholder = `lode_snapshot_${randomUUID().replaceAll('-', '')}`;
  const { bound, uses } = bindToSnapshot(resolved, table, placeholder);
  if (uses === 0) {
    const tables = [resolved.spine.table, ...resolved.sources.map((s) => s.table)].filter((t): t is string => t !== null);
    throw new LodeError('bad_input', `${request.path} does not read ${table}, the table snapshot ${source.id} froze.`, {
      field: 'snapshotId',
      hint: `Build from a snapshot of one of ${[...new Set(tables)].join(', ')}.`,
    });
  }
  const relation = parquetRelationSql(snapshotFilePaths(workspace.path, source));
  const onSnapshot = (sql: string) => sql.replaceAll(quoteIdent(placeholder), relation);

  job.progress(0.05, 'fitting encodings on the snapshot');
  const vocabularies: Record<string, Vocabulary> = {};
  for (let queries = fitQueries(bound, vocabularies); queries.length > 0; queries = fitQueries(bound, vocabularies)) {
    for (const query of queries) {
      const rows = (await interruptible(conn, job, () => conn.runAndReadAll(onSnapshot(query.sql)))).getRows();
      vocabularies[query.feature] = {
        values: rows.map(([value]) => scalarOf(value ?? null)),
        counts: rows.map(([, count]) => Number(count)),
        total: rows.length > 0 ? Number(rows[0]![2]) : 0,
      };
    }
  }
  const compiled = compileBatch(bound, { vocabularies });
  const sql = onSnapshot(compiled.sql);

  job.progress(0.1, 'computing the features');
  const temp = quoteIdent(`lode_build_${randomUUID().replaceAll('-', '')}`);
  await interruptible(conn, job, () => conn.run(`CREATE TEMP TABLE ${temp} AS ${sql}`));
  try {
    job.progress(0.6, 'checking for leakage');
    const described = (await conn.runAndReadAll(`DESCRIBE ${temp}`)).getRows() as [string, string][];
    const typeOf = new Map(described.map(([n, t]) => [n, t]));
    const columns = compiled.columns.map((c) => ({ ...c, type: typeOf.get(c.name) ?? 'UNKNOWN' }));
    const leakage = await interruptible(conn, job, () => checkLeakage(conn, temp, columns));
    if (leakage.findings.length > 0 && !request.acknowledgeLeakage) {
      throw new LodeError('bad_input', `possible leakage: ${leakage.findings.map((f) => f.reason).join('; ')}.`, {
        field: 'acknowledgeLeakage',
        hint: 'Remove or fix these features, or build again acknowledging the warning (--acknowledge-leakage).',
      });
    }

    const name = request.name ?? resolved.name;
    const manifest = await writeSnapshot(
      { name, source: { sql: `SELECT * FROM ${temp}` }, partitionByDay: false },
      {
        workspacePath: workspace.path,
        connection: conn,
        // writeSnapshot reports 0..1; it is the last 40% of the build.
        job: { signal: job.signal, progress: (fraction, message) => job.progress(0.6 + 0.4 * fraction, message) },
        template: {
          name: resolved.name,
          path: relative(workspace.path, file).split('\\').join('/'),
          logicVersion: compiled.logicVersion,
          featureVersions: featureLogicVersions(resolved),
          sourceSnapshotId: source.id,
          sql,
          vocabularies,
          leakage: [...leakage.findings],
          leakageAcknowledged: leakage.findings.length > 0,
        },
      },
    );
    const templatePath = relative(workspace.path, file).split('\\').join('/');
    await registerTemplate(conn, resolved, templatePath, { workspacePath: workspace.path, text, sql });
    await recordUsage(
      conn,
      resolved.name,
      compiled.columns.filter((c) => c.role === 'feature').map((c) => c.name),
      manifest.id,
    );
    return {
      snapshotId: manifest.id,
      sourceSnapshotId: source.id,
      logicVersion: compiled.logicVersion,
      rows: manifest.rows,
      leakage: [...leakage.findings],
    };
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${temp}`);
  }
}
