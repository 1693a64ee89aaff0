import type { SearchInput } from '../../../../shared/services/tracking';
import type { TrainingAlgorithm } from '../../../../shared/services/training';

type Strategy = SearchInput['strategy'];

/*
 * Starting spaces per algorithm (docs/search.md): the parameters that matter most, over ranges the
 * trainers accept. A grid needs every parameter discrete, so its spaces list values instead.
 */
const RANGES: Record<TrainingAlgorithm, string> = {
  gbdt: `gbdt:
  num_iterations: 100
  learning_rate: {float: [0.01, 0.3], log: true}
  num_leaves: {int: [8, 128], log: true}
  min_data_in_leaf: {int: [5, 200], log: true}
  feature_fraction: {float: [0.5, 1.0]}
  lambda_l2: {float: [0.001, 10], log: true}
`,
  linear: `linear:
  C: {float: [0.001, 100], log: true}
  penalty: [l1, l2]
`,
  mlp: `mlp:
  hidden_layers: ['32', '64', '64,32']
  learning_rate: {float: [0.0001, 0.01], log: true}
  alpha: {float: [0.00001, 0.01], log: true}
  dropout: {float: [0, 0.5]}
`,
};

const GRIDS: Record<TrainingAlgorithm, string> = {
  gbdt: `gbdt:
  num_iterations: 100
  learning_rate: [0.03, 0.1, 0.3]
  num_leaves: [15, 31, 63]
  min_data_in_leaf: [10, 50]
`,
  linear: `linear:
  C: [0.01, 0.1, 1, 10, 100]
  penalty: [l1, l2]
`,
  mlp: `mlp:
  hidden_layers: ['32', '64', '64,32']
  learning_rate: [0.0003, 0.001, 0.003]
  dropout: [0, 0.2]
`,
};

/** The space a new search starts from, for the chosen algorithm and strategy. */
export function defaultSpace(algo: TrainingAlgorithm, strategy: Strategy): string {
  return strategy === 'grid' ? GRIDS[algo] : RANGES[algo];
}

/** Whether the text is one of the starting spaces, so choosing another algorithm may replace it. */
export function isDefaultSpace(text: string): boolean {
  return [...Object.values(RANGES), ...Object.values(GRIDS)].includes(text);
}
