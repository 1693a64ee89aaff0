import { LodeError } from '../../../shared/errors';

export type GbdtObjective = 'binary' | 'regression' | 'regression_l1' | 'huber';

/** LightGBM's names and defaults, so analysts can carry settings over unchanged. */
export interface GbdtParams {
  readonly objective: GbdtObjective;
  readonly num_iterations: number;
  readonly learning_rate: number;
  readonly num_leaves: number;
  /** -1: no limit. */
  readonly max_depth: number;
  readonly min_data_in_leaf: number;
  readonly min_sum_hessian_in_leaf: number;
  readonly lambda_l1: number;
  readonly lambda_l2: number;
  readonly min_gain_to_split: number;
  readonly feature_fraction: number;
  readonly bagging_fraction: number;
  /** Resample the bag every k iterations; 0 disables bagging. */
  readonly bagging_freq: number;
  readonly max_bin: number;
  readonly min_data_in_bin: number;
  /** Rows sampled to find bin boundaries. */
  readonly bin_construct_sample_cnt: number;
  /** Stop when the validation metric has not improved for this many iterations; 0 disables. */
  readonly early_stopping_rounds: number;
  /** Huber loss: residuals beyond this are treated linearly. */
  readonly alpha: number;
  /** Smoothing of category target rates toward the overall rate when ordering categories. */
  readonly cat_smooth: number;
  readonly seed: number;
  readonly num_threads: number;
}

export const GBDT_DEFAULTS: Omit<GbdtParams, 'objective'> = {
  num_iterations: 100,
  learning_rate: 0.1,
  num_leaves: 31,
  max_depth: -1,
  min_data_in_leaf: 20,
  min_sum_hessian_in_leaf: 1e-3,
  lambda_l1: 0,
  lambda_l2: 0,
  min_gain_to_split: 0,
  feature_fraction: 1,
  bagging_fraction: 1,
  bagging_freq: 0,
  max_bin: 255,
  min_data_in_bin: 3,
  bin_construct_sample_cnt: 200_000,
  early_stopping_rounds: 0,
  alpha: 0.9,
  cat_smooth: 10,
  seed: 0,
  num_threads: 2,
};

/** One line of help per parameter, for the UI and `lode train --help`. */
export const GBDT_HELP: Record<keyof GbdtParams, string> = {
  objective: 'binary (logloss), regression (L2), regression_l1 or huber',
  num_iterations: 'boosting rounds (trees)',
  learning_rate: 'shrinkage applied to each tree',
  num_leaves: 'maximum leaves per tree (trees grow leaf by leaf)',
  max_depth: 'maximum tree depth, -1 for no limit',
  min_data_in_leaf: 'minimum rows in a leaf',
  min_sum_hessian_in_leaf: 'minimum sum of hessians in a leaf',
  lambda_l1: 'L1 regularization of leaf values',
  lambda_l2: 'L2 regularization of leaf values',
  min_gain_to_split: 'minimum gain to make a split',
  feature_fraction: 'fraction of features considered per tree',
  bagging_fraction: 'fraction of rows used per tree when bagging',
  bagging_freq: 'resample rows every k iterations (0: no bagging)',
  max_bin: 'maximum histogram bins per feature (2 to 255)',
  min_data_in_bin: 'minimum rows per histogram bin',
  bin_construct_sample_cnt: 'rows sampled to find bin boundaries',
  early_stopping_rounds: 'stop after this many rounds without validation improvement (0: off)',
  alpha: 'Huber loss threshold',
  cat_smooth: 'smoothing of category rates when ordering categories',
  seed: 'random seed (bagging, feature fraction, bin sampling)',
  num_threads: 'threads building histograms',
};

type Rule = readonly [min: number, max: number, integer: boolean];

const RULES: Record<Exclude<keyof GbdtParams, 'objective'>, Rule> = {
  num_iterations: [1, 100_000, true],
  learning_rate: [1e-6, 1, false],
  num_leaves: [2, 131_072, true],
  max_depth: [-1, 64, true],
  min_data_in_leaf: [1, Number.MAX_SAFE_INTEGER, true],
  min_sum_hessian_in_leaf: [0, Number.MAX_VALUE, false],
  lambda_l1: [0, Number.MAX_VALUE, false],
  lambda_l2: [0, Number.MAX_VALUE, false],
  min_gain_to_split: [0, Number.MAX_VALUE, false],
  feature_fraction: [1e-6, 1, false],
  bagging_fraction: [1e-6, 1, false],
  bagging_freq: [0, 100_000, true],
  max_bin: [2, 255, true],
  min_data_in_bin: [1, Number.MAX_SAFE_INTEGER, true],
  bin_construct_sample_cnt: [1, Number.MAX_SAFE_INTEGER, true],
  early_stopping_rounds: [0, 100_000, true],
  alpha: [1e-12, Number.MAX_VALUE, false],
  cat_smooth: [0, Number.MAX_VALUE, false],
  seed: [0, 2 ** 31 - 1, true],
  num_threads: [1, 256, true],
};

const OBJECTIVES: readonly GbdtObjective[] = ['binary', 'regression', 'regression_l1', 'huber'];

/** Defaults filled in and every value checked, so absurd settings fail before any work starts. */
export function gbdtParams(objective: GbdtObjective, given: Partial<Record<string, number | string>> = {}): GbdtParams {
  const params: Record<string, number | string> = { ...GBDT_DEFAULTS, objective };
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (key === 'objective') {
      if (!OBJECTIVES.includes(value as GbdtObjective)) {
        throw new LodeError('bad_input', `Objective '${String(value)}' is not one of ${OBJECTIVES.join(', ')}.`, { field: key });
      }
      params.objective = value;
      continue;
    }
    const rule = RULES[key as keyof typeof RULES] as Rule | undefined;
    if (!rule) {
      throw new LodeError('bad_input', `'${key}' is not a GBDT parameter.`, {
        field: key,
        hint: `Parameters: ${Object.keys(GBDT_HELP).join(', ')}.`,
      });
    }
    const number = typeof value === 'number' ? value : Number(value);
    const [min, max, integer] = rule;
    if (!Number.isFinite(number) || number < min || number > max || (integer && !Number.isInteger(number))) {
      throw new LodeError('bad_input', `GBDT parameter ${key}=${String(value)} is out of range.`, {
        field: key,
        hint: `Use ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}: ${GBDT_HELP[key as keyof GbdtParams]}.`,
      });
    }
    params[key] = number;
  }
  return params as unknown as GbdtParams;
}
