/**
 * What the parser, validator and compiler report about a template: each finding points at a place
 * in the YAML (1-based line and column, as editors and `file:line:col` show them).
 */

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  /** A stable code to branch on, e.g. `unknown_column`, `leakage`, `cycle`. */
  readonly code: string;
  readonly message: string;
  readonly range: Range;
  /** Where in the template the finding is, e.g. `features.3.column`. */
  readonly path: string;
  /** What to do about it, e.g. "did you mean user_id?". */
  readonly hint?: string;
}

export const START: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `file:line:col: message (hint)`, the form compilers print and editors link. */
export function formatDiagnostic(d: Diagnostic, file = 'template'): string {
  const where = `${file}:${d.range.start.line}:${d.range.start.column}`;
  const level = d.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${level}${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}

/** Diagnostics in reading order, errors before warnings on the same spot. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.column - b.range.start.column ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
}
