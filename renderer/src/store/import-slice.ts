import { LodeError, toLodeError, type LodeErrorData } from '../../../shared/errors';
import { importResult, type ImportPreview, type ImportResult } from '../../../shared/services/data/imports';
import { nameFromPath, nameProblem, tableKey } from '../data/table-key';
import { requireClient } from './connection-slice';
import { emptyDraft, importSourceOf, SHAPE_FIELDS, type ImportDraft } from './import-draft';
import { jobResult } from './job-result';
import type { SliceCreator } from './types';

export const PREVIEW_ROWS = 20;

export interface ImportNotice {
  readonly result: ImportResult;
  readonly file: string;
}

export interface ImportSlice {
  importOpen: boolean;
  importDraft: ImportDraft;
  importPreview: ImportPreview | null;
  importPreviewing: boolean;
  importPreviewError: LodeErrorData | null;
  /** The target exists: the dialog asks before replacing it. */
  importConfirmReplace: boolean;
  importJobId: string | null;
  importError: LodeErrorData | null;
  importNotice: ImportNotice | null;
  openImport: () => void;
  closeImport: () => void;
  updateImportDraft: (change: Partial<ImportDraft>) => void;
  setImportType: (column: string, type: string | null) => void;
  previewImport: () => Promise<void>;
  startImport: (replace?: boolean) => Promise<void>;
  cancelReplace: () => void;
  dismissImportNotice: () => void;
  resetImport: () => void;
}

const initial = {
  importOpen: false,
  importDraft: emptyDraft,
  importPreview: null,
  importPreviewing: false,
  importPreviewError: null,
  importConfirmReplace: false,
  importJobId: null,
  importError: null,
} satisfies Partial<ImportSlice>;

export const createImportSlice: SliceCreator<ImportSlice> = (set, get) => {
  // Previews answer out of order while the analyst types; only the latest one counts.
  let previewSeq = 0;

  return {
    ...initial,
    importNotice: null,

    // Reopening during an import shows its progress again rather than a blank form.
    openImport: () => set(get().importJobId ? { importOpen: true } : { ...initial, importOpen: true }),

    closeImport() {
      if (get().importJobId) return set({ importOpen: false });
      set({ ...initial });
    },

    updateImportDraft(change) {
      const draft = get().importDraft;
      const next: ImportDraft = { ...draft, ...change };
      if (change.name !== undefined) next.nameTouched = change.name !== '';
      if (change.path !== undefined && !next.nameTouched) next.name = change.path.trim() ? nameFromPath(change.path) : '';
      if (SHAPE_FIELDS.some((field) => change[field] !== undefined && change[field] !== draft[field])) next.types = {};
      set({ importDraft: next, importConfirmReplace: false, importError: null });
    },

    setImportType(column, type) {
      const types = { ...get().importDraft.types };
      if (type === null || type.trim() === '') delete types[column];
      else types[column] = type;
      set({ importDraft: { ...get().importDraft, types } });
    },

    async previewImport() {
      const seq = ++previewSeq;
      const source = importSourceOf(get().importDraft);
      if (source.path === '') return set({ importPreview: null, importPreviewError: null, importPreviewing: false });
      set({ importPreviewing: true });
      try {
        const preview = await requireClient(get().client).data.previewImport({ ...source, rows: PREVIEW_ROWS });
        if (seq === previewSeq) set({ importPreview: preview, importPreviewError: null, importPreviewing: false });
      } catch (err) {
        if (seq !== previewSeq) return;
        // An error about an option keeps the last good preview of the same file beside it.
        const kept = get().importPreview?.path === source.path ? get().importPreview : null;
        set({ importPreview: kept, importPreviewError: toLodeError(err).toJSON(), importPreviewing: false });
      }
    },

    async startImport(replace = false) {
      const draft = get().importDraft;
      const problem = nameProblem(draft.name);
      if (problem) return set({ importError: new LodeError('bad_input', problem, { field: 'name' }).toJSON() });
      const table = { layer: draft.layer, name: draft.name };
      const exists = get().tables.some((t) => t.layer === table.layer && t.name === table.name);
      if (exists && !replace) return set({ importConfirmReplace: true });

      set({ importConfirmReplace: false, importError: null });
      const client = requireClient(get().client);
      try {
        const { jobId } = await client.data.importFile({ ...importSourceOf(draft), table, onError: draft.onError, replace });
        set({ importJobId: jobId });
        const result = jobResult(await get().waitForJob(jobId), importResult);
        set({ ...initial, importNotice: { result, file: draft.path.trim() } });
        await get().loadTables();
        // A replaced table may be the one the grid holds pages of.
        const browsed = get().browse?.source;
        if (browsed && 'table' in browsed && tableKey(browsed.table) === tableKey(table)) get().refreshBrowse();
        get().selectTable(tableKey(table));
        get().setDataTab('browse');
      } catch (err) {
        const error = toLodeError(err);
        set({ importJobId: null, importError: error.toJSON(), importConfirmReplace: error.code === 'already_exists' });
        await get().loadTables();
      }
    },

    cancelReplace: () => set({ importConfirmReplace: false }),
    dismissImportNotice: () => set({ importNotice: null }),
    resetImport: () => {
      previewSeq++;
      set({ ...initial, importNotice: null });
    },
  };
};
