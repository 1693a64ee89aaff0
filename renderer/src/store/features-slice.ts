import { toLodeError, type LodeErrorData } from '../../../shared/errors';
import type { ColumnInfo } from '../../../shared/services/data/common';
import {
  buildResult,
  type BuildResult,
  type CompiledTemplate,
  type FeatureDetail,
  type RegisteredFeature,
  type TemplateMarker,
  type TemplatePreview,
  type TemplateSummary,
} from '../../../shared/services/features';
import { ArrowRows } from '../data/arrow-rows';
import { requireClient } from './connection-slice';
import { jobResult } from './job-result';
import type { SliceCreator } from './types';

export const PREVIEW_ROWS = 100;

export const NEW_TEMPLATE = `name: my_features
description: What one row of the training set is about
entity: { keys: [user_id] }
spine: { table: ods.spine, time: as_of }
sources:
  events: { table: ods.events, time: event_time }
features:
  - { name: n_events, kind: aggregation, source: events, function: count, windows: [7d, 30d] }
`;

export interface FeaturePreviewState {
  readonly columns: readonly ColumnInfo[];
  readonly rows: ArrowRows;
  readonly rowCount: number;
  readonly totalRows: number;
  readonly sampled: boolean;
  readonly stats: TemplatePreview['stats'];
  readonly key: string;
}

export interface FeaturesSlice {
  featureTemplates: TemplateSummary[];
  /** The template open in the editor (the file name under features/), or null for a new one. */
  featureName: string | null;
  /** Bumped when another template is opened, so the editor starts a fresh model. */
  featureLoadId: number;
  featureText: string;
  featureMarkers: TemplateMarker[];
  featureCompiled: CompiledTemplate | null;
  featurePreview: FeaturePreviewState | null;
  featurePreviewing: boolean;
  featureSaving: boolean;
  featureSavedPath: string | null;
  featureBuildJobId: string | null;
  featureBuild: BuildResult | null;
  featureError: LodeErrorData | null;
  featureRegistry: RegisteredFeature[];
  featureSearch: string;
  /** The feature open in the detail panel (its id, whether it has loaded yet or failed to). */
  featureDetailId: string | null;
  featureDetail: FeatureDetail | null;
  featureDetailLoading: boolean;
  featureDetailError: LodeErrorData | null;
  /** The version last asked for (null: the latest), which "Try again" asks for again. */
  featureDetailVersion: number | null;
  loadFeatureTemplates: () => Promise<void>;
  openFeatureTemplate: (name: string) => Promise<void>;
  newFeatureTemplate: () => void;
  setFeatureText: (text: string) => void;
  /** Checks the text (markers) and, when it is clean, compiles it (SQL); what the editor runs after typing. */
  checkFeatureText: () => Promise<void>;
  previewFeatures: () => Promise<void>;
  saveFeatureTemplate: (name: string) => Promise<boolean>;
  buildFeatures: (snapshotId: string, acknowledgeLeakage: boolean) => Promise<BuildResult | null>;
  searchFeatures: (search: string) => Promise<void>;
  /** Opens a registered feature at a version (the latest when none) in the detail panel. */
  openFeatureDetail: (id: string, version?: number) => Promise<void>;
  /** Asks again for the feature and version last asked for (after an error). */
  retryFeatureDetail: () => Promise<void>;
  /** Loads the open feature again (after a save or build may have added a version or a use). */
  reloadFeatureDetail: () => Promise<void>;
  closeFeatureDetail: () => void;
}

/** Bumped on every check, so a slow answer for older text never overwrites a newer one. */
let checkSeq = 0;
/** The same for the detail panel: only the feature (or version) opened last may land. */
let detailSeq = 0;

