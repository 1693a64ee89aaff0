import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, quoteLiteral } from './sql';

/**
 * Bytes each table takes in lode.duckdb, estimated from DuckDB's storage map (`pragma_storage_info`),
 * since DuckDB reports no per-table size. Column segments are packed one after another into blocks
 * (256 KiB); a segment counts up to where the next one starts. The last segment of a shared block
 * counts as the mean of the segments before it, a segment alone in its block as the whole block, and
 * overflow blocks whole. Every table of the database takes part, so neighbours from other schemas are
 * seen. Data not yet checkpointed has no block: such tables get null.
 *
 * `wanted` maps `layer.name` keys to qualified table names; the result has an entry for each key.
 */
export async function storageBytes(conn: DuckDBConnection, wanted: ReadonlyMap<string, string>): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  if (wanted.size === 0) return out;
  const all = await conn.runAndReadAll(
    `SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary`,
  );
  const names = all.getRows().map(([schema, table]) => `${quoteIdent(String(schema))}.${quoteIdent(String(table))}`);
  const keyOf = new Map([...wanted].map(([k, name]) => [name, k]));
  const segments = names
    .map(
      (name) => `SELECT ${quoteLiteral(keyOf.get(name) ?? '')} AS k, block_id, block_offset, len(additional_block_ids) AS extra, persistent
                   FROM pragma_storage_info(${quoteLiteral(name)})`,
    )
    .join(' UNION ALL ');
  const reader = await conn.runAndReadAll(
    `WITH seg AS (${segments}),
          bs AS (SELECT block_size AS size FROM pragma_database_size() WHERE database_name = current_database()),
          placed AS (
            SELECT k, block_offset, extra,
                   lead(block_offset) OVER (PARTITION BY block_id ORDER BY block_offset) AS next,
                   count(*) OVER (PARTITION BY block_id) AS mates
              FROM seg WHERE block_id >= 0),
          sized AS (
            SELECT k, extra * bs.size + CASE
                     WHEN next IS NOT NULL THEN next - block_offset
                     WHEN mates = 1 THEN bs.size - block_offset
                     ELSE block_offset / (mates - 1) END AS bytes
              FROM placed, bs WHERE k <> ''),
          per AS (SELECT k, sum(bytes)::BIGINT AS bytes FROM sized GROUP BY k),
          pend AS (SELECT k, bool_or(NOT persistent) AS pending FROM seg WHERE k <> '' GROUP BY k)
     SELECT pend.k, coalesce(per.bytes, 0), pend.pending FROM pend LEFT JOIN per USING (k)`,
  );
  // A table without segments holds no rows and takes no space.
  for (const k of wanted.keys()) out.set(k, 0);
  for (const [k, bytes, pending] of reader.getRows()) out.set(String(k), pending === true ? null : Number(bytes));
  return out;
}
