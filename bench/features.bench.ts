import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { quoteLiteral } from '../main/data/sql';
import { compileText } from '../main/features/compile';
import { type Bench, benchWorkspace, fmtMs, timed } from './harness';

const EVENTS = Number(process.env.LODE_BENCH_FEATURE_EVENTS ?? 10_000_000);
const USERS = Math.max(1, Math.round(EVENTS / 10));

const TEMPLATE = `name: activity
entity: { keys: [user_id] }
spine: { table: ods.spine, time: as_of }
sources:
  events: { table: ods.events, time: ts }
features:
  - { name: n_events, kind: aggregation, source: events, function: count, windows: [7d, 30d] }
  - { name: spend, kind: aggregation, source: events, function: sum, column: amount, windows: [7d, 30d] }
  - { name: n_items_30d, kind: aggregation, source: events, function: count_distinct, column: item_id, window: 30d }
  - { name: n_clicks_7d, kind: aggregation, source: events, function: count, window: 7d, filter: "event = 'click'" }
  - { name: click_rate_7d, kind: ratio, numerator: n_clicks_7d, denominator: n_events_7d }
`;

/**
 * The expert's aggregates, with `e` and `s` the prefixes of the events' and the spine's columns
 * (empty over rows already joined); `distinct` false leaves the distinct count out.
 */
function expertAggregates(e: string, s: string, distinct = true): string {
  const in7 = `${e}ts >= ${s}as_of - INTERVAL 7 DAY`;
  return [
    `count(${e}ts) FILTER (WHERE ${in7}) AS n_events_7d`,
    `count(${e}ts) AS n_events_30d`,
    `coalesce(sum(${e}amount) FILTER (WHERE ${in7}), 0)::BIGINT AS spend_7d`,
    `coalesce(sum(${e}amount), 0)::BIGINT AS spend_30d`,
    ...(distinct ? [`list_unique(list(${e}item_id))::BIGINT AS n_items_30d`] : []),
    `count(${e}ts) FILTER (WHERE ${in7} AND ${e}event = 'click') AS n_clicks_7d`,
  ].join(',\n       ');
}

/** The expert's join: each spine row with its events of the last 30 days. */
const EXPERT_JOIN = 'ods.events e ON e.user_id = s.user_id AND e.ts < s.as_of AND e.ts >= s.as_of - INTERVAL 30 DAY';

/**
 * What a DuckDB expert writes by hand for the same columns, knowing the spine holds one row per
 * (user, as_of): the spine left-joined once to its last 30 days of events and grouped by spine row
 * (no separate pass to find distinct spine rows, no join back), every window as a FILTER aggregate,
 * the distinct count from each row's list of items (cheaper than a DISTINCT aggregate's second
 * hash table), and the ratio over the counts in the same SELECT. `distinct` false: the same less
 * its distinct count.
 */
const expertQuery = (distinct = true) => `
SELECT s.user_id, s.as_of,
       ${expertAggregates('e.', 's.', distinct)},
       n_clicks_7d / nullif(n_events_7d, 0) AS click_rate_7d
  FROM ods.spine s
  LEFT JOIN ${EXPERT_JOIN}
 GROUP BY s.user_id, s.as_of
`;
const EXPERT = expertQuery();
const EXPERT_WITHOUT_DISTINCT = expertQuery(false);

/** The expert query's join alone, its rows materialized as `joined_rows` before the timing. */
const JOINED = `SELECT s.user_id, s.as_of, e.ts, e.amount, e.item_id, e.event FROM ods.spine s JOIN ${EXPERT_JOIN}`;

/** The expert query's grouping alone, over `joined_rows`. */
const GROUPING = `SELECT user_id, as_of, ${expertAggregates('', '')} FROM joined_rows GROUP BY user_id, as_of`;

const root = join(import.meta.dirname, '..', '..');

interface PandasFigures {
  readonly seconds: number;
  readonly rows: number;
}

/**
 * The same features in pandas (scripts/bench-features-pandas.py), its rows written to `out` as
 * Parquet, or why it could not run.
 */
