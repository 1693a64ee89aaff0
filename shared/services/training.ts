import { z } from 'zod';
import { defineService, method } from '../contract/define';
import { errorSchema } from '../errors';

const snapshotId = z.string().trim().min(1, 'give a snapshot id such as bank@2026-11-21-1a2b3c4d');
const fraction = z.number().gt(0, 'a fraction above 0').lt(1, 'a fraction below 1');

export const trainingSplit = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['random', 'stratified']), fraction: fraction.default(0.2) }).strict(),
  /** Train on the past, validate on the latest `fraction` of rows by `column`. */
  z.object({ kind: z.literal('time'), fraction: fraction.default(0.2), column: z.string().min(1, 'give the time column') }).strict(),
  z.object({ kind: z.literal('snapshot'), valid: snapshotId }).strict(),
  /** k-fold cross-validation (stratified for binary labels): metrics are the folds' mean and spread; the model is refitted on every row. */
  z.object({ kind: z.literal('kfold'), folds: z.number().int().min(2).max(20).default(5) }).strict(),
]);
export type TrainingSplit = z.infer<typeof trainingSplit>;

export const trainingAlgorithms = ['gbdt'] as const;
export const runStates = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunState = (typeof runStates)[number];

export const trainInput = z
  .object({
    data: snapshotId,
    label: z.string().min(1, 'give the label column'),
    algo: z.enum(trainingAlgorithms).default('gbdt'),
    params: z.record(z.string(), z.union([z.number(), z.string()])).default({}),
    split: trainingSplit.default({ kind: 'stratified', fraction: 0.2 }),
    positive: z.string().optional(),
    exclude: z.array(z.string().min(1)).default([]),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(0),
  })
  .strict();
export type TrainInput = z.infer<typeof trainInput>;

export const trainingProgress = z.object({
  runId: z.string(),
  jobId: z.string(),
  iteration: z.number().int(),
  total: z.number().int(),
  metric: z.string(),
  train: z.number(),
  valid: z.number().nullable(),
  elapsedMs: z.number(),
  /** Estimated time to the last iteration (early stopping may end sooner). */
  etaMs: z.number(),
});
export type TrainingProgress = z.infer<typeof trainingProgress>;

export const notice = z.object({ column: z.string(), message: z.string() });

/** run.json of a run folder, and what the service returns for one. */
export const runInfo = z.object({
  id: z.string(),
  state: z.enum(runStates),
  jobId: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  data: z.string(),
  valid: z.string().nullable(),
  label: z.string(),
  algo: z.enum(trainingAlgorithms),
  split: trainingSplit,
  /** Every parameter after defaults. */
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  notices: z.array(notice),
  /** Headline validation metrics (auc, logloss, ... or rmse, mae, ...). */
  metrics: z.record(z.string(), z.number()).nullable(),
  error: errorSchema.nullable(),
  /** The run folder (`runs/<id>`), absolute. */
  folder: z.string(),
  /** The worker process while the run is live. */
  workerPid: z.number().int().nullable(),
  progress: trainingProgress.nullable(),
});
export type RunInfo = z.infer<typeof runInfo>;

const runId = z.string().trim().min(1, 'give a run id');

export const trainingService = defineService(
  'training',
  {
    train: method(
      'Train a model on a snapshot in its own worker process, as a job; the run folder is runs/<runId>.',
      trainInput,
      z.object({ jobId: z.string(), runId: z.string() }),
    ),
    getRun: method('One run: state, parameters, metrics, progress while it trains.', z.object({ runId }).strict(), runInfo),
    listRuns: method(
      'Runs of the workspace, newest first.',
      z.object({ limit: z.number().int().min(1).max(10_000).default(100) }).strict(),
      z.object({ runs: z.array(runInfo) }),
    ),
  },
  {
    progress: trainingProgress,
  },
);
