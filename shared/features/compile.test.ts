import { describe, expect, it } from 'vitest';
import { checkTemplateText, compileBatch, compileOnline, fitQueries, unfittedEncodings, type ResolvedTemplate } from './index';
import { CATALOG, HEAD } from './testing';

function resolve(features: string, extra = ''): ResolvedTemplate {
  const result = checkTemplateText(`${HEAD}${extra}features:\n${features}`, CATALOG);
  if (!result.resolved) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.resolved;
}

const WINDOWS = `  - { name: clicks, kind: aggregation, source: events, function: count, windows: [1d, 7d, 30d], filter: "event = 'click'" }
  - { name: spend, kind: aggregation, source: events, function: sum, column: amount, windows: [7d, 90d] }
  - { name: items, kind: aggregation, source: events, function: count_distinct, column: item, window: 30d }
  - { name: plan, kind: column, from: users, column: plan }
`;

describe('compiling a template to DuckDB SQL', () => {
  it('reads each event source once, bounded by its longest window, strictly before the as-of time', () => {
    const sql = compileBatch(resolve(WINDOWS)).sql;
    expect(sql.match(/JOIN "ods"\."events" AS e/g)).toHaveLength(1);
    // A table spine is scanned where used rather than materialized (half the time at 10M events).
    expect(sql).toContain('"spine" AS NOT MATERIALIZED (\n  SELECT * FROM "ods"."spine"\n)');
    expect(sql).toContain(`e."ts" < s."as_of"`);
    expect(sql).toContain(`e."ts" >= s."as_of" - INTERVAL 90 DAY`);
    expect(sql).toContain(`count(*) FILTER (WHERE e."ts" >= s."as_of" - INTERVAL 1 DAY AND (e."event" = 'click')) AS "clicks_1d"`);
    // A DOUBLE column is added up in value order, so a one-row (online) spine gives the same bits.
    expect(sql).toContain(`list_sum(list_sort(list(e."amount") FILTER (WHERE e."amount" IS NOT NULL))) AS "spend_90d"`);
    expect(sql).toContain(`LEFT JOIN "ods"."users" AS "dim_users" ON "dim_users"."id" = s."user_id"`);
  });

  it('writes the same SQL for the same template, with every identifier quoted', () => {
    const t = resolve(WINDOWS);
    const sql = compileBatch(t).sql;
    expect(compileBatch(resolve(WINDOWS)).sql).toBe(sql);
    for (const name of ['user_id', 'as_of', 'ts', 'event', 'amount', 'item', 'plan', 'id', 'clicks_7d']) {
      expect(sql.replaceAll(`"${name}"`, '')).not.toMatch(new RegExp(`\\b${name}\\b`));
    }
  });

  it('puts the label in [as_of, as_of + horizon) and leaves it out of the online query', () => {
    const t = resolve(WINDOWS, 'label: { name: buys_7d, source: events, horizon: 7d, filter: "event = \'buy\'" }\n');
    const batch = compileBatch(t);
    expect(batch.sql).toContain(`AND e."ts" >= s."as_of"\n   AND e."ts" < s."as_of" + INTERVAL 7 DAY`);
    expect(batch.columns.at(-1)).toEqual({ name: 'buys_7d', role: 'label' });
    const online = compileOnline(t);
    expect(online.sql).not.toContain('buys_7d');
    expect(online.sql).toContain('CAST($entity AS BIGINT) AS "user_id"');
    expect(online.params).toEqual([
      { name: 'entity', column: 'user_id', type: 'BIGINT', role: 'key' },
      { name: 'as_of', column: 'as_of', type: 'TIMESTAMP', role: 'time' },
    ]);
  });

  it('asks for spine columns that features read as online context parameters', () => {
    const t = resolve(`  - { name: age_band, kind: bucketize, input: age, boundaries: [18, 30, 50] }\n`);
    expect(compileOnline(t).params.map((p) => p.name)).toEqual(['entity', 'as_of', 'ctx_age']);
  });

  it('needs vocabularies for encodings that learn their values, and builds the queries that fit them', () => {
    const t = resolve(`  - { name: country_hot, kind: encoding, method: one_hot, input: country, top: 2 }
  - { name: plan_rank, kind: encoding, method: ordinal, input: plan, values: [free, pro, team] }
  - { name: plan, kind: column, from: users, column: plan }
`);
    expect(unfittedEncodings(t)).toEqual(['country_hot']);
    expect(() => compileBatch(t)).toThrow(/country_hot have no vocabulary/);
    const [fit] = fitQueries(t);
    expect(fit!.sql).toContain('ORDER BY "count" DESC, "value"\nLIMIT 2');
    const { sql, columns } = compileBatch(t, { vocabularies: { country_hot: { values: ['DE', 'Fr '], counts: [5, 3], total: 9 } } });
    expect(columns.filter((c) => c.feature === 'country_hot').map((c) => c.name)).toEqual(['country_hot_de', 'country_hot_fr']);
    expect(sql).toContain(`CASE WHEN f."$spine.country" = 'Fr ' THEN 1 ELSE 0 END AS "country_hot_fr"`);
    expect(sql).toContain(`s."country" AS "$spine.country"`);
    expect(sql).toContain(`('pro', 2)`);
  });

  it('lets a feature carry the name of the spine column it reads, and formulas read the feature', () => {
    const t = resolve(`  - { name: age, kind: column, column: age, clip: [0, 100], fill: 30 }
  - { name: age_next_year, kind: formula, expr: age + 1 }
`);
    const { sql } = compileBatch(t);
    expect(sql).toContain('coalesce(CASE WHEN s."age" < 0 THEN 0 WHEN s."age" > 100 THEN 100 ELSE s."age" END, 30) AS "age"');
    expect(sql.match(/AS "age"/g)).toHaveLength(1);
    expect(sql).not.toMatch(/s\."age",/);
    expect(sql).toContain('f."age" + 1 AS "age_next_year"');
    expect(compileOnline(t).params.map((p) => p.name)).toEqual(['entity', 'as_of', 'ctx_age']);
  });

  it('leaves features marked output: false out of the result but computes what depends on them', () => {
    const t = resolve(`  - { name: n, kind: aggregation, source: events, function: count, window: 7d, output: false }
  - { name: log_n, kind: formula, expr: log1p(n) }
`);
    const { columns, sql } = compileBatch(t);
    expect(columns.map((c) => c.name)).toEqual(['user_id', 'as_of', 'log_n']);
    expect(sql).toContain('AS "n"');
  });

  it('takes stddev, floating-point sums and distinct counts in forms that do not depend on row order', () => {
    const catalog = { tables: { ...CATALOG.tables, 'ods.events': [...CATALOG.tables['ods.events']!, { name: 'qty', type: 'INTEGER' }] } };
    const result = checkTemplateText(
      `${HEAD}features:
  - { name: sd_amount_7d, kind: aggregation, source: events, function: stddev, column: amount, window: 7d }
  - { name: sd_qty_7d, kind: aggregation, source: events, function: stddev, column: qty, window: 7d }
  - { name: avg_amount_7d, kind: aggregation, source: events, function: avg, column: amount, window: 7d }
  - { name: avg_qty_7d, kind: aggregation, source: events, function: avg, column: qty, window: 7d }
  - { name: amounts_7d, kind: aggregation, source: events, function: count_distinct, column: amount, window: 7d }
  - { name: qtys_7d, kind: aggregation, source: events, function: count_distinct, column: qty, window: 7d }
`,
      catalog,
    );
    const sql = compileBatch(result.resolved!).sql;
    const notNull = (c: string) => `FILTER (WHERE e."${c}" IS NOT NULL)`;
    expect(sql).toContain(`list_aggregate(list_sort(list(e."amount") ${notNull('amount')}), 'stddev_samp') AS "sd_amount_7d"`);
    // Small whole numbers: n, Σx and Σx² are exact in HUGEINT.
    expect(sql).toContain(
      `sqrt(CAST(count(e."qty") * sum(CAST(e."qty" AS HUGEINT) * CAST(e."qty" AS HUGEINT)) - sum(CAST(e."qty" AS HUGEINT)) * sum(CAST(e."qty" AS HUGEINT)) AS DOUBLE)`,
    );
    expect(sql).toContain(`list_avg(list_sort(list(e."amount") ${notNull('amount')})) AS "avg_amount_7d"`);
    expect(sql).toContain(`avg(e."qty") AS "avg_qty_7d"`);
    expect(sql).toContain(`count(DISTINCT e."amount") AS "amounts_7d"`);
    expect(sql).toContain(`CAST(list_unique(list(e."qty") ${notNull('qty')}) AS BIGINT) AS "qtys_7d"`);
  });
});
