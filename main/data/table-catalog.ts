import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import { dataLayers, type DataLayer, type TableRef } from '../../shared/services/data/common';
import type { TableInfo } from '../../shared/services/data/tables';
import { META_SCHEMA } from '../workspace/layout';
import type { Workspace } from '../workspace/workspace';
import { quoteLiteral, tableLabel, tableSql } from './sql';
import { storageBytes } from './table-size';

/** Imports build their table under this prefix and rename it into place when it is complete. */
export const TEMP_PREFIX = '__lode_tmp_';

/** Above this many rows the listing shows DuckDB's stored row count instead of counting. */
const EXACT_COUNT_LIMIT = 100_000_000;

const LAYERS_SQL = dataLayers.map(quoteLiteral).join(', ');
const NOT_TEMP = `NOT starts_with(name, ${quoteLiteral(TEMP_PREFIX)})`;

interface CatalogRow {
  layer: DataLayer;
  name: string;
  kind: 'table' | 'view';
  estimatedRows: number | null;
  sql: string | null;
}

async function catalogRows(conn: DuckDBConnection, filter: { layer?: DataLayer; name?: string }): Promise<CatalogRow[]> {
  const where = [`layer IN (${LAYERS_SQL})`, NOT_TEMP];
  const params: string[] = [];
  if (filter.layer) where.push(`layer = $${params.push(filter.layer)}`);
  if (filter.name) where.push(`name = $${params.push(filter.name)}`);
  const reader = await conn.runAndReadAll(
    `SELECT * FROM (
        SELECT schema_name AS layer, table_name AS name, 'table' AS kind, estimated_size AS rows, sql
          FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary
        UNION ALL
        SELECT schema_name, view_name, 'view', NULL, sql
          FROM duckdb_views() WHERE database_name = current_database() AND NOT temporary AND NOT internal
      ) WHERE ${where.join(' AND ')} ORDER BY layer, name`,
    params,
  );
  return reader.getRows().map(([layer, name, kind, rows, sql]) => ({
    layer: layer as DataLayer,
    name: String(name),
    kind: kind as 'table' | 'view',
    estimatedRows: rows === null ? null : Number(rows),
    sql: sql === null ? null : String(sql),
  }));
}

const key = (ref: { layer: string; name: string }) => `${ref.layer}.${ref.name}`;

async function columnsOf(conn: DuckDBConnection, rows: readonly CatalogRow[]): Promise<Map<string, TableInfo['columns']>> {
  const out = new Map<string, TableInfo['columns']>();
  if (rows.length === 0) return out;
  const reader = await conn.runAndReadAll(
    `SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns()
      WHERE database_name = current_database() AND schema_name IN (${LAYERS_SQL}) ORDER BY schema_name, table_name, column_index`,
  );
  for (const [layer, name, column, type] of reader.getRows()) {
    const k = `${String(layer)}.${String(name)}`;
    const list = out.get(k) ?? [];
    list.push({ name: String(column), type: String(type) });
    out.set(k, list);
  }
  return out;
}

async function exactCounts(conn: DuckDBConnection, tables: readonly CatalogRow[]): Promise<Map<string, number>> {
  const counted = tables.filter((t) => t.kind === 'table' && (t.estimatedRows ?? 0) <= EXACT_COUNT_LIMIT);
  const out = new Map<string, number>();
  if (counted.length === 0) return out;
  const reader = await conn.runAndReadAll(
    counted.map((t) => `SELECT ${quoteLiteral(key(t))}, count(*)::BIGINT FROM ${tableSql(t)}`).join(' UNION ALL '),
  );
  for (const [k, n] of reader.getRows()) out.set(String(k), Number(n));
  return out;
}

interface SourceRow {
  sourceFile: string | null;
  importedAt: string | null;
  options: Record<string, unknown>;
}

function parseOptions(text: DuckDBValue | undefined): Record<string, unknown> {
  if (text === null || text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(String(text));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    // A hand-edited row: show the table without its options rather than failing the whole list.
    return {};
  }
}

async function sourcesOf(conn: DuckDBConnection): Promise<Map<string, SourceRow>> {
  const reader = await conn.runAndReadAll(`SELECT layer, name, source_file, imported_at, options FROM ${META_SCHEMA}.table_sources`);
  const out = new Map<string, SourceRow>();
  for (const [layer, name, file, at, options] of reader.getRows()) {
    out.set(`${String(layer)}.${String(name)}`, {
      sourceFile: file === null ? null : String(file),
      importedAt: at === null ? null : String(at),
      options: parseOptions(options),
    });
  }
  return out;
}

