import { intervalSql, isAll, windowSeconds, type Window } from './duration';
import { exprSql } from './expr/print';
import { isFloatType } from './expr/types';
import type { ResolvedFeature, ResolvedLabel, ResolvedSource, ResolvedTemplate } from './model';
import { ident, indent, tableSql } from './sql-text';

export type AggregationFeature = ResolvedFeature & { kind: 'aggregation' | 'days_since_event' };
export type EventLabel = ResolvedLabel & { kind: 'event' };

/** How a source joins the spine: the distinct (join columns, as-of) pairs and the equality conditions. */
function spineSide(t: ResolvedTemplate, source: ResolvedSource): { select: string; on: string[]; group: string[] } {
  const spineColumns = [...source.on.map((p) => p.spine), t.spine.time.name];
  const unique = [...new Set(spineColumns)];
  return {
    select: `(SELECT DISTINCT ${unique.map(ident).join(', ')} FROM "spine") AS s`,
    on: source.on.map((p) => `e.${ident(p.source)} = s.${ident(p.spine)}`),
    group: unique.map((c) => `s.${ident(c)}`),
  };
}

/** The join back from the spine to a per-(keys, as-of) CTE. */
export function joinBack(t: ResolvedTemplate, source: ResolvedSource, alias: string): string {
  const columns = [...new Set([...source.on.map((p) => p.spine), t.spine.time.name])];
  return `LEFT JOIN ${ident(alias)} ON ${columns.map((c) => `${ident(alias)}.${ident(c)} = s.${ident(c)}`).join(' AND ')}`;
}

const filterSql = (f: { filter: Parameters<typeof exprSql>[0] | null }) => (f.filter ? exprSql(f.filter, (n) => `e.${ident(n)}`) : null);

const isFloat = (f: AggregationFeature) => f.kind === 'aggregation' && f.columnType !== null && isFloatType(f.columnType);

/** Whole numbers of at most 32 bits: their squares add up in a HUGEINT without overflow. */
const isSmallInteger = (f: AggregationFeature) =>
  f.kind === 'aggregation' && f.columnType !== null && /^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT|UINTEGER)$/i.test(f.columnType);

/**
 * Aggregates computed from the list of a spine row's values rather than by a DuckDB aggregate;
 * `list(column)` collects them (the FILTER clause belongs to it) and this finishes the value.
 *
 * Floating-point sums depend on the order the rows arrive in, which follows the join plan: a
 * one-row spine (online) and a many-row spine (batch) plan differently, so the last bit could
 * differ. These add the values up in value order instead (a sorted list), so the online row equals
 * the batch row exactly: stddev (DuckDB computes it in DOUBLE) unless its column is a small whole
 * number (see exactStddev), sum and avg when the column is floating point (whole numbers and
 * decimals add up exactly in any order).
 *
 * Distinct counts: the distinct values of one spine row's window are few, and counting them in its
 * list is about a fifth cheaper than DuckDB's DISTINCT aggregate (a second hash table over every
 * joined row) at 10M events. Floating point keeps DISTINCT, which holds 0.0 and -0.0 as one value.
 */
function fromList(f: AggregationFeature): ((values: string) => string) | null {
  if (f.kind !== 'aggregation') return null;
  if (f.fn === 'stddev' && !isSmallInteger(f)) return (values) => `list_aggregate(list_sort(${values}), 'stddev_samp')`;
  if ((f.fn === 'sum' || f.fn === 'avg') && isFloat(f)) return (values) => `list_${f.fn}(list_sort(${values}))`;
  // A BIGINT, as count(DISTINCT) gives, not list_unique's UBIGINT.
  if (f.fn === 'count_distinct' && !isFloat(f)) return (values) => `CAST(list_unique(${values}) AS BIGINT)`;
  return null;
}

/**
 * The sample stddev of small whole numbers from exact sums, n, Σx and Σx² in HUGEINT: the same
 * values give the same bits in any order, and it costs plain sums rather than a sorted list.
 * n·Σx² − (Σx)² is exact, so the only rounding is the final division and square root.
 */
function exactStddev(column: string, filter: string): string {
  const x = `CAST(${column} AS HUGEINT)`;
  const n = `count(${column})${filter}`;
  const sum = `sum(${x})${filter}`;
  const squares = `sum(${x} * ${x})${filter}`;
  return `CASE WHEN ${n} < 2 THEN NULL ELSE sqrt(CAST(${n} * ${squares} - ${sum} * ${sum} AS DOUBLE) / CAST(${n} * (${n} - 1) AS DOUBLE)) END`;
}

