import { describe, expect, it } from 'vitest';
import { parseFilterText } from '../data/filter-text';
import { nextSort } from './browse-slice';
import { dataStore } from './data-fixtures';
import { cellFrom, pagesFor, PAGE_ROWS, withPage } from './page-cache';
import { editorPosition, onlyReads } from './sql-slice';
import { settle } from './test-store';

const bank = { table: { layer: 'ods' as const, name: 'bank' } };

describe('browsing a table', () => {
  it('fetches the first page and knows the total', async () => {
    const { store } = await dataStore({ imported: true });
    store.getState().openBrowse(bank);
    await settle();
    const view = store.getState().browse!;
    expect(view.totalRows).toBe(450);
    expect(view.columns?.map((c) => c.type)).toEqual(['BIGINT', 'VARCHAR', 'VARCHAR']);
    expect(cellFrom(view.pages, 0, 1)).toBe('admin.');
    expect(cellFrom(view.pages, 0, 0)).toBe('20');
    expect(cellFrom(view.pages, 300, 0)).toBeUndefined();
  });

  it('fetches only the pages that come into view, once each', async () => {
    const { store } = await dataStore({ imported: true });
    store.getState().openBrowse(bank);
    await settle();
    await Promise.all([store.getState().ensureBrowseRows(190, 230), store.getState().ensureBrowseRows(200, 260)]);
    const view = store.getState().browse!;
    expect([...view.pages.keys()].sort()).toEqual([0, 1]);
    expect(cellFrom(view.pages, 201, 2)).toBe('no');
    expect(pagesFor(390, 600, 450)).toEqual([1, 2]);
  });

  it('pushes sort and filter down and starts again from the first page', async () => {
    const { store } = await dataStore({ imported: true });
    store.getState().openBrowse(bank);
    await settle();
    store.getState().sortBrowse('age');
    store.getState().sortBrowse('age');
    await settle();
    let view = store.getState().browse!;
    expect(view.sort).toEqual([{ column: 'age', descending: true }]);
    expect(cellFrom(view.pages, 0, 0)).toBe('79');
    const parsed = parseFilterText('y', 'VARCHAR', 'yes');
    store.getState().filterBrowse('y', parsed.ok ? parsed.filter : null);
    await settle();
    view = store.getState().browse!;
    expect(view.totalRows).toBe(50);
    expect(cellFrom(view.pages, 0, 2)).toBe('yes');
  });

  it('cycles a sort column ascending, descending, off; shift keeps the others', () => {
    expect(nextSort([], 'a', false)).toEqual([{ column: 'a', descending: false }]);
    expect(nextSort([{ column: 'a', descending: true }], 'a', false)).toEqual([]);
    expect(nextSort([{ column: 'a', descending: false }], 'b', true)).toEqual([
      { column: 'a', descending: false },
      { column: 'b', descending: false },
    ]);
  });

  it('keeps the pages nearest to where the analyst looks', () => {
    let pages = new Map();
    const rows = { text: () => 'x' } as never;
    for (let page = 0; page < 5; page++) pages = withPage(pages, page, rows, 3);
    expect([...pages.keys()]).toEqual([2, 3, 4]);
    expect(PAGE_ROWS).toBe(200);
  });
});

describe('the SQL console', () => {
  it('runs a query and shows its rows, count and time', async () => {
    const { store } = await dataStore({ imported: true });
    await store.getState().runSql('SELECT y, count(*) FROM ods.bank GROUP BY y');
    const { sqlResult, sqlRunning, sqlHistory } = store.getState();
    expect(sqlRunning).toBeNull();
    expect(sqlResult?.rowCount).toBe(2);
    expect(sqlResult?.rows.text(1, 0)).toBe('yes');
    expect(sqlHistory[0]?.sql).toContain('GROUP BY y');
  });

  it('puts an error where the editor holds it, also for a selection', async () => {
    const { store } = await dataStore();
    await store.getState().runSql('SELECT * FORM t', { line: 3, column: 5 });
    expect(store.getState().sqlError).toMatchObject({ message: 'syntax error at or near "FORM"', at: { line: 3, column: 14 } });
    expect(editorPosition({ line: 3, column: 5 }, 2, 4)).toEqual({ line: 4, column: 4 });
  });

  it('cancels a running query with the same query id', async () => {
    const { store } = await dataStore();
    const running = store.getState().runSql('SELECT slow()');
    await settle();
    expect(store.getState().sqlRunning).not.toBeNull();
    await store.getState().cancelSql();
    await running;
    expect(store.getState()).toMatchObject({ sqlRunning: null, sqlError: { code: 'cancelled' } });
  });

  it('refreshes the tables after statements that may change them', async () => {
    expect(onlyReads('-- top\nSELECT 1;')).toBe(true);
    expect(onlyReads('CREATE TABLE ods.t AS SELECT 1')).toBe(false);
    expect(onlyReads('SELECT 1; DROP TABLE ods.t')).toBe(false);
    const { store } = await dataStore();
    const saved = await store.getState().saveQuery({ sql: 'SELECT 1', layer: 'dws', name: 'one', as: 'view', replace: false });
    expect(saved?.kind).toBe('view');
    expect(store.getState().tables.map((t) => t.name)).toEqual(['one']);
  });
});
