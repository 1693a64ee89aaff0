import type { DuckDBValue } from '@duckdb/node-api';
import { DuckDBListValue, DuckDBMapValue } from '@duckdb/node-api';
import type { ColumnProfile } from '../../shared/services/data/profile';
import { isNumericType, isTemporalType, type RelationColumn } from './profile-columns';
import { quoteIdent, quoteLiteral } from './sql';

/**
 * The SQL behind a table profile, a fixed number of scans whatever the number of columns:
 * 1. one SELECT of aggregates over every column (counts, distinct, min, max, mean, std);
 * 2. one SELECT over a row sample (the whole relation when small): quantiles and top-value
 *    candidates, the two figures whose sketches (t-digest, space-saving) dominated a full scan;
 * 3. one SELECT of histograms and the exact counts of the top-value candidates.
 */

export const QUANTILES = { p01: 0.01, p05: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 } as const;
const HISTOGRAM_BINS = 20;
/** Rows the sample scan keeps: p01 is then within about 0.02% of its true rank. */
export const SAMPLE_ROWS = 262_144;
const TOP_VALUES = 10;
const QUANTILE_LIST = `[${Object.values(QUANTILES).join(', ')}]`;
/** Longest text kept for a min, max or top value; profiles are for reading, not for copying data. */
const MAX_TEXT = 200;

type Kind = 'integer' | 'float' | 'decimal' | 'temporal' | 'boolean' | 'text' | 'other';

export interface ProfiledColumn extends RelationColumn {
  readonly kind: Kind;
  /** Alias prefix in the generated SQL: column names can be anything, aliases cannot. */
  readonly alias: string;
  /** A float column holding infinities or NaN: its figures describe the finite values. */
  readonly nonFinite: boolean;
}

function kindOf(type: string): Kind {
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(type)) return 'integer';
  if (type === 'FLOAT' || type === 'DOUBLE') return 'float';
  if (isNumericType(type)) return 'decimal';
  if (isTemporalType(type)) return 'temporal';
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'VARCHAR') return 'text';
  return 'other';
}

export function profiledColumns(columns: readonly RelationColumn[]): ProfiledColumn[] {
  return columns.map((c, i) => ({ ...c, kind: kindOf(c.type), alias: `c${i}`, nonFinite: false }));
}

/**
 * Which FLOAT/DOUBLE columns hold infinities or NaN (NaN sorts above infinity, so the extremes
 * tell). Plain min/max of a table column come from its statistics, so this costs next to nothing
 * and spares the finite-only filter on every value of the columns that do not need it.
 */
export function nonFiniteSql(relationSql: string, columns: readonly ProfiledColumn[]): string | null {
  const floats = columns.filter((c) => c.kind === 'float');
  if (floats.length === 0) return null;
  const checks = floats.map((c) => {
    const col = quoteIdent(c.name);
    return `coalesce(NOT (isfinite(min(${col})) AND isfinite(max(${col}))), false) AS ${c.alias}`;
  });
  return `SELECT ${checks.join(', ')} FROM ${relationSql}`;
}

export function withNonFinite(columns: readonly ProfiledColumn[], result: ResultRow | null): ProfiledColumn[] {
  const get = getter(result);
  return columns.map((c) => ({ ...c, nonFinite: get(c.alias) === true }));
}

const isNumeric = (c: ProfiledColumn): boolean => c.kind === 'integer' || c.kind === 'float' || c.kind === 'decimal';

/** The column as a DOUBLE for moments, quantiles and bins. Infinities and NaN are left out: they
 * have no mean, and JSON cannot carry them. */
function numberExpr(c: ProfiledColumn): string {
  const col = quoteIdent(c.name);
  return c.nonFinite ? `CASE WHEN isfinite(${col}) THEN ${col}::DOUBLE END` : `${col}::DOUBLE`;
}

/** The text a value is counted and shown as in top values. */
function textExpr(c: ProfiledColumn): string {
  return c.kind === 'text' ? quoteIdent(c.name) : `CAST(${quoteIdent(c.name)} AS VARCHAR)`;
}

/** ISO 8601 for dates and timestamps: DuckDB prints timestamps with a space, ISO wants a T. */
function isoExpr(aggregate: string): string {
  return `replace(CAST(${aggregate} AS VARCHAR), ' ', 'T')`;
}

