import { toLodeError, type LodeErrorData } from '../../../shared/errors';
import type { DataLayer, TableRef } from '../../../shared/services/data/common';
import type { TableInfo } from '../../../shared/services/data/tables';
import { tableKey } from '../data/table-key';
import { requireClient } from './connection-slice';
import type { SliceCreator } from './types';

export const dataTabs = ['browse', 'profile', 'quality', 'sql', 'snapshots'] as const;
export type DataTab = (typeof dataTabs)[number];
/** Tabs about the selected table; the others belong to the whole section. */
export const tableTabs: readonly DataTab[] = ['browse', 'profile', 'quality'];

export interface TablesSlice {
  tables: TableInfo[];
  tablesLoaded: boolean;
  tablesLoading: boolean;
  tablesError: LodeErrorData | null;
  /** `layer.name` of the selected table or view. */
  selectedTable: string | null;
  tableLayerFilter: DataLayer | 'all';
  tableSearch: string;
  dataTab: DataTab;
  /** A drop in flight, and why the last one was refused. */
  dropping: string | null;
  dropError: LodeErrorData | null;
  loadTables: () => Promise<void>;
  selectTable: (key: string | null) => void;
  setTableLayerFilter: (layer: DataLayer | 'all') => void;
  setTableSearch: (text: string) => void;
  setDataTab: (tab: DataTab) => void;
  dropTable: (ref: TableRef) => Promise<boolean>;
  resetData: () => void;
}

export function refOf(table: TableInfo): TableRef {
  return { layer: table.layer, name: table.name };
}

export function selectedTableInfo(state: Pick<TablesSlice, 'tables' | 'selectedTable'>): TableInfo | null {
  return state.tables.find((t) => tableKey(refOf(t)) === state.selectedTable) ?? null;
}

const layerOrder = ['ods', 'dwd', 'dws', 'ads'];

/** The tables the list shows, by layer in ods → ads order, each layer sorted by name. */
export function visibleTables(tables: readonly TableInfo[], layer: DataLayer | 'all', search: string): TableInfo[] {
  const needle = search.trim().toLowerCase();
  return tables
    .filter((t) => (layer === 'all' || t.layer === layer) && (needle === '' || `${t.layer}.${t.name}`.includes(needle)))
    .sort((a, b) => layerOrder.indexOf(a.layer) - layerOrder.indexOf(b.layer) || a.name.localeCompare(b.name));
}

export const createTablesSlice: SliceCreator<TablesSlice> = (set, get) => ({
  tables: [],
  tablesLoaded: false,
  tablesLoading: false,
  tablesError: null,
  selectedTable: null,
  tableLayerFilter: 'all',
  tableSearch: '',
  dataTab: 'browse',
  dropping: null,
  dropError: null,

  async loadTables() {
    const client = get().client;
    if (!client || !get().workspace) return;
    set({ tablesLoading: true });
    try {
      const { tables } = await client.data.listTables({});
      const selected = get().selectedTable;
      const stillThere = selected !== null && tables.some((t) => tableKey(refOf(t)) === selected);
      set({ tables, tablesLoaded: true, tablesLoading: false, tablesError: null, ...(stillThere ? {} : { selectedTable: null }) });
    } catch (err) {
      set({ tablesLoading: false, tablesLoaded: true, tablesError: toLodeError(err).toJSON() });
    }
  },

  selectTable(key) {
    if (key === get().selectedTable) return;
    // The tab stays: the snapshots tab, for one, snapshots whichever table is selected.
    set({ selectedTable: key, dropError: null });
  },

  setTableLayerFilter: (tableLayerFilter) => set({ tableLayerFilter }),
  setTableSearch: (tableSearch) => set({ tableSearch }),
  setDataTab: (dataTab) => set({ dataTab }),

  async dropTable(ref) {
    const key = tableKey(ref);
    set({ dropping: key, dropError: null });
    try {
      await requireClient(get().client).data.dropTable(ref);
      if (get().selectedTable === key) set({ selectedTable: null });
      set({ dropping: null });
      await get().loadTables();
      return true;
    } catch (err) {
      set({ dropping: null, dropError: toLodeError(err).toJSON() });
      return false;
    }
  },

  resetData() {
    set({
      tables: [],
      tablesLoaded: false,
      tablesLoading: false,
      tablesError: null,
      selectedTable: null,
      tableSearch: '',
      tableLayerFilter: 'all',
      dataTab: 'browse',
      dropping: null,
      dropError: null,
    });
    get().resetImport();
    get().resetBrowse();
    get().resetSql();
    get().resetProfiles();
    get().resetSnapshots();
  },
});
