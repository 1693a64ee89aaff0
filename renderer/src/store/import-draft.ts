import type { DataLayer } from '../../../shared/services/data/common';
import type { ImportFormat, ImportSource, ReadOptions } from '../../../shared/services/data/imports';

/** The import dialog's fields as typed; empty means "as DuckDB detects it". */
export interface ImportDraft {
  path: string;
  format: ImportFormat | 'auto';
  delimiter: string;
  quote: string;
  header: 'auto' | 'yes' | 'no';
  /** Comma-separated markers; quotes keep spaces (`" ?"`) and `""` is the empty field. */
  nullStrings: string;
  skipRows: string;
  /** Column name → forced DuckDB type. */
  types: Record<string, string>;
  layer: DataLayer;
  name: string;
  /** Whether the analyst typed the name; until then it follows the file name. */
  nameTouched: boolean;
  onError: 'abort' | 'skip';
}

export const emptyDraft: ImportDraft = {
  path: '',
  format: 'auto',
  delimiter: '',
  quote: '',
  header: 'auto',
  nullStrings: '',
  skipRows: '',
  types: {},
  layer: 'ods',
  name: '',
  nameTouched: false,
  onError: 'abort',
};

/** Fields that change which columns the file has; forced types are dropped when they change. */
export const SHAPE_FIELDS = ['path', 'format', 'delimiter', 'header', 'skipRows'] as const;

/** `\t` and `tab` as typed both mean a tab. */
export function delimiterValue(text: string): string {
  if (text === '\\t' || text.toLowerCase() === 'tab') return '\t';
  return text;
}

export function nullStringsValue(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => (/^(["']).*\1$/.test(part) ? part.slice(1, -1) : part));
}

/** Only what the analyst set; DuckDB's sniffer decides everything else. */
export function readOptionsOf(draft: ImportDraft): ReadOptions {
  const options: ReadOptions = {};
  if (draft.delimiter !== '') options.delimiter = delimiterValue(draft.delimiter);
  if (draft.quote !== '') options.quote = draft.quote;
  if (draft.header !== 'auto') options.header = draft.header === 'yes';
  if (draft.nullStrings.trim() !== '') options.nullStrings = nullStringsValue(draft.nullStrings);
  const skip = Number(draft.skipRows);
  if (draft.skipRows.trim() !== '' && Number.isInteger(skip) && skip >= 0) options.skipRows = skip;
  const types = Object.entries(draft.types).filter(([, type]) => type.trim() !== '');
  if (types.length > 0) options.types = Object.fromEntries(types.map(([column, type]) => [column, type.trim()]));
  return options;
}

export function importSourceOf(draft: ImportDraft): ImportSource {
  return { path: draft.path.trim(), ...(draft.format === 'auto' ? {} : { format: draft.format }), options: readOptionsOf(draft) };
}

/** How a detected delimiter or quote reads on screen. */
export function showChar(value: string): string {
  if (value === '\t') return '\\t (tab)';
  if (value === ' ') return '␠ (space)';
  if (value === '') return '(none)';
  return value;
}
