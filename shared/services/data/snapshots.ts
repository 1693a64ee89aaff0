import { z } from 'zod';
import { method } from '../../contract/define';
import { columnInfo, objectName } from './common';
import { ruleResult } from './profile';
import { rowSource } from './query';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const snapshotColumnStats = z.object({
  name: z.string(),
  type: z.string(),
  nulls: z.number().int(),
  distinct: z.number().int(),
  min: z.union([z.number(), z.string()]).nullable(),
  max: z.union([z.number(), z.string()]).nullable(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
});
export type SnapshotColumnStats = z.infer<typeof snapshotColumnStats>;

/** manifest.json of a snapshot, and what the service returns for one. */
export const snapshotManifest = z.object({
  id: z.string(),
  name: z.string(),
  contentHash: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  source: z.object({
    sql: z.string(),
    table: z.string().nullable(),
    dtColumn: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    partitionByDay: z.boolean(),
  }),
  schema: z.array(columnInfo),
  rows: z.number().int(),
  bytes: z.number().int(),
  files: z.array(z.object({ path: z.string(), rows: z.number().int(), bytes: z.number().int() })),
  columns: z.array(snapshotColumnStats),
  quality: z.array(ruleResult),
  /** Set on a training set built from a feature template (`lode features build`). */
  template: z
    .object({
      name: z.string(),
      path: z.string(),
      logicVersion: z.string(),
      featureVersions: z.record(z.string(), z.string()),
      sourceSnapshotId: z.string(),
      /** The compiled SQL as run, reading the source snapshot's Parquet files. */
      sql: z.string(),
      /** Encoding values fitted on the source snapshot, by feature. */
      vocabularies: z.record(z.string(), z.unknown()),
      leakage: z.array(z.object({ feature: z.string(), auc: z.number(), reason: z.string() })),
      leakageAcknowledged: z.boolean(),
    })
    .optional(),
});
export type SnapshotManifest = z.infer<typeof snapshotManifest>;

export const snapshotSummary = snapshotManifest.pick({
  id: true,
  name: true,
  contentHash: true,
  createdAt: true,
  rows: true,
  bytes: true,
  source: true,
});
export type SnapshotSummary = z.infer<typeof snapshotSummary>;

export const snapshotDiff = z.object({
  a: z.string(),
  b: z.string(),
  schema: z.object({
    added: z.array(columnInfo),
    removed: z.array(columnInfo),
    typeChanged: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
  }),
  rows: z.object({ a: z.number().int(), b: z.number().int(), delta: z.number().int() }),
  sameContent: z.boolean(),
  columns: z.array(
    z.object({
      name: z.string(),
      stat: z.enum(['nullRate', 'distinct', 'min', 'max', 'mean', 'std']),
      a: z.union([z.number(), z.string()]).nullable(),
      b: z.union([z.number(), z.string()]).nullable(),
      /** b - a for numbers, null otherwise. */
      delta: z.number().nullable(),
    }),
  ),
});
export type SnapshotDiff = z.infer<typeof snapshotDiff>;

const snapshotId = z.string().trim().min(1, 'give a snapshot id such as bank@2026-11-21-1a2b3c4d');

export const snapshotMethods = {
  createSnapshot: method(
    'Freeze the rows of a table or query to Parquet with a manifest, as a job (result: SnapshotManifest).',
    z
      .object({
        name: objectName,
        source: rowSource,
        dtColumn: z.string().min(1).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        partitionByDay: z.boolean().default(false),
      })
      .strict()
      .refine((s) => (s.from === undefined && s.to === undefined) || s.dtColumn !== undefined, {
        message: 'a date range needs dtColumn',
        path: ['dtColumn'],
      })
      .refine((s) => !s.partitionByDay || s.dtColumn !== undefined, { message: 'partitioning by day needs dtColumn', path: ['dtColumn'] }),
    z.object({ jobId: z.string() }),
  ),
  listSnapshots: method(
    'Snapshots of the workspace, newest first.',
    z.object({ name: objectName.optional() }).strict(),
    z.object({ snapshots: z.array(snapshotSummary) }),
  ),
  showSnapshot: method('The manifest of one snapshot.', z.object({ id: snapshotId }).strict(), snapshotManifest),
  diffSnapshots: method(
    'Schema changes, row counts and per-column stat shifts from snapshot a to snapshot b.',
    z.object({ a: snapshotId, b: snapshotId }).strict(),
    snapshotDiff,
  ),
  removeSnapshot: method(
    'Delete a snapshot and its files; refused while a run or model refers to it, naming the referrers.',
    z.object({ id: snapshotId }).strict(),
    z.object({ removed: z.boolean() }),
  ),
} as const;
