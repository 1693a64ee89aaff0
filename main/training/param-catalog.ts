import type { TrainingAlgorithm } from '../../shared/services/training';
import { GBDT_DEFAULTS, GBDT_HELP } from './gbdt/params';
import { LINEAR_DEFAULTS, LINEAR_HELP } from './linear/train';
import { MLP_DEFAULTS, MLP_HELP } from './mlp/train';

export interface ParamDoc {
  readonly name: string;
  readonly default: number | string;
  readonly help: string;
}

/** What each algorithm's parameters are named after, for help texts. */
export const ALGORITHM_TITLES: Record<TrainingAlgorithm, string> = {
  gbdt: "gradient-boosted trees (LightGBM's names and defaults)",
  linear: "logistic regression for binary labels, linear regression otherwise (scikit-learn's names and objectives)",
  mlp: "multilayer perceptron (scikit-learn's alpha; Adam, ReLU)",
};

/** Every parameter of an algorithm with its default and one line of help (`lode train params`). */
export function paramCatalog(algo: TrainingAlgorithm): ParamDoc[] {
  const table = (defaults: Record<string, unknown>, help: Record<string, string>): ParamDoc[] =>
    Object.entries(help).map(([name, text]) => {
      const value = defaults[name];
      return { name, default: Array.isArray(value) ? value.join(',') : (value as number | string), help: text };
    });
  switch (algo) {
    case 'gbdt':
      return table({ objective: 'binary for two-valued labels, else regression', ...GBDT_DEFAULTS }, GBDT_HELP);
    case 'linear':
      return table({ ...LINEAR_DEFAULTS }, LINEAR_HELP);
    case 'mlp':
      return table({ ...MLP_DEFAULTS }, MLP_HELP);
  }
}
