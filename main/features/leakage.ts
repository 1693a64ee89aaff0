import type { DuckDBConnection } from '@duckdb/node-api';
import type { OutputColumn } from '../../shared/features';
import type { LeakageFinding } from '../../shared/services/features';
import { quoteIdent } from '../data/sql';

/** A single feature that separates the label this well is almost always a leak (bank marketing's `duration`). */
export const LEAKAGE_AUC = 0.95;

/** Above this many rows the AUCs are measured on a fixed reservoir sample: a leak is not subtle. */
const SAMPLE_ROWS = 1_000_000;

const NUMERIC = /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;

export interface LeakageCheck {
  /** Why no check ran (no label, or a label that is not binary); null when it ran. */
  readonly skipped: string | null;
  readonly findings: readonly LeakageFinding[];
}

/**
 * Single-feature AUC of every numeric feature against a binary label, computed in DuckDB with
 * average ranks (Mann-Whitney U), ignoring rows where either is null. AUC is oriented (max of AUC
 * and 1 - AUC) so that a feature that predicts the label backwards is caught too.
 */
export async function checkLeakage(
  conn: DuckDBConnection,
  relation: string,
  columns: readonly (OutputColumn & { readonly type: string })[],
): Promise<LeakageCheck> {
  const label = columns.find((c) => c.role === 'label');
  if (!label) return { skipped: 'the template has no label', findings: [] };
  const y = quoteIdent(label.name);
  const [distinct] = (
    await conn.runAndReadAll(
      `SELECT count(DISTINCT ${y}::DOUBLE)::INTEGER, bool_and(${y}::DOUBLE IN (0, 1)) FROM ${relation} WHERE ${y} IS NOT NULL`,
    )
  ).getRows() as [number, boolean | null][];
  if (!NUMERIC.test(label.type)) return { skipped: `the label ${label.name} is not a number`, findings: [] };
  if (!distinct || distinct[0] !== 2 || distinct[1] !== true) return nearCopies(conn, relation, columns, label.name);
  const [count] = (await conn.runAndReadAll(`SELECT count(*)::BIGINT FROM ${relation}`)).getRows() as [bigint][];
  const sample = Number(count![0]) > SAMPLE_ROWS ? ` USING SAMPLE reservoir(${SAMPLE_ROWS} ROWS) REPEATABLE (42)` : '';
  const findings: LeakageFinding[] = [];
  for (const c of columns) {
    if (c.role !== 'feature' || !NUMERIC.test(c.type)) continue;
    const x = quoteIdent(c.name);
    const [row] = (
      await conn.runAndReadAll(
        `WITH d AS (
           SELECT ${x}::DOUBLE AS x, ${y}::DOUBLE AS y FROM (SELECT * FROM ${relation}${sample}) WHERE ${x} IS NOT NULL AND ${y} IS NOT NULL
         ), r AS (
           SELECT y, rank() OVER (ORDER BY x) + (count(*) OVER (PARTITION BY x) - 1) / 2.0 AS rk FROM d
         ), s AS (
           SELECT sum(rk) FILTER (WHERE y = 1) AS r1, count(*) FILTER (WHERE y = 1)::DOUBLE AS n1, count(*) FILTER (WHERE y = 0)::DOUBLE AS n0 FROM r
         )
         SELECT CASE WHEN n1 > 0 AND n0 > 0 THEN (r1 - n1 * (n1 + 1) / 2) / (n1 * n0) END FROM s`,
      )
    ).getRows() as [number | null][];
    const raw = row?.[0];
    if (raw === null || raw === undefined || Number.isNaN(raw)) continue;
    const auc = Math.max(raw, 1 - raw);
    if (auc > LEAKAGE_AUC) {
      findings.push({
        feature: c.name,
        auc,
        reason: `${c.name} alone separates ${label.name} with AUC ${auc.toFixed(3)} (> ${LEAKAGE_AUC}); it may be known only after the as-of time or be a copy of the label`,
      });
    }
  }
  return { skipped: null, findings };
}

/** Above this absolute correlation with a numeric label, a feature is a near copy of it. */
export const NEAR_COPY_CORRELATION = 0.99;

/** For a label that is a number but not binary: features that follow it almost exactly (|Pearson r| > 0.99). */
async function nearCopies(
  conn: DuckDBConnection,
  relation: string,
  columns: readonly (OutputColumn & { readonly type: string })[],
  labelName: string,
): Promise<LeakageCheck> {
  const numeric = columns.filter((c) => c.role === 'feature' && NUMERIC.test(c.type));
  if (numeric.length === 0) return { skipped: null, findings: [] };
  const y = quoteIdent(labelName);
  const parts = numeric.map((c) => `corr(${quoteIdent(c.name)}::DOUBLE, ${y}::DOUBLE)`);
  const [row] = (await conn.runAndReadAll(`SELECT ${parts.join(', ')} FROM ${relation}`)).getRows() as (number | null)[][];
  const findings: LeakageFinding[] = [];
  numeric.forEach((c, i) => {
    const r = row?.[i];
    if (r === null || r === undefined || Number.isNaN(r) || Math.abs(r) <= NEAR_COPY_CORRELATION) return;
    findings.push({
      feature: c.name,
      auc: Math.abs(r),
      reason: `${c.name} follows ${labelName} almost exactly (correlation ${r.toFixed(3)}); it may be a copy of the label or known only after the as-of time`,
    });
  });
  return { skipped: null, findings };
}
