import { toLodeError, type LodeErrorData } from '../../../shared/errors';
import type { RecentWorkspace, WorkspaceInfo } from '../../../shared/services/workspace';
import { requireClient } from './connection-slice';
import type { SliceCreator } from './types';

/** Which part of the welcome screen an action came from, so its error shows next to it. */
export type WorkspaceForm = 'create' | 'open' | 'recent' | 'close';

export interface WorkspaceError extends LodeErrorData {
  readonly form: WorkspaceForm;
  /** The recent entry that failed to open, when it came from the list. */
  readonly path?: string;
}

export interface WorkspaceSlice {
  workspace: WorkspaceInfo | null;
  recent: RecentWorkspace[];
  workspacePending: WorkspaceForm | null;
  workspaceError: WorkspaceError | null;
  createWorkspace: (path: string, name?: string) => Promise<void>;
  openWorkspace: (path: string, form?: 'open' | 'recent') => Promise<void>;
  closeWorkspace: () => Promise<void>;
  refreshRecent: () => Promise<void>;
  /** Applies the host's view of the open workspace (from a reply or a `workspace.changed` event). */
  applyWorkspaceChanged: (workspace: WorkspaceInfo | null) => Promise<void>;
  dismissWorkspaceError: () => void;
}

export const createWorkspaceSlice: SliceCreator<WorkspaceSlice> = (set, get) => {
  /** Runs one workspace action, keeping its error beside the form it came from. */
  const run = async (form: WorkspaceForm, action: () => Promise<WorkspaceInfo | null>, path?: string) => {
    set({ workspacePending: form, workspaceError: null });
    try {
      const workspace = await action();
      set({ workspacePending: null });
      await get().applyWorkspaceChanged(workspace);
    } catch (err) {
      const error: WorkspaceError = { ...toLodeError(err).toJSON(), form, ...(path === undefined ? {} : { path }) };
      set({ workspacePending: null, workspaceError: error });
      if (form === 'recent') await get().refreshRecent();
    }
  };

  return {
    workspace: null,
    recent: [],
    workspacePending: null,
    workspaceError: null,

    createWorkspace: (path, name) =>
      run('create', () => requireClient(get().client).workspace.create({ path, ...(name?.trim() ? { name: name.trim() } : {}) })),

    openWorkspace: (path, form = 'open') =>
      run(form, () => requireClient(get().client).workspace.open({ path }), form === 'recent' ? path : undefined),

    closeWorkspace: () =>
      run('close', async () => {
        await requireClient(get().client).workspace.close({});
        return null;
      }),

    async refreshRecent() {
      const client = get().client;
      if (!client) return;
      try {
        const { workspaces } = await client.workspace.recent({});
        set({ recent: workspaces });
      } catch (err) {
        // The list only helps to find folders; keep the one we have and say why it is stale.
        console.error('Lode: could not refresh the recent workspaces', err);
      }
    },

    async applyWorkspaceChanged(workspace) {
      const current = get().workspace;
      const samePath = (current?.path ?? null) === (workspace?.path ?? null);
      set({ workspace });
      if (samePath) return;
      get().resetJobs();
      get().resetData();
      // A feature of the last workspace has no meaning in this one.
      get().closeFeatureDetail();
      if (workspace) get().selectSection('data');
      await Promise.all([get().refreshRecent(), ...(workspace ? [get().loadJobs(), get().loadTables(), get().loadSnapshots()] : [])]);
    },

    dismissWorkspaceError: () => set({ workspaceError: null }),
  };
};
