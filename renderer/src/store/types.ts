import type { StateCreator } from 'zustand/vanilla';
import type { ConnectionSlice } from './connection-slice';
import type { JobsSlice } from './jobs-slice';
import type { NavigationSlice } from './navigation-slice';
import type { ThemeSlice } from './theme-slice';
import type { WorkspaceSlice } from './workspace-slice';

/** The whole renderer state: the union of its slices, each with its actions beside its state. */
export type LodeState = ConnectionSlice & WorkspaceSlice & NavigationSlice & JobsSlice & ThemeSlice;

export type SliceCreator<T> = StateCreator<LodeState, [], [], T>;