function aggregateSql(f: AggregationFeature, time: string): string {
  if (f.kind === 'days_since_event') return `max(e.${ident(time)})`;
  const c = f.column === null ? null : `e.${ident(f.column)}`;
  if (fromList(f)) return `list(${c})`;
  switch (f.fn) {
    case 'count':
      return c ? `count(${c})` : 'count(*)';
    case 'count_distinct':
      return `count(DISTINCT ${c})`;
    case 'sum':
      return `sum(${c})`;
    case 'avg':
      return `avg(${c})`;
    case 'min':
      return `min(${c})`;
    case 'max':
      return `max(${c})`;
    case 'stddev':
      return `stddev_samp(${c})`;
    // Ties in time are broken by the value, so the result does not depend on the scan order.
    case 'first':
      return `arg_min(${c}, (e.${ident(time)}, ${c}))`;
    case 'last':
      return `arg_max(${c}, (e.${ident(time)}, ${c}))`;
  }
}

/**
 * One CTE per event source, one pass over its events: the events of each (entity, as-of) within
 * the longest window, strictly before the as-of time, joined once; each feature aggregates its own
 * window and filter with a FILTER clause. Point-in-time: e.time < as_of and e.time >= as_of - window.
 */
export function aggregateCte(t: ResolvedTemplate, source: ResolvedSource, features: readonly AggregationFeature[]): string {
  const time = source.time!.name;
  const asOf = `s.${ident(t.spine.time.name)}`;
  const longest: Window = features.map((f) => f.window).reduce((a, b) => (windowSeconds(b) > windowSeconds(a) ? b : a));
  const side = spineSide(t, source);
  const filters = features.map(filterSql);
  // The same filter on every feature of the source belongs in the join: fewer events to aggregate.
  const shared = filters.every((f) => f !== null && f === filters[0]) ? filters[0]! : null;
  const columns = features.map((f, i) => {
    const conditions: string[] = [];
    if (windowSeconds(f.window) < windowSeconds(longest) && !isAll(f.window))
      conditions.push(`e.${ident(time)} >= ${asOf} - ${intervalSql(f.window)}`);
    if (filters[i] && !shared) conditions.push(`(${filters[i]})`);
    const finish = fromList(f);
    if (f.kind === 'aggregation' && (f.fn === 'first' || f.fn === 'last' || finish)) conditions.push(`e.${ident(f.column!)} IS NOT NULL`);
    const filter = conditions.length > 0 ? ` FILTER (WHERE ${conditions.join(' AND ')})` : '';
    let sql =
      f.kind === 'aggregation' && f.fn === 'stddev' && isSmallInteger(f)
        ? exactStddev(`e.${ident(f.column!)}`, filter)
        : `${aggregateSql(f, time)}${filter}`;
    if (finish) sql = finish(sql);
    // A sum of whole numbers is a HUGEINT in DuckDB; BIGINT is what every reader handles.
    if (f.kind === 'aggregation' && f.integerSum) sql = `CAST(${sql} AS BIGINT)`;
    if (f.kind === 'days_since_event') sql = `date_diff('microsecond', ${sql}, ${asOf}) / 86400000000`;
    return `${sql} AS ${ident(f.name)}`;
  });
  const on = [...side.on, `e.${ident(time)} < ${asOf}`];
  if (!isAll(longest)) on.push(`e.${ident(time)} >= ${asOf} - ${intervalSql(longest)}`);
  if (shared) on.push(`(${shared})`);
  return [
    `SELECT ${side.group.join(', ')},`,
    indent(columns.join(',\n')),
    `FROM ${side.select}`,
    `JOIN ${tableSql(source.table)} AS e`,
    `  ON ${on.join('\n AND ')}`,
    `GROUP BY ${side.group.join(', ')}`,
  ].join('\n');
}

/** The label's CTE: events in [as_of, as_of + horizon), the future the model learns to predict. */
export function labelCte(t: ResolvedTemplate, source: ResolvedSource, label: EventLabel): string {
  const time = source.time!.name;
  const asOf = `s.${ident(t.spine.time.name)}`;
  const side = spineSide(t, source);
  const on = [...side.on, `e.${ident(time)} >= ${asOf}`, `e.${ident(time)} < ${asOf} + ${intervalSql(label.horizon)}`];
  const filter = filterSql(label);
  if (filter) on.push(`(${filter})`);
  const v = label.value === null ? null : `e.${ident(label.value)}`;
  const value = {
    any: 'CAST(count(*) > 0 AS INTEGER)',
    count: 'count(*)',
    sum: label.integerSum ? `CAST(sum(${v}) AS BIGINT)` : `sum(${v})`,
    avg: `avg(${v})`,
    min: `min(${v})`,
    max: `max(${v})`,
  }[label.aggregate];
  return [
    `SELECT ${side.group.join(', ')},`,
    `  ${value} AS ${ident(label.name)}`,
    `FROM ${side.select}`,
    `JOIN ${tableSql(source.table)} AS e`,
    `  ON ${on.join('\n AND ')}`,
    `GROUP BY ${side.group.join(', ')}`,
  ].join('\n');
}
