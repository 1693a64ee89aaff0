import { aggregateCte, joinBack, labelCte, type AggregationFeature } from './compile-sources';
import type { Expr } from './expr/ast';
import { exprSql } from './expr/print';
import type { ResolvedFeature, ResolvedTemplate } from './model';
import { ident, indent, numberSql, scalarSql, tableSql } from './sql-text';
import { oneHotNames, ordinalValues, writtenVocabulary, type EncodingFeature, type Vocabularies, type Vocabulary } from './vocabulary';

export interface Plan {
  /** `table`: the template's spine; `online`: one row from parameters. */
  readonly spine:
    { readonly kind: 'table'; readonly limit?: number } | { readonly kind: 'online'; readonly params: ReadonlyMap<string, string> };
  readonly features: readonly ResolvedFeature[];
  readonly label: boolean;
  readonly vocabularies: Vocabularies;
  /** Spine columns to carry besides those the features read (a fit query's input reads them). */
  readonly alsoRead?: readonly string[];
}

export interface Pipeline {
  readonly ctes: readonly (readonly [string, string])[];
  /** The last stage, holding every feature of the plan. */
  readonly last: string;
  /** Output columns of each feature (one-hot encodings have several). */
  readonly outputs: ReadonlyMap<string, readonly string[]>;
  /** Resolves a name written in an expression of `feature` to its column in a stage. */
  readonly refFor: (feature: { readonly name: string }) => (name: string) => string;
}

/** Spine columns other than the keys and the as-of time travel under names no feature can take. */
const carriedName = (t: ResolvedTemplate, column: string) =>
  column === t.spine.time.name || t.keys.some((k) => k.name === column) ? column : `$spine.${column}`;

const COUNTS = new Set(['count', 'count_distinct', 'sum']);
const isBase = (f: ResolvedFeature) => ['column', 'aggregation', 'time_part', 'days_since_column', 'days_since_event'].includes(f.kind);
const TIME_PARTS = { hour: 'hour', weekday: 'isodow', day: 'day', month: 'month', year: 'year' } as const;

/** Spine columns the plan reads, in spine order: keys and time first. */
export function spineColumnsRead(t: ResolvedTemplate, plan: Pick<Plan, 'features' | 'label' | 'alsoRead'>): string[] {
  const read = new Set<string>([...t.keys.map((k) => k.name), t.spine.time.name, ...(plan.alsoRead ?? [])]);
  for (const f of plan.features) {
    f.spineRefs.forEach((c) => read.add(c));
    if (f.kind === 'column' && f.source === null) read.add(f.column);
    if (f.kind === 'time_part' || f.kind === 'days_since_column') read.add(f.column);
    const source = 'source' in f && f.source ? t.sources.find((s) => s.name === f.source) : undefined;
    source?.on.forEach((p) => read.add(p.spine));
  }
  if (plan.label && t.label?.kind === 'column') read.add(t.label.column);
  if (plan.label && t.label?.kind === 'event')
    t.sources.find((s) => s.name === (t.label as { source: string }).source)?.on.forEach((p) => read.add(p.spine));
  return [...read];
}

function spineCte(t: ResolvedTemplate, plan: Plan): string {
  if (plan.spine.kind === 'online') {
    const { params } = plan.spine;
    const columns = spineColumnsRead(t, plan).map((name) => {
      const column = t.spine.columns.find((c) => c.name === name)!;
      return `CAST($${params.get(name)} AS ${column.type}) AS ${ident(name)}`;
    });
    return `SELECT ${columns.join(',\n       ')}`;
  }
  const from = t.spine.table ? tableSql(t.spine.table) : `(\n${indent(t.spine.query!.trim().replace(/;\s*$/, ''))}\n)`;
  return `SELECT * FROM ${from}${plan.spine.limit !== undefined ? ` LIMIT ${plan.spine.limit}` : ''}`;
}

function columnSql(f: ResolvedFeature & { kind: 'column' }): string {
  let sql = f.source ? `${ident(`dim_${f.source}`)}.${ident(f.column)}` : `s.${ident(f.column)}`;
  if (f.cast) sql = `TRY_CAST(${sql} AS ${f.cast.toUpperCase()})`;
  if (f.clip) {
    const [low, high] = f.clip;
    const whens = [
      ...(low !== null ? [`WHEN ${sql} < ${numberSql(low)} THEN ${numberSql(low)}`] : []),
      ...(high !== null ? [`WHEN ${sql} > ${numberSql(high)} THEN ${numberSql(high)}`] : []),
    ];
    if (whens.length > 0) sql = `CASE ${whens.join(' ')} ELSE ${sql} END`;
  }
  if (f.fill !== null) sql = `coalesce(${sql}, ${scalarSql(f.fill)})`;
  return sql;
}

