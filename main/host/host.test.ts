import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTestHost } from '../testing/host';
import { loadSearch } from '../training/search/store';
import { createSnapshot } from '../training/testing/runs';

describe('Host', () => {
  it('waits for background work on the workspace before closing it', async () => {
    const { host, dir } = await openTestHost();
    const workspace = host.requireWorkspace().workspace;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const file = join(workspace.path, 'late.txt');
    host.background(async () => {
      await gate;
      await workspace.sql.run('CREATE TABLE ods.late AS SELECT 1 AS x');
      await writeFile(file, 'written before close');
    });
    host.background(() => Promise.reject(new Error('a failed task does not stop the close')));
    const closing = host.close();
    let closed = false;
    void closing.then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    release();
    expect(await closing).toBe(true);
    expect(existsSync(file)).toBe(true);
    const reopened = await host.open(dir);
    const rows = await reopened.sql.runAndReadAll('SELECT x FROM ods.late');
    expect(rows.getRows()).toEqual([[1]]);
    await host.close();
  });

  it('lets calls under way finish before it closes the workspace, and refuses new ones', async () => {
    const { host } = await openTestHost();
    const order: string[] = [];
    const page = host.dispatcher
      .call('data', 'browse', { source: { sql: `SELECT i % 1000 AS k, count(*) AS n FROM range(${HEAVY_ROWS}) t(i) GROUP BY k` } }, ctx)
      .then((result) => {
        order.push('browse');
        return result as { totalRows: number };
      });
    // Let the query reach DuckDB before closing.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closing = host.close().then((closed) => {
      order.push('close');
      return closed;
    });
    await expect(host.dispatcher.call('data', 'sqlHistory', {}, ctx)).rejects.toMatchObject({ code: 'no_workspace' });
    expect(await closing).toBe(true);
    expect((await page).totalRows).toBe(1000);
    expect(order).toEqual(['browse', 'close']);
  });

  it.each([
    ['before it runs', null],
    ['while it runs', 50],
  ])('cancels a console query when the workspace closes %s, and keeps it in the history as failed', async (_, delayMs) => {
    const { host, dir } = await openTestHost();
    const sql = `SELECT count(*) AS n FROM range(${HEAVY_ROWS * 20}) t(i) WHERE i % 7 = 3`;
    const query = host.dispatcher.call('data', 'runSql', { sql, queryId: 'q1' }, ctx);
    const settled = query.then(
      () => 'ran to the end',
      (err: unknown) => err,
    );
    if (delayMs !== null) await new Promise((resolve) => setTimeout(resolve, delayMs));
    expect(await host.close()).toBe(true);
    expect(await settled).toMatchObject({ code: 'cancelled' });
    await host.open(dir);
    const history = (await host.dispatcher.call('data', 'sqlHistory', {}, ctx)) as { entries: { sql: string; ok: boolean }[] };
    expect(history.entries).toMatchObject([{ sql, ok: false }]);
    await host.close();
  });

  it('does not start a job for a call that was still preparing it when the workspace began to close', async () => {
    const { host, client, dir } = await openTestHost();
    const data = await createSnapshot(host, client, 'tiny', 'SELECT i % 7 AS a, i % 2 = 0 AS y FROM range(1000) t(i)');
    // The call plans the run (reads the snapshot's manifest) before it starts its job; close now.
    const train = client.training.train({ data, label: 'y' });
    const settled = train.then(
      () => 'started',
      (err: unknown) => err,
    );
    expect(await host.close()).toBe(true);
    expect(await settled).toMatchObject({ code: 'cancelled', message: expect.stringContaining('the workspace is closing') as unknown });
    // Nothing of it is left: no run, no temp folder, no job.
    await host.open(dir);
    expect((await client.training.listRuns({})).runs).toEqual([]);
    expect(await readdir(join(dir, 'runs'))).toEqual([]);
    expect(await client.jobs.list({})).toMatchObject({ jobs: [{ kind: 'snapshot', state: 'succeeded' }] });
    await host.close();
  });

  it('records a search started as the workspace closes as cancelled, not running', async () => {
    const { host, client, dir } = await openTestHost();
    const data = await createSnapshot(host, client, 'tiny', 'SELECT i % 7 AS a, i % 2 = 0 AS y FROM range(1000) t(i)');
    const start = client.search.start({ data, label: 'y', space: 'gbdt: {num_iterations: 3}', strategy: 'random', trials: 2 });
    const settled = start.then(
      () => 'started',
      (err: unknown) => err,
    );
    expect(await host.close()).toBe(true);
    expect(await settled).toMatchObject({ code: 'cancelled' });
    await host.open(dir);
    const { searches } = await client.search.list({});
    expect(searches.map((s) => s.state)).toEqual(['cancelled']);
    // Stored as such, not left 'running' for the next open to read as interrupted.
    const stored = await loadSearch(host.requireWorkspace().workspace.sql, searches[0]!.id);
    expect(stored?.record).toMatchObject({ state: 'cancelled', error: null });
    await host.close();
  });
});

const ctx = { transport: 'in-process' } as const;
/** Enough rows that a query over them is still running 20 ms after it starts. */
const HEAVY_ROWS = 100_000_000;
