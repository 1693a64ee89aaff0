/**
 * The GBDT parameters the form offers, with the trainer's defaults and one line of help each. The
 * renderer cannot import main/, so these are a curated copy; `lode train --help` lists them all.
 */
export interface ParamSpec {
  readonly name: string;
  readonly value: number;
  readonly help: string;
  readonly step: number;
}

export const GBDT_FORM_PARAMS: readonly ParamSpec[] = [
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
];

/** Only the values that differ from the defaults travel, so run.json shows what the analyst changed. */
export function changedParams(values: Readonly<Record<string, string>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const spec of GBDT_FORM_PARAMS) {
    const text = values[spec.name]?.trim() ?? '';
    const v = Number(text);
    if (text !== '' && Number.isFinite(v) && v !== spec.value) out[spec.name] = v;
  }
  return out;
}
