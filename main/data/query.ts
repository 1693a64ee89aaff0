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
  connection: DuckDBConnection | null;
  cancelled: boolean;
  /** A statement is being extracted, prepared or run on a DuckDB thread. */
  inStep: boolean;
}

/** How often a cancelled query's statement is interrupted again until it stops. */
const REINTERRUPT_MS = 10;

/**
 * Cancels a console query. The flag stops it between steps; the interrupt stops the statement
 * running. DuckDB clears an interrupt when a statement starts, which may be a moment after this
 * call, so the interrupt is repeated until the step in flight has ended.
 */
function cancel(query: ConsoleQuery): void {
  if (query.cancelled) return;
  query.cancelled = true;
  query.connection?.interrupt();
  const timer = setInterval(() => {
    if (!query.inStep) clearInterval(timer);
    else query.connection?.interrupt();
  }, REINTERRUPT_MS);
  timer.unref();
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
      // Known by its id from the start, so that a cancel while it connects is not lost.
      const query: ConsoleQuery = { connection: null, cancelled: false, inStep: false };
      running.set(queryId, query);
      const started = Date.now();
      const step = async <T>(work: () => Promise<T>): Promise<T> => {
        if (query.cancelled) throw new LodeError('cancelled', 'the query was cancelled.');
        query.inStep = true;
        try {
          return await work();
        } finally {
          query.inStep = false;
        }
      };
      try {
        // Started just as the workspace began to close, after the close cancelled the others.
        if (host.isClosing) query.cancelled = true;
        const connection = await step(() => workspace.connect());
        query.connection = connection;
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
        if (query.connection) workspace.disconnect(query.connection);
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
