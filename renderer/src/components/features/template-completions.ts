import type { TableInfo } from '../../../../shared/services/data/tables';

export interface TemplateCompletion {
  readonly label: string;
  readonly kind: 'table' | 'column';
  readonly detail: string;
}

const TABLE_VALUE = /\btable:\s*[\w.]*$/;
/** Keys whose value is a column name, in block or flow style (`column: amo|`, `{ time: t|`). */
const COLUMN_VALUE = /(\b(column|time|value):\s*\w*|\bkeys:\s*\[[\w\s,]*)$/;

/**
 * What to complete at the cursor of a template: `layer.name` after `table:`, and after a key that
 * names a column, the columns of the tables the template reads (the schema completes the keys).
 */
export function templateCompletions(lineBefore: string, text: string, tables: readonly TableInfo[]): TemplateCompletion[] {
  if (TABLE_VALUE.test(lineBefore)) {
    return tables.map((t) => ({ label: `${t.layer}.${t.name}`, kind: 'table', detail: `${t.kind}, ${t.columns.length} columns` }));
  }
  if (!COLUMN_VALUE.test(lineBefore)) return [];
  const used = new Set([...text.matchAll(/\btable:\s*([a-z][\w]*\.[a-z][\w]*)/g)].map((m) => m[1]!));
  const seen = new Set<string>();
  const out: TemplateCompletion[] = [];
  for (const t of tables) {
    const label = `${t.layer}.${t.name}`;
    if (!used.has(label)) continue;
    for (const c of t.columns) {
      if (seen.has(c.name)) continue;
      seen.add(c.name);
      out.push({ label: c.name, kind: 'column', detail: `${c.type} · ${label}` });
    }
  }
  return out;
}