function baseSql(t: ResolvedTemplate, f: ResolvedFeature): string {
  const asOf = `s.${ident(t.spine.time.name)}`;
  switch (f.kind) {
    case 'column':
      return columnSql(f);
    case 'aggregation': {
      const value = `${ident(`agg_${f.source}`)}.${ident(f.name)}`;
      return COUNTS.has(f.fn) ? `coalesce(${value}, 0)` : value;
    }
    case 'days_since_event':
      return `${ident(`agg_${f.source}`)}.${ident(f.name)}`;
    case 'time_part':
      return `${TIME_PARTS[f.part]}(s.${ident(f.column)})`;
    case 'days_since_column':
      return `date_diff('microsecond', s.${ident(f.column)}, ${asOf}) / 86400000000`;
    default:
      throw new Error(`${f.kind} is not a base feature`);
  }
}

function vocabularyOf(f: EncodingFeature, vocabularies: Vocabularies): Vocabulary {
  const vocab = writtenVocabulary(f) ?? (Object.hasOwn(vocabularies, f.name) ? vocabularies[f.name] : undefined);
  if (!vocab) throw new Error(`encoding ${f.name} has no vocabulary: fit it first`);
  return vocab;
}

function vocabCte(f: EncodingFeature, vocab: Vocabulary): string {
  const rows =
    f.method === 'ordinal'
      ? ordinalValues(f, vocab).map((v, i) => `(${scalarSql(v)}, ${i + 1})`)
      : vocab.values.map((v, i) => `(${scalarSql(v)}, ${vocab.counts[i]})`);
  const second = f.method === 'ordinal' ? 'rank' : 'count';
  if (rows.length === 0) return `SELECT NULL AS "value", 0 AS ${ident(second)} WHERE false`;
  return `SELECT * FROM (VALUES\n${indent(rows.join(',\n'))}\n) AS v("value", ${ident(second)})`;
}

