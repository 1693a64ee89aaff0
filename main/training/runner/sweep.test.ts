import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Host } from '../../host/host';
import { inProcessClient } from '../../host/in-process';
import { killHard, spawnLode } from '../../testing/cli';
import { createSnapshot, isAlive, waitFor, workerChild } from '../testing/runs';

let root: string;
let ws: string;
let snapshotId = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lode-sweep-'));
  ws = join(root, 'ws');
  const host = new Host({ userDir: join(root, 'user') });
  await host.open(ws, true);
  // Enough rows that 100,000 rounds take far longer than the test.
  snapshotId = await createSnapshot(
    host,
    inProcessClient(host),
    'synthetic',
    'SELECT hash(i) % 1000 AS a, hash(i * 7) % 97 AS b, (hash(i * 13) % 100) / 10.0 AS c, (hash(i) % 1000 + hash(i * 13) % 100) % 3 = 0 AS y FROM range(20000) t(i)',
  );
  await host.close();
}, 60_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('runs cut short by a killed process', () => {
  it.runIf(process.platform === 'linux')(
    'are published as failed ("interrupted") with their log when the workspace next opens, leaving no temp folder',
    async () => {
      const cli = spawnLode(['train', '--workspace', ws, '--data', snapshotId, '--label', 'y', '--param', 'num_iterations=100000']);
      const worker = await waitFor(() => workerChild(cli.pid!));
      // Wait until the run has trained a little, so its log has something to keep.
      const runs = join(ws, 'runs');
      const temp = await waitFor(async () => (await readdir(runs).catch(() => [])).find((name) => name.startsWith('.tmp-')));
      await waitFor(async () => (await readFile(join(runs, temp, 'log'), 'utf8').catch(() => '')).includes('worker process'));
      await killHard(cli);
      await waitFor(() => !isAlive(worker));
      const runId = temp.slice('.tmp-'.length);
      // A folder created and killed before its run.json is written holds nothing: it is removed.
      await mkdir(join(runs, '.tmp-20261122-000000-000-abcdef'));

      const host = new Host({ userDir: join(root, 'user') });
      await host.open(ws);
      try {
        const client = inProcessClient(host);
        const { runs: listed } = await client.training.listRuns({});
        const run = listed.find((r) => r.id === runId)!;
        expect(run).toMatchObject({ state: 'failed', workerPid: null, folder: join(runs, runId) });
        expect(run.error!.message).toContain('interrupted');
        expect(run.finishedAt).not.toBeNull();
        expect((await readdir(runs)).filter((name) => name.startsWith('.tmp-'))).toEqual([]);
        const log = await readFile(join(runs, runId, 'log'), 'utf8');
        expect(log).toContain(`worker process ${worker} started`);
        expect(log).toContain('run failed: interrupted');
        const stored = JSON.parse(await readFile(join(runs, runId, 'run.json'), 'utf8')) as { state: string };
        expect(stored.state).toBe('failed');
        expect(existsSync(join(runs, runId, 'model.onnx'))).toBe(false);
        // The host trains on as usual.
        const next = await client.training.train({ data: snapshotId, label: 'y', params: { num_iterations: 3 } });
        expect((await host.requireWorkspace().jobs.wait(next.jobId)).error).toBeNull();
      } finally {
        await host.close();
      }
    },
  );
});