export const createFeaturesSlice: SliceCreator<FeaturesSlice> = (set, get) => ({
  featureTemplates: [],
  featureName: null,
  featureLoadId: 0,
  featureText: NEW_TEMPLATE,
  featureMarkers: [],
  featureCompiled: null,
  featurePreview: null,
  featurePreviewing: false,
  featureSaving: false,
  featureSavedPath: null,
  featureBuildJobId: null,
  featureBuild: null,
  featureError: null,
  featureRegistry: [],
  featureSearch: '',
  featureDetailId: null,
  featureDetail: null,
  featureDetailLoading: false,
  featureDetailError: null,
  featureDetailVersion: null,

  async loadFeatureTemplates() {
    try {
      const { templates } = await requireClient(get().client).features.listTemplates({});
      set({ featureTemplates: templates });
    } catch (err) {
      set({ featureError: toLodeError(err).toJSON() });
    }
  },

  async openFeatureTemplate(name) {
    try {
      const { text } = await requireClient(get().client).features.readTemplate({ name });
      set({
        featureName: name,
        featureLoadId: get().featureLoadId + 1,
        featureText: text,
        featurePreview: null,
        featureBuild: null,
        featureSavedPath: null,
        featureError: null,
      });
      await get().checkFeatureText();
    } catch (err) {
      set({ featureError: toLodeError(err).toJSON() });
    }
  },

  newFeatureTemplate() {
    set({
      featureName: null,
      featureLoadId: get().featureLoadId + 1,
      featureText: NEW_TEMPLATE,
      featureMarkers: [],
      featureCompiled: null,
      featurePreview: null,
      featureBuild: null,
      featureSavedPath: null,
      featureError: null,
    });
  },

  setFeatureText: (featureText) => set({ featureText, featureSavedPath: null }),

  async checkFeatureText() {
    const seq = ++checkSeq;
    const text = get().featureText;
    try {
      const client = requireClient(get().client);
      const checked = await client.features.check({ text });
      if (seq !== checkSeq) return;
      set({ featureMarkers: checked.markers });
      if (!checked.ok) {
        set({ featureCompiled: null });
        return;
      }
      const compiled = await client.features.compile({ text });
      if (seq !== checkSeq) return;
      set({ featureCompiled: compiled, featureMarkers: compiled.markers });
    } catch (err) {
      if (seq === checkSeq) set({ featureError: toLodeError(err).toJSON() });
    }
  },

  async previewFeatures() {
    set({ featurePreviewing: true, featureError: null });
    try {
      const text = get().featureText;
      const reply = await requireClient(get().client).features.preview({ text, rows: PREVIEW_ROWS });
      set({ featureMarkers: reply.compiled.markers, featureCompiled: reply.compiled.ok ? reply.compiled : null });
      set({
        featurePreview: reply.compiled.ok
          ? {
              columns: reply.columns,
              rows: ArrowRows.fromBytes(reply.arrow),
              rowCount: reply.rowCount,
              totalRows: reply.totalRows,
              sampled: reply.sampled,
              stats: reply.stats,
              key: `${reply.compiled.logicVersion ?? ''}-${Date.now()}`,
            }
          : null,
      });
    } catch (err) {
      set({ featureError: toLodeError(err).toJSON() });
    } finally {
      set({ featurePreviewing: false });
    }
  },

  async saveFeatureTemplate(name) {
    set({ featureSaving: true, featureError: null });
    try {
      const saved = await requireClient(get().client).features.save({ name, text: get().featureText });
      set({ featureName: name, featureSavedPath: saved.path, featureMarkers: saved.markers });
      await get().loadFeatureTemplates();
      await get().searchFeatures(get().featureSearch);
      await get().reloadFeatureDetail();
      return true;
    } catch (err) {
      set({ featureError: toLodeError(err).toJSON() });
      return false;
    } finally {
      set({ featureSaving: false });
    }
  },

  async buildFeatures(snapshotId, acknowledgeLeakage) {
    const name = get().featureName;
    if (name === null) return null;
    set({ featureError: null, featureBuild: null });
    try {
      const client = requireClient(get().client);
      const { jobId } = await client.features.build({ path: `features/${name}.yaml`, snapshotId, acknowledgeLeakage });
      set({ featureBuildJobId: jobId });
      const result = jobResult(await get().waitForJob(jobId), buildResult);
      set({ featureBuild: result });
      await get().loadSnapshots();
      await get().searchFeatures(get().featureSearch);
      await get().reloadFeatureDetail();
      return result;
    } catch (err) {
      set({ featureError: toLodeError(err).toJSON() });
      return null;
    } finally {
      set({ featureBuildJobId: null });
    }
  },

  async searchFeatures(search) {
    set({ featureSearch: search });
    try {
      const { features } = await requireClient(get().client).features.listFeatures({ search: search.trim() || undefined });
      if (get().featureSearch === search) set({ featureRegistry: features });
    } catch (err) {
      set({ featureError: toLodeError(err).toJSON() });
    }
  },

  async openFeatureDetail(id, version) {
    const seq = ++detailSeq;
    // Another version of the same feature keeps the panel's content until it arrives; another feature starts empty.
    const same = get().featureDetailId === id;
    set({
      featureDetailId: id,
      featureDetailVersion: version ?? null,
      featureDetailLoading: true,
      featureDetailError: null,
      ...(same ? {} : { featureDetail: null }),
    });
    try {
      const detail = await requireClient(get().client).features.showFeature({ id, version });
      if (seq === detailSeq) set({ featureDetail: detail });
    } catch (err) {
      if (seq === detailSeq) set({ featureDetailError: toLodeError(err).toJSON() });
    } finally {
      if (seq === detailSeq) set({ featureDetailLoading: false });
    }
  },

  async reloadFeatureDetail() {
    const { featureDetailId: id, featureDetail: shown } = get();
    if (id === null) return;
    // The latest stays the latest: a new version replaces it in the panel; an older one stays put.
    await get().openFeatureDetail(id, shown && !shown.latest ? shown.version : undefined);
  },

  async retryFeatureDetail() {
    const { featureDetailId: id, featureDetailVersion: version } = get();
    if (id !== null) await get().openFeatureDetail(id, version ?? undefined);
  },

  closeFeatureDetail() {
    detailSeq++;
    set({ featureDetailId: null, featureDetail: null, featureDetailLoading: false, featureDetailError: null, featureDetailVersion: null });
  },
});
