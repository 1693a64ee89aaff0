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

export const trainingAlgorithms = ['gbdt', 'linear', 'mlp'] as const;
export type TrainingAlgorithm = (typeof trainingAlgorithms)[number];
export const runStates = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunState = (typeof runStates)[number];

const tag = z
  .string()
  .trim()
  .min(1, 'a tag cannot be empty')
  .max(64, 'a tag has at most 64 characters')
  .regex(/^[^\s,]+$/, 'a tag has no spaces or commas');
export const experimentName = z
  .string()
  .trim()
  .min(1, 'give the experiment a name')
  .max(100, 'an experiment name has at most 100 characters');
/** The search a run is a trial of. */
export const searchTrialRef = z.object({ id: z.string().min(1), trial: z.number().int().min(0) }).strict();

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
    /** Named group of runs in the Experiments section. */
    experiment: experimentName.optional(),
    tags: z.array(tag).max(50).default([]),
    /** Set by the search driver for its trials. */
    search: searchTrialRef.optional(),
    /** Set by a re-run: the run whose snapshot, template version and parameters this one repeats. */
    rerunOf: z.string().min(1).optional(),
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
  // Added in format 2 of run.json; older files read with the defaults.
  experiment: z.string().nullable().default(null),
  tags: z.array(z.string()).default([]),
  search: searchTrialRef.nullable().default(null),
  rerunOf: z.string().nullable().default(null),
});
export type RunInfo = z.infer<typeof runInfo>;

const runId = z.string().trim().min(1, 'give a run id');

const learningPoint = z.object({ iteration: z.number(), train: z.number(), valid: z.number().nullable(), elapsedMs: z.number() });
const numbers = z.array(z.number());
/** curves.json of a run folder: column arrays, points from the highest threshold down (shared/metrics/curves.ts). */
export const runCurves = z.object({
  /** One point per iteration (GBDT round, MLP epoch, L-BFGS iteration). */
  learning: z.array(learningPoint).default([]),
  /** The learning curve's metric (binary_logloss, l2, ...). */
  metric: z.string().nullable().default(null),
  roc: z.object({ fpr: numbers, tpr: numbers, threshold: numbers }).optional(),
  pr: z.object({ precision: numbers, recall: numbers, threshold: numbers }).optional(),
  ks: z.object({ population: numbers, tpr: numbers, fpr: numbers, threshold: numbers }).optional(),
  lift: z
    .array(
      z.object({
        count: z.number(),
        positives: z.number(),
        rate: z.number(),
        lift: z.number(),
        cumulativeGain: z.number(),
        cumulativeLift: z.number(),
        minScore: z.number(),
        maxScore: z.number(),
      }),
    )
    .optional(),
  calibration: z.array(z.record(z.string(), z.number())).optional(),
});
export type RunCurves = z.infer<typeof runCurves>;

/** importance.json of a run folder. */
export const runImportance = z.object({
  kind: z.enum(trainingAlgorithms),
  /** Trees: gain and splits; linear models: coefficient (on the standardized scale); MLP: none. */
  features: z.array(
    z.object({ feature: z.string(), gain: z.number().optional(), splits: z.number().optional(), coefficient: z.number().optional() }),
  ),
  /** Drop of the validation metric when a feature's values are shuffled (any model). */
  permutation: z
    .object({
      metric: z.string(),
      rows: z.number(),
      features: z.array(z.object({ feature: z.string(), drop: z.number(), std: z.number() })),
    })
    .nullable(),
});
export type RunImportance = z.infer<typeof runImportance>;

export const trainingService = defineService(
  'training',
  {
    train: method(
      'Train a model on a snapshot in its own worker process, as a job; the run folder is runs/<runId>.',
      trainInput,
      z.object({ jobId: z.string(), runId: z.string() }),
    ),
    getRun: method('One run: state, parameters, metrics, progress while it trains.', z.object({ runId }).strict(), runInfo),
    getArtifacts: method(
      "A finished run's curves (learning, ROC, PR, KS, lift, calibration) and importance, for charts.",
      z.object({ runId }).strict(),
      z.object({ curves: runCurves, importance: runImportance.nullable() }),
    ),
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
