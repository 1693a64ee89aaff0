import type { DuckDBConnection } from '@duckdb/node-api';
import { dataset } from '../testing/datasets';

export const MOVIELENS = dataset('movielens_latest_small');

/**
 * MovieLens (ratings, movies, tags) as workspace tables, with unix seconds turned into TIMESTAMPs
 * and the original camelCase column names kept, so templates must map the entity key with `on`.
 */
export async function loadMovielens(sql: DuckDBConnection): Promise<void> {
  await sql.run(`CREATE TABLE ods.ratings AS
    SELECT userId, movieId, rating, epoch_ms("timestamp" * 1000) AS rated_at
    FROM read_csv('${MOVIELENS}/ratings.csv', header = true, columns = {'userId': 'INTEGER', 'movieId': 'INTEGER', 'rating': 'DOUBLE', 'timestamp': 'BIGINT'})`);
  await sql.run(`CREATE TABLE ods.movies AS
    SELECT * FROM read_csv('${MOVIELENS}/movies.csv', header = true, quote = '"', escape = '"', columns = {'movieId': 'INTEGER', 'title': 'VARCHAR', 'genres': 'VARCHAR'})`);
  await sql.run(`CREATE TABLE ods.tags AS
    SELECT userId, movieId, tag, epoch_ms("timestamp" * 1000) AS tagged_at
    FROM read_csv('${MOVIELENS}/tags.csv', header = true, columns = {'userId': 'INTEGER', 'movieId': 'INTEGER', 'tag': 'VARCHAR', 'timestamp': 'BIGINT'})`);
  // A static dimension per user: a segment and a signup time that precede every rating.
  await sql.run(`CREATE TABLE ods.users AS
    SELECT userId AS id, 'segment_' || (userId % 4)::VARCHAR AS segment, min(rated_at) - INTERVAL 30 DAY AS signed_up_at
    FROM ods.ratings GROUP BY userId`);
}

/** A seeded pseudo-random generator (mulberry32): tests draw the same rows on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rating {
  readonly userId: number;
  readonly movieId: number;
  readonly rating: number;
  /** Unix seconds. */
  readonly ts: number;
}

export interface Tag {
  readonly userId: number;
  readonly movieId: number;
  readonly tag: string;
  readonly ts: number;
}

/** The raw CSV rows in plain arrays, for brute-force reference computations. */
export async function readMovielens(sql: DuckDBConnection): Promise<{ ratings: Rating[]; tags: Tag[] }> {
  const ratings = (await sql.runAndReadAll(`SELECT userId, movieId, rating, epoch(rated_at)::BIGINT FROM ods.ratings`))
    .getRows()
    .map(([userId, movieId, rating, ts]) => ({
      userId: userId as number,
      movieId: movieId as number,
      rating: rating as number,
      ts: Number(ts),
    }));
  const tags = (await sql.runAndReadAll(`SELECT userId, movieId, tag, epoch(tagged_at)::BIGINT FROM ods.tags`))
    .getRows()
    .map(([userId, movieId, tag, ts]) => ({ userId: userId as number, movieId: movieId as number, tag: tag as string, ts: Number(ts) }));
  return { ratings, tags };
}

export interface SpineRow {
  readonly userId: number;
  /** Unix seconds. */
  readonly asOf: number;
  readonly device: string | null;
}

const DAY = 86_400;
const DEVICES = ['web', 'ios', 'android', 'tv', 'tablet'];

/**
 * Random (user, as-of) rows near real activity, with the edge cases point-in-time bugs hide in:
 * as-of exactly at an event (the event belongs to the label, not the features), exactly one window
 * after an event (the event is inside the window), exactly one horizon before an event (the event is
 * outside the label), duplicates, and times with no activity at all.
 */
export function randomSpine(ratings: readonly Rating[], count: number, random: () => number): SpineRow[] {
  const rows: SpineRow[] = [];
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  while (rows.length < count) {
    const event = pick(ratings);
    const r = random();
    let asOf: number;
    if (r < 0.15) asOf = event.ts;
    else if (r < 0.25) asOf = event.ts + pick([1, 7, 30, 90]) * DAY;
    else if (r < 0.3) asOf = event.ts + 3600 * 12;
    else if (r < 0.35) asOf = event.ts - 400 * DAY;
    else if (r < 0.45) asOf = event.ts - pick([1, 7, 30, 90]) * DAY;
    else asOf = event.ts + Math.floor((random() - 0.3) * 60 * DAY);
    const device = random() < 0.1 ? null : DEVICES[Math.floor(random() ** 2 * DEVICES.length)]!;
    rows.push({ userId: event.userId, asOf, device });
    if (random() < 0.03) rows.push({ userId: event.userId, asOf, device });
  }
  return rows;
}

/** Writes spine rows as a table `name` (user_id INTEGER, as_of TIMESTAMP, device VARCHAR). */
export async function createSpine(sql: DuckDBConnection, name: string, rows: readonly SpineRow[]): Promise<void> {
  await sql.run(`CREATE OR REPLACE TABLE ${name} (user_id INTEGER, as_of TIMESTAMP, device VARCHAR)`);
  const values = rows.map((r) => `(${r.userId}, epoch_ms(${r.asOf}::BIGINT * 1000), ${r.device === null ? 'NULL' : `'${r.device}'`})`);
  for (let i = 0; i < values.length; i += 1000) await sql.run(`INSERT INTO ${name} VALUES ${values.slice(i, i + 1000).join(', ')}`);
}

/**
 * Heavy MovieLens raters (more than 100 ratings), with features over their ratings up to 30 days
 * before each one's last rating: the template the service, registry and lineage tests build.
 */
export const HEAVY_USERS = `name: heavy_users
owner: analyst
entity: { keys: [user_id] }
spine: { table: ods.spine, time: as_of }
sources:
  ratings: { table: ods.ratings, time: rated_at, on: { user_id: userId } }
label: { name: heavy, column: heavy }
features:
  - { name: n_ratings, kind: aggregation, source: ratings, function: count, windows: [7d, 30d] }
  - { name: avg_rating_30d, kind: aggregation, source: ratings, function: avg, column: rating, window: 30d, description: Mean rating }
`;

/** MovieLens loaded and HEAVY_USERS's spine `ods.spine`: a row per user, with the label and the user's total ratings. */
export async function loadHeavyUsers(sql: DuckDBConnection): Promise<void> {
  await loadMovielens(sql);
  await sql.run(`CREATE TABLE ods.spine AS
    SELECT userId AS user_id, max(rated_at) - INTERVAL 30 DAY AS as_of, (count(*) > 100)::INTEGER AS heavy,
      count(*)::INTEGER AS total_ratings
    FROM ods.ratings GROUP BY userId`);
}
