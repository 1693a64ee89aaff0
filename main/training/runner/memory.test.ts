import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LodeClient } from '../../../shared/contract';
import { Host } from '../../host/host';
import { inProcessClient } from '../../host/in-process';
import { MEMORY_SETTING, workerMemoryLimitMb } from './memory';
import { createSnapshot } from '../testing/runs';

let root: string;
let host: Host;
let client: LodeClient;
let big = '';
let small = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lode-memory-'));
  host = new Host({ userDir: join(root, 'user') });
  await host.open(join(root, 'ws'), true);
  client = inProcessClient(host);
  // 5M rows x 6 numbers: about 280 MB of float64 columns in the worker, well above the limit below; a
  // worker needs about 150 MB before it holds any data (DuckDB, onnxruntime), which the small run fits in.
  big = await createSnapshot(
    host,
    client,
    'big',
    'SELECT hash(i) % 1000 AS a, hash(i * 3) % 997 AS b, hash(i * 5) % 991 AS c, hash(i * 7) % 983 AS d, hash(i * 11) % 977 AS e, hash(i) % 2 = 0 AS y FROM range(5000000) t(i)',
  );
  small = await createSnapshot(host, client, 'small', 'SELECT i % 7 AS a, i % 11 AS b, i % 2 = 0 AS y FROM range(2000) t(i)');
}, 120_000);

afterEach(() => {
  delete process.env[MEMORY_SETTING];
});

afterAll(async () => {
  await host?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('worker memory limit', () => {
  it('reads LODE_WORKER_MEMORY_MB and refuses a value that is not a size', () => {
    expect(workerMemoryLimitMb({})).toBeNull();
    expect(workerMemoryLimitMb({ [MEMORY_SETTING]: '4096' })).toBe(4096);
    expect(() => workerMemoryLimitMb({ [MEMORY_SETTING]: '4GB' })).toThrow(/LODE_WORKER_MEMORY_MB=4GB is not a whole number of megabytes/);
    expect(() => workerMemoryLimitMb({ [MEMORY_SETTING]: '1' })).toThrow(/from 16/);
  });

  it('fails a run whose worker outgrows the limit, saying it ran out of memory, and the host carries on', async () => {
    process.env[MEMORY_SETTING] = '256';
    const { jobId, runId } = await client.training.train({ data: big, label: 'y', params: { num_iterations: 5 } });
    const job = await host.requireWorkspace().jobs.wait(jobId);
    expect(job.state).toBe('failed');
    const run = await client.training.getRun({ runId });
    expect(run.state).toBe('failed');
    expect(run.error!.message).toMatch(/^The training worker ran out of memory \(limit 256 MB, LODE_WORKER_MEMORY_MB\)/);
    expect(run.error!.hint).toContain('Raise LODE_WORKER_MEMORY_MB');
    expect(await readFile(join(run.folder, 'log'), 'utf8')).toContain('ran out of memory');

    // A small run fits in the same limit: the data, not the worker itself, outgrew it.
    const next = await client.training.train({ data: small, label: 'y', params: { num_iterations: 3 } });
    expect((await host.requireWorkspace().jobs.wait(next.jobId)).error).toBeNull();
  });

  it('refuses a bad setting before any work starts', async () => {
    process.env[MEMORY_SETTING] = 'lots';
    const before = (await client.training.listRuns({})).runs.length;
    await expect(client.training.train({ data: small, label: 'y' })).rejects.toMatchObject({
      code: 'bad_input',
      details: { field: MEMORY_SETTING },
    });
    expect((await client.training.listRuns({})).runs).toHaveLength(before);
  });
});
