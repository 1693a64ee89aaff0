import { buildPipeline, spineColumnsRead, withClause, type Plan } from './compile-levels';
import { exprSql } from './expr/print';
import type { ResolvedFeature, ResolvedTemplate } from './model';
import { ident } from './sql-text';
import type { FeatureKind } from './template';
import { writtenVocabulary, type Vocabularies } from './vocabulary';

export interface OutputColumn {
  readonly name: string;
  readonly role: 'key' | 'time' | 'feature' | 'label';
  /** The feature (as named in the template) the column comes from. */
  readonly feature?: string;
  readonly kind?: FeatureKind;
}

export interface CompiledQuery {
  readonly sql: string;
  readonly columns: readonly OutputColumn[];
  readonly logicVersion: string;
}

/** A parameter of the online query: `$entity` and `$as_of`, plus spine columns features read. */
export interface OnlineParam {
  readonly name: string;
  readonly column: string;
  readonly type: string;
  readonly role: 'key' | 'time' | 'context';
}

export interface CompiledOnline extends CompiledQuery {
  readonly params: readonly OnlineParam[];
}

/** A query that fits an encoding's vocabulary on the spine rows: columns value, count, total. */
export interface FitQuery {
  readonly feature: string;
  readonly sql: string;
}

export interface BatchOptions {
  readonly vocabularies?: Vocabularies;
  /** Read only the first N spine rows (previews). */
  readonly spineLimit?: number;
  /** Leave the label out. */
  readonly withoutLabel?: boolean;
}

function inOutputOrder(features: readonly ResolvedFeature[]): ResolvedFeature[] {
  return [...features].sort((a, b) => a.index - b.index);
}

function kindOf(t: ResolvedTemplate, f: ResolvedFeature): FeatureKind {
  return t.template.features[f.index]!.kind;
}

function finish(t: ResolvedTemplate, plan: Plan): CompiledQuery {
  const taken = new Set([
    ...t.keys.map((k) => k.name),
    t.spine.time.name,
    ...plan.features.map((f) => f.name),
    ...(t.label ? [t.label.name] : []),
  ]);
  const pipeline = buildPipeline(t, plan, taken);
  const columns: OutputColumn[] = [
    ...t.keys.map((k) => ({ name: k.name, role: 'key' as const })),
    { name: t.spine.time.name, role: 'time' },
  ];
  for (const f of inOutputOrder(plan.features)) {
    if (!f.output) continue;
    const feature = t.template.features[f.index]!.name;
    for (const name of pipeline.outputs.get(f.name) ?? []) columns.push({ name, role: 'feature', feature, kind: kindOf(t, f) });
  }
  if (plan.label && t.label) columns.push({ name: t.label.name, role: 'label' });
  const select = `SELECT ${columns.map((c) => ident(c.name)).join(',\n       ')}\nFROM ${ident(pipeline.last)}`;
  return { sql: `${withClause(t, pipeline.ctes)}\n${select}\n`, columns, logicVersion: t.logicVersion };
}

/** Encodings that learn their values from the data and have no vocabulary yet. */
export function unfittedEncodings(t: ResolvedTemplate, vocabularies: Vocabularies = {}): string[] {
  return t.features
    .filter((f) => f.kind === 'encoding' && !writtenVocabulary(f) && !Object.hasOwn(vocabularies, f.name))
    .map((f) => f.name);
}

function missingVocabulary(t: ResolvedTemplate, vocabularies: Vocabularies): void {
  const missing = unfittedEncodings(t, vocabularies);
  if (missing.length > 0) throw new Error(`encodings ${missing.join(', ')} have no vocabulary: run fitQueries first`);
}

/**
 * The training-set query: one row per spine row with its keys, as-of time, features and label.
 * Deterministic: the same template and vocabularies give the same text.
 */
