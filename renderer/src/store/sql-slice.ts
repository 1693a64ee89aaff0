import { toLodeError, type LodeErrorData } from '../../../shared/errors';
import type { ColumnInfo } from '../../../shared/services/data/common';
import type { sqlHistoryEntry } from '../../../shared/services/data/query';
import type { TableInfo } from '../../../shared/services/data/tables';
import type { z } from 'zod';
import { ArrowRows } from '../data/arrow-rows';
import { requireClient } from './connection-slice';
import type { SliceCreator } from './types';

export type SqlHistoryEntry = z.infer<typeof sqlHistoryEntry>;
export const SQL_MAX_ROWS = 10_000;
export const HISTORY_LIMIT = 100;

/** Where the text that ran starts in the editor (1-based), so error positions land on the right spot. */
export interface EditorOrigin {
  readonly line: number;
  readonly column: number;
}

export interface SqlOutcome {
  readonly queryId: string;
  readonly sql: string;
  readonly columns: readonly ColumnInfo[];
  readonly rows: ArrowRows;
  readonly rowCount: number;
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

export interface SqlError extends LodeErrorData {
  /** The error's position in the editor, when the host reported one. */
  readonly at: EditorOrigin | null;
}

export interface SaveQueryInput {
  readonly sql: string;
  readonly layer: TableInfo['layer'];
  readonly name: string;
  readonly as: 'view' | 'table';
  readonly replace: boolean;
}

export interface SqlSlice {
  sqlText: string;
  sqlRunning: { readonly queryId: string; readonly sql: string } | null;
  sqlCancelling: boolean;
  sqlResult: SqlOutcome | null;
  sqlError: SqlError | null;
  sqlHistory: SqlHistoryEntry[];
  sqlHistoryError: LodeErrorData | null;
  sqlSaveError: LodeErrorData | null;
  setSqlText: (text: string) => void;
  runSql: (sql: string, origin?: EditorOrigin) => Promise<void>;
  cancelSql: () => Promise<void>;
  loadSqlHistory: () => Promise<void>;
  saveQuery: (input: SaveQueryInput) => Promise<TableInfo | null>;
  resetSql: () => void;
}

/** Maps a line and column of the text that ran onto the editor that holds it. */
export function editorPosition(origin: EditorOrigin, line: number, column: number): EditorOrigin {
  return { line: origin.line + line - 1, column: line === 1 ? origin.column + column - 1 : column };
}

/** Statements that only read leave the tables as they were; anything else may have changed them. */
export function onlyReads(sql: string): boolean {
  const body = sql
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .trim()
    .replace(/;\s*$/, '');
  return /^(select|with|from|describe|show|summarize|explain|pragma|values|table)\b/i.test(body) && !body.includes(';');
}

function newQueryId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `q-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

const initial = {
  sqlRunning: null,
  sqlCancelling: false,
  sqlResult: null,
  sqlError: null,
  sqlHistory: [],
  sqlHistoryError: null,
  sqlSaveError: null,
} satisfies Partial<SqlSlice>;

export const createSqlSlice: SliceCreator<SqlSlice> = (set, get) => ({
  ...initial,
  sqlText: '',

  setSqlText: (sqlText) => set({ sqlText }),

  async runSql(sql, origin = { line: 1, column: 1 }) {
    if (get().sqlRunning || sql.trim() === '') return;
    const queryId = newQueryId();
    set({ sqlRunning: { queryId, sql }, sqlCancelling: false, sqlError: null });
    try {
      const reply = await requireClient(get().client).data.runSql({ sql, queryId, maxRows: SQL_MAX_ROWS });
      const rows = ArrowRows.fromBytes(reply.arrow);
      set({
        sqlResult: {
          queryId,
          sql,
          columns: reply.columns,
          rows,
          rowCount: reply.rowCount,
          truncated: reply.truncated,
          elapsedMs: reply.elapsedMs,
        },
      });
      if (!onlyReads(sql)) {
        await get().loadTables();
        get().refreshBrowse();
      }
    } catch (err) {
      const error = toLodeError(err).toJSON();
      const at = error.line !== undefined ? editorPosition(origin, error.line, error.column ?? 1) : null;
      set({ sqlError: { ...error, at } });
    } finally {
      set({ sqlRunning: null, sqlCancelling: false });
      await get().loadSqlHistory();
    }
  },

  async cancelSql() {
    const running = get().sqlRunning;
    if (!running) return;
    set({ sqlCancelling: true });
    try {
      await requireClient(get().client).data.cancelSql({ queryId: running.queryId });
    } catch (err) {
      set({ sqlCancelling: false, sqlError: { ...toLodeError(err).toJSON(), at: null } });
    }
  },

  async loadSqlHistory() {
    const client = get().client;
    if (!client || !get().workspace) return;
    try {
      const { entries } = await client.data.sqlHistory({ limit: HISTORY_LIMIT });
      set({ sqlHistory: entries, sqlHistoryError: null });
    } catch (err) {
      set({ sqlHistoryError: toLodeError(err).toJSON() });
    }
  },

  async saveQuery(input) {
    set({ sqlSaveError: null });
    try {
      const info = await requireClient(get().client).data.saveQuery({ ...input });
      await get().loadTables();
      return info;
    } catch (err) {
      set({ sqlSaveError: toLodeError(err).toJSON() });
      return null;
    }
  },

  resetSql: () => set({ ...initial }),
});
