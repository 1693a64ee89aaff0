import type { CheckContext, ColumnSet } from './check-context';
import { checkColumn, checkEncoding, checkTime } from './check-kinds';
import { checkFilter, findSource, type SourceEntry } from './check-sources';
import { parseWindow, type Window } from './duration';
import { refsOf, type Expr } from './expr/ast';
import type { ExprScope, Resolution } from './expr/check';
import { isIntegerType, typeLabel, type ValueType } from './expr/types';
import { dependencyOrder } from './graph';
import type { Column, ResolvedFeature } from './model';
import type { Path } from './source-map';
import type { FeatureDef, Template } from './template';

export interface FeatureEnv {
  readonly spine: ColumnSet;
  readonly keys: readonly Column[];
  readonly time: Column;
  readonly sources: ReadonlyMap<string, SourceEntry>;
  readonly label: { readonly name: string; readonly column: string | null } | null;
}

/** One written feature definition while it is checked; an aggregation with N windows makes N names. */
interface Draft {
  readonly index: number;
  readonly def: FeatureDef;
  readonly path: Path;
  readonly names: readonly { name: string; window: Window | null }[];
  readonly exprs: { path: Path; expr: Expr }[];
  deps: string[];
  spineRefs: string[];
  broken: boolean;
}

/** The written expressions of a definition, with their paths. */
function exprFields(def: FeatureDef, path: Path): { path: Path; text: string }[] {
  switch (def.kind) {
    case 'ratio':
      return [
        { path: [...path, 'numerator'], text: def.numerator },
        { path: [...path, 'denominator'], text: def.denominator },
      ];
    case 'formula':
      return [{ path: [...path, 'expr'], text: def.expr }];
    case 'encoding':
    case 'bucketize':
      return [{ path: [...path, 'input'], text: def.input }];
    case 'cross':
      return def.inputs.map((text, i) => ({ path: [...path, 'inputs', i], text }));
    default:
      return [];
  }
}

function windowsOf(ctx: CheckContext, def: FeatureDef & { kind: 'aggregation' }, path: Path): { name: string; window: Window | null }[] {
  if (def.window !== undefined && def.windows !== undefined) {
    ctx.error([...path, 'windows'], 'conflict', 'write window or windows, not both');
    return [{ name: def.name, window: null }];
  }
  if (def.windows !== undefined) {
    const seen = new Set<string>();
    return def.windows.map((text, i) => {
      if (seen.has(text)) ctx.error([...path, 'windows', i], 'duplicate_window', `window ${text} is listed twice`);
      seen.add(text);
      return { name: `${def.name}_${text}`, window: parseWindow(text) };
    });
  }
  if (def.window === undefined) {
    ctx.error(path, 'missing_key', `aggregation ${def.name} needs a window`, 'add window: 7d (or windows: [7d, 30d])');
    return [{ name: def.name, window: null }];
  }
  return [{ name: def.name, window: parseWindow(def.window) }];
}

/**
 * Checks the features: names (duplicates, clashes with keys and the label), references between
 * features (unknown names, cycles), types, and the static leakage rules.
 */
