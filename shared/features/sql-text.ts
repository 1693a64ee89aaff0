/** SQL text pieces for the compiler: every identifier quoted, every value a literal, never pasted. */

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A number as DuckDB reads it with the same value: integers stay integers, others are DOUBLE. */
export function numberSql(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  // A bare 0.5 is a DECIMAL in DuckDB, whose arithmetic differs from floating point.
  if (Number.isSafeInteger(value)) return value < 0 ? `(${value})` : String(value);
  const text = String(value);
  return value < 0 ? `(${text}::DOUBLE)` : `${text}::DOUBLE`;
}

export type Scalar = string | number | boolean;

export function scalarSql(value: Scalar | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return literal(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return numberSql(value);
}

/** `"ods"."ratings"` for `ods.ratings`. */
export function tableSql(qualified: string): string {
  const dot = qualified.indexOf('.');
  return dot === -1 ? ident(qualified) : `${ident(qualified.slice(0, dot))}.${ident(qualified.slice(dot + 1))}`;
}

export function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : by + line))
    .join('\n');
}