function pandas(out: string): PandasFigures | string {
  try {
    const python = execFileSync('bash', [join(root, 'scripts', 'python-env.sh')], { encoding: 'utf8' }).trim();
    const reply = execFileSync(python, [join(root, 'scripts', 'bench-features-pandas.py')], {
      input: JSON.stringify({ events: EVENTS, users: USERS, out }),
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    return JSON.parse(reply) as PandasFigures;
  } catch (err) {
    return (err as Error).message.split('\n')[0]!;
  }
}

/** Issue 4: a template's SQL against a hand-written expert query on a 10M-event log of 1M users (target: within 1.15x). */
export const featuresBench: Bench = {
  name: 'features',
  issue: 4,
  async run({ dir, report }) {
    const { host, close } = await benchWorkspace(dir);
    try {
      const sql = host.requireWorkspace().workspace.sql;
      // Events over 90 days before 2024-03-01; a spine row per user at a time in the last 30 days.
      // Amounts in cents: integer sums are exact whatever order the join delivers the rows in.
      await sql.run(`CREATE TABLE ods.events AS
        SELECT (range * 7919) % ${USERS} AS user_id,
               TIMESTAMP '2024-03-01' - to_seconds(((range * 104729) % (90 * 86400))::BIGINT) AS ts,
               ((range * 31) % 10000)::INTEGER AS amount,
               ((range * 13) % 4999)::INTEGER AS item_id,
               CASE WHEN range % 5 = 0 THEN 'click' ELSE 'view' END AS event
          FROM range(${EVENTS})`);
      await sql.run(`CREATE TABLE ods.spine AS
        SELECT range AS user_id, TIMESTAMP '2024-03-01' - to_hours((range * 37) % (30 * 24)) AS as_of FROM range(${USERS})`);
      const outcome = await compileText(sql, TEMPLATE, 'features/activity.yaml');
      if (!outcome.ok || !outcome.batch) throw new Error(outcome.diagnostics.map((d) => d.message).join('; '));
      const compiled = outcome.batch.sql;
      const columns = outcome.batch.columns.map((c) => `"${c.name}"`).join(', ');

      // Each query materialized into a table (as a build does); after a warm-up, rounds alternate
      // the queries so that load from elsewhere on the machine falls on all; best of five. Beside the
      // template and the expert query, what bounds any exact formulation on this machine: the grouping
      // step alone, on the rows already joined (materialized beforehand, untimed), and the expert
      // query less its distinct count.
      const materialize = (text: string, table: string) => sql.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${text}`);
      await sql.run(`CREATE OR REPLACE TEMP TABLE joined_rows AS ${JOINED}`);
      const queries = { lode: compiled, expert: EXPERT, grouping: GROUPING, withoutDistinct: EXPERT_WITHOUT_DISTINCT };
      const times = new Map<string, number[]>();
      for (const [name, text] of Object.entries(queries)) {
        await materialize(text, `${name}_rows`);
        times.set(name, []);
      }
      for (let i = 0; i < 5; i++) {
        for (const [name, text] of Object.entries(queries))
          times.get(name)!.push((await timed(() => materialize(text, `${name}_rows`))).ms);
      }
      const best = (name: keyof typeof queries) => Math.min(...times.get(name)!);
      const lode = best('lode');
      const expert = best('expert');
      // Every row and column, both ways (EXCEPT ALL counts duplicates).
      const differing = async (a: string, b: string) =>
        Number(
          (
            await sql.runAndReadAll(
              `SELECT (SELECT count(*) FROM (SELECT ${columns} FROM ${a} EXCEPT ALL SELECT ${columns} FROM ${b}))
                    + (SELECT count(*) FROM (SELECT ${columns} FROM ${b} EXCEPT ALL SELECT ${columns} FROM ${a}))`,
            )
          ).getRows()[0]![0],
        );
      const differ = await differing('lode_rows', 'expert_rows');
      const rows = Number((await sql.runAndReadAll('SELECT count(*) FROM lode_rows')).getRows()[0]![0]);
      const ratio = lode / expert;
      report(
        `${(EVENTS / 1e6).toFixed(0)}M events, ${rows.toLocaleString('en-US')} spine rows, 8 features: template SQL ${fmtMs(lode)}, expert query ${fmtMs(expert)}, ` +
          `ratio ${ratio.toFixed(2)}x (target <= 1.15x: ${ratio <= 1.15 ? 'met' : 'MISSED'}); results ${differ === 0 ? 'equal' : `DIFFER in ${differ} rows`}`,
      );
      if (differ !== 0) throw new Error(`the template and the expert query disagree on ${differ} rows`);

      const parquet = join(dir, 'pandas-rows.parquet');
      const reference = pandas(parquet);
      if (typeof reference === 'string') {
        report(`pandas: not run (${reference})`);
        return;
      }
      const pandasDiffer = await differing('lode_rows', `read_parquet(${quoteLiteral(parquet)})`);
      const speedup = (reference.seconds * 1000) / lode;
      report(
        `pandas (merge onto the spine, window masks, group by, join back; one thread, best of 3): ${fmtMs(reference.seconds * 1000)}; ` +
          `lode ${speedup.toFixed(1)}x faster (target >= 3x: ${speedup >= 3 ? 'met' : 'MISSED'}), expert query ${((reference.seconds * 1000) / expert).toFixed(1)}x; ` +
          `rows ${pandasDiffer === 0 ? 'equal' : `DIFFER in ${pandasDiffer} rows`}`,
      );
      if (pandasDiffer !== 0) throw new Error(`pandas and the template disagree on ${pandasDiffer} rows`);
      const budget = (reference.seconds * 1000) / 3;
      report(
        `floor: grouping the already-joined rows alone ${fmtMs(best('grouping'))}, the expert query without its distinct count ${fmtMs(best('withoutDistinct'))}; ` +
          `the 3x target allows ${fmtMs(budget)} for the whole query`,
      );

      // Per core: the template on one DuckDB thread against single-threaded pandas. On a machine
      // shared with other work this moves less than the wall times above, which the load shifts.
      const threads = Number((await sql.runAndReadAll(`SELECT current_setting('threads')`)).getRows()[0]![0]);
      const oneThread: number[] = [];
      await sql.run('SET threads = 1');
      try {
        for (let i = 0; i < 3; i++) oneThread.push((await timed(() => materialize(compiled, 'lode_rows'))).ms);
      } finally {
        await sql.run(`SET threads = ${threads}`);
      }
      const single = Math.min(...oneThread);
      report(
        `per core: template SQL on 1 of ${threads} DuckDB threads ${fmtMs(single)}, pandas ${((reference.seconds * 1000) / single).toFixed(1)}x its time; ` +
          `load average while benchmarking ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
      );
    } finally {
      await close();
    }
  },
};
