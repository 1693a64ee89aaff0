import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp';
import { Host } from './host';

describe('Host', () => {
  it('waits for background work on the workspace before closing it', async () => {
    const root = await tempDir();
    const host = new Host({ userDir: join(root, 'user') });
    const workspace = await host.open(join(root, 'ws'), true);
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
    const reopened = await host.open(join(root, 'ws'));
    const rows = await reopened.sql.runAndReadAll('SELECT x FROM ods.late');
    expect(rows.getRows()).toEqual([[1]]);
    await host.close();
  });

  it('lets calls under way finish before it closes the workspace, and refuses new ones', async () => {
    const root = await tempDir();
    const host = new Host({ userDir: join(root, 'user') });
    await host.open(join(root, 'ws'), true);
    const ctx = { transport: 'in-process' } as const;
    const order: string[] = [];
    const query = host.dispatcher
      .call('data', 'runSql', { sql: 'SELECT count(*) AS n FROM range(400000000) t(i) WHERE i % 7 = 3', queryId: 'q1' }, ctx)
      .then((result) => {
        order.push('query');
        return result as { rowCount: number };
      });
    // Let the query reach DuckDB before closing.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closing = host.close().then((closed) => {
      order.push('close');
      return closed;
    });
    await expect(host.dispatcher.call('data', 'sqlHistory', {}, ctx)).rejects.toMatchObject({ code: 'no_workspace' });
    expect(await closing).toBe(true);
    expect((await query).rowCount).toBe(1);
    expect(order).toEqual(['query', 'close']);
  });
});
