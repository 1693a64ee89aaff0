import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Host } from '../../host/host';
import { inProcessClient } from '../../host/in-process';
import { createSnapshot, trainRun } from '../testing/runs';
import { readRunArtifacts } from './artifacts';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'lode-artifacts-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('run artifacts', () => {
  it('reads curves.json written before it followed the contract (nulls for infinite thresholds and empty bins)', async () => {
    await writeFile(
      join(folder, 'curves.json'),
      JSON.stringify({
        learning: [{ iteration: 1, train: 0.5, valid: 0.6, elapsedMs: 3 }],
        metric: 'logloss',
        roc: { fpr: [0, 0.5, 1], tpr: [0, 0.8, 1], threshold: [null, 0.7, 0.1] },
        calibration: [
          { lower: 0, upper: 0.1, count: 0, meanPredicted: null, fractionPositive: null },
          { lower: 0.1, upper: 0.2, count: 5, meanPredicted: 0.15, fractionPositive: 0.2 },
        ],
      }),
    );
    const { curves, importance } = await readRunArtifacts(folder);
    expect(curves.roc!.threshold).toEqual([Number.MAX_VALUE, 0.7, 0.1]);
    expect(curves.calibration).toEqual([{ lower: 0.1, upper: 0.2, count: 5, meanPredicted: 0.15, fractionPositive: 0.2 }]);
    expect(importance).toBeNull();
  });

  it('says which file is wrong and what to do when curves.json has another shape', async () => {
    await writeFile(join(folder, 'curves.json'), JSON.stringify({ learning: 'none' }));
    await expect(readRunArtifacts(folder)).rejects.toMatchObject({
      code: 'corrupt_config',
      details: { file: join(folder, 'curves.json'), hint: expect.stringContaining('re-run') },
    });
  });

  it('reads a run of a workspace that was moved since it trained from where it is now', async () => {
    const host = new Host({ userDir: join(folder, 'user') });
    const client = inProcessClient(host);
    await host.open(join(folder, 'before'), true);
    const data = await createSnapshot(host, client, 'tiny', 'SELECT i % 7 AS x, (i % 7 > 3)::INTEGER AS y FROM range(400) t(i)');
    const run = await trainRun(host, client, { data, label: 'y', params: { num_iterations: 3 } });
    await host.close();
    await rename(join(folder, 'before'), join(folder, 'after'));
    await host.open(join(folder, 'after'));
    try {
      expect((await client.training.getRun({ runId: run.id })).folder).toBe(join(folder, 'after', 'runs', run.id));
      const { curves } = await client.training.getArtifacts({ runId: run.id });
      expect(curves.roc!.fpr.length).toBeGreaterThan(1);
    } finally {
      await host.close();
    }
  });
});