export function summarySql(relationSql: string, columns: readonly ProfiledColumn[], options: { readonly exact: boolean }): string {
  const parts = ['count(*)::BIGINT AS "rows"'];
  for (const c of columns) {
    const col = quoteIdent(c.name);
    const a = c.alias;
    // Nested types cannot all be hashed by the sketches; their text form can.
    const distinctOf = c.kind === 'other' ? textExpr(c) : col;
    parts.push(`count(${col})::BIGINT AS ${a}_n`);
    parts.push(`${options.exact ? `count(DISTINCT ${distinctOf})` : `approx_count_distinct(${distinctOf})`}::BIGINT AS ${a}_d`);
    if (isNumeric(c)) {
      const num = numberExpr(c);
      // Integers keep their exact extremes (ids beyond 2^53 come back as strings); the rest as DOUBLE.
      parts.push(
        c.kind === 'integer' ? `min(${col}) AS ${a}_min, max(${col}) AS ${a}_max` : `min(${num}) AS ${a}_min, max(${num}) AS ${a}_max`,
      );
      parts.push(`avg(${num}) AS ${a}_mean, stddev_samp(${num}) AS ${a}_std`);
      if (options.exact) parts.push(`quantile_cont(${num}, ${QUANTILE_LIST})::DOUBLE[] AS ${a}_q`);
    } else if (c.kind === 'temporal') {
      parts.push(`${isoExpr(`min(${col})`)} AS ${a}_min, ${isoExpr(`max(${col})`)} AS ${a}_max`);
    } else if (c.kind === 'text') {
      parts.push(`min(${col}) AS ${a}_min, max(${col}) AS ${a}_max`);
    }
  }
  return `SELECT ${parts.join(',\n  ')}\nFROM ${relationSql}`;
}

/**
 * The sample scan. Quantiles come from here unless they are exact: quantile_cont over a uniform
 * Bernoulli sample of about SAMPLE_ROWS rows (not approx_quantile's t-digest, which on a 10M x 20 table cost
 * as much as all other aggregates together, nor reservoir_quantile, whose per-thread reservoirs skew towards
 * the first rows of an ordered table). Top-value candidates come from approx_top_k over the
 * sample; any value frequent enough to matter is in it, and scan 3 counts them exactly.
 */
export function sampleSql(
  relationSql: string,
  columns: readonly ProfiledColumn[],
  options: { readonly quantiles: boolean; readonly rows: number },
): string | null {
  const parts: string[] = [];
  for (const c of columns) {
    if (isNumeric(c) && options.quantiles) parts.push(`quantile_cont(${numberExpr(c)}, ${QUANTILE_LIST})::DOUBLE[] AS ${c.alias}_q`);
    if (!isNumeric(c)) parts.push(`approx_top_k(${textExpr(c)}, ${TOP_VALUES}) AS ${c.alias}_top`);
  }
  if (parts.length === 0) return null;
  const percent = (100 * SAMPLE_ROWS) / Math.max(options.rows, 1);
  // The sample clause on the scan itself: wrapped in `SELECT *` it cost three times the CPU.
  const source = percent >= 100 ? relationSql : `${relationSql} USING SAMPLE ${percent.toFixed(6)}% (bernoulli, 42)`;
  return `SELECT ${parts.join(',\n  ')}\nFROM ${source}`;
}

export interface ResultRow {
  readonly names: readonly string[];
  readonly row: readonly DuckDBValue[];
}

function getter(result: ResultRow | null): (name: string) => DuckDBValue | undefined {
  return (name) => {
    const index = result ? result.names.indexOf(name) : -1;
    return index < 0 ? undefined : result!.row[index];
  };
}

function quantilesOf(value: DuckDBValue | undefined): ColumnProfile['quantiles'] {
  const qs = value instanceof DuckDBListValue ? value.items.map(finite) : null;
  if (!qs || !qs.every((v) => v !== null)) return null;
  return { p01: qs[0]!, p05: qs[1]!, p25: qs[2]!, p50: qs[3]!, p75: qs[4]!, p95: qs[5]!, p99: qs[6]! };
}

/** What the first scan says about one column. */
export interface ColumnSummary {
  readonly column: ProfiledColumn;
  readonly nonNull: number;
  readonly distinct: number;
  readonly min: number | string | null;
  readonly max: number | string | null;
  readonly mean: number | null;
  readonly std: number | null;
  readonly quantiles: ColumnProfile['quantiles'];
  readonly topCandidates: readonly string[];
}

