import { z } from 'zod';
import { defineService, method } from '../contract/define';
import { errorSchema } from '../errors';
import { experimentName, runInfo, runStates, searchTrialRef, trainingAlgorithms, trainingSplit } from './training';

/*
 * Run tracking (DESIGN.md, main/tracking): every run with its lineage five-tuple, status, timing,
 * tags, notes, experiment and parent search. Finished runs are immutable; tags, notes and the
 * experiment stay editable.
 */

const runId = z.string().trim().min(1, 'give a run id');
const tag = z
  .string()
  .trim()
  .min(1, 'a tag cannot be empty')
  .max(64, 'a tag has at most 64 characters')
  .regex(/^[^\s,]+$/, 'a tag has no spaces or commas');

/** The five things a run depends on, so it can be traced back to and rebuilt from them. */
export const lineage = z.object({
  /** Training snapshot id and content hash. */
  data: z.object({ snapshot: z.string(), contentHash: z.string().nullable() }),
  valid: z.object({ snapshot: z.string(), contentHash: z.string().nullable() }).nullable(),
  /** The feature template's logic version when the snapshot came from a feature build. */
  template: z.object({ name: z.string(), logicVersion: z.string() }).nullable(),
  /** Every parameter after defaults, with the split, seed, label and exclusions. */
  params: z.record(z.string(), z.unknown()),
  /** App version, and the git commit when the app runs from a checkout. */
  code: z.object({ version: z.string(), commit: z.string().nullable() }),
  /** Headline validation metrics; null until the run finishes. */
  metrics: z.record(z.string(), z.number()).nullable(),
});
export type Lineage = z.infer<typeof lineage>;

/** One tracked run: the run record plus lineage and the editable annotations. */
export const trackedRun = z.object({
  run: runInfo,
  lineage: lineage.nullable(),
  notes: z.string(),
  durationMs: z.number().nullable(),
  /** Artifact files of the run folder, relative to it (model.onnx, curves.json, ...). */
  artifacts: z.array(z.string()),
});
export type TrackedRun = z.infer<typeof trackedRun>;

/**
 * Runs as columns (one array entry per run, same order), so 10,000 runs x 20 metrics cross the
 * wire compactly and the table reads a column without building row objects.
 */
export const runTable = z.object({
  id: z.array(z.string()),
  state: z.array(z.enum(runStates)),
  createdAt: z.array(z.string()),
  durationMs: z.array(z.number().nullable()),
  algo: z.array(z.enum(trainingAlgorithms)),
  label: z.array(z.string()),
  data: z.array(z.string()),
  templateVersion: z.array(z.string().nullable()),
  codeVersion: z.array(z.string()),
  experiment: z.array(z.string().nullable()),
  searchId: z.array(z.string().nullable()),
  trial: z.array(z.number().nullable()),
  tags: z.array(z.array(z.string())),
  /** Metric name to one value per run (null where a run lacks it). */
  metrics: z.record(z.string(), z.array(z.number().nullable())),
  /** Parameter name to one value per run. */
  params: z.record(z.string(), z.array(z.union([z.number(), z.string(), z.null()]))),
});
export type RunTable = z.infer<typeof runTable>;

export const listRunsInput = z
  .object({
    experiment: z.string().optional(),
    searchId: z.string().optional(),
    /** A filter expression over metric, parameter and run columns: `auc > 0.8 and algo = 'gbdt'`. */
    filter: z.string().max(2000).optional(),
    limit: z.number().int().min(1).max(100_000).default(10_000),
  })
  .strict();

const metricChange = z.object({ metric: z.string(), from: z.number().nullable(), to: z.number().nullable(), delta: z.number().nullable() });
const valueChange = z.object({ key: z.string(), from: z.unknown(), to: z.unknown() });

/** What changed between two runs, in the five-tuple's terms. */
export const runDiff = z.object({
  from: z.string(),
  to: z.string(),
  data: z.array(valueChange),
  template: z.array(valueChange),
  params: z.array(valueChange),
  code: z.array(valueChange),
  metrics: z.array(metricChange),
});
export type RunDiff = z.infer<typeof runDiff>;

/** The outcome of re-running a run: identical when the metrics and every prediction match exactly. */
export const reproduction = z.object({
  original: z.string(),
  rerun: z.string(),
  identical: z.boolean(),
  metricsIdentical: z.boolean(),
  predictionsIdentical: z.boolean(),
  /** Largest absolute difference of a validation prediction (0 when identical). */
  maxPredictionDiff: z.number().nullable(),
  metrics: z.array(metricChange),
  /** Why not identical, in words (a different code version, a changed snapshot, ...). */
  reasons: z.array(z.string()),
});
export type Reproduction = z.infer<typeof reproduction>;

export const experimentInfo = z.object({ name: z.string(), description: z.string(), createdAt: z.string(), runs: z.number().int() });

