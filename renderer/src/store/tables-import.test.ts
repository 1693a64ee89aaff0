import { describe, expect, it } from 'vitest';
import { bankColumns, bankPreview, dataStore } from './data-fixtures';
import { readOptionsOf } from './import-draft';
import { visibleTables } from './tables-slice';
import { settle } from './test-store';

describe('the table list', () => {
  it('loads when the workspace opens and lists tables by layer', async () => {
    const { store } = await dataStore({
      imported: true,
      setup: (host) => host.data.addTable({ layer: 'dwd', name: 'accounts' }, bankColumns, []),
    });
    const { tables } = store.getState();
    expect(visibleTables(tables, 'all', '').map((t) => `${t.layer}.${t.name}`)).toEqual(['ods.bank', 'dwd.accounts']);
    expect(visibleTables(tables, 'dwd', '').map((t) => t.name)).toEqual(['accounts']);
    expect(visibleTables(tables, 'all', 'ban').map((t) => t.name)).toEqual(['bank']);
  });

  it('forgets the selection when the table is dropped', async () => {
    const { store } = await dataStore({ imported: true });
    store.getState().selectTable('ods.bank');
    expect(await store.getState().dropTable({ layer: 'ods', name: 'bank' })).toBe(true);
    expect(store.getState().selectedTable).toBeNull();
    expect(store.getState().tables).toEqual([]);
  });
});

describe('the import dialog', () => {
  it('names the table after the file and sends only the options the analyst set', async () => {
    const { store } = await dataStore();
    store.getState().openImport();
    store.getState().updateImportDraft({ path: bankPreview.path });
    expect(store.getState().importDraft.name).toBe('bank_additional_full');
    store.getState().updateImportDraft({ delimiter: '\\t', nullStrings: '?, "", NA, " ?"', header: 'yes' });
    expect(readOptionsOf(store.getState().importDraft)).toEqual({ delimiter: '\t', header: true, nullStrings: ['?', '', 'NA', ' ?'] });
  });

  it('previews the file with the overrides, and forced types reset when the shape changes', async () => {
    const { store, host } = await dataStore();
    store.getState().openImport();
    store.getState().updateImportDraft({ path: bankPreview.path });
    store.getState().setImportType('age', 'VARCHAR');
    await store.getState().previewImport();
    const preview = store.getState().importPreview;
    expect(preview?.detected?.delimiter).toBe(';');
    expect(preview?.columns.find((c) => c.name === 'age')?.type).toBe('VARCHAR');
    expect(host.data.calls.at(-1)?.input).toMatchObject({ options: { types: { age: 'VARCHAR' } }, rows: 20 });
    store.getState().updateImportDraft({ delimiter: ',' });
    expect(store.getState().importDraft.types).toEqual({});
  });

  it('keeps only the latest preview when answers arrive out of order', async () => {
    const { store } = await dataStore();
    store.getState().updateImportDraft({ path: bankPreview.path });
    const first = store.getState().previewImport();
    store.getState().updateImportDraft({ path: '/data/missing.csv' });
    const second = store.getState().previewImport();
    await Promise.all([first, second]);
    expect(store.getState().importPreview).toBeNull();
    expect(store.getState().importPreviewError?.message).toBe('/data/missing.csv does not exist.');
  });

  it('refuses a name that breaks the naming rule before calling the host', async () => {
    const { store, host } = await dataStore();
    store.getState().updateImportDraft({ path: bankPreview.path, name: 'Bank-2' });
    await store.getState().startImport();
    expect(store.getState().importError).toMatchObject({ field: 'name', message: expect.stringContaining('lowercase') });
    expect(host.data.calls.some((c) => c.method === 'importFile')).toBe(false);
  });

  it('imports as a job, then lists and selects the new table', async () => {
    const { store } = await dataStore();
    store.getState().openImport();
    store.getState().updateImportDraft({ path: bankPreview.path, name: 'bank' });
    await store.getState().startImport();
    const state = store.getState();
    expect(state.importOpen).toBe(false);
    expect(state.importNotice?.result.table.name).toBe('bank');
    expect(state.selectedTable).toBe('ods.bank');
    expect(state.tables.map((t) => t.rows)).toEqual([450]);
    expect(state.jobs[0]).toMatchObject({ kind: 'import', state: 'succeeded' });
  });

  it('asks before replacing an existing table, then sends replace', async () => {
    const { store, host } = await dataStore({ imported: true });
    store.getState().openImport();
    store.getState().updateImportDraft({ path: bankPreview.path, name: 'bank' });
    await store.getState().startImport();
    expect(store.getState().importConfirmReplace).toBe(true);
    expect(host.data.calls.some((c) => c.method === 'importFile')).toBe(false);
    store.getState().openBrowse({ table: { layer: 'ods', name: 'bank' } });
    await settle();
    const before = store.getState().browse?.key;
    await store.getState().startImport(true);
    expect(host.data.calls.find((c) => c.method === 'importFile')?.input).toMatchObject({ replace: true });
    expect(store.getState().importNotice).not.toBeNull();
    // The grid's cached pages were of the old table.
    expect(store.getState().browse?.key).not.toBe(before);
  });

  it('reports a cancelled import and keeps the dialog open', async () => {
    const { store, host } = await dataStore({ setup: (h) => (h.autoFinishJobs = false) });
    store.getState().openImport();
    store.getState().updateImportDraft({ path: bankPreview.path, name: 'bank' });
    const importing = store.getState().startImport();
    await settle();
    const jobId = store.getState().importJobId;
    expect(jobId).not.toBeNull();
    await store.getState().cancelJob(jobId!);
    await importing;
    expect(store.getState()).toMatchObject({ importOpen: true, importJobId: null, importError: { code: 'cancelled' } });
    expect(host.data.tables.size).toBe(0);
  });
});
