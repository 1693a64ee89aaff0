import { LodeError } from '../../shared/errors';
import type { Dataset, FeatureColumn } from './dataset';
import { Random } from './gbdt/random';

/** Row indices of each side of a split, ascending. */
export interface RowSplit {
  readonly train: Uint32Array;
  readonly valid: Uint32Array;
}

/** Each row goes to validation with probability close to `fraction`; exactly round(n * fraction) rows. */
export function randomSplit(rows: number, fraction: number, seed: number): RowSplit {
  const validCount = Math.round(rows * fraction);
  const valid = new Random(seed).sampleSorted(rows, validCount);
  return { train: complement(rows, valid), valid };
}

/** Random within each class, so both sides keep the label's class rates (binary labels: 0/1). */
export function stratifiedSplit(label: Float64Array, fraction: number, seed: number): RowSplit {
  const random = new Random(seed);
  const classes = new Map<number, number[]>();
  for (let r = 0; r < label.length; r++) {
    const rows = classes.get(label[r]!) ?? [];
    rows.push(r);
    classes.set(label[r]!, rows);
  }
  const inValid = new Uint8Array(label.length);
  for (const key of [...classes.keys()].sort((a, b) => a - b)) {
    const rows = classes.get(key)!;
    for (const i of random.sampleSorted(rows.length, Math.round(rows.length * fraction))) inValid[rows[i]!] = 1;
  }
  return fromMask(inValid);
}

/**
 * Train on the past, validate on the future: the latest rows by `time` go to validation. Rows
 * sharing the cutoff time all go to one side, so no moment is split between the two; rows without
 * a time are left out of both.
 */
export function timeSplit(time: Float64Array, fraction: number, column: string): RowSplit {
  const known: number[] = [];
  for (let r = 0; r < time.length; r++) if (!Number.isNaN(time[r]!)) known.push(r);
  const order = Uint32Array.from(known).sort((a, b) => time[a]! - time[b]!);
  const validCount = Math.round(order.length * fraction);
  if (validCount === 0 || validCount === order.length) {
    throw new LodeError('bad_input', `A time split on '${column}' leaves one side empty.`, { field: 'split', hint: 'Use more rows.' });
  }
  const cutoff = time[order[order.length - validCount]!]!;
  const inValid = new Uint8Array(time.length).fill(2);
  for (const r of known) inValid[r] = time[r]! >= cutoff ? 1 : 0;
  const split = fromMask(inValid);
  if (split.train.length === 0 || split.valid.length === 0) {
    throw new LodeError('bad_input', `Every row of '${column}' has the same time, so a time split leaves one side empty.`, {
      field: 'split',
      hint: 'Choose a column with varying times, or a random split.',
    });
  }
  return split;
}

/** The given rows of a data set, as a data set of its own (columns copied). */
export function subsetDataset(data: Dataset, rows: Uint32Array): Dataset {
  const pick = <T extends Float64Array | Int32Array>(values: T, make: (n: number) => T): T => {
    const out = make(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
    return out;
  };
  const f64 = (n: number) => new Float64Array(n);
  const columns: FeatureColumn[] = data.columns.map((c) =>
    c.kind === 'numeric' ? { ...c, values: pick(c.values, f64) } : { ...c, codes: pick(c.codes, (n) => new Int32Array(n)) },
  );
  return {
    schema: data.schema,
    rows: rows.length,
    label: pick(data.label, f64),
    columns,
    time: data.time ? pick(data.time, f64) : undefined,
    notices: data.notices,
  };
}

/**
 * The given rows of a data set without copying its columns: the label is gathered at once, and
 * each feature column is gathered when it is read and not kept. For the training side of a split,
 * whose columns the trainers read a few times each (binning, standardizing) and turn into their
 * own compact form, so a split of 10M rows never holds a second copy of the data. Read columns
 * once per use; for data scored again and again (validation), use subsetDataset.
 */
export function rowView(data: Dataset, rows: Uint32Array): Dataset {
  const gather = <T extends Float64Array | Int32Array>(values: T, make: (n: number) => T): T => {
    const out = make(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
    return out;
  };
  const columns: FeatureColumn[] = data.columns.map((c) =>
    c.kind === 'numeric'
      ? {
          kind: 'numeric',
          name: c.name,
          get values() {
            return gather(c.values, (n) => new Float64Array(n));
          },
        }
      : {
          kind: 'categorical',
          name: c.name,
          vocabulary: c.vocabulary,
          get codes() {
            return gather(c.codes, (n) => new Int32Array(n));
          },
        },
  );
  return {
    schema: data.schema,
    rows: rows.length,
    label: gather(data.label, (n) => new Float64Array(n)),
    columns,
    time: undefined,
    notices: data.notices,
  };
}

function complement(rows: number, picked: Uint32Array): Uint32Array {
  const inPicked = new Uint8Array(rows);
  for (const r of picked) inPicked[r] = 1;
  return fromMask(inPicked).train;
}

/** 0 = train, 1 = valid, anything else = neither. */
function fromMask(mask: Uint8Array): RowSplit {
  let trainCount = 0;
  let validCount = 0;
  for (const m of mask) {
    if (m === 0) trainCount++;
    else if (m === 1) validCount++;
  }
  const train = new Uint32Array(trainCount);
  const valid = new Uint32Array(validCount);
  let t = 0;
  let v = 0;
  for (let r = 0; r < mask.length; r++) {
    if (mask[r] === 0) train[t++] = r;
    else if (mask[r] === 1) valid[v++] = r;
  }
  return { train, valid };
}

/**
 * The fold (0 .. k-1) of each row for k-fold cross-validation: rows shuffled with the seed and dealt
 * round-robin, within each class when `label` is given (stratified), so fold sizes differ by at most
 * one row per class.
 */
export function foldAssignment(rows: number, folds: number, seed: number, label?: Float64Array): Uint8Array {
  if (folds < 2 || folds > 255 || folds > rows) {
    throw new LodeError('bad_input', `Cannot make ${folds} folds of ${rows} rows.`, { field: 'split.folds', hint: 'Use 2 to 20 folds.' });
  }
  const random = new Random(seed);
  const fold = new Uint8Array(rows);
  const groups = new Map<number, number[]>();
  for (let r = 0; r < rows; r++) {
    const key = label ? label[r]! : 0;
    const group = groups.get(key) ?? [];
    group.push(r);
    groups.set(key, group);
  }
  let next = 0;
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const group = groups.get(key)!;
    // Fisher-Yates with the seeded generator.
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [group[i], group[j]] = [group[j]!, group[i]!];
    }
    for (const r of group) fold[r] = next++ % folds;
  }
  return fold;
}

/** Rows in fold `k` (validation) and the rest (training). */
export function foldSplit(assignment: Uint8Array, k: number): RowSplit {
  const mask = Uint8Array.from(assignment, (f) => (f === k ? 1 : 0));
  return fromMask(mask);
}
