import type { z } from 'zod';
import { toLodeError, type LodeErrorData } from '../../../shared/errors';
import {
  snapshotManifest,
  type snapshotMethods,
  type SnapshotDiff,
  type SnapshotManifest,
  type SnapshotSummary,
} from '../../../shared/services/data/snapshots';
import { requireClient } from './connection-slice';
import { jobResult } from './job-result';
import type { SliceCreator } from './types';

export type CreateSnapshotInput = z.input<(typeof snapshotMethods)['createSnapshot']['input']>;

export interface SnapshotsSlice {
  snapshots: SnapshotSummary[];
  snapshotsLoaded: boolean;
  snapshotsError: LodeErrorData | null;
  /** Ids ticked for a diff, at most two, oldest tick first. */
  snapshotChecked: string[];
  snapshotManifest: SnapshotManifest | null;
  snapshotDiff: SnapshotDiff | null;
  /** What the detail pane shows: one manifest or the diff of the ticked two. */
  snapshotView: 'manifest' | 'diff' | null;
  snapshotDetailError: LodeErrorData | null;
  snapshotJobId: string | null;
  snapshotCreateError: LodeErrorData | null;
  snapshotRemoveError: LodeErrorData | null;
  loadSnapshots: () => Promise<void>;
  toggleSnapshotCheck: (id: string) => void;
  showSnapshot: (id: string) => Promise<void>;
  diffCheckedSnapshots: () => Promise<void>;
  createSnapshot: (input: CreateSnapshotInput) => Promise<SnapshotManifest | null>;
  removeSnapshot: (id: string) => Promise<boolean>;
  dismissSnapshotErrors: () => void;
  resetSnapshots: () => void;
}

const initial = {
  snapshots: [],
  snapshotsLoaded: false,
  snapshotsError: null,
  snapshotChecked: [],
  snapshotManifest: null,
  snapshotDiff: null,
  snapshotView: null,
  snapshotDetailError: null,
  snapshotJobId: null,
  snapshotCreateError: null,
  snapshotRemoveError: null,
} satisfies Partial<SnapshotsSlice>;

export const createSnapshotsSlice: SliceCreator<SnapshotsSlice> = (set, get) => ({
  ...initial,

  async loadSnapshots() {
    const client = get().client;
    if (!client || !get().workspace) return;
    try {
      const { snapshots } = await client.data.listSnapshots({});
      const ids = new Set(snapshots.map((s) => s.id));
      set({ snapshots, snapshotsLoaded: true, snapshotsError: null, snapshotChecked: get().snapshotChecked.filter((id) => ids.has(id)) });
    } catch (err) {
      set({ snapshotsLoaded: true, snapshotsError: toLodeError(err).toJSON() });
    }
  },

  toggleSnapshotCheck(id) {
    const checked = get().snapshotChecked;
    if (checked.includes(id)) return set({ snapshotChecked: checked.filter((c) => c !== id) });
    set({ snapshotChecked: [...checked, id].slice(-2) });
  },

  async showSnapshot(id) {
    set({ snapshotDetailError: null, snapshotRemoveError: null });
    try {
      const manifest = await requireClient(get().client).data.showSnapshot({ id });
      set({ snapshotManifest: manifest, snapshotView: 'manifest' });
    } catch (err) {
      set({ snapshotDetailError: toLodeError(err).toJSON() });
    }
  },

  async diffCheckedSnapshots() {
    const checked = get().snapshotChecked;
    if (checked.length !== 2) return;
    // Older as a, newer as b, so the deltas read as "what changed since".
    const created = (id: string) => get().snapshots.find((s) => s.id === id)?.createdAt ?? '';
    const [a, b] = [...checked].sort((x, y) => created(x).localeCompare(created(y)));
    set({ snapshotDetailError: null });
    try {
      const diff = await requireClient(get().client).data.diffSnapshots({ a: a!, b: b! });
      set({ snapshotDiff: diff, snapshotView: 'diff' });
    } catch (err) {
      set({ snapshotDetailError: toLodeError(err).toJSON() });
    }
  },

  async createSnapshot(input) {
    set({ snapshotCreateError: null });
    try {
      const { jobId } = await requireClient(get().client).data.createSnapshot(input);
      set({ snapshotJobId: jobId });
      const manifest = jobResult(await get().waitForJob(jobId), snapshotManifest);
      set({ snapshotJobId: null, snapshotManifest: manifest, snapshotView: 'manifest' });
      await get().loadSnapshots();
      return manifest;
    } catch (err) {
      set({ snapshotJobId: null, snapshotCreateError: toLodeError(err).toJSON() });
      return null;
    }
  },

  async removeSnapshot(id) {
    set({ snapshotRemoveError: null });
    try {
      await requireClient(get().client).data.removeSnapshot({ id });
      const manifest = get().snapshotManifest;
      if (manifest?.id === id) set({ snapshotManifest: null, snapshotView: null });
      if (get().snapshotDiff && [get().snapshotDiff?.a, get().snapshotDiff?.b].includes(id))
        set({ snapshotDiff: null, snapshotView: null });
      await get().loadSnapshots();
      return true;
    } catch (err) {
      set({ snapshotRemoveError: toLodeError(err).toJSON() });
      return false;
    }
  },

  dismissSnapshotErrors: () => set({ snapshotCreateError: null, snapshotRemoveError: null, snapshotDetailError: null }),
  resetSnapshots: () => set({ ...initial }),
});
