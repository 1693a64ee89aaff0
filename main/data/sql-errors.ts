import { LodeError } from '../../shared/errors';

/**
 * DuckDB marks where a query went wrong with a `LINE n: <text>` line and a caret under it. Turn that
 * into a line and column of the query the analyst wrote, so the editor can put a marker there.
 */
export function sqlErrorPosition(message: string, sql: string): { line: number; column: number } | null {
  const match = /LINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!match) return null;
  const line = Number(match[1]);
  const shown = match[2]!;
  const caret = match[3]!.length - `LINE ${match[1]}: `.length;
  const lead = shown.startsWith('...') ? 3 : 0;
  const snippet = shown.slice(lead).replace(/\.\.\.$/, '');
  const source = sql.split('\n')[line - 1] ?? '';
  const offset = Math.max(0, source.indexOf(snippet));
  return { line, column: offset + caret - lead + 1 };
}

/** A DuckDB error as the analyst should read it: the first lines of the message and the position. */
export function sqlError(err: unknown, sql: string): LodeError {
  if (err instanceof LodeError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  const message = raw.replace(/^Failed to extract statements: /, '');
  if (/INTERRUPT/i.test(message)) return new LodeError('cancelled', 'the query was cancelled.');
  const position = sqlErrorPosition(message, sql);
  const summary = message.split('\n\nLINE ')[0]!.trim();
  return new LodeError('bad_input', summary, position ? { ...position, field: 'sql' } : { field: 'sql' });
}
