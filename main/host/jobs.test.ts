import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../shared/services/jobs';
import { killHard, spawnLode } from '../testing/cli';
import { openTestHost } from '../testing/host';
import { tempDir } from '../testing/temp';
import { Host } from './host';
import { inProcessClient } from './in-process';

describe('jobs', () => {
  it('return an id at once, stream progress, and persist their final state across a restart', async () => {
    const { host, dir, root } = await openTestHost();
    const client = inProcessClient(host);
    const updates: JobInfo[] = [];
    client.on('jobs.updated', (job) => updates.push(job));

    const { jobId } = await client.jobs.selfTest({ seconds: 0.3, steps: 6 });
    expect((await client.jobs.get({ id: jobId })).state).toBe('running');
    const done = await host.requireWorkspace().jobs.wait(jobId);
    expect(done).toMatchObject({ state: 'succeeded', progress: 1, result: { steps: 6 } });
    const fractions = updates.filter((u) => u.id === jobId).map((u) => u.progress);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    expect(new Set(fractions).size).toBeGreaterThan(2);
    await host.close();

    const reopened = new Host({ userDir: join(root, 'user') });
    await reopened.open(dir);
    const { jobs } = await inProcessClient(reopened).jobs.list({});
    expect(jobs.map((j) => [j.id, j.state])).toEqual([[jobId, 'succeeded']]);
    await reopened.close();
  });

  it('stop when cancelled and are recorded as cancelled', async () => {
    const { host } = await openTestHost();
    const client = inProcessClient(host);
    const { jobId } = await client.jobs.selfTest({ seconds: 60, steps: 600 });
    await client.jobs.cancel({ id: jobId });
    const started = Date.now();
    const final = await host.requireWorkspace().jobs.wait(jobId);
    expect(final.state).toBe('cancelled');
    expect(final.finishedAt).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
    // Cancelling a finished job is harmless and changes nothing.
    await expect(client.jobs.cancel({ id: jobId })).resolves.toMatchObject({ state: 'cancelled' });
    await host.close();
  });

  it('left running by a killed process are marked failed as interrupted when the workspace opens again', async () => {
    const { host, dir, root } = await openTestHost();
    await host.close();
    const child = spawnLode(['--workspace', dir, 'self-test', '--seconds', '60', '--steps', '600']);
    // The self-test's probe file appears once its job is recorded and running.
    const probeWritten = () => existsSync(join(dir, '.lode-tmp')) && readdirSync(join(dir, '.lode-tmp')).length > 0;
    const deadline = Date.now() + 20_000;
    while (!probeWritten() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await killHard(child);

    const reopened = new Host({ userDir: join(root, 'user') });
    await reopened.open(dir);
    const { jobs } = await inProcessClient(reopened).jobs.list({});
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: 'self-test', state: 'failed', error: { message: expect.stringContaining('interrupted') } });
    await reopened.close();
  });

  it('need an open workspace, and say so', async () => {
    const host = new Host({ userDir: await tempDir() });
    await expect(inProcessClient(host).jobs.list({})).rejects.toMatchObject({ code: 'no_workspace' });
  });

  it('that were being recorded when the workspace began to close are not started, and are kept as cancelled', async () => {
    const { host, dir, root } = await openTestHost();
    const client = inProcessClient(host);
    // selfTest starts its job at once; the close begins while the job's row is being written.
    const call = client.jobs.selfTest({ seconds: 30, steps: 3 });
    const settled = call.then(
      () => 'started',
      (err: unknown) => err,
    );
    expect(await host.close()).toBe(true);
    expect(await settled).toMatchObject({ code: 'cancelled', message: expect.stringContaining('the workspace is closing') as unknown });

    const reopened = new Host({ userDir: join(root, 'user') });
    await reopened.open(dir);
    const { jobs } = await inProcessClient(reopened).jobs.list({});
    expect(jobs.map((j) => [j.kind, j.state])).toEqual([['self-test', 'cancelled']]);
    await reopened.close();
  });
});
