import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { LodeError } from '../../shared/errors';
import type { TableRef } from '../../shared/services/data/common';
import { qualityRule, type QualityRule, type RuleResult } from '../../shared/services/data/profile';
import { META_SCHEMA } from '../workspace/layout';
import { describeRelation, formatCount, formatRate, isNumericType, resolveColumn, type RelationColumn } from './profile-columns';
import { quoteIdent, quoteLiteral, tableLabel, tableSql } from './sql';

const storedRules = z.array(qualityRule);

/** A rule with the columns it names, resolved to the table's spelling (one for all but unique). */
interface BoundRule {
  readonly rule: QualityRule;
  readonly columns: readonly string[];
}

function ruleContext(index: number, rule: QualityRule): string {
  return `rule ${index + 1} (${rule.kind})`;
}

/**
 * Checks every column a rule names against the relation, so a typo is reported before any scan
 * and with the rule's position (`rules[2].column`), the way the rules file is written.
 */
export function bindRules(rules: readonly QualityRule[], columns: readonly RelationColumn[]): BoundRule[] {
  return rules.map((rule, index) => {
    const context = ruleContext(index, rule);
    if (rule.kind === 'unique') {
      const names = rule.columns.map((c, j) => resolveColumn(c, columns, { field: `rules[${index}].columns[${j}]`, context }).name);
      return { rule, columns: names };
    }
    const column = resolveColumn(rule.column, columns, { field: `rules[${index}].column`, context });
    if (rule.kind === 'range' && !isNumericType(column.type)) {
      throw new LodeError('bad_input', `${context}: column "${column.name}" is ${column.type}, and a range needs a numeric column.`, {
        field: `rules[${index}].column`,
        hint: 'Use allowed_values for text columns, or convert the column to a number first.',
      });
    }
    return { rule, columns: [column.name] };
  });
}

function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new LodeError('bad_input', `${n} is not a finite number.`);
  return `${String(n)}::DOUBLE`;
}

function rangeLabel(min: number | undefined, max: number | undefined): string {
  return `[${min ?? '-inf'}, ${max ?? 'inf'}]`;
}

function allowedCondition(column: string, values: readonly string[]): string {
  // Compared as text so one rule format serves text, integer and boolean columns; nulls are the
  // business of max_null_rate, not of this rule.
  return `${quoteIdent(column)} IS NOT NULL AND CAST(${quoteIdent(column)} AS VARCHAR) NOT IN (${values.map(quoteLiteral).join(', ')})`;
}

function rangeCondition(column: string, min: number | undefined, max: number | undefined): string {
  const parts: string[] = [];
  if (min !== undefined) parts.push(`${quoteIdent(column)} < ${numberLiteral(min)}`);
  if (max !== undefined) parts.push(`${quoteIdent(column)} > ${numberLiteral(max)}`);
  return parts.join(' OR ');
}

/** The aggregate each single-scan rule needs; unique rules get their own GROUP BY. */
function aggregateFor({ rule, columns }: BoundRule): string | null {
  const column = columns[0]!;
  switch (rule.kind) {
    case 'max_null_rate':
      return `count(*) FILTER (WHERE ${quoteIdent(column)} IS NULL)`;
    case 'allowed_values':
      return `count(*) FILTER (WHERE ${allowedCondition(column, rule.values)})`;
    case 'range':
      return `count(*) FILTER (WHERE ${rangeCondition(column, rule.min, rule.max)})`;
    case 'unique':
      return null;
  }
}

/** Rows beyond the first of each key value, and how many key values repeat; nulls count as a value. */
export async function duplicateCounts(
  sql: DuckDBConnection,
  relationSql: string,
  columns: readonly string[],
): Promise<{ rows: number; keys: number }> {
  const keys = columns.map(quoteIdent).join(', ');
  const reader = await sql.runAndReadAll(
    `SELECT coalesce(sum(n - 1), 0)::BIGINT, count(*)::BIGINT FROM (SELECT count(*) AS n FROM ${relationSql} GROUP BY ${keys} HAVING count(*) > 1)`,
  );
  const row = reader.getRows()[0]!;
  return { rows: Number(row[0]), keys: Number(row[1]) };
}

async function offendingExamples(sql: DuckDBConnection, relationSql: string, column: string, values: readonly string[]): Promise<string[]> {
  const reader = await sql.runAndReadAll(
    `SELECT CAST(${quoteIdent(column)} AS VARCHAR) AS v, count(*) AS n FROM ${relationSql} WHERE ${allowedCondition(column, values)} GROUP BY 1 ORDER BY n DESC, v LIMIT 5`,
  );
  return reader.getRows().map((row) => `'${String(row[0])}'`);
}

/**
 * Evaluates data-quality rules over a relation (`"ods"."bank"` or `(SELECT ...)`): one scan for
 * null rates, allowed values and ranges, one GROUP BY per key-uniqueness rule. Observed figures
 * are a null rate for max_null_rate and a count of offending rows for the others.
 */