export function compileBatch(t: ResolvedTemplate, options: BatchOptions = {}): CompiledQuery {
  const vocabularies = options.vocabularies ?? {};
  missingVocabulary(t, vocabularies);
  return finish(t, {
    spine: { kind: 'table', ...(options.spineLimit !== undefined ? { limit: options.spineLimit } : {}) },
    features: t.features,
    label: !options.withoutLabel && t.label !== null,
    vocabularies,
  });
}

/**
 * One entity's feature row at one time, from the same definitions as the batch query: the spine is
 * a single row built from parameters (`$entity`, `$as_of`, and `$ctx_*` for spine columns that
 * features read, which a caller supplies at request time). No label: it lies in the future.
 */
export function compileOnline(t: ResolvedTemplate, vocabularies: Vocabularies = {}): CompiledOnline {
  missingVocabulary(t, vocabularies);
  const read = spineColumnsRead(t, { features: t.features, label: false });
  const params: OnlineParam[] = [];
  const names = new Map<string, string>();
  const keyNames = new Set(t.keys.map((k) => k.name));
  for (const column of read) {
    const type = t.spine.columns.find((c) => c.name === column)!.type;
    let name: string;
    let role: OnlineParam['role'];
    if (keyNames.has(column)) {
      role = 'key';
      name = t.keys.length === 1 ? 'entity' : `entity_${t.keys.findIndex((k) => k.name === column) + 1}`;
    } else if (column === t.spine.time.name) {
      role = 'time';
      name = 'as_of';
    } else {
      role = 'context';
      const slug = column.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
      name = `ctx_${slug}`;
      for (let n = 2; [...names.values()].includes(name); n++) name = `ctx_${slug}_${n}`;
    }
    names.set(column, name);
    params.push({ name, column, type, role });
  }
  const query = finish(t, { spine: { kind: 'online', params: names }, features: t.features, label: false, vocabularies });
  return { ...query, params };
}

/** The features `name` reads, directly or through others, in dependency order. */
function closure(t: ResolvedTemplate, name: string): ResolvedFeature[] {
  const wanted = new Set<string>();
  const add = (n: string) => {
    if (wanted.has(n)) return;
    wanted.add(n);
    t.features.find((f) => f.name === n)?.deps.forEach(add);
  };
  t.features.find((f) => f.name === name)?.deps.forEach(add);
  return t.features.filter((f) => wanted.has(f.name));
}

/**
 * Queries that fit the vocabularies still missing, over the spine rows: each returns the encoding's
 * input values, most frequent first (ties by value), at most `top` of them, with the row total.
 * An encoding whose input depends on another unfitted encoding waits for the next round.
 */
export function fitQueries(
  t: ResolvedTemplate,
  vocabularies: Vocabularies = {},
  options: { readonly spineLimit?: number } = {},
): FitQuery[] {
  const out: FitQuery[] = [];
  const missing = new Set(unfittedEncodings(t, vocabularies));
  for (const f of t.features) {
    if (f.kind !== 'encoding' || !missing.has(f.name)) continue;
    const features = closure(t, f.name);
    if (features.some((d) => missing.has(d.name))) continue;
    const taken = new Set(t.features.map((x) => x.name));
    const spine = { kind: 'table' as const, ...(options.spineLimit !== undefined ? { limit: options.spineLimit } : {}) };
    const pipeline = buildPipeline(t, { spine, features, label: false, vocabularies, alsoRead: f.spineRefs }, taken);
    const ref = pipeline.refFor(f);
    const input = exprSql(f.input, (name) => `f.${ident(ref(name))}`);
    const sql = [
      withClause(t, pipeline.ctes),
      'SELECT "value", "count", sum("count") OVER () AS "total"',
      `FROM (SELECT ${input} AS "value", count(*) AS "count" FROM ${ident(pipeline.last)} AS f WHERE ${input} IS NOT NULL GROUP BY ALL)`,
      `ORDER BY "count" DESC, "value"`,
      `LIMIT ${f.top}`,
      '',
    ].join('\n');
    out.push({ feature: f.name, sql });
  }
  return out;
}
