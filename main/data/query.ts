import type { DuckDBConnection } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import type { queryMethods } from '../../shared/services/data/query';
import type { Host } from '../host/host';
import { META_SCHEMA } from '../workspace/layout';
import { readerToArrow } from './arrow';
import { BrowseCache } from './browse-cache';
import { pageQuery } from './browse-sql';
import type { DataPart } from './parts';
import { sqlError } from './sql-errors';

const HISTORY_KEEP = 1000;

/** A running console query: its own connection, so that interrupting it stops nothing else. */
interface ConsoleQuery {
  readonly connection: DuckDBConnection;
  cancelled: boolean;
}

function cancel(query: ConsoleQuery): void {
  query.cancelled = true;
  query.connection.interrupt();
}

/** Browsing, the SQL console (one connection per running query so each can be interrupted), history. */
export function queryPart(host: Host): DataPart<typeof queryMethods> {
  const running = new Map<string, ConsoleQuery>();
  // Closing the workspace cancels console queries instead of waiting for them to end.
  host.onClosing(() => {
    for (const query of running.values()) cancel(query);
  });
  let browseCache: { connection: DuckDBConnection; cache: BrowseCache } | null = null;

  const remember = async (sql: string, started: number, outcome: { ok: boolean; error?: string; rowCount?: number }) => {
    const { workspace } = host.requireWorkspace();
    await workspace.sql.run(`INSERT INTO ${META_SCHEMA}.sql_history VALUES ($1, $2, $3, $4, $5, $6)`, [
      new Date(started).toISOString(),
      sql,
      Date.now() - started,
      outcome.ok,
      outcome.error ?? null,
      outcome.rowCount ?? null,
    ]);
    await workspace.sql.run(
      `DELETE FROM ${META_SCHEMA}.sql_history WHERE ran_at < (SELECT min(ran_at) FROM (SELECT ran_at FROM ${META_SCHEMA}.sql_history ORDER BY ran_at DESC LIMIT ${HISTORY_KEEP}))`,
    );
  };

  return {
    browse: async (input) => {
      const { workspace } = host.requireWorkspace();
      if (!browseCache || browseCache.connection !== workspace.sql)
        browseCache = { connection: workspace.sql, cache: new BrowseCache(workspace.sql) };
      const query = await pageQuery(workspace.sql, input);
      try {
        const { count, pageSql, params } = await browseCache.cache.page(query, input.limit, input.offset);
        const page = readerToArrow(await workspace.sql.runAndReadAll(pageSql, params));
        return { ...page, offset: input.offset, totalRows: count };
      } catch (err) {
        throw sqlError(err, 'sql' in input.source ? input.source.sql : '');
      }
    },

    runSql: async ({ sql, queryId, maxRows }) => {
      const { workspace } = host.requireWorkspace();
      if (running.has(queryId)) throw new LodeError('bad_input', `a query with id ${queryId} is already running.`, { field: 'queryId' });
      const connection = await workspace.connect();
      const query: ConsoleQuery = { connection, cancelled: false };
      running.set(queryId, query);
      const started = Date.now();
      // DuckDB forgets an interrupt when the next statement is prepared, so the flag is checked
      // between every step as well.
      const step = async <T>(work: () => Promise<T>): Promise<T> => {
        if (query.cancelled) throw new LodeError('cancelled', 'the query was cancelled.');
        return work();
      };
      try {
        // Started just as the workspace began to close, after the close cancelled the others.
        if (host.isClosing) query.cancelled = true;
        const statements = await step(() => connection.extractStatements(sql));
        if (statements.count === 0) throw new LodeError('bad_input', 'the SQL has no statement to run.', { field: 'sql' });
        for (let i = 0; i < statements.count - 1; i++) {
          const prepared = await step(() => statements.prepare(i));
          await step(() => prepared.run());
        }
        const last = await step(() => statements.prepare(statements.count - 1));
        const reader = await step(() => last.streamAndReadUntil(maxRows + 1));
        const page = readerToArrow(reader, maxRows);
        // A console statement may have changed rows in place, which the catalog does not show.
        await browseCache?.cache.clear();
        const truncated = reader.currentRowCount > maxRows;
        await remember(sql, started, { ok: true, rowCount: page.rowCount });
        return { ...page, truncated, elapsedMs: Date.now() - started };
      } catch (err) {
        const error = sqlError(err, sql);
        await browseCache?.cache.clear();
        await remember(sql, started, { ok: false, error: error.message });
        throw error;
      } finally {
        running.delete(queryId);
        workspace.disconnect(connection);
      }
    },

    cancelSql: async ({ queryId }) => {
      const query = running.get(queryId);
      if (!query) return { cancelled: false };
      cancel(query);
      return { cancelled: true };
    },

    sqlHistory: async ({ limit }) => {
      const { workspace } = host.requireWorkspace();
      const reader = await workspace.sql.runAndReadAll(
        `SELECT sql, ran_at, elapsed_ms, ok, error, row_count FROM ${META_SCHEMA}.sql_history ORDER BY ran_at DESC LIMIT $1`,
        [limit],
      );
      return {
        entries: reader.getRows().map(([sql, ranAt, elapsedMs, ok, error, rowCount]) => ({
          sql: sql as string,
          ranAt: ranAt as string,
          elapsedMs: elapsedMs === null ? null : Number(elapsedMs),
          ok: ok as boolean,
          error: error as string | null,
          rowCount: rowCount === null ? null : Number(rowCount),
        })),
      };
    },
  };
}
