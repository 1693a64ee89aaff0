import { tableFromIPC } from 'apache-arrow';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { contract } from '../../shared/contract';
import { createClient } from '../../shared/contract/client';
import { createSocketTransport } from '../../shared/contract/socket-transport';
import { LodeError } from '../../shared/errors';
import { Host } from '../host/host';
import { inProcessClient } from '../host/in-process';
import { startWebServer } from '../host/web-server';
import { runLode } from '../testing/cli';
import { dataset } from '../testing/datasets';
import { tempDir } from '../testing/temp';
import { sqlErrorPosition } from './sql-errors';

const BANK = dataset('uci_bank_marketing/bank-additional-full.csv');
const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

async function bankWorkspace() {
  const root = await tempDir();
  const host = new Host({ userDir: join(root, 'user') });
  hosts.push(host);
  const dir = join(root, 'ws');
  const ws = await host.open(dir, true);
  await ws.sql.run(`CREATE TABLE ods.bank AS SELECT * FROM read_csv('${BANK}', delim = ';', types = {'y': 'VARCHAR'})`);
  return { host, client: inProcessClient(host), sql: ws.sql, dir };
}

async function scalar(sql: Awaited<ReturnType<typeof bankWorkspace>>['sql'], query: string): Promise<unknown> {
  return (await sql.runAndReadAll(query)).getRows()[0]![0];
}

describe('browsing a table', () => {
  it('returns Arrow pages with the total, sorted and filtered in DuckDB', async () => {
    const { client, sql } = await bankWorkspace();
    const first = await client.data.browse({ source: { table: { layer: 'ods', name: 'bank' } }, limit: 200 });
    expect(first.totalRows).toBe(41_188);
    expect(first.rowCount).toBe(200);
    const table = tableFromIPC(first.arrow);
    expect(table.numRows).toBe(200);
    expect(first.columns.find((c) => c.name === 'age')?.type).toBe('BIGINT');
    expect(table.schema.fields.map((f) => f.name)).toEqual(first.columns.map((c) => c.name));

    const deep = await client.data.browse({ source: { table: { layer: 'ods', name: 'bank' } }, offset: 41_100, limit: 200 });
    expect(deep.rowCount).toBe(88);

    const oldest = await client.data.browse({
      source: { table: { layer: 'ods', name: 'bank' } },
      limit: 5,
      sort: [{ column: 'age', descending: true }],
    });
    const ages = tableFromIPC(oldest.arrow).getChild('age')!.toArray() as BigInt64Array;
    expect(ages[0]).toBe(BigInt(Number(await scalar(sql, 'SELECT max(age) FROM ods.bank'))));

    const yes = await client.data.browse({
      source: { table: { layer: 'ods', name: 'bank' } },
      filters: [{ column: 'y', op: '=', value: 'yes' }],
    });
    expect(yes.totalRows).toBe(Number(await scalar(sql, "SELECT count(*) FROM ods.bank WHERE y = 'yes'")));
    const over60 = await client.data.browse({
      source: { table: { layer: 'ods', name: 'bank' } },
      filters: [{ column: 'age', op: '>', value: '60' }],
    });
    expect(over60.totalRows).toBe(Number(await scalar(sql, 'SELECT count(*) FROM ods.bank WHERE age > 60')));
    const nulls = await client.data.browse({
      source: { sql: 'SELECT NULL::INTEGER AS x UNION ALL SELECT 1' },
      filters: [{ column: 'x', op: 'is_null' }],
    });
    expect(nulls.totalRows).toBe(1);
  });

  it('pages a sorted view from a cache that follows changes to the data', async () => {
    const { client, sql } = await bankWorkspace();
    const view = { source: { table: { layer: 'ods' as const, name: 'bank' } }, limit: 3, sort: [{ column: 'age', descending: true }] };
    const topAge = async () =>
      Number(
        (
          tableFromIPC((await client.data.browse(view)).arrow)
            .getChild('age')!
            .toArray() as BigInt64Array
        )[0],
      );
    const max = Number(await scalar(sql, 'SELECT max(age) FROM ods.bank'));
    expect(await topAge()).toBe(max);
    const second = await client.data.browse({ ...view, offset: 3 });
    expect(second.totalRows).toBe(41_188);

    await client.data.runSql({ sql: `UPDATE ods.bank SET age = ${max + 10} WHERE age = (SELECT min(age) FROM ods.bank)`, queryId: 'u' });
    expect(await topAge()).toBe(max + 10);

    // A change made outside the console (an import replacing the table) shows in the catalog.
    await sql.run('CREATE OR REPLACE TABLE ods.bank AS SELECT * FROM ods.bank WHERE age < 40');
    expect(await topAge()).toBe(39);
    expect((await client.data.browse(view)).totalRows).toBe(Number(await scalar(sql, 'SELECT count(*) FROM ods.bank')));
  });

  it('names a missing table or column and suggests one', async () => {
    const { client } = await bankWorkspace();
    await expect(client.data.browse({ source: { table: { layer: 'ods', name: 'nope' } } })).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      client.data.browse({ source: { table: { layer: 'ods', name: 'bank' } }, sort: [{ column: 'AGE', descending: false }] }),
    ).rejects.toMatchObject({
      code: 'bad_input',
      details: { field: 'sort.[0].column', hint: 'Did you mean age?' },
    });
  });

  it('crosses the WebSocket as a binary frame with the Arrow bytes intact', async () => {
    const { host } = await bankWorkspace();
    const server = await startWebServer({ host, rendererDir: null });
    const transport = createSocketTransport(new WebSocket(`ws://127.0.0.1:${server.port}/lode?token=${server.token}`));
    try {
      const client = createClient(contract, transport);
      const page = await client.data.browse({ source: { table: { layer: 'ods', name: 'bank' } }, offset: 1000, limit: 300 });
      const local = await inProcessClient(host).data.browse({
        source: { table: { layer: 'ods', name: 'bank' } },
        offset: 1000,
        limit: 300,
      });
      expect(page.arrow).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(page.arrow).equals(Buffer.from(local.arrow))).toBe(true);
    } finally {
      transport.close();
      await server.close();
    }
  });
});

