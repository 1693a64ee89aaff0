import type { ResolvedFeature } from './model';
import type { Scalar } from './sql-text';

/**
 * What an encoding learned from the data when the training set was built: its values (most
 * frequent first), how often each occurred and out of how many rows. Frozen into the compiled SQL,
 * so batch and online encode alike.
 */
export interface Vocabulary {
  readonly values: readonly Scalar[];
  readonly counts: readonly number[];
  readonly total: number;
}

/** Vocabularies by encoding feature name. */
export type Vocabularies = Readonly<Record<string, Vocabulary>>;

export type EncodingFeature = ResolvedFeature & { kind: 'encoding' };

/** The vocabulary of an encoding whose values are written in the template, without data. */
export function writtenVocabulary(f: EncodingFeature): Vocabulary | null {
  if (!f.values) return null;
  return { values: f.values, counts: f.values.map(() => 0), total: 0 };
}

/** Ordinal ranks: the written order, or the fitted values sorted (numbers numerically, text by code point). */
export function ordinalValues(f: EncodingFeature, vocab: Vocabulary): readonly Scalar[] {
  if (f.values) return f.values;
  return [...vocab.values].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
}

/** Column names for one-hot outputs: NAME_VALUE in lower case with underscores, unique. */
export function oneHotNames(feature: string, values: readonly Scalar[], taken: ReadonlySet<string>): string[] {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  return values.map((v) => {
    const slug = String(v)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40);
    const base = `${feature}_${slug === '' ? 'blank' : slug}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}
