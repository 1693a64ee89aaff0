import type { ColumnFilter } from '../../../shared/services/data/query';
import { isNumericType } from './arrow-rows';

export const FILTER_HELP =
  'Filter: text (contains), =x, !=x, >x, >=x, <x, <=x, ^x (starts with), null, !null. Numbers compare as numbers. Enter applies, Esc clears.';

export type FilterParse = { ok: true; filter: ColumnFilter | null } | { ok: false; problem: string };

const OPS = [
  ['>=', '>='],
  ['<=', '<='],
  ['!=', '!='],
  ['<>', '!='],
  ['=', '='],
  ['>', '>'],
  ['<', '<'],
  ['^', 'starts_with'],
  ['~', 'contains'],
] as const;

/** Reads what an analyst typed in a column's filter cell as a filter pushed down to DuckDB. */
export function parseFilterText(column: string, type: string, text: string): FilterParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, filter: null };
  const lower = trimmed.toLowerCase();
  if (lower === 'null' || lower === 'is null') return { ok: true, filter: { column, op: 'is_null' } };
  if (lower === '!null' || lower === 'not null' || lower === 'is not null') return { ok: true, filter: { column, op: 'not_null' } };

  const numeric = isNumericType(type);
  const boolean = /^BOOL/i.test(type);
  const found = OPS.find(([prefix]) => trimmed.startsWith(prefix));
  const op: ColumnFilter['op'] = found ? found[1] : numeric || boolean ? '=' : 'contains';
  const raw = found ? trimmed.slice(found[0].length).trim() : trimmed;
  if (raw === '') return { ok: false, problem: `Give a value after ${found?.[0] ?? 'the operator'}.` };

  if ((op === 'contains' || op === 'starts_with') && (numeric || boolean)) {
    return { ok: true, filter: { column, op, value: raw } };
  }
  if (numeric) {
    const value = Number(raw);
    if (!Number.isFinite(value)) return { ok: false, problem: `${column} holds numbers: "${raw}" is not a number.` };
    return { ok: true, filter: { column, op, value } };
  }
  if (boolean && (raw === 'true' || raw === 'false')) return { ok: true, filter: { column, op, value: raw === 'true' } };
  return { ok: true, filter: { column, op, value: unquote(raw) } };
}

function unquote(text: string): string {
  return text.length >= 2 && /^(['"]).*\1$/.test(text) ? text.slice(1, -1) : text;
}

/** The text that reads back as this filter, to show an applied filter in its cell. */
export function filterText(filter: ColumnFilter): string {
  switch (filter.op) {
    case 'is_null':
      return 'null';
    case 'not_null':
      return '!null';
    case 'contains':
      return String(filter.value ?? '');
    case 'starts_with':
      return `^${String(filter.value ?? '')}`;
    default:
      return `${filter.op === '=' ? '=' : filter.op}${String(filter.value ?? '')}`;
  }
}
