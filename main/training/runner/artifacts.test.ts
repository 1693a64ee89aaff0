import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
