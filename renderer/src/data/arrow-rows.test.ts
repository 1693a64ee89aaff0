import { Bool, DateDay, Float64, Int32, Int64, Table, tableFromArrays, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ArrowRows, isNumericType } from './arrow-rows';

describe('reading Arrow pages as cells', () => {
  it('shows each value as text and SQL NULL as null', () => {
    const bytes = tableToIPC(
      new Table({
        age: vectorFromArray([56, null], new Int32()),
        id: vectorFromArray([9007199254740993n, 2n], new Int64()),
        rate: vectorFromArray([1.1, Number.NaN], new Float64()),
        job: vectorFromArray(['housemaid', null], new Utf8()),
        ok: vectorFromArray([true, false], new Bool()),
        day: vectorFromArray([new Date('2008-05-05T00:00:00Z'), null], new DateDay()),
      }),
    );
    const rows = ArrowRows.fromBytes(bytes);
    expect(rows.rowCount).toBe(2);
    expect([0, 1, 2, 3, 4, 5].map((c) => rows.text(0, c))).toEqual(['56', '9007199254740993', '1.1', 'housemaid', 'true', '2008-05-05']);
    expect([0, 1, 2, 3, 4, 5].map((c) => rows.text(1, c))).toEqual([null, '2', 'NaN', null, 'false', null]);
    expect(rows.text(5, 0)).toBeNull();
  });

  it('reads tables built from plain arrays', () => {
    const rows = ArrowRows.fromBytes(tableToIPC(tableFromArrays({ y: ['no', 'yes'] })));
    expect(rows.text(1, 0)).toBe('yes');
  });

  it('knows numeric DuckDB types', () => {
    expect(['BIGINT', 'DOUBLE', 'DECIMAL(10,2)', 'integer'].every(isNumericType)).toBe(true);
    expect(['VARCHAR', 'DATE', 'INTERVAL', 'TIMESTAMP'].some(isNumericType)).toBe(false);
  });
});
