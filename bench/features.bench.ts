import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
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
 * What an expert writes by hand for the same columns: one join of the spine to its last 30 days of
 * events, every window as a FILTER aggregate, the ratio over the counts.
 */
const EXPERT = `
WITH agg AS (
  SELECT s.user_id, s.as_of,
         count(*) FILTER (WHERE e.ts >= s.as_of - INTERVAL 7 DAY) AS n_events_7d,
         count(*) AS n_events_30d,
         sum(e.amount) FILTER (WHERE e.ts >= s.as_of - INTERVAL 7 DAY) AS spend_7d,
         sum(e.amount) AS spend_30d,
         count(DISTINCT e.item_id) AS n_items_30d,
         count(*) FILTER (WHERE e.ts >= s.as_of - INTERVAL 7 DAY AND e.event = 'click') AS n_clicks_7d
    FROM ods.spine s
    JOIN ods.events e ON e.user_id = s.user_id AND e.ts < s.as_of AND e.ts >= s.as_of - INTERVAL 30 DAY
   GROUP BY s.user_id, s.as_of
)
SELECT s.user_id, s.as_of,
       coalesce(a.n_events_7d, 0) AS n_events_7d,
       coalesce(a.n_events_30d, 0) AS n_events_30d,
       coalesce(a.spend_7d, 0) AS spend_7d,
       coalesce(a.spend_30d, 0) AS spend_30d,
       coalesce(a.n_items_30d, 0) AS n_items_30d,
       coalesce(a.n_clicks_7d, 0) AS n_clicks_7d,
       CASE WHEN coalesce(a.n_events_7d, 0) = 0 THEN NULL ELSE coalesce(a.n_clicks_7d, 0) / coalesce(a.n_events_7d, 0) END AS click_rate_7d
  FROM ods.spine s LEFT JOIN agg a ON a.user_id = s.user_id AND a.as_of = s.as_of
`;

const root = join(import.meta.dirname, '..', '..');

interface PandasFigures {
  readonly seconds: number;
  readonly rows: number;
  readonly sums: Record<string, number>;
}

/** The same features in pandas (scripts/bench-features-pandas.py), or why it could not run. */
function pandas(): PandasFigures | string {
  try {
    const python = execFileSync('bash', [join(root, 'scripts', 'python-env.sh')], { encoding: 'utf8' }).trim();
    const reply = execFileSync(python, [join(root, 'scripts', 'bench-features-pandas.py')], {
      input: JSON.stringify({ events: EVENTS, users: USERS }),
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
      // the two so that load from elsewhere on the machine falls on both; best of five.
      const materialize = (text: string, table: string) => sql.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${text}`);
      await materialize(compiled, 'lode_rows');
      await materialize(EXPERT, 'expert_rows');
      const lodeTimes: number[] = [];
      const expertTimes: number[] = [];
      for (let i = 0; i < 5; i++) {
        lodeTimes.push((await timed(() => materialize(compiled, 'lode_rows'))).ms);
        expertTimes.push((await timed(() => materialize(EXPERT, 'expert_rows'))).ms);
      }
      const lode = Math.min(...lodeTimes);
      const expert = Math.min(...expertTimes);
      const differ = Number(
        (
          await sql.runAndReadAll(
            `SELECT (SELECT count(*) FROM (SELECT ${columns} FROM lode_rows EXCEPT ALL SELECT ${columns} FROM expert_rows))
                  + (SELECT count(*) FROM (SELECT ${columns} FROM expert_rows EXCEPT ALL SELECT ${columns} FROM lode_rows))`,
          )
        ).getRows()[0]![0],
      );
      const rows = Number((await sql.runAndReadAll('SELECT count(*) FROM lode_rows')).getRows()[0]![0]);
      const ratio = lode / expert;
      report(
        `${(EVENTS / 1e6).toFixed(0)}M events, ${rows.toLocaleString('en-US')} spine rows, 8 features: template SQL ${fmtMs(lode)}, expert query ${fmtMs(expert)}, ` +
          `ratio ${ratio.toFixed(2)}x (target <= 1.15x: ${ratio <= 1.15 ? 'met' : 'MISSED'}); results ${differ === 0 ? 'equal' : `DIFFER in ${differ} rows`}`,
      );
      if (differ !== 0) throw new Error(`the template and the expert query disagree on ${differ} rows`);

      const reference = pandas();
      if (typeof reference === 'string') {
        report(`pandas: not run (${reference})`);
        return;
      }
      const names = Object.keys(reference.sums);
      const [ours] = (
        await sql.runAndReadAll(`SELECT ${names.map((n) => `sum("${n}")::DOUBLE`).join(', ')} FROM lode_rows`)
      ).getRows() as number[][];
      const mismatched = names.filter(
        (n, i) => Math.abs(ours![i]! - reference.sums[n]!) > 1e-6 * Math.max(1, Math.abs(reference.sums[n]!)),
      );
      const speedup = (reference.seconds * 1000) / lode;
      report(
        `pandas (merge, window filter, group by): ${fmtMs(reference.seconds * 1000)}; lode ${speedup.toFixed(1)}x faster (target >= 3x: ${speedup >= 3 ? 'met' : 'MISSED'}); ` +
          `column sums ${mismatched.length === 0 ? 'equal' : `DIFFER in ${mismatched.join(', ')}`}`,
      );
      if (mismatched.length > 0) throw new Error(`pandas and the template disagree on ${mismatched.join(', ')}`);
    } finally {
      await close();
    }
  },
};
