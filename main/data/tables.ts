import type { DuckDBConnection } from '@duckdb/node-api';
import { StatementType } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import { dataLayers, type TableRef } from '../../shared/services/data/common';
import type { tableMethods } from '../../shared/services/data/tables';
import type { Host } from '../host/host';
import type { DataPart } from './parts';
import { sqlError } from './sql-errors';
import { quoteLiteral, tableLabel, tableSql } from './sql';
import { describe, dropLeftovers, forgetSource, inTransaction, kindOf, recordSource, tableInfos, withConnection } from './table-catalog';

async function stillBinds(conn: DuckDBConnection, view: TableRef): Promise<boolean> {
  try {
    await conn.run(`SELECT * FROM ${tableSql(view)} LIMIT 0`);
    return true;
  } catch {
    return false;
  }
}

/** Views that bind now, among those whose SQL mentions the name (DuckDB binds views late, so it cannot say). */
async function bindingViews(conn: DuckDBConnection, ref: TableRef): Promise<TableRef[]> {
  const reader = await conn.runAndReadAll(
    `SELECT schema_name, view_name FROM duckdb_views()
      WHERE database_name = current_database() AND NOT temporary AND NOT internal
        AND schema_name IN (${dataLayers.map(quoteLiteral).join(', ')}) AND contains(lower(sql), lower($1))`,
    [ref.name],
  );
  const views: TableRef[] = [];
  for (const [layer, name] of reader.getRows()) {
    const view = { layer: layer as TableRef['layer'], name: String(name) };
    // A view already broken before this drop is not ours to protect.
    if (!(view.layer === ref.layer && view.name === ref.name) && (await stillBinds(conn, view))) views.push(view);
  }
  return views;
}

/** One SELECT statement, checked by DuckDB's parser and binder, without a trailing semicolon. */
async function singleQuery(conn: DuckDBConnection, sql: string): Promise<string> {
  let statements;
  try {
    statements = await conn.extractStatements(sql);
  } catch (err) {
    throw sqlError(err, sql);
  }
  if (statements.count !== 1) {
    throw new LodeError('bad_input', `save one query at a time; this SQL holds ${statements.count} statements.`, { field: 'sql' });
  }
  try {
    const prepared = await statements.prepare(0);
    if (prepared.statementType !== StatementType.SELECT) {
      throw new LodeError('bad_input', 'only a query (SELECT, WITH, FROM ...) can be saved as a view or table.', { field: 'sql' });
    }
    prepared.destroySync();
  } catch (err) {
    throw sqlError(err, sql);
  }
  return sql.trim().replace(/;\s*$/, '');
}

export function tablePart(host: Host): DataPart<typeof tableMethods> {
  const open = async () => {
    const { workspace } = host.requireWorkspace();
    await dropLeftovers(workspace);
    return workspace;
  };

  return {
    // Reading the catalog needs no transaction of its own: the shared connection will do.
    listTables: async ({ layer }) => ({ tables: await tableInfos((await open()).sql, layer ? { layer } : {}) }),

    describeTable: async (ref) => describe((await open()).sql, ref),

    dropTable: async (ref) =>
      withConnection(await open(), async (conn) => {
        const kind = await kindOf(conn, ref);
        if (!kind) return { dropped: false };
        const views = await bindingViews(conn, ref);
        await inTransaction(conn, async () => {
          await conn.run(`DROP ${kind === 'view' ? 'VIEW' : 'TABLE'} ${tableSql(ref)}`);
          const broken: TableRef[] = [];
          for (const view of views) if (!(await stillBinds(conn, view))) broken.push(view);
          if (broken.length > 0) {
            throw new LodeError(
              'bad_input',
              `${tableLabel(ref)} is used by ${broken.map((v) => `view ${tableLabel(v)}`).join(', ')}; nothing was dropped.`,
              {
                field: 'name',
                hint: 'Drop or change those views first.',
              },
            );
          }
          await forgetSource(conn, ref);
        });
        return { dropped: true };
      }),

    saveQuery: async ({ sql, layer, name, as, replace }) =>
      withConnection(await open(), async (conn) => {
        const ref: TableRef = { layer, name };
        const query = await singleQuery(conn, sql);
        const existing = await kindOf(conn, ref);
        if (existing && !replace) {
          throw new LodeError('already_exists', `${tableLabel(ref)} already exists (a ${existing}).`, {
            field: 'name',
            hint: 'Save with replace (--replace) to overwrite it, or choose another name.',
          });
        }
        try {
          await inTransaction(conn, async () => {
            if (existing) await conn.run(`DROP ${existing === 'view' ? 'VIEW' : 'TABLE'} ${tableSql(ref)}`);
            // The query goes on its own lines so a trailing `-- comment` cannot swallow the closing text.
            await conn.run(`CREATE ${as === 'view' ? 'VIEW' : 'TABLE'} ${tableSql(ref)} AS\n${query}\n`);
            await recordSource(conn, ref, { file: null, importedAt: null, options: { query, savedAt: new Date().toISOString() } });
          });
        } catch (err) {
          throw sqlError(err, sql);
        }
        if (as === 'table') await conn.run('CHECKPOINT');
        return describe(conn, ref);
      }),
  };
}
