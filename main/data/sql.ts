import type { TableRef } from '../../shared/services/data/common';

/** A DuckDB identifier in double quotes, with embedded quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A SQL string literal, with embedded quotes doubled. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `"layer"."name"` for a table reference. */
export function tableSql(ref: TableRef): string {
  return `${quoteIdent(ref.layer)}.${quoteIdent(ref.name)}`;
}

/** `layer.name`, as analysts write and read it. */
export function tableLabel(ref: TableRef): string {
  return `${ref.layer}.${ref.name}`;
}
