import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnInfo, SchemaCatalog, Template } from '../../shared/features';
import { dataLayers } from '../../shared/services/data/common';
import { TEMP_PREFIX } from '../data/table-catalog';
import { quoteLiteral } from '../data/sql';

/** Every table and view of the data layers (ods, dwd, dws, ads) with its columns, as `layer.name`. */
export async function readTables(conn: DuckDBConnection): Promise<Record<string, ColumnInfo[]>> {
  const reader = await conn.runAndReadAll(
    `SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns()
      WHERE database_name = current_database() AND schema_name IN (${dataLayers.map(quoteLiteral).join(', ')})
        AND NOT starts_with(table_name, ${quoteLiteral(TEMP_PREFIX)})
      ORDER BY schema_name, table_name, column_index`,
  );
  const tables: Record<string, ColumnInfo[]> = {};
  for (const row of reader.getRows()) {
    const [layer, name, column, type] = row as [string, string, string, string];
    (tables[`${layer}.${name}`] ??= []).push({ name: column, type });
  }
  return tables;
}

/**
 * The schemas a template is checked against. A spine written as a query is described by DuckDB
 * itself; when that fails, `spineQueryError` says why (the validator then reports the query).
 */
export async function readCatalog(
  conn: DuckDBConnection,
  template: Template | null,
): Promise<{ catalog: SchemaCatalog; spineQueryError: string | null }> {
  const tables = await readTables(conn);
  const query = template?.spine.query;
  if (!query) return { catalog: { tables }, spineQueryError: null };
  try {
    const reader = await conn.runAndReadAll(`DESCRIBE (${query.trim().replace(/;\s*$/, '')})`);
    const spineQuery = reader.getRows().map((row) => {
      const [name, type] = row as [string, string];
      return { name, type };
    });
    return { catalog: { tables, spineQuery }, spineQueryError: null };
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
    return { catalog: { tables }, spineQueryError: message };
  }
}
