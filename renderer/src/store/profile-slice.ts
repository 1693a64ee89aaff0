import { toLodeError, type LodeErrorData } from '../../../shared/errors';
import type { TableRef } from '../../../shared/services/data/common';
import { tableProfile, type QualityRule, type RuleResult, type TableProfile } from '../../../shared/services/data/profile';
import { tableKey } from '../data/table-key';
import { requireClient } from './connection-slice';
import { jobResult } from './job-result';
import type { SliceCreator } from './types';

export type DistinctMode = 'auto' | 'exact' | 'approximate';

export interface ProfileEntry {
  readonly profile: TableProfile | null;
  readonly jobId: string | null;
  readonly error: LodeErrorData | null;
}

export interface QualityEntry {
  /** The rules as edited; `saved` is what the workspace holds. */
  readonly rules: readonly QualityRule[];
  readonly saved: readonly QualityRule[];
  readonly loaded: boolean;
  readonly busy: 'loading' | 'saving' | 'checking' | null;
  readonly results: readonly RuleResult[] | null;
  readonly error: LodeErrorData | null;
}

export interface ProfileSlice {
  /** By `layer.name`. */
  profiles: Record<string, ProfileEntry>;
  quality: Record<string, QualityEntry>;
  runProfile: (table: TableRef, key: string[], distinct: DistinctMode) => Promise<void>;
  loadQualityRules: (table: TableRef) => Promise<void>;
  editQualityRules: (table: TableRef, rules: QualityRule[]) => void;
  saveQualityRules: (table: TableRef) => Promise<void>;
  checkQuality: (table: TableRef) => Promise<void>;
  resetProfiles: () => void;
}

const emptyQuality: QualityEntry = { rules: [], saved: [], loaded: false, busy: null, results: null, error: null };

export function qualityDirty(entry: QualityEntry): boolean {
  return JSON.stringify(entry.rules) !== JSON.stringify(entry.saved);
}

export const createProfileSlice: SliceCreator<ProfileSlice> = (set, get) => {
  const setProfile = (key: string, change: Partial<ProfileEntry>) => {
    const current = get().profiles[key] ?? { profile: null, jobId: null, error: null };
    set({ profiles: { ...get().profiles, [key]: { ...current, ...change } } });
  };
  const setQuality = (key: string, change: Partial<QualityEntry>) => {
    const current = get().quality[key] ?? emptyQuality;
    set({ quality: { ...get().quality, [key]: { ...current, ...change } } });
  };

  return {
    profiles: {},
    quality: {},

    async runProfile(table, key, distinct) {
      const id = tableKey(table);
      setProfile(id, { error: null });
      try {
        const client = requireClient(get().client);
        const { jobId } = await client.data.profileTable({ table, ...(key.length > 0 ? { key } : {}), distinct });
        setProfile(id, { jobId });
        const profile = jobResult(await get().waitForJob(jobId), tableProfile);
        setProfile(id, { profile, jobId: null });
      } catch (err) {
        setProfile(id, { jobId: null, error: toLodeError(err).toJSON() });
      }
    },

    async loadQualityRules(table) {
      const id = tableKey(table);
      setQuality(id, { busy: 'loading', error: null });
      try {
        const { rules } = await requireClient(get().client).data.getQualityRules({ table });
        setQuality(id, { rules, saved: rules, loaded: true, busy: null });
      } catch (err) {
        setQuality(id, { busy: null, loaded: true, error: toLodeError(err).toJSON() });
      }
    },

    editQualityRules: (table, rules) => setQuality(tableKey(table), { rules, results: null }),

    async saveQualityRules(table) {
      const id = tableKey(table);
      const entry = get().quality[id] ?? emptyQuality;
      setQuality(id, { busy: 'saving', error: null });
      try {
        const { rules } = await requireClient(get().client).data.setQualityRules({ table, rules: [...entry.rules] });
        setQuality(id, { rules, saved: rules, busy: null });
      } catch (err) {
        setQuality(id, { busy: null, error: toLodeError(err).toJSON() });
      }
    },

    async checkQuality(table) {
      const id = tableKey(table);
      const entry = get().quality[id] ?? emptyQuality;
      // The host checks the saved rules: save edits first so the results match what is shown.
      if (qualityDirty(entry)) await get().saveQualityRules(table);
      if (get().quality[id]?.error) return;
      setQuality(id, { busy: 'checking', error: null });
      try {
        const { results } = await requireClient(get().client).data.checkQuality({ table });
        setQuality(id, { results, busy: null });
      } catch (err) {
        setQuality(id, { busy: null, error: toLodeError(err).toJSON() });
      }
    },

    resetProfiles: () => set({ profiles: {}, quality: {} }),
  };
};
