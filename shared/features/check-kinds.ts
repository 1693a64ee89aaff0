import type { CheckContext } from './check-context';
import { checkFilter, findSource, type SourceEntry } from './check-sources';
import type { FeatureEnv } from './check-features';
import { parseWindow } from './duration';
import type { Expr } from './expr/ast';
import { isTimeLike, typeLabel, unify, valueTypeOf, type ValueType } from './expr/types';
import type { Column, ResolvedFeature } from './model';
import type { Path } from './source-map';
import { closest } from '../suggest';
import type { FeatureDef, Template } from './template';

/** Checks of single feature kinds: column, encoding and time. */

const CAST_TYPES: Record<string, string> = {
  double: 'DOUBLE',
  bigint: 'BIGINT',
  integer: 'INTEGER',
  varchar: 'VARCHAR',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

export type Common = Pick<ResolvedFeature, 'name' | 'index' | 'output' | 'deps' | 'spineRefs'>;

export function checkColumn(
  ctx: CheckContext,
  t: Template,
  env: FeatureEnv,
  def: FeatureDef & { kind: 'column' },
  path: Path,
  common: Common,
): ResolvedFeature | null {
  let column: Column | null;
  let source: SourceEntry | null = null;
  if (def.from !== undefined) {
    source = findSource(ctx, env.sources, def.from, [...path, 'from'], t);
    if (!source) return null;
    if (source.time) {
      ctx.error(
        [...path, 'from'],
        'leakage',
        `source '${source.name}' holds events (time: ${source.time.name}); a plain column of it can come from after the as-of time`,
        'use an aggregation such as last over a window',
      );
      return null;
    }
    column = ctx.column(source.set, def.column, [...path, 'column'], source.table);
  } else {
    column = ctx.column(env.spine, def.column, [...path, 'column'], 'the spine');
    if (column && env.label?.column === column.name) {
      ctx.error([...path, 'column'], 'leakage', `spine column ${column.name} is the label; as a feature it leaks the answer`);
      return null;
    }
  }
  if (!column) return null;
  const valueType = def.cast ? valueTypeOf(CAST_TYPES[def.cast]!) : column.valueType;
  if (def.clip) {
    const [low, high] = def.clip;
    if (valueType !== 'number') {
      ctx.error([...path, 'clip'], 'type_error', `clip needs a number, but ${column.name} is ${typeLabel(valueType)}`, 'add cast: double');
      return null;
    }
    if (low !== null && high !== null && low > high) {
      ctx.error([...path, 'clip'], 'bad_clip', `clip [${low}, ${high}]: the minimum is above the maximum`);
      return null;
    }
  }
  if (def.fill !== undefined) {
    const fillType: ValueType = typeof def.fill === 'number' ? 'number' : typeof def.fill === 'boolean' ? 'boolean' : 'string';
    // A time column is filled with a written timestamp, e.g. '1970-01-01 00:00:00'.
    const fits =
      unify(valueType, fillType) !== null || (isTimeLike(valueType) && typeof def.fill === 'string' && !Number.isNaN(Date.parse(def.fill)));
    if (!fits) {
      ctx.error([...path, 'fill'], 'type_error', `fill must be ${typeLabel(valueType)} like the column, not ${typeLabel(fillType)}`);
      return null;
    }
  }
  return {
    ...common,
    kind: 'column',
    valueType,
    source: source?.name ?? null,
    column: column.name,
    cast: def.cast ?? null,
    clip: def.clip ?? null,
    fill: def.fill ?? null,
  };
}

export function checkEncoding(
  ctx: CheckContext,
  def: FeatureDef & { kind: 'encoding' },
  path: Path,
  common: Common,
  input: { path: Path; expr: Expr; type: ValueType } | undefined,
): ResolvedFeature | null {
  if (!input) return null;
  if (!['string', 'number', 'boolean', 'unknown', 'null'].includes(input.type)) {
    ctx.error(input.path, 'type_error', `an encoding needs a categorical value (text, number or true/false), not ${typeLabel(input.type)}`);
    return null;
  }
  if (def.top !== undefined && def.values !== undefined) {
    ctx.error([...path, 'values'], 'conflict', 'write top or values, not both');
    return null;
  }
  if (def.method === 'frequency' && def.values !== undefined) {
    ctx.error([...path, 'values'], 'conflict', 'a frequency encoding counts the values in the data; it takes top, not values');
    return null;
  }
  if (def.values) {
    const seen = new Set<string>();
    for (const [i, v] of def.values.entries()) {
      if (seen.has(JSON.stringify(v))) ctx.error([...path, 'values', i], 'duplicate_value', `value ${JSON.stringify(v)} is listed twice`);
      seen.add(JSON.stringify(v));
    }
  }
  return {
    ...common,
    kind: 'encoding',
    valueType: 'number',
    method: def.method,
    input: input.expr,
    top: def.top ?? (def.method === 'one_hot' ? 10 : 1000),
    values: def.values ?? null,
  };
}

export function checkTime(
  ctx: CheckContext,
  t: Template,
  env: FeatureEnv,
  def: FeatureDef & { kind: 'time' },
  path: Path,
  common: Common,
): ResolvedFeature | null {
  if (def.part !== 'days_since') {
    for (const key of ['source', 'filter', 'window'] as const) {
      if (def[key] !== undefined) ctx.error([...path, key], 'conflict', `${key} goes with part: days_since only`);
    }
  }
  if (def.part === 'days_since' && def.source !== undefined) {
    if (def.column !== undefined)
      ctx.error([...path, 'column'], 'conflict', 'days_since counts from a column or from events of a source, not both');
    const source = findSource(ctx, env.sources, def.source, [...path, 'source'], t);
    if (!source) return null;
    if (!source.time) {
      ctx.error([...path, 'source'], 'not_events', `source '${source.name}' has no time column`, 'add time: COLUMN to the source');
      return null;
    }
    const filter = checkFilter(ctx, [...path, 'filter'], def.filter, source);
    const window = parseWindow(def.window ?? 'all');
    if (filter === false || !window) return null;
    return { ...common, kind: 'days_since_event', valueType: 'number', source: source.name, filter, window };
  }
  if (def.part === 'days_since' && (def.filter !== undefined || def.window !== undefined)) {
    ctx.error(path, 'conflict', 'filter and window need a source: days since the latest event of that source');
    return null;
  }
  const column = def.column === undefined ? env.time : ctx.column(env.spine, def.column, [...path, 'column'], 'the spine');
  if (!column) return null;
  if (!isTimeLike(column.valueType)) {
    const near = closest(
      column.name,
      env.spine.columns.filter((c) => isTimeLike(c.valueType)).map((c) => c.name),
    );
    ctx.error(
      [...path, 'column'],
      'type_error',
      `${column.name} is ${column.type}, not a timestamp or date`,
      near ? `did you mean ${near}?` : undefined,
    );
    return null;
  }
  if (env.label?.column === column.name) {
    ctx.error([...path, 'column'], 'leakage', `spine column ${column.name} is the label`);
    return null;
  }
  if (def.part === 'days_since') {
    if (column.name === env.time.name) {
      ctx.error(
        path,
        'missing_key',
        'days_since needs a column or a source: the days from it to the as-of time',
        'add source: NAME or column: COLUMN',
      );
      return null;
    }
    return { ...common, kind: 'days_since_column', valueType: 'number', column: column.name };
  }
  if (def.part === 'hour' && column.valueType === 'date') {
    ctx.error([...path, 'part'], 'type_error', `${column.name} is a DATE: it has no hour`);
    return null;
  }
  return { ...common, kind: 'time_part', valueType: 'number', part: def.part, column: column.name };
}