export async function evaluateRules(sql: DuckDBConnection, relationSql: string, rules: readonly QualityRule[]): Promise<RuleResult[]> {
  if (rules.length === 0) return [];
  const bound = bindRules(rules, await describeRelation(sql, relationSql));
  const aggregates = bound.map(aggregateFor);
  const selected = aggregates.flatMap((expr, i) => (expr === null ? [] : [`(${expr})::BIGINT AS r${i}`]));
  const reader = await sql.runAndReadAll(`SELECT count(*)::BIGINT AS total${selected.map((s) => `, ${s}`).join('')} FROM ${relationSql}`);
  const names = reader.columnNames();
  const row = reader.getRows()[0]!;
  const figure = (i: number): number => Number(row[names.indexOf(`r${i}`)]);
  const total = Number(row[0]);

  const results: RuleResult[] = [];
  for (const [i, { rule, columns }] of bound.entries()) {
    const column = columns[0]!;
    if (rule.kind === 'max_null_rate') {
      const nulls = figure(i);
      const rate = total === 0 ? 0 : nulls / total;
      const passed = rate <= rule.max;
      const measured = `${column}: null rate ${formatRate(rate)} (${formatCount(nulls)} of ${formatCount(total)} rows)`;
      results.push({
        rule,
        passed,
        observed: rate,
        message: `${measured}, ${passed ? 'within' : 'above'} the maximum ${formatRate(rule.max)}`,
      });
    } else if (rule.kind === 'unique') {
      const label = columns.join(', ');
      const dup = await duplicateCounts(sql, relationSql, columns);
      const passed = dup.rows === 0;
      const message = passed
        ? `${label}: unique over ${formatCount(total)} rows`
        : `${label}: ${formatCount(dup.rows)} duplicate rows (${formatCount(dup.keys)} ${dup.keys === 1 ? 'key appears' : 'keys appear'} more than once)`;
      results.push({ rule, passed, observed: dup.rows, message });
    } else if (rule.kind === 'allowed_values') {
      const bad = figure(i);
      const passed = bad === 0;
      let message = `${column}: all non-null values allowed`;
      if (!passed) {
        const examples = await offendingExamples(sql, relationSql, column, rule.values);
        message = `${column}: ${formatCount(bad)} ${bad === 1 ? 'row has a value' : 'rows have values'} outside the allowed list (e.g. ${examples.join(', ')})`;
      }
      results.push({ rule, passed, observed: bad, message });
    } else {
      const bad = figure(i);
      const passed = bad === 0;
      const range = rangeLabel(rule.min, rule.max);
      const message = passed
        ? `${column}: all non-null values within ${range}`
        : `${column}: ${formatCount(bad)} ${bad === 1 ? 'row' : 'rows'} outside ${range}`;
      results.push({ rule, passed, observed: bad, message });
    }
  }
  return results;
}

/** The rules saved for a table; none when it has none. */
export async function loadRules(sql: DuckDBConnection, ref: TableRef): Promise<QualityRule[]> {
  const reader = await sql.runAndReadAll(`SELECT rules FROM ${META_SCHEMA}.quality_rules WHERE layer = $1 AND name = $2`, [
    ref.layer,
    ref.name,
  ]);
  const row = reader.getRows()[0];
  if (!row) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(row[0]));
  } catch {
    parsed = undefined;
  }
  const checked = storedRules.safeParse(parsed);
  if (!checked.success) {
    throw new LodeError('corrupt_database', `the saved quality rules of ${tableLabel(ref)} cannot be read.`, {
      hint: `Set them again with \`lode quality set ${tableLabel(ref)} --rules FILE\`.`,
    });
  }
  return checked.data;
}

/**
 * Replaces the rules of a table after checking that every column they name exists, so a typo is
 * caught when the rules are written rather than at snapshot time. An empty list removes them.
 */
export async function saveRules(sql: DuckDBConnection, ref: TableRef, rules: readonly QualityRule[]): Promise<QualityRule[]> {
  const checked = storedRules.parse(rules);
  bindRules(checked, await describeRelation(sql, tableSql(ref)));
  // One statement each way: the shared connection may interleave other callers' statements, so
  // a DELETE + INSERT pair could be seen half done.
  if (checked.length === 0) {
    await sql.run(`DELETE FROM ${META_SCHEMA}.quality_rules WHERE layer = $1 AND name = $2`, [ref.layer, ref.name]);
  } else {
    await sql.run(`INSERT OR REPLACE INTO ${META_SCHEMA}.quality_rules (layer, name, rules, updated_at) VALUES ($1, $2, $3, $4)`, [
      ref.layer,
      ref.name,
      JSON.stringify(checked),
      new Date().toISOString(),
    ]);
  }
  return checked;
}
