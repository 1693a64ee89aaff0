import { LodeError } from '../../shared/errors';
import type { ResolvedSource } from './import-source';

/** The part of a DuckDB reader error worth showing: the first paragraph, without the SQL echo. */
function summary(message: string): string {
  const first = message.split(/\n\s*\n/)[0]!.split('\nLINE ')[0]!;
  return first.replace(/^(Invalid Input|Binder|IO|Conversion|Parser) Error: /, '').trim();
}

const ENCODING_HINT =
  'Set the encoding the file was written in: --encoding latin-1 (Windows and older Western European files) or --encoding utf-16.';

/**
 * A DuckDB reader error as the analyst should read it: what failed in which file, at which line when
 * DuckDB says, and which option to change.
 */
export function readError(err: unknown, source: ResolvedSource): LodeError {
  if (err instanceof LodeError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  const file = source.path;
  if (/INTERRUPT/i.test(raw)) return new LodeError('cancelled', `the import of ${file} was cancelled.`);
  if (/Invalid unicode|not utf-8 encoded/i.test(raw)) {
    return new LodeError('bad_input', `${file} is not UTF-8 text: DuckDB found byte sequences that are not valid UTF-8.`, {
      field: 'encoding',
      file,
      hint: ENCODING_HINT,
    });
  }
  if (/No files found|Cannot open file|No such file|could not open/i.test(raw)) {
    return new LodeError('not_found', `${file} could not be read: it was moved or deleted.`, {
      field: 'path',
      file,
      hint: 'Check the file and import again.',
    });
  }
  if (/not possible to automatically detect the CSV parsing dialect/.test(raw)) {
    return new LodeError('bad_input', `DuckDB could not work out how ${file} is laid out (delimiter, quoting, columns).`, {
      file,
      hint: 'Check that it is a delimited text file, and set the delimiter and quote yourself (--delim, --quote).',
    });
  }
  const missingTypes = /COLUMN_TYPES error: Columns with names: (.*) do not exist/.exec(raw);
  if (missingTypes) {
    return new LodeError('bad_input', `column types were given for columns that ${file} does not have: ${missingTypes[1]}.`, {
      field: 'types',
      file,
      hint: 'Use the column names shown in the preview.',
    });
  }
  const line = /(?:CSV Error on Line: |in line |line )(\d+)/.exec(raw);
  const at = line ? { line: Number(line[1]) } : {};
  if (/Malformed JSON|JSON/.test(raw) && source.format !== 'csv' && source.format !== 'tsv') {
    return new LodeError('bad_input', `${file} is not valid ${source.format === 'jsonl' ? 'JSON Lines' : 'JSON'}: ${summary(raw)}`, {
      field: 'format',
      file,
      ...at,
      hint:
        source.format === 'jsonl'
          ? 'Each line must hold one JSON object; fix the line shown, or import it as --format json.'
          : 'Fix the file, or if it holds one JSON object per line import it as --format jsonl.',
    });
  }
  if (/gzip|zlib|decompress/i.test(raw)) {
    return new LodeError('bad_input', `${file} could not be decompressed: ${summary(raw)}`, {
      file,
      hint: 'The .gz file may be truncated or damaged.',
    });
  }
  return new LodeError('bad_input', `reading ${file} failed: ${summary(raw)}`, { file, ...at });
}
