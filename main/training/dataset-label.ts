import { LodeError } from '../../shared/errors';

/** What the model predicts: a binary class (which value counts as positive) or a number. */
export type Target =
  | { readonly kind: 'binary'; readonly positive: string; readonly negative: string; readonly reason: string }
  | { readonly kind: 'regression' };

export type TaskKind = Target['kind'];

// Values analysts use for "the event happened"; the other value of the pair is the negative class.
const POSITIVE_WORDS = new Set(['1', '1.0', 'true', 't', 'yes', 'y', 'positive', 'pos', 'bad', 'default', 'churn', 'fraud', 'event']);
const NEGATIVE_WORDS = new Set(['0', '0.0', 'false', 'f', 'no', 'n', 'negative', 'neg', 'good', 'none', 'normal']);

function norm(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * The positive class of a two-valued label: the value given by the analyst if any; else the larger
 * of two numbers (1 over 0); else a value that reads as positive (true, yes, bad, ...) against its
 * pair; else, for income-style labels, the "greater than" side (`>50K` over `<=50K`); else the
 * rarer value, since the rare class is usually the event a model is built to find.
 */
export function choosePositive(
  label: string,
  values: readonly { readonly value: string; readonly count: number }[],
  numeric: boolean,
  override?: string,
): Target {
  if (values.length !== 2) throw new Error('choosePositive needs exactly two values');
  const [a, b] = values as [{ value: string; count: number }, { value: string; count: number }];
  const pick = (positive: string, reason: string): Target => ({
    kind: 'binary',
    positive,
    negative: positive === a.value ? b.value : a.value,
    reason,
  });
  if (override !== undefined) {
    const match = values.find((v) => v.value === override) ?? values.find((v) => norm(v.value) === norm(override));
    if (!match) {
      throw new LodeError('bad_input', `The positive class '${override}' is not a value of label '${label}'.`, {
        field: 'positive',
        hint: `Choose '${a.value}' or '${b.value}'.`,
      });
    }
    return pick(match.value, 'chosen by you');
  }
  // Numbers: the larger one (1 over 0), whatever words they might also match.
  if (numeric && Number.isFinite(Number(a.value)) && Number.isFinite(Number(b.value))) {
    return pick(Number(a.value) > Number(b.value) ? a.value : b.value, 'the larger value');
  }
  const na = norm(a.value);
  const nb = norm(b.value);
  if (POSITIVE_WORDS.has(na) !== POSITIVE_WORDS.has(nb)) return pick(POSITIVE_WORDS.has(na) ? a.value : b.value, 'reads as positive');
  if (NEGATIVE_WORDS.has(na) !== NEGATIVE_WORDS.has(nb))
    return pick(NEGATIVE_WORDS.has(na) ? b.value : a.value, 'its pair reads as negative');
  const greater = (v: string): boolean => /^>/.test(v.trim());
  if (greater(a.value) !== greater(b.value)) return pick(greater(a.value) ? a.value : b.value, 'the "greater than" side');
  if (a.count !== b.count) return pick(a.count < b.count ? a.value : b.value, 'the rarer value');
  return pick(a.value > b.value ? a.value : b.value, 'the later value alphabetically');
}

/** The target from the label's distinct values (at most three are needed to decide). */
export function detectTarget(
  label: string,
  values: readonly { readonly value: string; readonly count: number }[],
  numeric: boolean,
  options: { readonly task?: TaskKind; readonly positive?: string },
): Target {
  if (values.length === 0) {
    throw new LodeError('bad_input', `Label '${label}' has no values: every row is null.`, {
      field: 'label',
      hint: 'Choose a label column that is filled in.',
    });
  }
  if (values.length === 1) {
    throw new LodeError('bad_input', `Label '${label}' has one class only ('${values[0]!.value}'), so there is nothing to learn.`, {
      field: 'label',
      hint: 'Check the snapshot or its filters: a model needs rows of both classes.',
    });
  }
  const task = options.task ?? (values.length === 2 ? 'binary' : numeric ? 'regression' : undefined);
  if (task === undefined) {
    throw new LodeError('bad_input', `Label '${label}' has more than two text values; Lode trains binary and regression models.`, {
      field: 'label',
      hint: 'Derive a two-valued label (for example in a feature template) or choose a numeric label.',
    });
  }
  if (task === 'regression') {
    if (!numeric) {
      throw new LodeError('bad_input', `Label '${label}' is text, so it cannot be a regression target.`, { field: 'label' });
    }
    if (options.positive !== undefined) {
      throw new LodeError('bad_input', 'A positive class applies to binary labels only.', { field: 'positive' });
    }
    return { kind: 'regression' };
  }
  if (values.length !== 2) {
    throw new LodeError('bad_input', `Label '${label}' has more than two values, so it is not binary.`, {
      field: 'label',
      hint: numeric ? 'Train a regression model instead, or derive a two-valued label.' : 'Derive a two-valued label first.',
    });
  }
  return choosePositive(label, values, numeric, options.positive);
}
