import type { DuckDBConnection } from '@duckdb/node-api';
import { randomUUID } from 'node:crypto';
import { compileBatch, type OutputColumn } from '../../shared/features';
import { readerToArrow, type ArrowPage } from '../data/arrow';
import { quoteIdent } from '../data/sql';
import type { Workspace } from '../workspace/workspace';
import { compileText, type CompileOutcome } from './compile';
import { readTemplateFile, templateFile } from './files';

export interface PreviewColumn extends OutputColumn {
  readonly type: string;
}

export interface FeatureStats {
  readonly name: string;
  readonly role: OutputColumn['role'];
  /** Share of rows where the value is null, 0..1. */
  readonly nullRate: number;
  /** Mean of numbers and true/false values (as 0/1); null for other types or no values. */
  readonly mean: number | null;
}

export interface FeaturePreview {
  readonly outcome: CompileOutcome;
  readonly columns: readonly PreviewColumn[];
  /** The first rows, by entity keys and as-of time; values as JSON (bigints as strings). */
  readonly rows: readonly Record<string, unknown>[];
  /** The same rows as Arrow, for the editor's grid; null when the template has errors. */
  readonly page: ArrowPage | null;
  /** Over every computed row (at most `sample` spine rows). */
  readonly stats: readonly FeatureStats[];
  readonly rowCount: number;
  /** Whether the spine was cut at `sample` rows. */
  readonly sampled: boolean;
}

export interface PreviewOptions {
  /** Rows to return (default 100). */
  readonly rows?: number;
  /** Spine rows to compute at most (default 100,000): a preview must answer while the analyst types. */
  readonly sample?: number;
}

const isNumeric = (type: string) =>
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/.test(type);

/**
 * Computes a template's training set on a sample of the spine, in a temporary table on its own
 * connection, and returns the first rows with each feature's null rate and mean.
 */
export async function previewText(
  conn: DuckDBConnection,
  text: string,
  file: string,
  options: PreviewOptions = {},
): Promise<FeaturePreview> {
  const limit = options.rows ?? 100;
  const sample = options.sample ?? 100_000;
  const outcome = await compileText(conn, text, file, { spineLimit: sample });
  if (!outcome.ok || !outcome.resolved) return { outcome, columns: [], rows: [], page: null, stats: [], rowCount: 0, sampled: false };
  const query = compileBatch(outcome.resolved, { vocabularies: outcome.vocabularies, spineLimit: sample });
  const temp = quoteIdent(`lode_preview_${randomUUID().replaceAll('-', '')}`);
  await conn.run(`CREATE TEMP TABLE ${temp} AS ${query.sql}`);
  try {
    const described = (await conn.runAndReadAll(`DESCRIBE ${temp}`)).getRows() as [string, string][];
    const typeOf = new Map(described.map(([name, type]) => [name, type]));
    const columns = query.columns.map((c) => ({ ...c, type: typeOf.get(c.name) ?? 'UNKNOWN' }));
    const order = columns.filter((c) => c.role === 'key' || c.role === 'time').map((c) => quoteIdent(c.name));
    const first = await conn.runAndReadAll(`SELECT * FROM ${temp} ORDER BY ${order.join(', ')} LIMIT ${limit}`);
    const rows = first.getRowObjectsJson();
    const page = readerToArrow(first);
    const measured = columns.filter((c) => c.role === 'feature' || c.role === 'label');
    const parts = ['count(*)::BIGINT'];
    for (const c of measured) {
      const q = quoteIdent(c.name);
      parts.push(`count(${q})::BIGINT`);
      parts.push(isNumeric(c.type) ? `avg(${q})::DOUBLE` : c.type === 'BOOLEAN' ? `avg(${q}::INTEGER)::DOUBLE` : 'NULL::DOUBLE');
    }
    const [counts] = (await conn.runAndReadAll(`SELECT ${parts.join(', ')} FROM ${temp}`)).getRows();
    const total = Number(counts![0]);
    const stats = measured.map((c, i) => {
      const nonNull = Number(counts![1 + i * 2]);
      const mean = counts![2 + i * 2] as number | null;
      return {
        name: c.name,
        role: c.role,
        nullRate: total === 0 ? 0 : (total - nonNull) / total,
        mean: mean === null || Number.isNaN(mean) ? null : mean,
      };
    });
    return { outcome, columns, rows, page, stats, rowCount: total, sampled: total >= sample };
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${temp}`);
  }
}

/** previewText for a template file (absolute, or relative to the workspace folder). */
export async function previewInWorkspace(
  workspace: Workspace,
  templatePath: string,
  options: PreviewOptions = {},
): Promise<FeaturePreview> {
  const file = templateFile(workspace, templatePath);
  const text = await readTemplateFile(file);
  const conn = await workspace.connect();
  try {
    return await previewText(conn, text, file, options);
  } finally {
    workspace.disconnect(conn);
  }
}
