import { toLodeError, type LodeErrorData } from '../../../shared/errors';
import type { ColumnInfo } from '../../../shared/services/data/common';
import type { ColumnFilter, RowSource } from '../../../shared/services/data/query';
import { ArrowRows } from '../data/arrow-rows';
import { requireClient } from './connection-slice';
import { PAGE_ROWS, pagesFor, withPage, type PageMap } from './page-cache';
import type { SliceCreator } from './types';

export interface SortKey {
  readonly column: string;
  readonly descending: boolean;
}

/** One table or query as the grid pages through it; sort and filters run in DuckDB. */
export interface BrowseView {
  /** Changes whenever source, sort or filters do: replies for an older key are dropped. */
  readonly key: string;
  readonly source: RowSource;
  readonly sort: readonly SortKey[];
  readonly filters: readonly ColumnFilter[];
  readonly columns: readonly ColumnInfo[] | null;
  readonly totalRows: number | null;
  readonly pages: PageMap;
  readonly loading: readonly number[];
  readonly error: LodeErrorData | null;
}

export interface BrowseSlice {
  browse: BrowseView | null;
  openBrowse: (source: RowSource) => void;
  /** Ascending, then descending, then unsorted; `add` keeps the other sort columns (shift+click). */
  sortBrowse: (column: string, add?: boolean) => void;
  filterBrowse: (column: string, filter: ColumnFilter | null) => void;
  ensureBrowseRows: (first: number, last: number) => Promise<void>;
  /** Drops the cached pages (the rows may have changed) and fetches the first page again. */
  refreshBrowse: () => void;
  resetBrowse: () => void;
}

export function nextSort(sort: readonly SortKey[], column: string, add: boolean): SortKey[] {
  const current = sort.find((s) => s.column === column);
  const others = add ? sort.filter((s) => s.column !== column) : [];
  if (!current) return [...others, { column, descending: false }];
  if (!current.descending) {
    return add ? sort.map((s) => (s.column === column ? { column, descending: true } : s)) : [{ column, descending: true }];
  }
  return others;
}

export const createBrowseSlice: SliceCreator<BrowseSlice> = (set, get) => {
  // Each opening gets its own key, so a refresh also drops replies that were still in flight.
  let generation = 0;
  const viewKey = (source: RowSource, sort: readonly SortKey[], filters: readonly ColumnFilter[]) =>
    `${++generation}:${JSON.stringify([source, sort, filters])}`;

  const reopen = (view: BrowseView, sort: readonly SortKey[], filters: readonly ColumnFilter[]) => {
    set({ browse: { ...view, key: viewKey(view.source, sort, filters), sort, filters, pages: new Map(), loading: [], error: null } });
    void get().ensureBrowseRows(0, PAGE_ROWS - 1);
  };

  const fetchPage = async (view: BrowseView, page: number) => {
    try {
      const reply = await requireClient(get().client).data.browse({
        source: view.source,
        offset: page * PAGE_ROWS,
        limit: PAGE_ROWS,
        sort: [...view.sort],
        filters: [...view.filters],
      });
      const rows = ArrowRows.fromBytes(reply.arrow);
      const now = get().browse;
      if (now?.key !== view.key) return;
      set({
        browse: {
          ...now,
          columns: reply.columns,
          totalRows: reply.totalRows,
          pages: withPage(now.pages, page, rows),
          loading: now.loading.filter((p) => p !== page),
          error: null,
        },
      });
    } catch (err) {
      const now = get().browse;
      if (now?.key !== view.key) return;
      set({ browse: { ...now, loading: now.loading.filter((p) => p !== page), error: toLodeError(err).toJSON() } });
    }
  };

  return {
    browse: null,

    openBrowse(source) {
      const current = get().browse;
      if (current && JSON.stringify(current.source) === JSON.stringify(source)) return;
      const view: BrowseView = {
        key: viewKey(source, [], []),
        source,
        sort: [],
        filters: [],
        columns: null,
        totalRows: null,
        pages: new Map(),
        loading: [],
        error: null,
      };
      set({ browse: view });
      void get().ensureBrowseRows(0, PAGE_ROWS - 1);
    },

    sortBrowse(column, add = false) {
      const view = get().browse;
      if (view) reopen(view, nextSort(view.sort, column, add), view.filters);
    },

    filterBrowse(column, filter) {
      const view = get().browse;
      if (!view) return;
      const filters = view.filters.filter((f) => f.column !== column);
      reopen(view, view.sort, filter ? [...filters, filter] : filters);
    },

    async ensureBrowseRows(first, last) {
      const view = get().browse;
      if (!view) return;
      const missing = pagesFor(first, last, view.totalRows).filter((p) => !view.pages.has(p) && !view.loading.includes(p));
      if (missing.length === 0) return;
      set({ browse: { ...view, loading: [...view.loading, ...missing] } });
      await Promise.all(missing.map((page) => fetchPage(view, page)));
    },

    refreshBrowse() {
      const view = get().browse;
      if (view) reopen(view, view.sort, view.filters);
    },

    resetBrowse: () => set({ browse: null }),
  };
};
