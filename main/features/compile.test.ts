import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../shared/features';
import { Host } from '../host/host';
import { tempDir } from '../testing/temp';
import { compileInWorkspace } from './compile';
import { previewInWorkspace } from './preview';
import { loadMovielens } from './testing';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

async function movielensWorkspace() {
  const root = await tempDir();
  const host = new Host({ userDir: join(root, 'user') });
  hosts.push(host);
  const workspace = await host.open(join(root, 'ws'), true);
  await loadMovielens(workspace.sql);
  return workspace;
}

const QUERY_SPINE = `name: recent_raters
entity: { keys: [user_id] }
spine:
  # Every user at the time of their last rating: the label asks whether they rate again.
  query: SELECT userId AS user_id, max(rated_at) - INTERVAL 30 DAY AS as_of FROM ods.ratings GROUP BY userId
  time: as_of
sources:
  ratings: { table: ods.ratings, time: rated_at, on: { user_id: userId } }
label: { name: rates_again_30d, source: ratings, horizon: 30d }
features:
  - { name: n_ratings, kind: aggregation, source: ratings, function: count, windows: [7d, 90d] }
  - { name: mean_rating_90d, kind: aggregation, source: ratings, function: avg, column: rating, window: 90d }
  - { name: rating_band, kind: encoding, method: one_hot, input: "case when mean_rating_90d >= 4 then 'high' else 'low' end", top: 5 }
`;

