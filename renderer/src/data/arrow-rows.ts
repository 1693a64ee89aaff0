import { DataType, tableFromIPC, util, type Table, type Vector } from 'apache-arrow';

/** Rows of one Arrow IPC stream, read cell by cell as display text (null for SQL NULL). */
export class ArrowRows {
  readonly rowCount: number;
  readonly columnCount: number;
  private readonly vectors: (Vector | null)[];

  constructor(readonly table: Table) {
    this.rowCount = table.numRows;
    this.columnCount = table.numCols;
    this.vectors = Array.from({ length: table.numCols }, (_, i) => table.getChildAt(i));
  }

  static fromBytes(bytes: Uint8Array): ArrowRows {
    return new ArrowRows(tableFromIPC(bytes));
  }

  text(row: number, column: number): string | null {
    const vector = this.vectors[column];
    if (!vector || row < 0 || row >= this.rowCount) return null;
    return cellText(vector.get(row), vector.type as DataType);
  }
}

/** How one Arrow value reads in a cell: exact integers, full-precision doubles, ISO dates. */
export function cellText(value: unknown, type: DataType): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (DataType.isDate(type) || DataType.isTimestamp(type)) return isoDateTime(value, DataType.isDate(type));
    return String(value);
  }
  if (DataType.isDecimal(type)) return decimalText(util.bigNumToString(value as Parameters<typeof util.bigNumToString>[0]), type.scale);
  if (value instanceof Date) return value.toISOString();
  // Lists and structs (a host could send them) read as JSON, as DuckDB's own CLI shows them.
  const json = (value as { toJSON?: () => unknown }).toJSON;
  return JSON.stringify(typeof json === 'function' ? json.call(value) : value);
}

function isoDateTime(ms: number, dateOnly: boolean): string {
  const iso = new Date(ms).toISOString();
  return dateOnly ? iso.slice(0, 10) : iso.replace('T', ' ').replace(/\.000Z$|Z$/, '');
}

function decimalText(digits: string, scale: number): string {
  if (scale <= 0) return digits;
  const negative = digits.startsWith('-');
  const body = (negative ? digits.slice(1) : digits).padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${body.slice(0, -scale)}.${body.slice(-scale)}`;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC)\b/i;

/** Whether a DuckDB type holds numbers, which are right-aligned and filtered with numeric values. */
export function isNumericType(type: string): boolean {
  return NUMERIC.test(type.trim());
}
