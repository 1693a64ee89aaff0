import { Float64, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import type { LodeServices } from '../../../shared/contract';
import { LodeError } from '../../../shared/errors';
import type { ColumnInfo, TableRef } from '../../../shared/services/data/common';
import type { ImportPreview } from '../../../shared/services/data/imports';
import type { QualityRule, TableProfile } from '../../../shared/services/data/profile';
import type { SnapshotManifest } from '../../../shared/services/data/snapshots';
import type { TableInfo } from '../../../shared/services/data/tables';
import { isNumericType } from '../data/arrow-rows';
import { tableKey } from '../data/table-key';
import type { SqlHistoryEntry } from './sql-slice';

type Cell = string | number | null;
export interface FakeTable {
  info: TableInfo;
  rows: Cell[][];
}
export type FakeJobs = { start(kind: string, title: string, result: () => unknown): string };

/** Arrow bytes for rows, typed from the DuckDB type names as the real host sends them. */
export function arrowOf(columns: readonly ColumnInfo[], rows: readonly Cell[][]): Uint8Array {
  const vectors = Object.fromEntries(
    columns.map((c, i) => [
      c.name,
      vectorFromArray(
        rows.map((r) => r[i] ?? null),
        isNumericType(c.type) ? new Float64() : new Utf8(),
      ),
    ]),
  );
  return tableToIPC(new Table(vectors), 'stream');
}

export function tableInfo(ref: TableRef, columns: ColumnInfo[], rows: number, change: Partial<TableInfo> = {}): TableInfo {
  return { ...ref, kind: 'table', rows, columns, bytes: rows * 10, sourceFile: null, importedAt: null, definition: null, ...change };
}

/** The data service over in-memory tables, files and snapshots; jobs finish as soon as they start. */
export class FakeData {
  readonly tables = new Map<string, FakeTable>();
  readonly files = new Map<string, { preview: ImportPreview; rows: Cell[][] }>();
  readonly rules = new Map<string, QualityRule[]>();
  readonly snapshots: SnapshotManifest[] = [];
  readonly history: SqlHistoryEntry[] = [];
  readonly calls: { method: string; input: unknown }[] = [];
  /** Snapshot ids a run refers to, which refuse removal. */
  readonly referred = new Map<string, string>();
  /** Queries that wait for cancelSql. */
  readonly slow = new Map<string, () => void>();

  constructor(private readonly jobs: FakeJobs) {}

  addTable(ref: TableRef, columns: ColumnInfo[], rows: Cell[][]): void {
    this.tables.set(tableKey(ref), { info: tableInfo(ref, columns, rows.length), rows });
  }

  private table(ref: TableRef): FakeTable {
    const table = this.tables.get(tableKey(ref));
    if (!table) throw new LodeError('not_found', `no table ${tableKey(ref)}.`, { hint: 'See `lode tables`.' });
    return table;
  }

  readonly service: LodeServices['data'] = {
    listTables: async () => ({ tables: [...this.tables.values()].map((t) => t.info) }),
    describeTable: async (ref) => this.table(ref).info,
    dropTable: async (ref) => ({ dropped: this.table(ref) && this.tables.delete(tableKey(ref)) }),
    saveQuery: async ({ layer, name, as, sql }) => {
      const info = tableInfo({ layer, name }, [], 0, { kind: as, definition: sql });
      this.tables.set(tableKey({ layer, name }), { info, rows: [] });
      return info;
    },
    previewImport: async (input) => {
      this.calls.push({ method: 'previewImport', input });
      const file = this.files.get(input.path);
      if (!file) throw new LodeError('not_found', `${input.path} does not exist.`, { field: 'path' });
      const detected = file.preview.detected && {
        ...file.preview.detected,
        ...(input.options.delimiter ? { delimiter: input.options.delimiter } : {}),
      };
      const columns = file.preview.columns.map((c) => ({ ...c, type: input.options.types?.[c.name] ?? c.type }));
      return { ...file.preview, detected, columns };
    },
    importFile: async (input) => {
      this.calls.push({ method: 'importFile', input });
      const key = tableKey(input.table);
      if (this.tables.has(key) && !input.replace) throw new LodeError('already_exists', `${key} already exists.`, { field: 'table' });
      const file = this.files.get(input.path);
      if (!file) throw new LodeError('not_found', `${input.path} does not exist.`, { field: 'path' });
      const jobId = this.jobs.start('import', `Import ${key}`, () => {
        this.addTable(input.table, file.preview.columns, file.rows);
        return { table: this.table(input.table).info, rejected: 0, rejectsTable: null, rejectSample: [] };
      });
      return { jobId };
    },
    browse: async ({ source, offset, limit, sort, filters }) => {
      if (!('table' in source)) throw new LodeError('bad_input', 'the fake host browses tables only.');
      const { info, rows } = this.table(source.table);
      const col = (name: string) => info.columns.findIndex((c) => c.name === name);
      let view = rows.filter((r) =>
        filters.every((f) => (f.op === 'contains' ? String(r[col(f.column)]).includes(String(f.value)) : r[col(f.column)] === f.value)),
      );
      for (const key of [...sort].reverse()) {
        const i = col(key.column);
        view = [...view].sort((a, b) => (a[i]! < b[i]! ? -1 : a[i]! > b[i]! ? 1 : 0) * (key.descending ? -1 : 1));
      }
      const page = view.slice(offset, offset + limit);
      return { columns: info.columns, arrow: arrowOf(info.columns, page), offset, rowCount: page.length, totalRows: view.length };
    },
    runSql: async ({ sql, queryId }) => {
      this.history.unshift({ sql, ranAt: new Date().toISOString(), elapsedMs: 1, ok: !sql.includes('FORM'), error: null, rowCount: 2 });
      if (sql.includes('slow')) {
        await new Promise<void>((resolve) => this.slow.set(queryId, resolve));
        throw new LodeError('cancelled', 'the query was cancelled.');
      }
      const at = sql.indexOf('FORM');
      if (at >= 0) throw new LodeError('bad_input', 'syntax error at or near "FORM"', { field: 'sql', line: 1, column: at + 1 });
      const columns = [
        { name: 'y', type: 'VARCHAR' },
        { name: 'n', type: 'BIGINT' },
      ];
      return {
        columns,
        arrow: arrowOf(columns, [
          ['no', 36548],
          ['yes', 4640],
        ]),
        rowCount: 2,
        truncated: false,
        elapsedMs: 3,
      };
    },
    cancelSql: async ({ queryId }) => {
      const resolve = this.slow.get(queryId);
      resolve?.();
      return { cancelled: resolve !== undefined };
    },
    sqlHistory: async ({ limit }) => ({ entries: this.history.slice(0, limit) }),
    profileTable: async ({ table, key }) => {
      const { info, rows } = this.table(table);
      const jobId = this.jobs.start('profile', `Profile ${tableKey(table)}`, (): TableProfile => ({
        table,
        rows: rows.length,
        exactDistinct: true,
        profiledAt: new Date().toISOString(),
        key: key ? { columns: key, duplicateRows: 0, duplicateRate: 0 } : null,
        columns: info.columns.map((c, i) => {
          const values = rows.map((r) => r[i]);
          return {
            name: c.name,
            type: c.type,
            nulls: values.filter((v) => v === null).length,
            nullRate: 0,
            distinct: new Set(values).size,
            min: null,
            max: null,
            mean: null,
            std: null,
            quantiles: null,
            histogram: null,
            topValues: null,
          };
        }),
      }));
      return { jobId };
    },
    setQualityRules: async ({ table, rules }) => (this.rules.set(tableKey(table), rules), { rules }),
    getQualityRules: async ({ table }) => ({ rules: this.rules.get(tableKey(table)) ?? [] }),
    checkQuality: async ({ table }) => ({
      results: (this.rules.get(tableKey(table)) ?? []).map((rule) => ({
        rule,
        passed: rule.kind !== 'unique',
        observed: 0,
        message: rule.kind,
      })),
    }),
    createSnapshot: async (input) => {
      const source = 'table' in input.source ? this.table(input.source.table) : null;
      const jobId = this.jobs.start('snapshot', `Snapshot ${input.name}`, () => {
        const rows = source?.rows.length ?? 0;
        const manifest: SnapshotManifest = {
          id: `${input.name}@2025-01-01-${String(this.snapshots.length).padStart(8, '0')}`,
          name: input.name,
          contentHash: String(rows),
          createdAt: new Date(Date.parse('2025-01-01T00:00:00Z') + this.snapshots.length * 1000).toISOString(),
          createdBy: 'analyst',
          source: {
            sql: 'SELECT 1',
            table: source ? tableKey(source.info) : null,
            dtColumn: null,
            from: null,
            to: null,
            partitionByDay: false,
          },
          schema: source?.info.columns ?? [],
          rows,
          bytes: rows * 10,
          files: [],
          columns: [],
          quality: [],
        };
        this.snapshots.unshift(manifest);
        return manifest;
      });
      return { jobId };
    },
    listSnapshots: async () => ({
      snapshots: this.snapshots.map(({ id, name, contentHash, createdAt, rows, bytes, source }) => ({
        id,
        name,
        contentHash,
        createdAt,
        rows,
        bytes,
        source,
      })),
    }),
    showSnapshot: async ({ id }) => this.snapshot(id),
    diffSnapshots: async ({ a, b }) => {
      const [x, y] = [this.snapshot(a), this.snapshot(b)];
      return {
        a,
        b,
        schema: { added: [], removed: [], typeChanged: [] },
        rows: { a: x.rows, b: y.rows, delta: y.rows - x.rows },
        sameContent: x.contentHash === y.contentHash,
        columns: [],
      };
    },
    removeSnapshot: async ({ id }) => {
      this.snapshot(id);
      const referrer = this.referred.get(id);
      if (referrer) throw new LodeError('bad_input', `snapshot ${id} is used by ${referrer}.`, { hint: 'Delete the run first.' });
      this.snapshots.splice(
        this.snapshots.findIndex((s) => s.id === id),
        1,
      );
      return { removed: true };
    },
  };

  private snapshot(id: string): SnapshotManifest {
    const found = this.snapshots.find((s) => s.id === id);
    if (!found) throw new LodeError('not_found', `no snapshot ${id}.`, { field: 'id' });
    return found;
  }
}
