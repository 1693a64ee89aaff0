import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LodeClient } from '../../../shared/contract';
import type { TrainingProgress } from '../../../shared/services/training';
import { quoteLiteral } from '../../data/sql';
import { Host } from '../../host/host';
import { inProcessClient } from '../../host/in-process';
import { runLode } from '../../testing/cli';
import { dataset } from '../../testing/datasets';
import { adultCsv, createSnapshot, readCheckedArtifacts, trainRun } from '../testing/runs';

let root: string;
let host: Host;
let client: LodeClient;
let adult = '';
let adultTest = '';
let california = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lode-algos-'));
  host = new Host({ userDir: join(root, 'user') });
  await host.open(join(root, 'ws'), true);
  client = inProcessClient(host);
  adult = await createSnapshot(host, client, 'adult', `SELECT * FROM ${adultCsv('adult.data')}`);
  adultTest = await createSnapshot(host, client, 'adult_test', `SELECT * FROM ${adultCsv('adult.test', 1)}`);
  california = await createSnapshot(
    host,
    client,
    'california',
    `SELECT * FROM read_csv(${quoteLiteral(dataset('california_housing/housing.csv'))}, header = true)`,
  );
}, 120_000);

afterAll(async () => {
  await host?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

function collectProgress(): { points: TrainingProgress[]; stop: () => void } {
  const points: TrainingProgress[] = [];
  const stop = host.events.subscribe((m) => {
    if (m.service === 'training' && m.event === 'progress') points.push(m.payload as TrainingProgress);
  });
  return { points, stop };
}

describe('linear models in the runner', () => {
  it('trains logistic regression on adult: L-BFGS iterations as the learning curve, coefficients and permutation importance, ONNX checked', async () => {
    const progress = collectProgress();
    const run = await trainRun(host, client, { data: adult, label: 'income', algo: 'linear', params: { C: 0.5 } });
    progress.stop();
    expect(run).toMatchObject({ algo: 'linear', params: { penalty: 'l2', C: 0.5, max_iter: 1000 } });
    expect(run.metrics!.auc).toBeGreaterThan(0.89);
    expect((await readdir(run.folder)).sort()).toEqual(
      ['curves.json', 'importance.json', 'log', 'metrics.json', 'model.onnx', 'params.json', 'predictions.bin', 'run.json'].sort(),
    );
    const metrics = JSON.parse(await readFile(join(run.folder, 'metrics.json'), 'utf8')) as {
      onnxCheck: { agrees: boolean };
      training: { iterations: number; converged: boolean };
    };
    expect(metrics.onnxCheck.agrees).toBe(true);
    expect(metrics.training.converged).toBe(true);

    const { curves, importance } = await readCheckedArtifacts(run.folder);
    expect(curves.metric).toBe('logloss');
    expect(curves.learning).toHaveLength(metrics.training.iterations);
    // Logloss on the training rows falls as L-BFGS converges; the validation loss is reported alongside.
    expect(curves.learning.at(-1)!.train).toBeLessThan(curves.learning[0]!.train);
    expect(curves.learning.at(-1)!.valid).toBeCloseTo(run.metrics!.logloss!, 6);
    expect(curves.roc && curves.pr && curves.ks && curves.lift && curves.calibration).toBeTruthy();
    expect(importance.kind).toBe('linear');
    expect(importance.features.every((f) => typeof f.coefficient === 'number')).toBe(true);
    expect(importance.features.some((f) => f.feature.startsWith('relationship='))).toBe(true);
    expect(importance.permutation!.features).toHaveLength(14);
    // L-BFGS converged long before max_iter: the progress still ends at 100%.
    expect(metrics.training.iterations).toBeLessThan(1000);
    expect(progress.points.at(-1)).toMatchObject({
      runId: run.id,
      metric: 'logloss',
      iteration: metrics.training.iterations,
      total: metrics.training.iterations,
    });
  });

  it('fits linear regression with an L1 penalty (lasso) on california housing', async () => {
    const run = await trainRun(host, client, {
      data: california,
      label: 'median_house_value',
      algo: 'linear',
      params: { penalty: 'l1', alpha: 100 },
      split: { kind: 'random', fraction: 0.2 },
    });
    expect(Object.keys(run.metrics!).sort()).toEqual(['mae', 'mape', 'r2', 'rmse']);
    expect(run.metrics!.r2).toBeGreaterThan(0.6);
    const { curves, importance } = await readCheckedArtifacts(run.folder);
    expect(curves.metric).toBe('mse');
    expect(curves.roc).toBeUndefined();
    expect(importance.permutation!.metric).toBe('negative rmse');
    expect(importance.features.find((f) => f.feature === 'median_income')!.coefficient).toBeGreaterThan(0);
  });

  it('cross-validates logistic regression with k folds and refits on every row', async () => {
    const run = await trainRun(host, client, { data: adult, label: 'income', algo: 'linear', split: { kind: 'kfold', folds: 3 } });
    expect(run.metrics!.auc).toBeGreaterThan(0.89);
    expect(run.metrics!.auc_std).toBeGreaterThan(0);
    const metrics = JSON.parse(await readFile(join(run.folder, 'metrics.json'), 'utf8')) as {
      onnxCheck: { agrees: boolean; rows: number };
    };
    expect(metrics.onnxCheck).toMatchObject({ agrees: true, rows: 32_561 });
    await readCheckedArtifacts(run.folder);
  });
});

describe('multilayer perceptrons in the runner', () => {
  it('trains an MLP on adult validated on adult.test: epochs as the learning curve, permutation importance only', async () => {
    const progress = collectProgress();
    const run = await trainRun(host, client, {
      data: adult,
      label: 'income',
      algo: 'mlp',
      params: { hidden_layers: '16,8', max_epochs: 6 },
      split: { kind: 'snapshot', valid: adultTest },
      seed: 3,
    });
    progress.stop();
    expect(run.params).toMatchObject({ hidden_layers: '16,8', max_epochs: 6, seed: 3, batch_size: 256 });
    expect(run.metrics!.auc).toBeGreaterThan(0.88);
    const { curves, importance } = await readCheckedArtifacts(run.folder);
    expect(curves.metric).toBe('logloss');
    expect(curves.learning.map((p) => p.iteration)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(curves.learning.every((p) => p.valid !== null)).toBe(true);
    expect(importance).toMatchObject({ kind: 'mlp', features: [] });
    expect(importance.permutation!.features.length).toBe(14);
    const metrics = JSON.parse(await readFile(join(run.folder, 'metrics.json'), 'utf8')) as {
      onnxCheck: { agrees: boolean; rows: number };
    };
    expect(metrics.onnxCheck).toMatchObject({ agrees: true, rows: 16_281 });
    expect(progress.points.at(-1)).toMatchObject({ iteration: 6, total: 6, metric: 'logloss' });
  });

  it('cross-validates an MLP regression with k folds', async () => {
    const run = await trainRun(host, client, {
      data: california,
      label: 'median_house_value',
      algo: 'mlp',
      params: { hidden_layers: 16, max_epochs: 8, learning_rate: 0.01 },
      split: { kind: 'kfold', folds: 2 },
    });
    expect(run.metrics!.r2).toBeGreaterThan(0.5);
    expect(run.metrics!.rmse_std).toBeGreaterThanOrEqual(0);
    const { curves } = await readCheckedArtifacts(run.folder);
    expect(curves.metric).toBe('mse');
    expect(curves.learning).toHaveLength(8);
  });
});

describe('progress', () => {
  /** Trains and returns the run's progress events, checked to move forward only. */
  async function progressOf(input: Parameters<typeof trainRun>[2]): Promise<{ points: TrainingProgress[]; folder: string }> {
    const progress = collectProgress();
    const run = await trainRun(host, client, input);
    progress.stop();
    const points = progress.points.filter((p) => p.runId === run.id);
    expect(points.length).toBeGreaterThan(0);
    const fractions = points.map((p) => p.iteration / p.total);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    return { points, folder: run.folder };
  }

  it('ends at 100% when early stopping ends GBDT and MLP training before the planned iterations', async () => {
    const gbdt = await progressOf({
      data: adult,
      label: 'income',
      params: { num_iterations: 300, learning_rate: 0.5, early_stopping_rounds: 3 },
    });
    const gbdtMetrics = JSON.parse(await readFile(join(gbdt.folder, 'metrics.json'), 'utf8')) as { training: { stoppedEarly: boolean } };
    expect(gbdtMetrics.training.stoppedEarly).toBe(true);
    const gbdtLast = gbdt.points.at(-1)!;
    expect(gbdtLast.total).toBeLessThan(300);
    expect(gbdtLast.iteration).toBe(gbdtLast.total);
    expect(gbdtLast.etaMs).toBe(0);

    const mlp = await progressOf({
      data: adult,
      label: 'income',
      algo: 'mlp',
      params: { hidden_layers: '8', max_epochs: 100, learning_rate: 0.01, early_stopping_rounds: 2 },
    });
    const mlpCurves = (await readCheckedArtifacts(mlp.folder)).curves;
    expect(mlpCurves.learning.length).toBeLessThan(100);
    expect(mlp.points.at(-1)).toMatchObject({ iteration: mlpCurves.learning.length, total: mlpCurves.learning.length });
  });

  it('ends at 100% when every fold and the refit of a k-fold run converge early', async () => {
    const { points, folder } = await progressOf({ data: adult, label: 'income', algo: 'linear', split: { kind: 'kfold', folds: 3 } });
    const curves = JSON.parse(await readFile(join(folder, 'curves.json'), 'utf8')) as { learning: unknown[]; folds: unknown[][] };
    // Three folds and the refit, each as many iterations as it ran.
    const ran = curves.folds.reduce((sum, fold) => sum + fold.length, 0) + curves.learning.length;
    expect(points.at(-1)).toMatchObject({ iteration: ran, total: ran });
  });
});

describe('repeatability', () => {
  it('the same request twice gives byte-identical predictions.bin and metrics, for each algorithm', async () => {
    const requests = [
      { algo: 'gbdt', params: { num_iterations: 5 } },
      { algo: 'linear', params: {} },
      { algo: 'mlp', params: { hidden_layers: '8', max_epochs: 2 } },
    ] as const;
    for (const request of requests) {
      const input = { data: adult, label: 'income', algo: request.algo, params: { ...request.params }, seed: 11 };
      const a = await trainRun(host, client, input);
      const b = await trainRun(host, client, input);
      expect(b.metrics).toEqual(a.metrics);
      const bytes = async (folder: string) => readFile(join(folder, 'predictions.bin'));
      expect((await bytes(b.folder)).equals(await bytes(a.folder))).toBe(true);
      expect((await bytes(a.folder)).byteLength).toBe(8 * Math.round(32_561 * 0.2));
    }
  });
});

describe('parameters per algorithm', () => {
  it('refuses absurd or foreign parameters before any work starts', async () => {
    const before = (await client.training.listRuns({})).runs.length;
    const train = (algo: 'linear' | 'mlp', params: Record<string, number | string>) =>
      client.training.train({ data: adult, label: 'income', algo, params });
    await expect(train('linear', { C: -1 })).rejects.toMatchObject({ code: 'bad_input', details: { field: 'C' } });
    await expect(train('linear', { num_leaves: 31 })).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('not a linear model parameter'),
    });
    await expect(train('mlp', { hidden_layers: '64,0' })).rejects.toMatchObject({ code: 'bad_input', details: { field: 'hidden_layers' } });
    await expect(train('mlp', { dropout: 1 })).rejects.toMatchObject({ code: 'bad_input', details: { field: 'dropout' } });
    expect((await client.training.listRuns({})).runs).toHaveLength(before);
  });

  it('lode train --algo mlp --param hidden_layers=8,4 trains from the command line', async () => {
    await host.close();
    try {
      const ws = join(root, 'ws');
      const args = ['train', '--workspace', ws, '--data', adult, '--label', 'income', '--algo', 'mlp'];
      const ok = await runLode([...args, '--param', 'hidden_layers=8,4', '--param', 'max_epochs=2', '--json']);
      expect(ok.stderr).toBe('');
      const run = JSON.parse(ok.stdout) as { algo: string; state: string; params: Record<string, unknown> };
      expect(run).toMatchObject({ algo: 'mlp', state: 'succeeded', params: { hidden_layers: '8,4', max_epochs: 2 } });
      const bad = await runLode([...args, '--param', 'num_leaves=31']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("'num_leaves' is not an MLP parameter");
    } finally {
      await host.open(join(root, 'ws'));
    }
  });

  it('lode train params --algo lists each algorithm with defaults and help', async () => {
    const linear = await runLode(['train', 'params', '--algo', 'linear', '--json']);
    expect(JSON.parse(linear.stdout)).toMatchObject({
      algo: 'linear',
      params: expect.arrayContaining([{ name: 'C', default: 1, help: expect.any(String) }]),
    });
    const mlp = await runLode(['train', 'params', '--algo', 'mlp']);
    expect(mlp.stdout).toContain('hidden_layers');
    expect(mlp.stdout).toContain('(default 64)');
    const bad = await runLode(['train', 'params', '--algo', 'forest']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--algo 'forest' is not one of gbdt, linear, mlp");
  });
});
