import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Host } from '../host/host';
import type { Workspace } from '../workspace/workspace';
import { compileInWorkspace } from './compile';
import { USER_ACTIVITY } from './fixtures';
import { fitDevices, groupByUser, referenceRows } from './reference';
import { createSpine, loadMovielens, randomSpine, readMovielens, seeded, type Rating, type SpineRow, type Tag } from './testing';

/**
 * The proof of point-in-time correctness: every feature of a template, computed by the compiled
 * SQL in DuckDB, equals a brute-force computation in plain TypeScript over MovieLens for hundreds
 * of random (user, as-of) rows, including as-of times exactly at events and window edges.
 */

/**
 * Compared within this relative error: the compiled stddev uses Welford's update over sorted values
 * (DOUBLE) or exact integer sums (whole numbers), the reference two passes in plain JavaScript.
 */
const APPROXIMATE = new Set(['sd_rating_90d', 'sd_movie_90d']);

let root: string;
let host: Host;
let workspace: Workspace;
let ratings: Rating[];
let tags: Tag[];

// One workspace for the file (tempDir() folders only live for one test).
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lode-features-'));
  host = new Host({ userDir: join(root, 'user') });
  workspace = await host.open(join(root, 'ws'), true);
  await loadMovielens(workspace.sql);
  ({ ratings, tags } = await readMovielens(workspace.sql));
});

afterAll(async () => {
  await host.close();
  await rm(root, { recursive: true, force: true });
});

function plain(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

async function compiledRows(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await workspace.sql.runAndReadAll(
    `SELECT * REPLACE (epoch_ms("as_of") AS "as_of") FROM (${sql}) ORDER BY "user_id", "as_of"`,
  );
  return reader.getRowObjects().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
}

function mismatches(actual: readonly Record<string, unknown>[], expected: readonly Record<string, unknown>[]): string[] {
  const problems: string[] = [];
  const sorted = [...expected].sort((a, b) => (a.user_id as number) - (b.user_id as number) || (a.as_of as number) - (b.as_of as number));
  expect(actual.length).toBe(sorted.length);
  sorted.forEach((want, i) => {
    const got = actual[i]!;
    for (const [column, value] of Object.entries(want)) {
      const seen = got[column];
      const same =
        APPROXIMATE.has(column) && typeof value === 'number' && typeof seen === 'number'
          ? Math.abs(seen - value) <= 1e-12 * Math.max(1, Math.abs(value))
          : Object.is(seen, value);
      if (!same)
        problems.push(
          `user ${String(want.user_id)} at ${new Date(want.as_of as number).toISOString()}: ${column} = ${String(seen)}, expected ${String(value)}`,
        );
    }
  });
  return problems;
}

describe('point-in-time correctness against brute force on MovieLens', () => {
  let spine: SpineRow[];

  beforeAll(async () => {
    spine = randomSpine(ratings, 600, seeded(20240601));
    await createSpine(workspace.sql, 'ods.spine', spine);
  });

  it('computes every feature and the label exactly as a literal reading of the template', async () => {
    await writeFile(join(workspace.path, 'features', 'user_activity.yaml'), USER_ACTIVITY);
    const outcome = await compileInWorkspace(workspace, 'features/user_activity.yaml');
    expect(outcome.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const actual = await compiledRows(outcome.batch!.sql);
    const fitted = fitDevices(spine);
    const expected = referenceRows(ratings, tags, spine, fitted);
    expect(Object.keys(actual[0]!).sort()).toEqual(Object.keys(expected[0]!).sort());
    const problems = mismatches(actual, expected);
    expect(problems.slice(0, 20)).toEqual([]);
    // The spine covers the edge cases it is meant to, and the features are not trivially empty.
    expect(spine.some((r) => ratings.some((e) => e.userId === r.userId && e.ts === r.asOf))).toBe(true);
    expect(expected.filter((r) => (r.n_ratings_7d as number) > 0).length).toBeGreaterThan(100);
    expect(expected.filter((r) => r.rates_high_next_7d === 1).length).toBeGreaterThan(50);
  });

  it.each([
    ['count', '1d', null, (rs: Rating[]) => rs.length],
    ['sum', '30d', 'rating', (rs: Rating[]) => rs.reduce((a, r) => a + r.rating, 0)],
    ['avg', '7d', 'rating', (rs: Rating[]) => (rs.length === 0 ? null : rs.reduce((a, r) => a + r.rating, 0) / rs.length)],
    ['max', '90d', 'movieId', (rs: Rating[]) => (rs.length === 0 ? null : Math.max(...rs.map((r) => r.movieId)))],
  ] as const)('computes a %s label over [as_of, as_of + %s)', async (aggregate, horizon, value, reference) => {
    const text = `
name: future_${aggregate}
entity: { keys: [user_id] }
spine: { table: ods.spine, time: as_of }
sources: { ratings: { table: ods.ratings, time: rated_at, on: { user_id: userId } } }
label: { name: future, source: ratings, horizon: ${horizon}, aggregate: ${aggregate}${value ? `, value: ${value}` : ''} }
features:
  - { name: n_ratings_7d, kind: aggregation, source: ratings, function: count, window: 7d }
`;
    await writeFile(join(workspace.path, 'features', 'future.yaml'), text);
    const outcome = await compileInWorkspace(workspace, 'features/future.yaml');
    expect(outcome.ok).toBe(true);
    const actual = await compiledRows(outcome.batch!.sql);
    const seconds = { '1d': 1, '7d': 7, '30d': 30, '90d': 90 }[horizon] * 86_400;
    const byUser = groupByUser(ratings);
    const expected = spine.map((row) => {
      const future = (byUser.get(row.userId) ?? []).filter((r) => r.ts >= row.asOf && r.ts < row.asOf + seconds);
      return { user_id: row.userId, as_of: row.asOf * 1000, future: reference(future) };
    });
    expect(mismatches(actual, expected).slice(0, 20)).toEqual([]);
  });
});
