import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Host } from '../host/host';
import { inProcessClient } from '../host/in-process';
import { allTables, DATASETS, importOk, openBench, scalar } from './import-testing';

const TITANIC = join(DATASETS, 'titanic', 'train.csv');
const HOUSING = join(DATASETS, 'california_housing', 'housing.csv');

describe('layered tables', () => {
  it('lists tables and views of every layer with rows, columns, size, source file and import time', async () => {
    const bench = await openBench();
    await importOk(bench, { path: TITANIC, table: { layer: 'ods', name: 'titanic' } });
    await importOk(bench, { path: HOUSING, table: { layer: 'dwd', name: 'housing' } });
    await bench.client.data.saveQuery({
      sql: 'SELECT Sex, avg(Survived) AS rate FROM ods.titanic GROUP BY Sex',
      layer: 'ads',
      name: 'survival',
      as: 'view',
    });

    const { tables } = await bench.client.data.listTables({});
    expect(tables.map((t) => `${t.layer}.${t.name}:${t.kind}`)).toEqual(['ads.survival:view', 'dwd.housing:table', 'ods.titanic:table']);
    const titanic = tables.find((t) => t.name === 'titanic')!;
    expect(titanic).toMatchObject({ rows: 891, sourceFile: TITANIC, definition: null });
    expect(titanic.columns[0]).toEqual({ name: 'PassengerId', type: 'BIGINT' });
    // Small tables share storage blocks: the estimate counts only their part of one.
    expect(titanic.bytes).toBeGreaterThan(1000);
    expect(titanic.bytes).toBeLessThan(256 * 1024);
    expect(Date.parse(titanic.importedAt!)).toBeLessThanOrEqual(Date.now());
    const view = tables.find((t) => t.name === 'survival')!;
    expect(view).toMatchObject({ rows: null, bytes: null, sourceFile: null, importedAt: null });
    expect(view.definition).toContain('avg(Survived)');
    expect(view.columns).toEqual([
      { name: 'Sex', type: 'VARCHAR' },
      { name: 'rate', type: 'DOUBLE' },
    ]);

    const dwd = await bench.client.data.listTables({ layer: 'dwd' });
    expect(dwd.tables.map((t) => t.name)).toEqual(['housing']);
    expect(await bench.client.data.describeTable({ layer: 'dwd', name: 'housing' })).toMatchObject({ rows: 20640, kind: 'table' });
    await expect(bench.client.data.describeTable({ layer: 'dwd', name: 'nothing' })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('dwd.nothing'),
    });
    await bench.host.close();
  });

  it('drops a table with its recorded source, and refuses while a view uses it', async () => {
    const bench = await openBench();
    await importOk(bench, { path: TITANIC, table: { layer: 'ods', name: 'titanic' } });
    await bench.client.data.saveQuery({ sql: 'SELECT * FROM ods.titanic WHERE Survived = 1', layer: 'dwd', name: 'survivors', as: 'view' });
    await expect(bench.client.data.dropTable({ layer: 'ods', name: 'titanic' })).rejects.toMatchObject({
      code: 'bad_input',
      message: 'ods.titanic is used by view dwd.survivors; nothing was dropped.',
    });
    expect(await allTables(bench.workspace)).toEqual(['ods.titanic']);

    expect(await bench.client.data.dropTable({ layer: 'dwd', name: 'survivors' })).toEqual({ dropped: true });
    expect(await bench.client.data.dropTable({ layer: 'ods', name: 'titanic' })).toEqual({ dropped: true });
    expect(await bench.client.data.dropTable({ layer: 'ods', name: 'titanic' })).toEqual({ dropped: false });
    expect(await allTables(bench.workspace)).toEqual([]);
    expect(await scalar(bench.workspace, 'SELECT count(*) FROM lode_meta.table_sources')).toBe('0');
    await bench.host.close();
  });

  it('saves a query as a view or a table, and replaces only when asked', async () => {
    const bench = await openBench();
    await importOk(bench, { path: TITANIC, table: { layer: 'ods', name: 'titanic' } });
    const sql = 'SELECT Pclass, count(*) AS n FROM ods.titanic GROUP BY Pclass ORDER BY Pclass;';
    const table = await bench.client.data.saveQuery({ sql, layer: 'dws', name: 'by_class', as: 'table' });
    expect(table).toMatchObject({ layer: 'dws', name: 'by_class', kind: 'table', rows: 3, definition: sql.slice(0, -1) });
    await expect(bench.client.data.saveQuery({ sql, layer: 'dws', name: 'by_class', as: 'view' })).rejects.toMatchObject({
      code: 'already_exists',
      details: { hint: expect.stringContaining('--replace') },
    });
    const view = await bench.client.data.saveQuery({
      sql: 'SELECT 1 AS one -- a note',
      layer: 'dws',
      name: 'by_class',
      as: 'view',
      replace: true,
    });
    expect(view).toMatchObject({ kind: 'view', columns: [{ name: 'one', type: 'INTEGER' }] });
    expect(await allTables(bench.workspace)).toEqual(['ods.titanic']);
    await bench.host.close();
  });

  it("explains bad SQL with DuckDB's message and position, and refuses non-queries and bad names", async () => {
    const bench = await openBench();
    const save = (sql: string, name = 'q') => bench.client.data.saveQuery({ sql, layer: 'dwd', name, as: 'view' });
    await expect(save('SELECT nope FROM range(3)')).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('Referenced column "nope" not found'),
      details: { field: 'sql', line: 1, column: 8 },
    });
    await expect(save('SELEC 1')).rejects.toMatchObject({ code: 'bad_input', message: expect.stringContaining('syntax error') });
    await expect(save('SELECT 1; SELECT 2')).rejects.toMatchObject({ message: expect.stringContaining('2 statements') });
    await expect(save('CREATE TABLE ods.x (a INT)')).rejects.toMatchObject({ message: expect.stringContaining('only a query') });
    await expect(save('SELECT 1', 'My View')).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('use lowercase letters, digits and underscores'),
    });
    expect(await allTables(bench.workspace)).toEqual([]);
    await bench.host.close();
  });

  it('removes temp tables a crashed import left behind when the workspace is next used', async () => {
    const bench = await openBench();
    await importOk(bench, { path: TITANIC, table: { layer: 'ods', name: 'titanic' } });
    await bench.workspace.sql.run('CREATE TABLE ods.__lode_tmp_0123456789ab AS SELECT 1 AS a');
    expect((await bench.client.data.listTables({})).tables.map((t) => t.name)).toEqual(['titanic']);
    await bench.host.close();

    const host = new Host({ userDir: join(bench.root, 'user') });
    const workspace = await host.open(bench.dir);
    const { tables } = await inProcessClient(host).data.listTables({});
    expect(tables.map((t) => t.name)).toEqual(['titanic']);
    expect(await allTables(workspace)).toEqual(['ods.titanic']);
    await host.close();
  });
});
