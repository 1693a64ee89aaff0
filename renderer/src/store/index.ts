import { createStore, type StoreApi } from 'zustand/vanilla';
import { createBrowseSlice } from './browse-slice';
import { createConnectionSlice, type Connection } from './connection-slice';
import { createExperimentsSlice } from './experiments-slice';
import { createFeaturesSlice } from './features-slice';
import { createImportSlice } from './import-slice';
import { createJobsSlice } from './jobs-slice';
import { createNavigationSlice } from './navigation-slice';
import { createProfileSlice } from './profile-slice';
import { createSearchSlice } from './search-slice';
import { createSnapshotsSlice } from './snapshots-slice';
import { createSqlSlice } from './sql-slice';
import { createTablesSlice } from './tables-slice';
import { createThemeSlice, type ThemeOptions } from './theme-slice';
import { createTrainingSlice } from './training-slice';
import type { LodeState } from './types';
import { createWorkspaceSlice } from './workspace-slice';

export type { LodeState } from './types';
export type LodeStore = StoreApi<LodeState>;

export interface StoreOptions extends ThemeOptions {
  readonly connect: () => Promise<Connection>;
}

/** One vanilla store from typed slices; React binds to it with `useLode`, event handlers use it directly. */
export function createLodeStore(options: StoreOptions): LodeStore {
  return createStore<LodeState>()((...a) => ({
    ...createConnectionSlice(options.connect)(...a),
    ...createWorkspaceSlice(...a),
    ...createNavigationSlice(...a),
    ...createJobsSlice(...a),
    ...createThemeSlice(options)(...a),
    ...createTablesSlice(...a),
    ...createImportSlice(...a),
    ...createBrowseSlice(...a),
    ...createSqlSlice(...a),
    ...createProfileSlice(...a),
    ...createSnapshotsSlice(...a),
    ...createFeaturesSlice(...a),
    ...createTrainingSlice(...a),
    ...createExperimentsSlice(...a),
    ...createSearchSlice(...a),
  }));
}