export function checkFeatures(ctx: CheckContext, t: Template, env: FeatureEnv): ResolvedFeature[] | null {
  const reserved = new Map<string, string>();
  for (const key of env.keys) reserved.set(key.name.toLowerCase(), `the entity key ${key.name}`);
  reserved.set(env.time.name.toLowerCase(), `the as-of column ${env.time.name}`);
  if (t.label) reserved.set(t.label.name.toLowerCase(), `the label ${t.label.name}`);
  // Join columns sit beside the aggregates in each source's CTE.
  for (const source of env.sources.values()) {
    for (const pair of source.on) {
      if (!reserved.has(pair.spine.toLowerCase()))
        reserved.set(pair.spine.toLowerCase(), `spine column ${pair.spine}, which joins source ${source.name}`);
    }
  }

  // 1. Names.
  const drafts: Draft[] = [];
  const byName = new Map<string, Draft>();
  t.features.forEach((def, index) => {
    const path: Path = ['features', index];
    const names = def.kind === 'aggregation' ? windowsOf(ctx, def, path) : [{ name: def.name, window: null }];
    const draft: Draft = { index, def, path, names, exprs: [], deps: [], spineRefs: [], broken: false };
    for (const { name } of names) {
      const lower = name.toLowerCase();
      const clash = reserved.get(lower);
      const first = byName.get(lower);
      if (clash) ctx.error([...path, 'name'], 'duplicate_name', `feature ${name} has the same name as ${clash}`, 'rename the feature');
      else if (first && first !== draft) {
        const line = ctx.map.range([...first.path, 'name']).start.line;
        ctx.error(
          [...path, 'name'],
          'duplicate_name',
          `the name ${name} is already used by the feature on line ${line}`,
          'names are compared ignoring case, as DuckDB does',
        );
      } else byName.set(lower, draft);
    }
    drafts.push(draft);
  });

  // 2. Expressions and what they reference.
  for (const draft of drafts) {
    for (const field of exprFields(draft.def, draft.path)) {
      const expr = ctx.parse(field.path, field.text);
      if (!expr) {
        draft.broken = true;
        continue;
      }
      draft.exprs.push({ path: field.path, expr });
      for (const ref of refsOf(expr)) {
        const feature = ownColumn(draft, ref.name, env) ? undefined : byName.get(ref.name.toLowerCase());
        if (feature) {
          const named = feature.names.find((n) => n.name.toLowerCase() === ref.name.toLowerCase());
          if (named && !draft.deps.includes(named.name)) draft.deps.push(named.name);
        } else {
          const column = env.spine.find(ref.name);
          if (column && !draft.spineRefs.includes(column.name)) draft.spineRefs.push(column.name);
        }
      }
    }
  }

  // 3. Dependency order and cycles.
  const allNames = drafts.flatMap((d) => d.names.map((n) => n.name));
  const draftOf = new Map(drafts.flatMap((d) => d.names.map((n) => [n.name, d] as const)));
  const { order, cycles } = dependencyOrder(allNames, new Map(allNames.map((n) => [n, draftOf.get(n)!.deps])));
  for (const cycle of cycles) {
    for (const name of cycle) {
      const draft = draftOf.get(name)!;
      draft.broken = true;
      const loop = [...cycle.slice(cycle.indexOf(name)), ...cycle.slice(0, cycle.indexOf(name)), name].join(' -> ');
      ctx.error([...draft.path, 'name'], 'cycle', `feature ${name} depends on itself: ${loop}`, 'break the cycle');
    }
  }

  // 4. Each feature in dependency order, with the types of what it reads.
  const types = new Map<string, ValueType>();
  const resolved: ResolvedFeature[] = [];
  for (const name of order) {
    const draft = draftOf.get(name)!;
    if (draft.broken) continue;
    const scope = featureScope(env, byName, types, draft);
    const window = draft.names.find((n) => n.name === name)?.window ?? null;
    const feature = checkOne(ctx, t, env, draft, name, window, scope);
    if (!feature) {
      draft.broken = true;
      continue;
    }
    types.set(name, feature.valueType);
    resolved.push(feature);
  }
  return drafts.some((d) => d.broken) ? null : resolved;
}

/** In `name: country, input: country`, the feature's own name means the spine column it encodes. */
function ownColumn(draft: Draft, name: string, env: FeatureEnv): boolean {
  return draft.names.some((n) => n.name.toLowerCase() === name.toLowerCase()) && env.spine.find(name) !== undefined;
}

function featureScope(env: FeatureEnv, byName: ReadonlyMap<string, Draft>, types: ReadonlyMap<string, ValueType>, self: Draft): ExprScope {
  return {
    what: 'a feature or a spine column',
    candidates: () => [...[...byName.values()].flatMap((d) => d.names.map((n) => n.name)), ...env.spine.names()],
    resolve: (name): Resolution | undefined => {
      const lower = name.toLowerCase();
      if (env.label && env.label.name.toLowerCase() === lower) {
        return { code: 'leakage', refused: `'${name}' is the label: a feature computed from it leaks the answer into the training set` };
      }
      const draft = ownColumn(self, name, env) ? undefined : byName.get(lower);
      if (draft) {
        const named = draft.names.find((n) => n.name.toLowerCase() === lower)!;
        if (draft.def.kind === 'encoding' && draft.def.method === 'one_hot') {
          return {
            code: 'not_a_value',
            refused: `${named.name} is a one-hot encoding: it makes several 0/1 columns, not one value`,
            hint: 'use the input of the encoding instead',
          };
        }
        return { type: types.get(named.name) ?? 'unknown' };
      }
      const column = env.spine.find(name);
      if (column) {
        if (env.label?.column && column.name === env.label.column) {
          return { code: 'leakage', refused: `spine column ${column.name} is the label: a feature computed from it leaks the answer` };
        }
        return { type: column.valueType };
      }
      // `clicks` when only clicks_7d and clicks_30d exist: an aggregation over several windows.
      const multi = [...byName.values()].find((d) => d.def.name.toLowerCase() === lower && d.names.length > 1);
      if (multi) {
        return {
          code: 'unknown_name',
          refused: `${name} has several windows; name one of them`,
          hint: `did you mean ${multi.names[0]!.name}?`,
        };
      }
      return undefined;
    },
  };
}

