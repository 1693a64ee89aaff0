import type { TrainingAlgorithm } from '../../../../shared/services/training';

/**
 * The parameters the form offers per algorithm, with the trainers' defaults and one line of help
 * each. The renderer cannot import main/, so these are a curated copy; `lode train params --algo
 * ALGO` lists them all, and the host checks every value before a run starts.
 */
export interface ParamSpec {
  readonly name: string;
  readonly value: number | string;
  readonly help: string;
  /** Number input step; text parameters (penalty, hidden_layers) have none. */
  readonly step?: number;
  /** A choice among values (penalty). */
  readonly options?: readonly string[];
}

export const ALGORITHM_LABELS: Record<TrainingAlgorithm, string> = {
  gbdt: 'Gradient-boosted trees',
  linear: 'Logistic / linear regression',
  mlp: 'Multilayer perceptron',
};

export const FORM_PARAMS: Record<TrainingAlgorithm, readonly ParamSpec[]> = {
  gbdt: [
    { name: 'num_iterations', value: 100, step: 1, help: 'Boosting rounds: how many trees are added.' },
    { name: 'learning_rate', value: 0.1, step: 0.01, help: 'Shrinkage of each tree; lower learns slower and often generalizes better.' },
    { name: 'num_leaves', value: 31, step: 1, help: 'Most leaves per tree; trees grow leaf by leaf.' },
    { name: 'max_depth', value: -1, step: 1, help: 'Deepest a tree may grow; -1 for no limit.' },
    { name: 'min_data_in_leaf', value: 20, step: 1, help: 'Fewest rows a leaf may hold; raise it against overfitting.' },
    { name: 'lambda_l2', value: 0, step: 0.1, help: 'L2 penalty on leaf values.' },
    { name: 'feature_fraction', value: 1, step: 0.05, help: 'Share of features each tree may use.' },
    { name: 'bagging_fraction', value: 1, step: 0.05, help: 'Share of rows each tree sees when bagging (with bagging_freq).' },
    {
      name: 'early_stopping_rounds',
      value: 0,
      step: 1,
      help: 'Stop when the validation metric has not improved for this many rounds; 0 never stops.',
    },
  ],
  linear: [
    { name: 'penalty', value: 'l2', options: ['l2', 'l1', 'none'], help: 'l2 (ridge) shrinks coefficients; l1 (lasso) sets some to zero.' },
    { name: 'C', value: 1, step: 0.1, help: 'Logistic regression: inverse penalty strength; larger C, weaker penalty.' },
    { name: 'alpha', value: 1, step: 0.1, help: 'Linear regression: penalty strength.' },
    { name: 'max_iter', value: 1000, step: 1, help: 'Most L-BFGS iterations.' },
    { name: 'tol', value: 1e-4, step: 1e-5, help: 'Stop when the largest gradient component of the mean loss is below this.' },
  ],
  mlp: [
    { name: 'hidden_layers', value: '64', help: 'Units per hidden layer, comma-separated, 1 to 3 layers (64,32).' },
    { name: 'learning_rate', value: 1e-3, step: 1e-4, help: 'Adam step size.' },
    { name: 'batch_size', value: 256, step: 1, help: 'Rows per mini-batch.' },
    { name: 'max_epochs', value: 200, step: 1, help: 'Most passes over the training rows.' },
    { name: 'alpha', value: 1e-4, step: 1e-5, help: 'L2 penalty on weights.' },
    { name: 'dropout', value: 0, step: 0.05, help: 'Share of hidden units dropped while training (0 to 0.9).' },
    {
      name: 'early_stopping_rounds',
      value: 10,
      step: 1,
      help: 'Stop after this many epochs without a validation improvement; 0 never stops.',
    },
  ],
};

/** Only the values that differ from the defaults travel, so run.json shows what the analyst changed. */
export function changedParams(algo: TrainingAlgorithm, values: Readonly<Record<string, string>>): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const spec of FORM_PARAMS[algo]) {
    const text = values[spec.name]?.trim() ?? '';
    if (text === '' || text === String(spec.value)) continue;
    if (typeof spec.value === 'string') out[spec.name] = text;
    else {
      const v = Number(text);
      // A value that is not a number travels as typed, so the host says what is wrong with it.
      if (!Number.isFinite(v)) out[spec.name] = text;
      else if (v !== spec.value) out[spec.name] = v;
    }
  }
  return out;
}
