import { dataLayers } from '../../../shared/services/data/common';
import type { TableInfo } from '../../../shared/services/data/tables';

export type CompletionKind = 'layer' | 'table' | 'column' | 'name' | 'keyword' | 'function';

export interface SqlCompletion {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail: string;
  readonly insertText: string;
}

/** DuckDB words the generic SQL grammar does not know, highlighted and offered as completions. */
export const duckdbKeywords = [
  'ASOF',
  'ATTACH',
  'COLUMNS',
  'COPY',
  'DESCRIBE',
  'DETACH',
  'EXCLUDE',
  'EXPORT',
  'ILIKE',
  'INSTALL',
  'LOAD',
  'MACRO',
  'PIVOT',
  'POSITIONAL',
  'PRAGMA',
  'QUALIFY',
  'RENAME',
  'REPLACE',
  'SAMPLE',
  'SEMI',
  'ANTI',
  'SHOW',
  'SUMMARIZE',
  'UNPIVOT',
  'USING',
  'STRUCT',
  'MAP',
  'LIST',
  'UNION',
  'HUGEINT',
  'UBIGINT',
  'VARCHAR',
  'BLOB',
  'INTERVAL',
  'TIMESTAMPTZ',
  'BOOLEAN',
  'DOUBLE',
  'BIGINT',
];

export const duckdbFunctions = [
  'read_csv',
  'read_csv_auto',
  'read_parquet',
  'read_json',
  'read_json_auto',
  'approx_count_distinct',
  'approx_quantile',
  'quantile_cont',
  'quantile_disc',
  'median',
  'mode',
  'arg_max',
  'arg_min',
  'list',
  'string_agg',
  'histogram',
  'date_trunc',
  'date_diff',
  'date_part',
  'strftime',
  'strptime',
  'epoch_ms',
  'to_timestamp',
  'regexp_matches',
  'regexp_replace',
  'regexp_extract',
  'string_split',
  'unnest',
  'generate_series',
  'range',
  'struct_pack',
  'list_value',
  'coalesce',
  'ifnull',
  'nullif',
  'try_cast',
  'round',
  'stddev_samp',
  'stddev_pop',
  'var_samp',
  'corr',
  'covar_pop',
  'bool_and',
  'bool_or',
  'count_if',
  'first',
  'last',
  'any_value',
  'lag',
  'lead',
  'row_number',
  'rank',
  'dense_rank',
  'ntile',
  'percent_rank',
];

const basicKeywords = [
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP BY',
  'ORDER BY',
  'HAVING',
  'LIMIT',
  'JOIN',
  'LEFT JOIN',
  'WITH',
  'AS',
  'DISTINCT',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'CREATE TABLE',
  'CREATE VIEW',
  'INSERT INTO',
  'COUNT',
];

/** Tables named in the query as `layer.name`, to offer their columns first. */
export function tablesInQuery(text: string, tables: readonly TableInfo[]): TableInfo[] {
  const named = new Set([...text.toLowerCase().matchAll(/\b(ods|dwd|dws|ads)\s*\.\s*([a-z][a-z0-9_]*)/g)].map((m) => `${m[1]}.${m[2]}`));
  return tables.filter((t) => named.has(`${t.layer}.${t.name}`));
}

/** Names the query itself defines: CTEs (`WITH x AS`) and aliases (`AS x`). */
export function namesInQuery(text: string): string[] {
  const names = [...text.matchAll(/\b(?:with|as)\s+([a-z_][a-z0-9_]*)\b/gi)].map((m) => m[1]!);
  const reserved = new Set(['select', 'recursive', 'materialized', 'not']);
  return [...new Set(names)].filter((n) => !reserved.has(n.toLowerCase()));
}

/**
 * What to offer at the cursor: after `layer.` its tables, after `layer.table.` or `table.` its
 * columns, otherwise tables as `layer.name`, the columns of the tables the query names, and keywords.
 */
export function sqlCompletions(textBefore: string, fullText: string, tables: readonly TableInfo[]): SqlCompletion[] {
  const columnsOf = (t: TableInfo): SqlCompletion[] =>
    t.columns.map((c) => ({
      label: c.name,
      kind: 'column',
      detail: `${c.type} · ${t.layer}.${t.name}`,
      insertText: quoteIfNeeded(c.name),
    }));

  const qualified = /\b([a-z][a-z0-9_]*)\s*\.\s*([a-z][a-z0-9_]*)\s*\.\s*\w*$/i.exec(textBefore);
  if (qualified) {
    const table = tables.find((t) => t.layer === qualified[1]!.toLowerCase() && t.name === qualified[2]!.toLowerCase());
    return table ? columnsOf(table) : [];
  }
  const dotted = /\b([a-z][a-z0-9_]*)\s*\.\s*\w*$/i.exec(textBefore);
  if (dotted) {
    const word = dotted[1]!.toLowerCase();
    if ((dataLayers as readonly string[]).includes(word)) {
      return tables
        .filter((t) => t.layer === word)
        .map((t) => ({
          label: t.name,
          kind: 'table',
          detail: `${t.kind} · ${t.rows === null ? '?' : t.rows.toLocaleString('en-US')} rows`,
          insertText: t.name,
        }));
    }
    return tables.filter((t) => t.name === word).flatMap(columnsOf);
  }
  const inQuery = tablesInQuery(fullText, tables);
  return [
    ...tables.map((t): SqlCompletion => ({
      label: `${t.layer}.${t.name}`,
      kind: 'table',
      detail: `${t.kind} · ${t.columns.length} columns`,
      insertText: `${t.layer}.${t.name}`,
    })),
    ...inQuery.flatMap(columnsOf),
    ...namesInQuery(fullText).map((n): SqlCompletion => ({ label: n, kind: 'name', detail: 'defined in this query', insertText: n })),
    ...dataLayers.map((l): SqlCompletion => ({ label: l, kind: 'layer', detail: 'layer', insertText: l })),
    ...[...basicKeywords, ...duckdbKeywords].map((k): SqlCompletion => ({ label: k, kind: 'keyword', detail: 'keyword', insertText: k })),
    ...duckdbFunctions.map((f): SqlCompletion => ({ label: f, kind: 'function', detail: 'function', insertText: f })),
  ];
}

function quoteIfNeeded(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
