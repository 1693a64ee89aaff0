import type { StateCreator } from 'zustand/vanilla';
import type { BrowseSlice } from './browse-slice';
import type { ConnectionSlice } from './connection-slice';
import type { ExperimentsSlice } from './experiments-slice';
import type { FeaturesSlice } from './features-slice';
import type { ImportSlice } from './import-slice';
import type { JobsSlice } from './jobs-slice';
import type { NavigationSlice } from './navigation-slice';
import type { ProfileSlice } from './profile-slice';
import type { SearchSlice } from './search-slice';
import type { SnapshotsSlice } from './snapshots-slice';
import type { SqlSlice } from './sql-slice';
import type { TablesSlice } from './tables-slice';
import type { ThemeSlice } from './theme-slice';
import type { TrainingSlice } from './training-slice';
import type { WorkspaceSlice } from './workspace-slice';

/** The whole renderer state: the union of its slices, each with its actions beside its state. */
export type LodeState = ConnectionSlice &
  WorkspaceSlice &
  NavigationSlice &
  JobsSlice &
  ThemeSlice &
  TablesSlice &
  ImportSlice &
  BrowseSlice &
  SqlSlice &
  ProfileSlice &
  SnapshotsSlice &
  FeaturesSlice &
  TrainingSlice &
  ExperimentsSlice &
  SearchSlice;

export type SliceCreator<T> = StateCreator<LodeState, [], [], T>;
