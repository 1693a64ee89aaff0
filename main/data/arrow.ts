import { DuckDBTypeId, type DuckDBResultReader } from '@duckdb/node-api';
import {
  Bool,
  type DataType,
  Field,
  Float64,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import type { ColumnInfo } from '../../shared/services/data/common';

/** How a DuckDB column travels in Arrow: exact for integers and doubles, text for everything else. */
function arrowTypeFor(typeId: DuckDBTypeId): DataType {
  switch (typeId) {
    case DuckDBTypeId.BOOLEAN:
      return new Bool();
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return new Int32();
    case DuckDBTypeId.BIGINT:
      return new Int64();
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return new Float64();
    default:
      return new Utf8();
  }
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export interface ArrowPage {
  columns: ColumnInfo[];
  arrow: Uint8Array;
  rowCount: number;
}

/**
 * Converts the rows a reader has read (column by column, never row objects) into one Arrow IPC
 * stream. Column names may repeat (`SELECT a, a`), so the schema is built field by field.
 */
export function readerToArrow(reader: DuckDBResultReader, maxRows = reader.currentRowCount): ArrowPage {
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const rowCount = Math.min(maxRows, reader.currentRowCount);
  const fields: Field[] = [];
  let js: unknown[][] | undefined;
  let json: unknown[][] | undefined;
  const jsColumn = (i: number) => (js ??= reader.getColumnsJS())[i]!;
  const jsonColumn = (i: number) => (json ??= reader.getColumnsJson())[i]!;
  const children = names.map((name, i) => {
    const duckType = types[i]!;
    const arrowType = arrowTypeFor(duckType.typeId);
    fields.push(new Field(name, arrowType, true));
    let values: unknown[];
    if (arrowType instanceof Utf8) {
      values = jsonColumn(i).slice(0, rowCount).map(asText);
    } else if (arrowType instanceof Float64) {
      values = (jsColumn(i) as (number | bigint | null)[]).slice(0, rowCount).map((v) => (v === null ? null : Number(v)));
    } else {
      values = jsColumn(i).slice(0, rowCount);
    }
    return vectorFromArray(values, arrowType).data[0]!;
  });
  const schema = new Schema(fields);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: rowCount, nullCount: 0, children }));
  const arrow = RecordBatchStreamWriter.writeAll([batch]).toUint8Array(true);
  return { columns: names.map((name, i) => ({ name, type: types[i]!.toString() })), arrow, rowCount };
}