export const trackingService = defineService(
  'tracking',
  {
    listRuns: method('Tracked runs as columns, newest first, optionally filtered by an expression.', listRunsInput, runTable),
    getRun: method('One run with its lineage, notes and artifacts.', z.object({ runId }).strict(), trackedRun),
    updateRun: method(
      "Edit a run's tags, notes or experiment (everything else of a finished run is immutable).",
      z
        .object({
          runId,
          tags: z.array(tag).max(50).optional(),
          notes: z.string().max(20_000).optional(),
          experiment: experimentName.nullable().optional(),
        })
        .strict(),
      trackedRun,
    ),
    deleteRuns: method(
      'Delete runs and their folders for real. `confirm` must be true: the UI and CLI ask first.',
      z.object({ runIds: z.array(runId).min(1), confirm: z.literal(true, { error: 'deleting runs needs confirm: true' }) }).strict(),
      z.object({ deleted: z.array(z.string()) }),
    ),
    compare: method(
      'Compare runs: each against the first, what changed in data, template, parameters, code and metrics.',
      z.object({ runIds: z.array(runId).min(2).max(50) }).strict(),
      z.object({ runs: z.array(trackedRun), diffs: z.array(runDiff) }),
    ),
    rerun: method(
      'Train again from the same snapshot, template version and parameters, as a job whose result is a Reproduction.',
      z.object({ runId }).strict(),
      z.object({ jobId: z.string(), runId: z.string() }),
    ),
    listExperiments: method(
      'Named experiments with their run counts.',
      z.object({}).strict(),
      z.object({ experiments: z.array(experimentInfo) }),
    ),
    createExperiment: method(
      'Create a named experiment.',
      z.object({ name: experimentName, description: z.string().max(2000).default('') }).strict(),
      experimentInfo,
    ),
  },
  {},
);

/* ----------------------------------------------------------------------------------------------
 * Hyperparameter search (main/training/search): a space in YAML, grid/random/TPE, trials as runs.
 */

export const searchStrategies = ['grid', 'random', 'tpe'] as const;
export const searchStates = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export const trialStates = ['queued', 'running', 'succeeded', 'failed', 'pruned', 'cancelled'] as const;

export const searchInput = z
  .object({
    data: z.string().trim().min(1, 'give a snapshot id'),
    label: z.string().min(1, 'give the label column'),
    /** The algorithms the space may choose from; a space can branch on `algo`. */
    algo: z.enum(trainingAlgorithms).default('gbdt'),
    /** The search space as YAML text (docs/search.md); errors point at its line and column. */
    space: z.string().min(1, 'give a search space'),
    /** File name of the space, for error messages. */
    spaceFile: z.string().optional(),
    strategy: z.enum(searchStrategies).default('tpe'),
    trials: z.number().int().min(1).max(10_000).default(50),
    parallel: z.number().int().min(1).max(16).default(1),
    /** A time budget: no trial starts after it; running trials finish. */
    budgetMinutes: z
      .number()
      .positive()
      .max(7 * 24 * 60)
      .optional(),
    /** Metric to optimise; default auc for binary labels, rmse for regression. */
    metric: z.string().optional(),
    /** Median pruning: stop a trial whose validation metric is worse than the median of earlier trials at the same iteration. */
    pruning: z.boolean().default(true),
    split: trainingSplit.optional(),
    positive: z.string().optional(),
    exclude: z.array(z.string().min(1)).default([]),
    seed: z.number().int().min(0).default(0),
    experiment: experimentName.optional(),
  })
  .strict();
export type SearchInput = z.infer<typeof searchInput>;

export const trialInfo = z.object({
  trial: z.number().int(),
  runId: z.string().nullable(),
  state: z.enum(trialStates),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  /** The optimised metric; null while running or when the trial failed. */
  value: z.number().nullable(),
  /** The iteration at which median pruning stopped it. */
  prunedAt: z.number().int().nullable(),
});
export type TrialInfo = z.infer<typeof trialInfo>;

export const searchInfo = z.object({
  id: z.string(),
  state: z.enum(searchStates),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  jobId: z.string().nullable(),
  spec: searchInput,
  /** Whether larger values of the metric are better (auc) or smaller (rmse, logloss). */
  direction: z.enum(['maximize', 'minimize']),
  metric: z.string(),
  trials: z.array(trialInfo),
  best: trialInfo.nullable(),
  error: errorSchema.nullable(),
});
export type SearchInfo = z.infer<typeof searchInfo>;

export const searchProgress = z.object({
  searchId: z.string(),
  jobId: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  running: z.number().int(),
  pruned: z.number().int(),
  best: trialInfo.nullable(),
  /** The trial that just changed. */
  trial: trialInfo,
});
export type SearchProgress = z.infer<typeof searchProgress>;

export const searchService = defineService(
  'search',
  {
    start: method(
      'Start a hyperparameter search as a job; each trial is a run in its own worker process.',
      searchInput,
      z.object({ searchId: z.string(), jobId: z.string() }),
    ),
    resume: method(
      'Resume a search that was cancelled or cut short by a restart; finished trials are kept.',
      z.object({ searchId: z.string().min(1) }).strict(),
      z.object({ searchId: z.string(), jobId: z.string() }),
    ),
    get: method('One search with its trials and the best so far.', z.object({ searchId: z.string().min(1) }).strict(), searchInfo),
    list: method(
      'Searches, newest first.',
      z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
      z.object({ searches: z.array(searchInfo) }),
    ),
    checkSpace: method(
      'Parse and check a search space without running it: the problems with line and column, or the parameters it defines.',
      z.object({ space: z.string(), algo: z.enum(trainingAlgorithms).default('gbdt') }).strict(),
      z.object({
        problems: z.array(z.object({ message: z.string(), line: z.number().int(), column: z.number().int(), hint: z.string().optional() })),
        parameters: z.array(z.object({ name: z.string(), kind: z.string() })),
        gridSize: z.number().nullable(),
      }),
    ),
  },
  {
    progress: searchProgress,
  },
);

export { searchTrialRef };
