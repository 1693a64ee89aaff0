import { LodeError } from '../../../shared/errors';
import type { TrainingAlgorithm } from '../../../shared/services/training';
import { GBDT_HELP, gbdtParams } from '../gbdt/params';
import { LINEAR_HELP, linearParams } from '../linear/train';
import { MLP_HELP, mlpParams } from '../mlp/train';

/** What a search space may set for each algorithm: its parameter names and their own range checks. */
export interface AlgorithmCatalog {
  readonly names: readonly string[];
  /** Parameters whose values are text (objective, penalty, hidden_layers). */
  readonly text: ReadonlySet<string>;
  /** Integer parameters, so `float: [...]` on them is refused. */
  readonly integers: ReadonlySet<string>;
  /** Null when the value is allowed; otherwise why not, in the algorithm's own words. */
  check(name: string, value: number | string): { message: string; hint?: string } | null;
}

/*
 * The range checks are the trainers' own (gbdtParams, linearParams, mlpParams): a space can never
 * allow a value that the run would then refuse.
 */
function checker(validate: (given: Record<string, number | string>) => unknown) {
  return (name: string, value: number | string) => {
    try {
      validate({ [name]: value });
      return null;
    } catch (err) {
      if (err instanceof LodeError) return { message: err.message, ...(err.details.hint ? { hint: err.details.hint } : {}) };
      throw err;
    }
  };
}

export const CATALOG: Record<TrainingAlgorithm, AlgorithmCatalog> = {
  gbdt: {
    names: Object.keys(GBDT_HELP),
    text: new Set(['objective']),
    integers: new Set([
      'num_iterations',
      'num_leaves',
      'max_depth',
      'min_data_in_leaf',
      'bagging_freq',
      'max_bin',
      'min_data_in_bin',
      'bin_construct_sample_cnt',
      'early_stopping_rounds',
      'seed',
      'num_threads',
    ]),
    check: checker((given) => gbdtParams('binary', given)),
  },
  linear: {
    names: Object.keys(LINEAR_HELP),
    text: new Set(['penalty']),
    integers: new Set(['max_iter']),
    check: checker((given) => linearParams(given)),
  },
  mlp: {
    names: Object.keys(MLP_HELP),
    text: new Set(['hidden_layers']),
    integers: new Set(['batch_size', 'max_epochs', 'early_stopping_rounds', 'seed']),
    check: checker((given) => mlpParams(given)),
  },
};

/** Algorithms whose training uses several threads, so parallel trials share the cores through it. */
export const THREADED: ReadonlySet<TrainingAlgorithm> = new Set(['gbdt']);
