import type { Rating, SpineRow, Tag } from './testing';

/**
 * Brute-force reference values for the proof test's template, in plain TypeScript: for each
 * spine row, scan the user's events and apply each definition literally. No SQL, no shared code
 * with the compiler, so agreement means the compiled SQL is right.
 */

const DAY = 86_400;
const HOUR = 3_600;

type Value = number | string | boolean | null;

export function groupByUser<T extends { userId: number; ts: number }>(events: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const e of events) {
    const list = out.get(e.userId) ?? [];
    list.push(e);
    out.set(e.userId, list);
  }
  return out;
}

/** Events strictly before asOf and at or after asOf - seconds (all history when seconds is Infinity). */
const inWindow = <T extends { ts: number }>(events: readonly T[], asOf: number, seconds: number) =>
  events.filter((e) => e.ts < asOf && e.ts >= asOf - seconds);

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const avg = (xs: readonly number[]) => (xs.length === 0 ? null : sum(xs) / xs.length);
const min = (xs: readonly number[]) => (xs.length === 0 ? null : Math.min(...xs));
const max = (xs: readonly number[]) => (xs.length === 0 ? null : Math.max(...xs));

function stddev(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const mean = sum(xs) / xs.length;
  return Math.sqrt(sum(xs.map((x) => (x - mean) ** 2)) / (xs.length - 1));
}

/** The value of the earliest (first) or latest (last) event; ties in time go to the smaller/larger value. */
function firstLast(events: readonly Rating[], value: (r: Rating) => number, which: 'first' | 'last'): number | null {
  if (events.length === 0) return null;
  const sorted = [...events].sort((a, b) => a.ts - b.ts || value(a) - value(b));
  return value(which === 'first' ? sorted[0]! : sorted[sorted.length - 1]!);
}

const safeDiv = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);

export interface Fitted {
  /** The three most frequent devices, most frequent first (ties by value). */
  readonly topDevices: readonly string[];
  readonly deviceCounts: ReadonlyMap<string, number>;
  readonly deviceTotal: number;
}

export function fitDevices(spine: readonly SpineRow[]): Fitted {
  const counts = new Map<string, number>();
  for (const r of spine) if (r.device !== null) counts.set(r.device, (counts.get(r.device) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([d]) => d);
  return { topDevices: ranked.slice(0, 3), deviceCounts: counts, deviceTotal: sum([...counts.values()]) };
}

export function referenceRows(
  ratings: readonly Rating[],
  tags: readonly Tag[],
  spine: readonly SpineRow[],
  fitted: Fitted,
): Record<string, Value>[] {
  const ratingsBy = groupByUser(ratings);
  const tagsBy = groupByUser(tags);
  return spine.map((row) => {
    const mine = ratingsBy.get(row.userId) ?? [];
    const myTags = tagsBy.get(row.userId) ?? [];
    const { asOf } = row;
    const w = (seconds: number) => inWindow(mine, asOf, seconds);
    const high = (rs: readonly Rating[]) => rs.filter((r) => r.rating >= 4);
    const r7 = w(7 * DAY);
    const r30 = w(30 * DAY);
    const r90 = w(90 * DAY);
    const all = w(Infinity);
    const out: Record<string, Value> = { user_id: row.userId, as_of: asOf * 1000 };
    out.n_ratings_12h = w(12 * HOUR).length;
    out.n_ratings_1d = w(DAY).length;
    out.n_ratings_7d = r7.length;
    out.n_ratings_30d = r30.length;
    out.n_ratings_90d = r90.length;
    out.n_ratings_all = all.length;
    out.n_high_7d = high(r7).length;
    out.n_high_30d = high(r30).length;
    out.n_movies_30d = new Set(r30.map((r) => r.movieId)).size;
    out.sum_rating_30d = sum(r30.map((r) => r.rating));
    out.avg_rating_7d = avg(r7.map((r) => r.rating));
    out.avg_rating_90d = avg(r90.map((r) => r.rating));
    out.min_rating_30d = min(r30.map((r) => r.rating));
    out.max_rating_30d = max(r30.map((r) => r.rating));
    out.sd_rating_90d = stddev(r90.map((r) => r.rating));
    out.sd_movie_90d = stddev(r90.map((r) => r.movieId));
    out.first_movie_90d = firstLast(r90, (r) => r.movieId, 'first');
    out.last_movie_90d = firstLast(r90, (r) => r.movieId, 'last');
    out.last_rating_30d = firstLast(r30, (r) => r.rating, 'last');
    out.first_rating_all = firstLast(
      all.filter((r) => r.movieId < 1000),
      (r) => r.rating,
      'first',
    );
    const t30 = inWindow(myTags, asOf, 30 * DAY);
    out.n_tags_30d = t30.length;
    out.n_tag_words_all = new Set(inWindow(myTags, asOf, Infinity).map((t) => t.tag)).size;
    out.high_share_30d = safeDiv(out.n_high_30d, out.n_ratings_30d);
    out.trend = out.n_ratings_7d > 0 ? (out.avg_rating_7d as number) - (out.avg_rating_90d as number) : 0;
    out.busy = out.n_ratings_1d >= 3 || (out.n_tags_30d > 0 && !(out.n_ratings_7d === 0));
    const latest = max(all.map((r) => r.ts));
    out.days_since_rating = latest === null ? null : (asOf - latest) / DAY;
    const latestHigh = max(r90.filter((r) => r.rating >= 4.5).map((r) => r.ts));
    out.days_since_high_90d = latestHigh === null ? null : (asOf - latestHigh) / DAY;
    const date = new Date(asOf * 1000);
    out.as_of_hour = date.getUTCHours();
    out.as_of_weekday = ((date.getUTCDay() + 6) % 7) + 1;
    out.as_of_month = date.getUTCMonth() + 1;
    const segment = `segment_${row.userId % 4}`;
    out.segment = segment;
    const n30 = out.n_ratings_30d;
    out.activity_bucket = n30 < 1 ? 0 : n30 < 5 ? 1 : n30 < 20 ? 2 : 3;
    out.device_segment = row.device === null ? null : `${row.device}|${segment}`;
    for (const device of fitted.topDevices) out[`device_onehot_${device}`] = row.device === device ? 1 : 0;
    out.device_freq = row.device === null ? null : (fitted.deviceCounts.get(row.device) ?? 0) / fitted.deviceTotal;
    out.segment_rank = (row.userId % 4) + 1;
    out.rates_high_next_7d = mine.some((r) => r.ts >= asOf && r.ts < asOf + 7 * DAY && r.rating >= 4) ? 1 : 0;
    return out;
  });
}
