import type { ColumnInfo } from '../../../../shared/services/data/common';
import { isNumericType } from '../../data/arrow-rows';

export const ROW_HEIGHT = 24;
/** Two header lines (name, type) and the filter row. */
export const HEADER_HEIGHT = 46;
export const FILTER_HEIGHT = 28;
/** Rows are virtualized in blocks, so 10M rows are 625k virtual items rather than 10M. */
export const BLOCK_ROWS = 16;

export function gutterWidth(rowCount: number): number {
  return Math.max(48, String(rowCount).length * 8 + 20);
}

export const MIN_COLUMN_WIDTH = 48;

/** A width that fits the name and typical values of a column's type. */
export function columnWidth(column: ColumnInfo): number {
  const type = column.type.toUpperCase();
  const fractional = /^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC)/.test(type);
  const byType = fractional ? 150 : isNumericType(type) ? 96 : /^(DATE|TIME)/.test(type) ? 150 : /^BOOL/.test(type) ? 72 : 150;
  const byName = Math.max(column.name.length, type.length * 0.8) * 7.5 + 36;
  return Math.round(Math.min(320, Math.max(byType, byName)));
}