function checkOne(
  ctx: CheckContext,
  t: Template,
  env: FeatureEnv,
  draft: Draft,
  name: string,
  window: Window | null,
  scope: ExprScope,
): ResolvedFeature | null {
  const { def, path, index } = draft;
  const common = { name, index, output: def.output ?? true, deps: draft.deps, spineRefs: draft.spineRefs };
  const typed = draft.exprs.map((e) => ({ ...e, type: ctx.typeOf(e.path, e.expr, scope) }));
  if (typed.some((e) => e.type === 'unknown' && hasProblemAt(ctx, e.path))) return null;
  const expect = (e: { path: Path; type: ValueType }, wanted: ValueType[], what: string) => {
    if (e.type === 'unknown' || e.type === 'null' || wanted.includes(e.type)) return true;
    ctx.error(e.path, 'type_error', `${what} must be ${wanted.map(typeLabel).join(' or ')}, but this is ${typeLabel(e.type)}`);
    return false;
  };
  switch (def.kind) {
    case 'column':
      return checkColumn(ctx, t, env, def, path, common);
    case 'aggregation': {
      const source = findSource(ctx, env.sources, def.source, [...path, 'source'], t);
      if (!source || !window) return null;
      if (!source.time) {
        ctx.error(
          [...path, 'source'],
          'not_events',
          `source '${source.name}' has no time column; an aggregation needs events`,
          'add time: COLUMN to the source',
        );
        return null;
      }
      let column: Column | null = null;
      if (def.column !== undefined) {
        column = ctx.column(source.set, def.column, [...path, 'column'], source.table);
        if (!column) return null;
      } else if (def.function !== 'count') {
        ctx.error(path, 'missing_key', `${def.function} needs a column`, 'add column: COLUMN');
        return null;
      }
      if (column && ['sum', 'avg', 'stddev'].includes(def.function) && column.valueType !== 'number') {
        ctx.error([...path, 'column'], 'type_error', `${def.function} needs a number column, but ${column.name} is ${column.type}`);
        return null;
      }
      if (column && ['min', 'max'].includes(def.function) && column.valueType === 'boolean') {
        ctx.error([...path, 'column'], 'type_error', `${def.function} of a true/false column has no meaning; count with a filter instead`);
        return null;
      }
      const filter = checkFilter(ctx, [...path, 'filter'], def.filter, source);
      if (filter === false) return null;
      const counts = def.function === 'count' || def.function === 'count_distinct';
      const valueType: ValueType =
        counts || !column ? 'number' : ['sum', 'avg', 'stddev'].includes(def.function) ? 'number' : column.valueType;
      return {
        ...common,
        kind: 'aggregation',
        valueType,
        source: source.name,
        fn: def.function,
        column: column?.name ?? null,
        window,
        filter,
        integerSum: def.function === 'sum' && column !== null && isIntegerType(column.type),
        columnType: column?.type ?? null,
      };
    }
    case 'ratio': {
      const [num, den] = typed;
      if (!num || !den || !expect(num, ['number'], 'the numerator') || !expect(den, ['number'], 'the denominator')) return null;
      const span = [0, 0] as const;
      const expr: Expr = { type: 'call', name: 'safe_div', args: [num.expr, den.expr], nameSpan: span, span };
      return { ...common, kind: 'formula', valueType: 'number', expr };
    }
    case 'formula': {
      const [e] = typed;
      if (!e) return null;
      return { ...common, kind: 'formula', valueType: e.type, expr: e.expr };
    }
    case 'bucketize': {
      const [e] = typed;
      if (!e || !expect(e, ['number'], 'the input of bucketize')) return null;
      const bad = def.boundaries.findIndex((b, i) => i > 0 && b <= def.boundaries[i - 1]!);
      if (bad !== -1) {
        ctx.error(
          [...path, 'boundaries', bad],
          'bad_boundaries',
          'boundaries must increase strictly',
          `after ${def.boundaries[bad - 1]} comes ${def.boundaries[bad]}`,
        );
        return null;
      }
      return { ...common, kind: 'bucketize', valueType: 'number', input: e.expr, boundaries: def.boundaries };
    }
    case 'cross': {
      if (!typed.every((e) => expect(e, ['string', 'number', 'boolean'], 'an input of cross'))) return null;
      return { ...common, kind: 'cross', valueType: 'string', inputs: typed.map((e) => e.expr) };
    }
    case 'encoding':
      return checkEncoding(ctx, def, path, common, typed[0]);
    case 'time':
      return checkTime(ctx, t, env, def, path, common);
  }
}

function hasProblemAt(ctx: CheckContext, path: Path): boolean {
  const text = path.join('.');
  return ctx.diagnostics.some((d) => d.severity === 'error' && d.path === text);
}
