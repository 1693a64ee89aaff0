/** The few value types the validator reasons about, and how DuckDB's types map onto them. */

export type ValueType = 'number' | 'string' | 'boolean' | 'time' | 'date' | 'null' | 'unknown';

/** `BIGINT`, `DECIMAL(18,3)`, `TIMESTAMP WITH TIME ZONE` ... to the type the language checks. */
export function valueTypeOf(duckdbType: string): ValueType {
  const t = duckdbType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL|NUMERIC)/.test(t))
    return 'number';
  if (/^(VARCHAR|TEXT|STRING|CHAR|BPCHAR|ENUM|UUID)/.test(t)) return 'string';
  if (t === 'BOOLEAN' || t === 'BOOL') return 'boolean';
  if (t === 'DATE') return 'date';
  if (/^TIMESTAMP/.test(t)) return 'time';
  return 'unknown';
}

/** Whether a DuckDB type is a whole-number type (sums of them stay whole). */
export function isIntegerType(duckdbType: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i.test(duckdbType);
}

/** Whether a DuckDB type is binary floating point (sums of it depend on the order of the terms). */
export function isFloatType(duckdbType: string): boolean {
  return /^(FLOAT|FLOAT4|REAL|DOUBLE|FLOAT8)$/i.test(duckdbType);
}

/** Dates and timestamps compare with each other. */
export function comparable(a: ValueType, b: ValueType): boolean {
  if (a === 'null' || b === 'null' || a === 'unknown' || b === 'unknown') return true;
  const norm = (t: ValueType) => (t === 'date' ? 'time' : t);
  return norm(a) === norm(b);
}

/** The type two branches share (coalesce, case, least), or null when they do not fit together. */
export function unify(a: ValueType, b: ValueType): ValueType | null {
  if (a === 'null' || a === 'unknown') return b;
  if (b === 'null' || b === 'unknown') return a;
  if (a === b) return a;
  if (comparable(a, b)) return 'time';
  return null;
}

export function typeLabel(t: ValueType): string {
  switch (t) {
    case 'number':
      return 'a number';
    case 'string':
      return 'text';
    case 'boolean':
      return 'a condition (true/false)';
    case 'time':
      return 'a timestamp';
    case 'date':
      return 'a date';
    case 'null':
      return 'null';
    case 'unknown':
      return 'a value of unknown type';
  }
}

export const isTimeLike = (t: ValueType) => t === 'time' || t === 'date';
