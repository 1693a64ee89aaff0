import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import {
  checkTemplate,
  compileBatch,
  compileOnline,
  fitQueries,
  hasErrors,
  parseTemplate,
  type CompiledOnline,
  type CompiledQuery,
  type Diagnostic,
  type ResolvedTemplate,
  type Vocabularies,
  type Vocabulary,
} from '../../shared/features';
import type { Workspace } from '../workspace/workspace';
import { readCatalog } from './catalog';
import { readTemplateFile, templateFile } from './files';

export interface CompileOutcome {
  readonly file: string;
  readonly text: string;
  /** Errors and warnings, in reading order; `ok` is false when any is an error. */
  readonly diagnostics: readonly Diagnostic[];
  readonly ok: boolean;
  readonly resolved: ResolvedTemplate | null;
  readonly vocabularies: Vocabularies;
  readonly batch: CompiledQuery | null;
  readonly online: CompiledOnline | null;
}

export interface CompileOptions {
  /** Fit encodings on the first N spine rows only (previews). */
  readonly spineLimit?: number;
}

/** A DuckDB value as a template value: numbers and text as they are, decimals and dates as text. */
export function scalarOf(value: DuckDBValue): string | number | boolean {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return value === null ? '' : value.toString();
}

/**
 * Learns the values of encodings that fit on the data, running the compiler's fit queries in
 * rounds (an encoding of an encoded value waits for the first).
 */
export async function fitVocabularies(
  conn: DuckDBConnection,
  resolved: ResolvedTemplate,
  options: CompileOptions = {},
): Promise<Vocabularies> {
  const vocabularies: Record<string, Vocabulary> = {};
  for (;;) {
    const queries = fitQueries(resolved, vocabularies, options);
    if (queries.length === 0) return vocabularies;
    for (const query of queries) {
      const rows = (await conn.runAndReadAll(query.sql)).getRows();
      vocabularies[query.feature] = {
        values: rows.map(([value]) => scalarOf(value ?? null)),
        counts: rows.map(([, count]) => Number(count)),
        total: rows.length > 0 ? Number(rows[0]![2]) : 0,
      };
    }
  }
}

/** What checking a template against the workspace's schemas finds, before anything runs on the data. */
export interface CheckOutcome {
  readonly diagnostics: readonly Diagnostic[];
  readonly ok: boolean;
  readonly resolved: ResolvedTemplate | null;
}

/** Parses and checks template text against the workspace's schemas; cheap enough for every pause in typing. */
export async function checkText(conn: DuckDBConnection, text: string): Promise<CheckOutcome> {
  const parsed = parseTemplate(text);
  const { catalog, spineQueryError } = await readCatalog(conn, parsed.template);
  const checked = checkTemplate(parsed, catalog);
  const diagnostics: Diagnostic[] = [...checked.diagnostics];
  if (spineQueryError) {
    diagnostics.push({
      severity: 'error',
      code: 'spine_query',
      message: `the spine query does not run: ${spineQueryError}`,
      range: checked.sourceMap.range(['spine', 'query']),
      path: 'spine.query',
    });
  }
  const ok = checked.resolved !== null && !hasErrors(diagnostics);
  return { diagnostics, ok, resolved: ok ? checked.resolved : null };
}

/** Parses, checks and compiles template text against the workspace database behind `conn`. */
export async function compileText(
  conn: DuckDBConnection,
  text: string,
  file: string,
  options: CompileOptions = {},
): Promise<CompileOutcome> {
  const { diagnostics, resolved } = await checkText(conn, text);
  const failed = { file, text, diagnostics, ok: false, resolved: null, vocabularies: {}, batch: null, online: null };
  if (!resolved) return failed;
  const vocabularies = await fitVocabularies(conn, resolved, options);
  return {
    file,
    text,
    diagnostics,
    ok: true,
    resolved,
    vocabularies,
    batch: compileBatch(resolved, { vocabularies }),
    online: compileOnline(resolved, vocabularies),
  };
}

/**
 * Compiles `templatePath` (absolute, or relative to the workspace folder) against the workspace's
 * real schemas, fitting encodings on its data.
 */
export async function compileInWorkspace(
  workspace: Workspace,
  templatePath: string,
  options: CompileOptions = {},
): Promise<CompileOutcome> {
  const file = templateFile(workspace, templatePath);
  const text = await readTemplateFile(file);
  const conn = await workspace.connect();
  try {
    return await compileText(conn, text, file, options);
  } finally {
    workspace.disconnect(conn);
  }
}
