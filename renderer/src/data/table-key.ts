import { dataLayers, NAME_RULE, type DataLayer, type TableRef } from '../../../shared/services/data/common';

/** `ods.bank`: how a table is written in SQL and keyed in the store. */
export function tableKey(ref: TableRef): string {
  return `${ref.layer}.${ref.name}`;
}

export function parseTableKey(key: string): TableRef | null {
  const dot = key.indexOf('.');
  const layer = key.slice(0, dot);
  const name = key.slice(dot + 1);
  if (!(dataLayers as readonly string[]).includes(layer) || !NAME_RULE.test(name)) return null;
  return { layer: layer as DataLayer, name };
}

export const NAME_RULE_TEXT = 'lowercase letters, digits and underscores, starting with a letter, at most 63 characters';

/** Why a table, view or snapshot name is refused, or null when it follows the naming rule. */
export function nameProblem(name: string): string | null {
  if (name === '') return 'Give a name.';
  if (NAME_RULE.test(name)) return null;
  if (/[A-Z]/.test(name)) return `Use ${NAME_RULE_TEXT} (no capitals).`;
  if (!/^[a-z]/.test(name)) return `Start with a letter; use ${NAME_RULE_TEXT}.`;
  if (name.length > 63) return `At most 63 characters; use ${NAME_RULE_TEXT}.`;
  return `Use ${NAME_RULE_TEXT}.`;
}

/** A name that follows the rule, made from a file name: `bank-additional-full.csv` → `bank_additional_full`. */
export function nameFromPath(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? '';
  const stem = file.replace(/(\.(csv|tsv|txt|parquet|json|jsonl|ndjson|data|test))*(\.gz)?$/i, '');
  const cleaned = stem
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_');
  const named = /^[a-z]/.test(cleaned) ? cleaned : `t_${cleaned}`;
  return named.slice(0, 63).replace(/_+$/, '') || 'imported';
}