/** Builds the stages: spine, one CTE per event source and for the label, then the feature stages. */
export function buildPipeline(t: ResolvedTemplate, plan: Plan, taken: ReadonlySet<string>): Pipeline {
  const ctes: [string, string][] = [['spine', spineCte(t, plan)]];
  const all = new Map(plan.features.map((f) => [f.name.toLowerCase(), f.name]));
  // The validator's rules: a feature shadows a spine column, except its own name in its own inputs.
  const refFor = (feature: { readonly name: string }) => (name: string) => {
    const lower = name.toLowerCase();
    const column = t.spine.columns.find((c) => c.name === name) ?? t.spine.columns.find((c) => c.name.toLowerCase() === lower);
    const own = column !== undefined && feature.name.toLowerCase() === lower;
    const featureName = own ? undefined : all.get(lower);
    return featureName ?? (column ? carriedName(t, column.name) : name);
  };

  // Event sources: one aggregate CTE each, in the order sources are declared.
  const joins: string[] = [];
  for (const source of t.sources) {
    const features = plan.features.filter(
      (f): f is AggregationFeature => (f.kind === 'aggregation' || f.kind === 'days_since_event') && f.source === source.name,
    );
    if (features.length > 0) {
      ctes.push([`agg_${source.name}`, aggregateCte(t, source, features)]);
      joins.push(joinBack(t, source, `agg_${source.name}`));
    }
  }
  for (const source of t.sources) {
    if (source.time || !plan.features.some((f) => f.kind === 'column' && f.source === source.name)) continue;
    const alias = ident(`dim_${source.name}`);
    joins.push(
      `LEFT JOIN ${tableSql(source.table)} AS ${alias} ON ${source.on.map((p) => `${alias}.${ident(p.source)} = s.${ident(p.spine)}`).join(' AND ')}`,
    );
  }
  const label = plan.label ? t.label : null;
  let labelSql: string | null = null;
  if (label?.kind === 'event') {
    const source = t.sources.find((s) => s.name === label.source)!;
    ctes.push([`label_${source.name}`, labelCte(t, source, label)]);
    joins.push(joinBack(t, source, `label_${source.name}`));
    const value = `${ident(`label_${source.name}`)}.${ident(label.name)}`;
    labelSql = ['any', 'count', 'sum'].includes(label.aggregate) ? `coalesce(${value}, 0)` : value;
  } else if (label?.kind === 'column') {
    labelSql = `s.${ident(label.column)}`;
  }

  // Stage 0: spine columns, base features and the label; later stages: features over earlier ones.
  const level = new Map<string, number>();
  for (const f of plan.features) level.set(f.name, isBase(f) ? 0 : Math.max(0, ...f.deps.map((d) => level.get(d) ?? 0)) + 1);
  const outputs = new Map<string, readonly string[]>();
  // Carried: keys, time and spine columns expressions read (features named like a spine column shadow it).
  const carried = new Set([
    ...t.keys.map((k) => k.name),
    t.spine.time.name,
    ...(plan.alsoRead ?? []),
    ...plan.features.flatMap((f) => f.spineRefs),
  ]);
  const stage0 = [
    ...[...carried].map((c) => (carriedName(t, c) === c ? `s.${ident(c)}` : `s.${ident(c)} AS ${ident(carriedName(t, c))}`)),
    ...plan.features.filter(isBase).map((f) => `${baseSql(t, f)} AS ${ident(f.name)}`),
    ...(labelSql && label ? [`${labelSql} AS ${ident(label.name)}`] : []),
  ];
  for (const f of plan.features.filter(isBase)) outputs.set(f.name, [f.name]);
  ctes.push(['features_0', [`SELECT ${stage0.join(',\n       ')}`, 'FROM "spine" AS s', ...joins].join('\n')]);

  const depth = Math.max(0, ...level.values());
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  for (let k = 1; k <= depth; k++) {
    const columns: string[] = ['f.*'];
    const stageJoins: string[] = [];
    for (const f of plan.features.filter((x) => level.get(x.name) === k)) {
      const ref = refFor(f);
      const sql = (e: Expr) => exprSql(e, (name) => `f.${ident(ref(name))}`);
      switch (f.kind) {
        case 'formula':
          columns.push(`${sql(f.expr)} AS ${ident(f.name)}`);
          outputs.set(f.name, [f.name]);
          break;
        case 'bucketize': {
          const x = sql(f.input);
          const whens = f.boundaries.map((b, i) => `WHEN ${x} < ${numberSql(b)} THEN ${i}`);
          columns.push(`CASE WHEN ${x} IS NULL THEN NULL ${whens.join(' ')} ELSE ${f.boundaries.length} END AS ${ident(f.name)}`);
          outputs.set(f.name, [f.name]);
          break;
        }
        case 'cross':
          columns.push(`${f.inputs.map((e) => `CAST(${sql(e)} AS VARCHAR)`).join(` || '|' || `)} AS ${ident(f.name)}`);
          outputs.set(f.name, [f.name]);
          break;
        case 'encoding': {
          const x = sql(f.input);
          const vocab = vocabularyOf(f, plan.vocabularies);
          if (f.method === 'one_hot') {
            const names = oneHotNames(f.name, vocab.values, used);
            names.forEach((n, i) => {
              used.add(n.toLowerCase());
              columns.push(`CASE WHEN ${x} = ${scalarSql(vocab.values[i]!)} THEN 1 ELSE 0 END AS ${ident(n)}`);
            });
            outputs.set(f.name, names);
            break;
          }
          const alias = ident(`vocab_${f.name}`);
          ctes.push([`vocab_${f.name}`, vocabCte(f, vocab)]);
          stageJoins.push(`LEFT JOIN ${alias} ON ${alias}."value" = ${x}`);
          const value =
            f.method === 'ordinal'
              ? `coalesce(${alias}."rank", 0)`
              : `coalesce(${alias}."count", 0) / ${vocab.total > 0 ? vocab.total : 1}`;
          columns.push(`CASE WHEN ${x} IS NULL THEN NULL ELSE ${value} END AS ${ident(f.name)}`);
          outputs.set(f.name, [f.name]);
          break;
        }
        default:
          throw new Error(`${f.kind} is a base feature`);
      }
    }
    ctes.push([
      `features_${k}`,
      [`SELECT ${columns.join(',\n       ')}`, `FROM ${ident(`features_${k - 1}`)} AS f`, ...stageJoins].join('\n'),
    ]);
  }
  return { ctes, last: `features_${depth}`, outputs, refFor };
}

/**
 * A spine read from a table is scanned where it is used: DuckDB would otherwise materialize a CTE
 * that several parts read, which costs more than scanning the table again. A spine query stays
 * materialized, so it runs once.
 */
export function withClause(t: ResolvedTemplate, ctes: readonly (readonly [string, string])[]): string {
  const hint = (name: string) => (name === 'spine' && t.spine.table ? ' NOT MATERIALIZED' : '');
  return `WITH\n${ctes.map(([name, sql]) => `${ident(name)} AS${hint(name)} (\n${indent(sql)}\n)`).join(',\n')}`;
}
