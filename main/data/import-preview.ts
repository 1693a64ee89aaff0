import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnInfo } from '../../shared/services/data/common';
import type { ImportPreview, ImportSource, MalformedRow } from '../../shared/services/data/imports';
import type { Workspace } from '../workspace/workspace';
import { readError } from './import-errors';
import { isDelimited, planReader, readerQuery, type ReaderPlan } from './import-reader';
import { hasEncodingErrors, rejectArgs, rejectSample, rejectTables } from './import-rejects';
import { headSample } from './import-sample';
import { resolveSource } from './import-source';
import { quoteIdent } from './sql';
import { withConnection } from './table-catalog';

const PREVIEW_PROBLEMS = 50;

type Cells = (string | null)[][];

async function textRows(conn: DuckDBConnection, from: string, limit: number): Promise<Cells> {
  const reader = await conn.runAndReadAll(`SELECT CAST(COLUMNS(*) AS VARCHAR) FROM (${from}) LIMIT ${Math.trunc(limit)}`);
  return reader.getRows().map((row) => row.map((cell) => (cell === null ? null : String(cell))));
}

/**
 * Reads the head of a delimited file whole, with the column types DuckDB chose for the whole file,
 * so the rows shown and the malformed rows found are those the import will meet first.
 */
async function sampleCsv(
  conn: DuckDBConnection,
  plan: ReaderPlan,
  columns: ColumnInfo[],
  limit: number,
): Promise<{ rows: Cells; problems: MalformedRow[] }> {
  const rejects = rejectTables();
  const sample = await headSample(plan.source, plan.options.encoding);
  if (!sample) return { rows: await textRows(conn, readerQuery(plan, rejectArgs(rejects, 1)), limit), problems: [] };
  try {
    const samplePlan: ReaderPlan = {
      ...plan,
      source: { ...plan.source, path: sample.path, compression: 'none' },
      options: { ...plan.options, types: Object.fromEntries(columns.map((c) => [c.name, c.type])) },
    };
    const table = quoteIdent(`lode_preview_${randomBytes(6).toString('hex')}`);
    await conn.run(`CREATE TEMP TABLE ${table} AS ${readerQuery(samplePlan, rejectArgs(rejects, PREVIEW_PROBLEMS))}`);
    if (await hasEncodingErrors(conn, rejects)) throw readError(new Error('Invalid unicode'), plan.source);
    return {
      rows: await textRows(conn, `SELECT * FROM temp.${table}`, limit),
      problems: await rejectSample(conn, rejects, PREVIEW_PROBLEMS, sample.cut),
    };
  } finally {
    await sample.dispose();
  }
}

/** The first rows as DuckDB will import them, each cell as DuckDB prints it. */
export async function previewFile(workspace: Workspace, input: ImportSource & { rows: number }): Promise<ImportPreview> {
  const source = await resolveSource(input);
  return withConnection(workspace, async (conn) => {
    const plan = await planReader(conn, source, input.options);
    const csv = isDelimited(source);
    try {
      const described = await conn.runAndReadAll(`DESCRIBE ${readerQuery(plan, csv ? rejectArgs(rejectTables(), 1) : [])}`);
      const columns = described.getRows().map(([name, type]) => ({ name: String(name), type: String(type) }));
      const { rows, problems } = csv
        ? await sampleCsv(conn, plan, columns, input.rows)
        : { rows: await textRows(conn, readerQuery(plan), input.rows), problems: [] };
      return {
        path: source.path,
        format: source.format,
        compression: source.compression,
        sizeBytes: source.sizeBytes,
        detected: plan.detected,
        columns,
        rows,
        problems,
      };
    } catch (err) {
      throw readError(err, source);
    }
  });
}