/** The options recorded when a table was imported or saved, or null when none were. */
export async function sourceOptions(conn: DuckDBConnection, ref: TableRef): Promise<Record<string, unknown> | null> {
  const reader = await conn.runAndReadAll(`SELECT options FROM ${META_SCHEMA}.table_sources WHERE layer = $1 AND name = $2`, [
    ref.layer,
    ref.name,
  ]);
  const row = reader.getRows()[0];
  return row ? parseOptions(row[0]) : null;
}

/** Tables and views of the layers with their rows, columns, size and where they came from. */
export async function tableInfos(conn: DuckDBConnection, filter: { layer?: DataLayer; name?: string } = {}): Promise<TableInfo[]> {
  const rows = await catalogRows(conn, filter);
  const [columns, counts, bytes, sources] = [
    await columnsOf(conn, rows),
    await exactCounts(conn, rows),
    await storageBytes(conn, new Map(rows.filter((r) => r.kind === 'table').map((r) => [key(r), tableSql(r)]))),
    await sourcesOf(conn),
  ];
  return rows.map((row) => {
    const k = key(row);
    const source = sources.get(k);
    const query = typeof source?.options.query === 'string' ? source.options.query : null;
    return {
      layer: row.layer,
      name: row.name,
      kind: row.kind,
      rows: row.kind === 'view' ? null : (counts.get(k) ?? row.estimatedRows),
      columns: columns.get(k) ?? [],
      bytes: bytes.get(k) ?? null,
      sourceFile: source?.sourceFile ?? null,
      importedAt: source?.importedAt ?? null,
      definition: query ?? (row.kind === 'view' ? row.sql : null),
    };
  });
}

export async function describe(conn: DuckDBConnection, ref: TableRef): Promise<TableInfo> {
  const [info] = await tableInfos(conn, ref);
  if (!info) {
    throw new LodeError('not_found', `there is no table or view ${tableLabel(ref)}.`, {
      field: 'name',
      hint: 'List the tables with `lode tables`.',
    });
  }
  return info;
}

/** Whether a table or view of that name exists, and which. */
export async function kindOf(conn: DuckDBConnection, ref: TableRef): Promise<'table' | 'view' | null> {
  const [row] = await catalogRows(conn, ref);
  return row?.kind ?? null;
}

export async function recordSource(
  conn: DuckDBConnection,
  ref: TableRef,
  source: { file: string | null; importedAt: string | null; options: Record<string, unknown> },
): Promise<void> {
  await forgetSource(conn, ref);
  await conn.run(`INSERT INTO ${META_SCHEMA}.table_sources VALUES ($1, $2, $3, $4, $5)`, [
    ref.layer,
    ref.name,
    source.file,
    source.importedAt,
    JSON.stringify(source.options),
  ]);
}

export async function forgetSource(conn: DuckDBConnection, ref: TableRef): Promise<void> {
  await conn.run(`DELETE FROM ${META_SCHEMA}.table_sources WHERE layer = $1 AND name = $2`, [ref.layer, ref.name]);
}

/**
 * Runs work on a connection of its own, so its transaction cannot interleave with other calls on the
 * shared connection, and closes it afterwards.
 */
export async function withConnection<T>(workspace: Workspace, work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const conn = await workspace.connect();
  try {
    return await work(conn);
  } finally {
    workspace.disconnect(conn);
  }
}

/** Runs `work` in a transaction on `conn`, rolling back when it throws. */
export async function inTransaction<T>(conn: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await conn.run('COMMIT');
    return result;
  } catch (err) {
    // The analyst needs the original error; a failing ROLLBACK only means DuckDB already ended the transaction.
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

const cleaned = new WeakSet<Workspace>();

/**
 * Imports run in one transaction, so a killed process leaves nothing behind; temp tables could only
 * remain from a crash inside DuckDB's commit. Drop any the first time the data tables are used after
 * opening the workspace.
 */
export async function dropLeftovers(workspace: Workspace): Promise<void> {
  if (cleaned.has(workspace)) return;
  await withConnection(workspace, async (conn) => {
    const reader = await conn.runAndReadAll(
      `SELECT schema_name, table_name FROM duckdb_tables()
        WHERE database_name = current_database() AND NOT temporary AND schema_name IN (${LAYERS_SQL})
          AND starts_with(table_name, ${quoteLiteral(TEMP_PREFIX)})`,
    );
    for (const [layer, name] of reader.getRows()) {
      await conn.run(`DROP TABLE IF EXISTS ${tableSql({ layer: layer as DataLayer, name: String(name) })}`);
    }
  });
  cleaned.add(workspace);
}