function scalar(value: DuckDBValue | undefined): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = String(value);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}...` : text;
}

function finite(value: DuckDBValue | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function readSummary(result: ResultRow, columns: readonly ProfiledColumn[]): { rows: number; summaries: ColumnSummary[] } {
  const get = getter(result);
  const summaries = columns.map((column): ColumnSummary => {
    const a = column.alias;
    const nonNull = Number(get(`${a}_n`));
    return {
      column,
      nonNull,
      // HyperLogLog can overshoot on small columns; there cannot be more values than rows.
      distinct: Math.min(Number(get(`${a}_d`)), nonNull),
      min: scalar(get(`${a}_min`)),
      max: scalar(get(`${a}_max`)),
      mean: finite(get(`${a}_mean`)),
      std: finite(get(`${a}_std`)),
      quantiles: quantilesOf(get(`${a}_q`)),
      topCandidates: [],
    };
  });
  return { rows: Number(get('rows')), summaries };
}

/** Adds what the sample scan found: quantiles (unless exact ones are there) and top candidates. */
export function withSample(summaries: readonly ColumnSummary[], result: ResultRow | null): ColumnSummary[] {
  const get = getter(result);
  return summaries.map((s) => {
    const top = get(`${s.column.alias}_top`);
    return {
      ...s,
      quantiles: s.quantiles ?? quantilesOf(get(`${s.column.alias}_q`)),
      topCandidates: top instanceof DuckDBListValue ? top.items.filter((v) => v !== null).map(String) : [],
    };
  });
}

/**
 * Equal-width bins from min to max, closed on the right as DuckDB's `histogram(x, boundaries)`
 * counts them; integers spanning at most 20 values get one bin per value.
 */
export interface Bins {
  readonly lo: number;
  readonly width: number;
  readonly count: number;
  /** Upper edge of each bin; the last is the maximum itself, not a sum rounding may put off. */
  readonly edges: readonly number[];
}

export function binsFor(s: ColumnSummary): Bins | null {
  if (!isNumeric(s.column) || s.nonNull === 0) return null;
  const lo = Number(s.min);
  const hi = Number(s.max);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  if (s.column.kind === 'integer' && hi - lo < HISTOGRAM_BINS) {
    const count = hi - lo + 1;
    return { lo: lo - 0.5, width: 1, count, edges: Array.from({ length: count }, (_, i) => lo + i + 0.5) };
  }
  const width = (hi - lo) / HISTOGRAM_BINS;
  if (width === 0) return { lo, width, count: 1, edges: [hi] };
  const edges = Array.from({ length: HISTOGRAM_BINS }, (_, i) => (i === HISTOGRAM_BINS - 1 ? hi : lo + (i + 1) * width));
  return { lo, width, count: HISTOGRAM_BINS, edges };
}

function doubleLiteral(n: number): string {
  return `'${String(n)}'::DOUBLE`;
}

/** The second scan, or null when no column needs one. */
export function detailSql(relationSql: string, summaries: readonly ColumnSummary[]): string | null {
  const parts: string[] = [];
  for (const s of summaries) {
    const a = s.column.alias;
    const bins = binsFor(s);
    if (bins && bins.width > 0) {
      // One bucket per boundary, in order, with zeros; values above the last go to one more.
      parts.push(`map_values(histogram(${numberExpr(s.column)}, [${bins.edges.map(doubleLiteral).join(', ')}]))::BIGINT[] AS ${a}_h`);
    } else if (!isNumeric(s.column) && s.topCandidates.length > 0) {
      // Booleans, dates and timestamps are compared in their own type: casting 10M timestamps to
      // text to compare them cost twenty times more than the comparison.
      const native = s.column.kind !== 'other';
      const value = native ? quoteIdent(s.column.name) : textExpr(s.column);
      const literals = s.topCandidates.map((v) =>
        native && s.column.kind !== 'text' ? `CAST(${quoteLiteral(v)} AS ${s.column.type})` : quoteLiteral(v),
      );
      parts.push(`histogram(CASE WHEN ${value} IN (${literals.join(', ')}) THEN ${value} END) AS ${a}_h`);
    }
  }
  return parts.length === 0 ? null : `SELECT ${parts.join(',\n  ')}\nFROM ${relationSql}`;
}

/** Value and count of each entry of a `histogram()` map, values in the text DuckDB casts them to. */
function mapEntries(map: DuckDBValue | undefined, temporal: boolean): { value: string; count: number }[] {
  if (!(map instanceof DuckDBMapValue)) return [];
  return map.entries.map(({ key, value }) => {
    const text = String(key);
    return { value: temporal ? text.replace(' ', 'T') : text, count: Number(value) };
  });
}

/** Puts the figures of both scans together into the contract's column profiles. */
export function columnProfiles(rows: number, summaries: readonly ColumnSummary[], detail: ResultRow | null): ColumnProfile[] {
  const get = getter(detail);
  return summaries.map((s) => {
    const bins = binsFor(s);
    let histogram: ColumnProfile['histogram'] = null;
    let topValues: ColumnProfile['topValues'] = null;
    if (bins && bins.width === 0) {
      histogram = [{ lo: bins.lo, hi: bins.lo, count: s.nonNull }];
    } else if (bins) {
      const list = get(`${s.column.alias}_h`);
      const byBin = list instanceof DuckDBListValue ? list.items.map(Number) : [];
      // Anything past the last edge can only be rounding at the maximum: it belongs to the last bin.
      const overflow = byBin.slice(bins.count).reduce((sum, n) => sum + n, 0);
      histogram = bins.edges.map((hi, i) => ({
        lo: i === 0 ? bins.lo : bins.edges[i - 1]!,
        hi,
        count: (byBin[i] ?? 0) + (i === bins.count - 1 ? overflow : 0),
      }));
    } else if (!isNumeric(s.column)) {
      topValues = mapEntries(get(`${s.column.alias}_h`), s.column.kind === 'temporal')
        .sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1))
        .slice(0, TOP_VALUES);
    }
    const nulls = rows - s.nonNull;
    return {
      name: s.column.name,
      type: s.column.type,
      nulls,
      nullRate: rows === 0 ? 0 : nulls / rows,
      distinct: s.distinct,
      min: s.min,
      max: s.max,
      mean: s.mean,
      std: s.std,
      quantiles: s.quantiles,
      histogram,
      topValues,
    };
  });
}