describe('the SQL console', () => {
  it('runs statements, caps the rows it returns, and keeps a history', async () => {
    const { client } = await bankWorkspace();
    const grouped = await client.data.runSql({ sql: 'SELECT y, count(*) AS n FROM ods.bank GROUP BY y ORDER BY y', queryId: 'q1' });
    const table = tableFromIPC(grouped.arrow);
    expect(table.getChild('y')!.toArray()).toEqual(['no', 'yes']);
    expect(grouped.truncated).toBe(false);

    const capped = await client.data.runSql({ sql: 'SELECT * FROM ods.bank', queryId: 'q2', maxRows: 100 });
    expect(capped).toMatchObject({ rowCount: 100, truncated: true });

    const script = await client.data.runSql({
      sql: 'CREATE TABLE dwd.young AS SELECT * FROM ods.bank WHERE age < 30;\nSELECT count(*) AS n FROM dwd.young',
      queryId: 'q3',
    });
    expect(script.rowCount).toBe(1);

    const { entries } = await client.data.sqlHistory({});
    expect(entries.map((e) => e.ok)).toEqual([true, true, true]);
    expect(entries[0]!.sql).toContain('dwd.young');
  });

  it('reports errors at the line and column DuckDB gives', async () => {
    const { client } = await bankWorkspace();
    const err = (await client.data.runSql({ sql: 'SELECT age\nFROM ods.bnak', queryId: 'e1' }).catch((e: unknown) => e)) as LodeError;
    expect(err).toBeInstanceOf(LodeError);
    expect(err.code).toBe('bad_input');
    expect(err.message).toContain('bnak');
    expect(err.details).toMatchObject({ line: 2, column: 6 });
    const { entries } = await client.data.sqlHistory({ limit: 1 });
    expect(entries[0]).toMatchObject({ ok: false });
  });

  it('stops a running query when cancelled', async () => {
    const { client } = await bankWorkspace();
    const running = client.data.runSql({
      sql: 'SELECT count(*) FROM range(20000000000) a, range(3) b WHERE a.range % 7 = b.range',
      queryId: 'slow',
    });
    let cancelled = false;
    while (!cancelled) {
      await new Promise((r) => setTimeout(r, 50));
      cancelled = (await client.data.cancelSql({ queryId: 'slow' })).cancelled;
    }
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('stops a script cancelled at once, before its first statement runs, and runs none of it', async () => {
    const { client } = await bankWorkspace();
    const running = client.data.runSql({
      sql: 'CREATE TABLE ods.should_not_exist AS SELECT 1 AS x; SELECT count(*) FROM range(20000000000) a',
      queryId: 'script',
    });
    // The call is still connecting: the cancel is not lost, and no statement runs.
    expect(await client.data.cancelSql({ queryId: 'script' })).toEqual({ cancelled: true });
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    const tables = await client.data.runSql({
      sql: "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'should_not_exist'",
      queryId: 'check',
    });
    expect(Number(tableFromIPC(tables.arrow).getChild('n')!.get(0))).toBe(0);
    const { entries } = await client.data.sqlHistory({});
    expect(entries[1]).toMatchObject({ ok: false, error: 'the query was cancelled.' });
  });

  it('is reachable from the command line as CSV and JSON', async () => {
    const { host, dir } = await bankWorkspace();
    await host.close();
    const csv = await runLode(['sql', 'SELECT y, count(*) AS n FROM ods.bank GROUP BY y ORDER BY y', '--csv', '--workspace', dir]);
    expect(csv.stdout.trim().split('\n')).toEqual(['y,n', 'no,36548', 'yes,4640']);
    const json = await runLode(['sql', 'SELECT 1 AS one', '--json', '--workspace', dir]);
    expect(JSON.parse(json.stdout)).toMatchObject({ rows: [{ one: '1' }] });
    const bad = await runLode(['sql', 'SELEC 1', '--workspace', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('syntax error');
  });
});

describe('error positions', () => {
  it('map the caret of a long, elided line back onto the query', () => {
    // Copied from DuckDB 1.5 for this query: it elides both ends of a long line.
    const sql = `SELECT ${Array.from({ length: 40 }, (_, k) => `${k} AS c${k}`).join(', ')} FROM nope_table WHERE 1 = 1 AND 2 = 2 AND 3 = 3 AND 4 = 4 AND 5=5 and 6=6`;
    const message =
      'Catalog Error: Table with name nope_table does not exist!\n\nLINE 1: ..., 35 AS c35, 36 AS c36, 37 AS c37, 38 AS c38, 39 AS c39 FROM nope_table WHERE 1 = 1 AND 2 = 2 AND 3 = 3 AND 4 = 4 AND...\n' +
      ' '.repeat(72) +
      '^';
    expect(sqlErrorPosition(message, sql)).toEqual({ line: 1, column: sql.indexOf('nope_table') + 1 });
  });
});
