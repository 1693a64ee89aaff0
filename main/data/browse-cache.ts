import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { PageQuery } from './browse-sql';

interface Entry {
  count: number;
  /** A temp table holding the sorted rows, so each page is a cheap LIMIT/OFFSET. */
  sortedTable: string | null;
}

const KEEP = 3;

/**
 * Scrolling a sorted or filtered 10M-row table must not sort or count it again for every page.
 * The first page materializes the sorted rows into a temp table and remembers the count; later
 * pages of the same view read from it. Everything is dropped when the catalog changes (a table
 * replaced, resized, created or dropped) and after every console statement, which may have
 * changed rows in place.
 */
export class BrowseCache {
  private readonly entries = new Map<string, Entry>();
  private fingerprint = '';
  private nextId = 0;

  constructor(private readonly sql: DuckDBConnection) {}

  private async catalogFingerprint(): Promise<string> {
    const reader = await this.sql.runAndReadAll(
      "SELECT coalesce(string_agg(table_oid || ':' || estimated_size || ':' || column_count, ',' ORDER BY table_oid), '') FROM duckdb_tables() WHERE NOT temporary",
    );
    return String(reader.getRows()[0]![0]);
  }

  async clear(): Promise<void> {
    const tables = [...this.entries.values()].map((e) => e.sortedTable).filter((t): t is string => t !== null);
    this.entries.clear();
    for (const table of tables) await this.sql.run(`DROP TABLE IF EXISTS temp.${table}`);
  }

  /** The count and the SQL of one page of a view, materializing the view on first use. */
  async page(query: PageQuery, limit: number, offset: number): Promise<{ count: number; pageSql: string; params: DuckDBValue[] }> {
    const fingerprint = await this.catalogFingerprint();
    if (fingerprint !== this.fingerprint) {
      await this.clear();
      this.fingerprint = fingerprint;
    }
    const key = `${query.orderedSql}\u0000${JSON.stringify(query.params)}`;
    let entry = this.entries.get(key);
    if (!entry) {
      let sortedTable: string | null = null;
      let countSql = query.countSql;
      if (query.sorted) {
        sortedTable = `__lode_browse_${this.nextId++}`;
        await this.sql.run(`CREATE TEMP TABLE ${sortedTable} AS ${query.orderedSql}`, query.params);
        countSql = `SELECT count(*) FROM temp.${sortedTable}`;
      }
      const count = Number((await this.sql.runAndReadAll(countSql, sortedTable ? [] : query.params)).getRows()[0]![0]);
      entry = { count, sortedTable };
      this.entries.set(key, entry);
      while (this.entries.size > KEEP) {
        const [oldest, old] = this.entries.entries().next().value as [string, Entry];
        this.entries.delete(oldest);
        if (old.sortedTable) await this.sql.run(`DROP TABLE IF EXISTS temp.${old.sortedTable}`);
      }
    } else {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    if (entry.sortedTable)
      return { count: entry.count, pageSql: `SELECT * FROM temp.${entry.sortedTable} LIMIT $1 OFFSET $2`, params: [limit, offset] };
    return { count: entry.count, pageSql: query.pageSql, params: [...query.params, limit, offset] };
  }
}
