import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../shared/services/training';
import { tempDir } from '../testing/temp';
import { reproduction, type RunSide } from './reproduce';
import type { ParamsFile } from './run-record';

const params: ParamsFile = {
  algo: 'gbdt',
  label: 'y',
  positive: null,
  exclude: [],
  split: { kind: 'stratified', fraction: 0.2 },
  seed: 0,
  params: { num_iterations: 10 },
  lineage: {
    data: { snapshot: 'bank@2026-11-21-1a2b3c4d', contentHash: 'h1' },
    valid: null,
    templateLogicVersion: null,
    template: null,
    code: { version: '0.1.0', commit: 'aaaaaaaaaaaaaaaa' },
  },
};

function run(id: string, metrics: Record<string, number>): RunInfo {
  return {
    id,
    state: 'succeeded',
    jobId: 'j',
    createdAt: '2026-11-21T10:00:00.000Z',
    finishedAt: '2026-11-21T10:00:01.000Z',
    data: params.lineage.data.snapshot,
    valid: null,
    label: 'y',
    algo: 'gbdt',
    split: { kind: 'stratified', fraction: 0.2 },
    params: params.params,
    notices: [],
    metrics,
    error: null,
    folder: '',
    workerPid: null,
    progress: null,
    experiment: null,
    tags: [],
    search: null,
    rerunOf: null,
  };
}

async function side(id: string, metrics: Record<string, number>, predictions: number[] | null, p: ParamsFile = params): Promise<RunSide> {
  const folder = join(await tempDir(), id);
  await mkdir(folder, { recursive: true });
  if (predictions) {
    const bytes = Buffer.alloc(predictions.length * 8);
    predictions.forEach((v, i) => bytes.writeDoubleLE(v, i * 8));
    await writeFile(join(folder, 'predictions.bin'), bytes);
  }
  return { run: run(id, metrics), folder, params: p };
}

describe('re-run identity', () => {
  it('is identical when every metric and every prediction byte matches', async () => {
    const r = await reproduction(await side('a', { auc: 0.9 }, [0.1, 0.7]), await side('b', { auc: 0.9 }, [0.1, 0.7]));
    expect(r).toMatchObject({ identical: true, metricsIdentical: true, predictionsIdentical: true, maxPredictionDiff: 0, reasons: [] });
  });

  it('says how far predictions moved and why, when the code and the snapshot changed', async () => {
    const changed: ParamsFile = {
      ...params,
      lineage: { ...params.lineage, data: { ...params.lineage.data, contentHash: 'h2' }, code: { version: '0.2.0', commit: null } },
    };
    const r = await reproduction(await side('a', { auc: 0.9 }, [0.1, 0.7]), await side('b', { auc: 0.9 + 1e-16 }, [0.1, 0.75], changed));
    expect(r.identical).toBe(false);
    expect(r.metricsIdentical).toBe(false);
    expect(r.predictionsIdentical).toBe(false);
    expect(r.maxPredictionDiff).toBeCloseTo(0.05, 12);
    expect(r.reasons).toEqual(
      expect.arrayContaining([
        "the snapshot's content hash changed from h1 to h2",
        'the code version differs: 0.1.0+aaaaaaaaaaaa made the original, 0.2.0 the re-run',
        `1 of 2 validation predictions differ, by at most ${0.75 - 0.7}`,
      ]),
    );
    expect(r.reasons.some((reason) => reason.startsWith('auc differs'))).toBe(true);
  });

  it('cannot call predictions identical when a run has no predictions.bin', async () => {
    const r = await reproduction(await side('old', { auc: 0.9 }, null), await side('new', { auc: 0.9 }, [0.1]));
    expect(r).toMatchObject({ identical: false, metricsIdentical: true, predictionsIdentical: false, maxPredictionDiff: null });
    expect(r.reasons[0]).toContain('no predictions.bin in run old');
  });
});