describe('compiling a template in a workspace', () => {
  it('checks a spine query against the columns DuckDB describes, and fits encodings on the spine', async () => {
    const workspace = await movielensWorkspace();
    await writeFile(join(workspace.path, 'features', 'recent.yaml'), QUERY_SPINE);
    const outcome = await compileInWorkspace(workspace, 'features/recent.yaml');
    expect(outcome.diagnostics).toEqual([]);
    expect(outcome.vocabularies.rating_band!.values).toEqual(['low', 'high']);
    expect(outcome.batch!.columns.map((c) => c.name)).toEqual([
      'user_id',
      'as_of',
      'n_ratings_7d',
      'n_ratings_90d',
      'mean_rating_90d',
      'rating_band_low',
      'rating_band_high',
      'rates_again_30d',
    ]);
    const [counts] = (
      await workspace.sql.runAndReadAll(`SELECT count(*), sum(rates_again_30d), count(DISTINCT user_id) FROM (${outcome.batch!.sql})`)
    ).getRows();
    expect(counts!.map(Number)).toEqual([610, expect.any(Number), 610]);
    expect(Number(counts![1])).toBeGreaterThan(0);
  });

  it('reports errors against the real schema with line, column and a suggestion', async () => {
    const workspace = await movielensWorkspace();
    const text = QUERY_SPINE.replace('on: { user_id: userId }', 'on: { user_id: userid_ }').replace('column: rating,', 'column: ratings,');
    await writeFile(join(workspace.path, 'features', 'typo.yaml'), text);
    const outcome = await compileInWorkspace(workspace, 'features/typo.yaml');
    expect(outcome.ok).toBe(false);
    expect(outcome.diagnostics.map((d) => formatDiagnostic(d, 'typo.yaml'))).toEqual([
      "typo.yaml:8:65: ods.ratings has no column 'userid_' (did you mean userId?)",
      "typo.yaml:12:89: ods.ratings has no column 'ratings' (did you mean rating?)",
    ]);
  });

  it('reports a spine query that does not run at the query', async () => {
    const workspace = await movielensWorkspace();
    await writeFile(
      join(workspace.path, 'features', 'bad.yaml'),
      QUERY_SPINE.replace('FROM ods.ratings GROUP BY', 'FROM ods.rating GROUP BY'),
    );
    const outcome = await compileInWorkspace(workspace, 'features/bad.yaml');
    const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}`)).toContain('5:10 spine_query');
    expect(errors.find((d) => d.code === 'spine_query')!.message).toMatch(
      /^the spine query does not run: Catalog Error: Table with name rating does not exist/,
    );
  });

  it('runs a template whose feature is named like the spine column it cleans', async () => {
    const workspace = await movielensWorkspace();
    const text = `name: totals
entity: { keys: [user_id] }
spine:
  query: >
    SELECT userId AS user_id, max(rated_at) AS as_of, count(*) AS n_all,
           CASE WHEN count(*) > 100 THEN 'heavy' ELSE 'light' END AS usage
    FROM ods.ratings GROUP BY userId
  time: as_of
features:
  - { name: n_all, kind: column, column: n_all, clip: [null, 100] }
  - { name: twice, kind: formula, expr: n_all * 2 }
  - { name: usage, kind: encoding, method: ordinal, input: usage, values: [light, heavy] }
  - { name: usage_x10, kind: formula, expr: usage * 10 }
`;
    await writeFile(join(workspace.path, 'features', 'totals.yaml'), text);
    const outcome = await compileInWorkspace(workspace, 'features/totals.yaml');
    expect(outcome.diagnostics).toEqual([]);
    const rows = (
      await workspace.sql.runAndReadAll(
        `SELECT max(n_all), max(twice), min(twice), count(*) FILTER (WHERE usage = 2 AND n_all = 100), count(*) FILTER (WHERE usage_x10 = 10) FROM (${outcome.batch!.sql})`,
      )
    ).getRows();
    const [heavy, light] = (
      await workspace.sql.runAndReadAll(
        `SELECT count(*) FILTER (WHERE c > 100), count(*) FILTER (WHERE c <= 100) FROM (SELECT count(*) c FROM ods.ratings GROUP BY userId)`,
      )
    )
      .getRows()[0]!
      .map(Number);
    expect(rows[0]!.map(Number)).toEqual([100, 200, 40, heavy, light]);
  });

  it('says which file is missing', async () => {
    const workspace = await movielensWorkspace();
    await expect(compileInWorkspace(workspace, 'features/nope.yaml')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('previewing a template', () => {
  it('returns the first rows in key order and each feature’s null rate and mean', async () => {
    const workspace = await movielensWorkspace();
    await writeFile(join(workspace.path, 'features', 'recent.yaml'), QUERY_SPINE);
    const preview = await previewInWorkspace(workspace, 'features/recent.yaml', { rows: 5 });
    expect(preview.outcome.ok).toBe(true);
    expect(preview.rows.map((r) => r.user_id)).toEqual([1, 2, 3, 4, 5]);
    expect(preview.rowCount).toBe(610);
    expect(preview.sampled).toBe(false);
    const stat = (name: string) => preview.stats.find((s) => s.name === name)!;
    expect(stat('n_ratings_90d').nullRate).toBe(0);
    const [[mean, nulls]] = (
      await workspace.sql.runAndReadAll(
        `SELECT avg(mean_rating_90d), count(*) FILTER (WHERE mean_rating_90d IS NULL) / count(*) FROM (${preview.outcome.batch!.sql})`,
      )
    ).getRows() as [[number, number]];
    expect(stat('mean_rating_90d').mean).toBeCloseTo(mean, 12);
    expect(stat('mean_rating_90d').nullRate).toBeCloseTo(nulls, 12);
    expect(preview.columns.find((c) => c.name === 'n_ratings_7d')).toMatchObject({ type: 'BIGINT', role: 'feature', kind: 'aggregation' });
  });

  it('computes on the first spine rows only when the spine is larger than the sample', async () => {
    const workspace = await movielensWorkspace();
    await writeFile(join(workspace.path, 'features', 'recent.yaml'), QUERY_SPINE);
    const preview = await previewInWorkspace(workspace, 'features/recent.yaml', { rows: 3, sample: 50 });
    expect(preview.rowCount).toBe(50);
    expect(preview.sampled).toBe(true);
    expect(preview.rows).toHaveLength(3);
  });
});
