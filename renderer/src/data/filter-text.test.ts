import { describe, expect, it } from 'vitest';
import { filterText, parseFilterText } from './filter-text';

describe('the filter row', () => {
  it('reads comparisons on numbers as numbers', () => {
    expect(parseFilterText('age', 'BIGINT', '>= 60')).toEqual({ ok: true, filter: { column: 'age', op: '>=', value: 60 } });
    expect(parseFilterText('age', 'BIGINT', '42')).toEqual({ ok: true, filter: { column: 'age', op: '=', value: 42 } });
    expect(parseFilterText('age', 'DOUBLE', '> abc')).toEqual({ ok: false, problem: 'age holds numbers: "abc" is not a number.' });
  });

  it('reads plain text as contains, ^ as starts with, and null markers', () => {
    expect(parseFilterText('job', 'VARCHAR', 'admin')).toEqual({ ok: true, filter: { column: 'job', op: 'contains', value: 'admin' } });
    expect(parseFilterText('job', 'VARCHAR', '^adm')).toEqual({ ok: true, filter: { column: 'job', op: 'starts_with', value: 'adm' } });
    expect(parseFilterText('job', 'VARCHAR', '="yes"')).toEqual({ ok: true, filter: { column: 'job', op: '=', value: 'yes' } });
    expect(parseFilterText('job', 'VARCHAR', 'NULL')).toEqual({ ok: true, filter: { column: 'job', op: 'is_null' } });
    expect(parseFilterText('job', 'VARCHAR', '!null')).toEqual({ ok: true, filter: { column: 'job', op: 'not_null' } });
    expect(parseFilterText('job', 'VARCHAR', '  ')).toEqual({ ok: true, filter: null });
    expect(parseFilterText('job', 'VARCHAR', '>=')).toEqual({ ok: false, problem: 'Give a value after >=.' });
  });

  it('writes a filter back as the text that reads as it', () => {
    for (const text of ['>=60', '^adm', 'admin', 'null', '!null', '!=3']) {
      const parsed = parseFilterText('c', text === '>=60' || text === '!=3' ? 'INTEGER' : 'VARCHAR', text);
      if (!parsed.ok || !parsed.filter) throw new Error(text);
      expect(filterText(parsed.filter)).toBe(text);
    }
  });
});
