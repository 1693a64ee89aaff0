import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LodeClient } from '../../../shared/contract';
import type { TrainingProgress } from '../../../shared/services/training';
import { quoteLiteral } from '../../data/sql';
import { Host } from '../../host/host';
import { inProcessClient } from '../../host/in-process';
import { killHard, runLode, spawnLode } from '../../testing/cli';
import { dataset } from '../../testing/datasets';
import { adultCsv, createSnapshot, isAlive, readCheckedArtifacts, readPredictions, waitFor, workerChild } from '../testing/runs';

let root: string;
let host: Host;
let client: LodeClient;
const ids: Record<'adult' | 'adultTest' | 'oneClass' | 'empty' | 'bike', string> = {
  adult: '',
  adultTest: '',
  oneClass: '',
  empty: '',
  bike: '',
};

const snapshot = (name: string, sql: string) => createSnapshot(host, client, name, sql);

/** Starts a long run and resolves with its ids once the worker reports its first iteration. */
async function startLongRun(): Promise<{ jobId: string; runId: string; pid: number }> {
  let first: (p: TrainingProgress) => void = () => {};
  const progressed = new Promise<TrainingProgress>((resolve) => (first = resolve));
  const stop = host.events.subscribe((m) => {
    if (m.service === 'training' && m.event === 'progress') first(m.payload as TrainingProgress);
  });
  try {
    const started = await client.training.train({
      data: ids.adult,
      label: 'income',
      params: { num_iterations: 100_000, learning_rate: 0.001 },
    });
    await progressed;
    const run = await client.training.getRun({ runId: started.runId });
    expect(run.state).toBe('running');
    return { ...started, pid: run.workerPid! };
  } finally {
    stop();
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lode-train-'));
  host = new Host({ userDir: join(root, 'user') });
  const workspace = await host.open(join(root, 'ws'), true);
  client = inProcessClient(host);
  await workspace.sql.run(`CREATE TABLE ods.adult AS SELECT * FROM ${adultCsv('adult.data')}`);
  // The test file's first line is a comment; its labels end with a period (`>50K.`).
  await workspace.sql.run(`CREATE TABLE ods.adult_test AS SELECT * FROM ${adultCsv('adult.test', 1)}`);
  // An identifier, a constant and an all-null column, which training must leave out.
  ids.adult = await snapshot(
    'adult',
    'SELECT row_number() OVER () AS person_id, *, \'x\' AS constant_text, NULL::DOUBLE AS nothing FROM "ods"."adult"',
  );
  ids.adultTest = await snapshot('adult_test', 'SELECT * FROM "ods"."adult_test"');
  ids.oneClass = await snapshot('rich', 'SELECT * FROM "ods"."adult" WHERE income = \'>50K\'');
  ids.empty = await snapshot('nobody', 'SELECT * FROM "ods"."adult" WHERE age < 0');
  ids.bike = await snapshot('bike', `SELECT * FROM read_csv(${quoteLiteral(dataset('bike_sharing_uci/hour.csv'))})`);
}, 120_000);

afterAll(async () => {
  await host?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('training runs', () => {
  it('trains gbdt on adult in a worker: run folder, metrics, curves, importance, ONNX checked, progress streamed', async () => {
    const progress: TrainingProgress[] = [];
    const stop = host.events.subscribe((m) => {
      if (m.service === 'training' && m.event === 'progress') progress.push(m.payload as TrainingProgress);
    });
    const { jobId, runId } = await client.training.train({
      data: ids.adult,
      label: 'income',
      params: { num_iterations: 40 },
      split: { kind: 'stratified', fraction: 0.25 },
      seed: 7,
    });
    const job = await host.requireWorkspace().jobs.wait(jobId);
    stop();
    expect(job.error).toBeNull();
    expect(job.state).toBe('succeeded');

    const run = await client.training.getRun({ runId });
    expect(run.state).toBe('succeeded');
    expect(run.folder).toBe(join(root, 'ws', 'runs', runId));
    expect(run.metrics!.auc).toBeGreaterThan(0.85);
    expect(run.metrics!.logloss).toBeLessThan(0.45);
    expect(run.params.num_iterations).toBe(40);
    expect(run.params.seed).toBe(7);
    expect(run.params.objective).toBe('binary');
    const notices = run.notices.map((n) => n.column);
    expect(notices).toEqual(expect.arrayContaining(['person_id', 'constant_text', 'nothing']));

    expect((await readdir(run.folder)).sort()).toEqual(
      ['curves.json', 'importance.json', 'log', 'metrics.json', 'model.onnx', 'params.json', 'predictions.bin', 'run.json'].sort(),
    );
    const read = async (name: string) => JSON.parse(await readFile(join(run.folder, name), 'utf8')) as Record<string, unknown>;
    const metrics = (await read('metrics.json')) as {
      valid: { auc: number; count: number };
      rows: { train: number; valid: number };
      onnxCheck: { agrees: boolean; maxAbsDiff: number; rows: number };
    };
    expect(metrics.rows.train + metrics.rows.valid).toBe(32_561);
    expect(metrics.rows.valid).toBe(metrics.onnxCheck.rows);
    expect(metrics.onnxCheck.agrees).toBe(true);
    expect(metrics.onnxCheck.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    const predictions = await readPredictions(run.folder);
    expect(predictions).toHaveLength(metrics.rows.valid);
    expect(predictions.every((p) => p > 0 && p < 1)).toBe(true);
    const params = (await read('params.json')) as { lineage: { data: { snapshot: string }; code: { version: string } } };
    expect(params.lineage.data.snapshot).toBe(ids.adult);
    expect(params.lineage.code.version).toMatch(/\d+\.\d+/);
    const { curves } = await readCheckedArtifacts(run.folder);
    expect(curves.learning).toHaveLength(40);
    expect(curves.metric).toBe('logloss');
    expect(curves.roc!.fpr.length).toBeGreaterThan(100);
    expect(curves.lift).toHaveLength(10);
    expect((await client.training.getArtifacts({ runId })).curves).toEqual(curves);
    const importance = (await read('importance.json')) as {
      features: { feature: string; gain: number; splits: number }[];
      permutation: { metric: string; features: { feature: string; drop: number }[] };
    };
    expect(importance.features.length).toBeGreaterThan(5);
    expect(importance.features.map((f) => f.feature)).not.toContain('person_id');
    expect(importance.permutation.metric).toBe('auc');
    expect(importance.permutation.features).toHaveLength(importance.features.length);
    // The strongest adult predictors lose the most AUC when shuffled.
    expect(['relationship', 'marital_status', 'capital_gain', 'education_num', 'age', 'occupation', 'education']).toContain(
      importance.permutation.features[0]!.feature,
    );
    expect(importance.permutation.features[0]!.drop).toBeGreaterThan(0.01);
    const log = await readFile(join(run.folder, 'log'), 'utf8');
    expect(log).toContain('onnx check');
    expect(log).toContain("positive class '>50K'");

    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ runId, jobId, iteration: 40, total: 40, metric: expect.any(String) });
    expect(progress.at(-1)!.valid).toEqual(expect.any(Number));

    const { runs } = await client.training.listRuns({});
    expect(runs[0]!.id).toBe(runId);
    expect(existsSync(join(root, 'ws', 'runs', `.tmp-${runId}`))).toBe(false);
  });

  it('validates on an explicit snapshot whose labels are spelled `>50K.`', async () => {
    const { jobId, runId } = await client.training.train({
      data: ids.adult,
      label: 'income',
      params: { num_iterations: 20 },
      split: { kind: 'snapshot', valid: ids.adultTest },
    });
    const job = await host.requireWorkspace().jobs.wait(jobId);
    expect(job.error).toBeNull();
    const run = await client.training.getRun({ runId });
    expect(run.valid).toBe(ids.adultTest);
    expect(run.metrics!.auc).toBeGreaterThan(0.85);
  });

  it('trains a regression on the past and validates on the future (time split)', async () => {
    const { jobId, runId } = await client.training.train({
      data: ids.bike,
      label: 'cnt',
      exclude: ['casual', 'registered', 'instant'],
      params: { num_iterations: 30 },
      split: { kind: 'time', column: 'dteday', fraction: 0.2 },
    });
    const job = await host.requireWorkspace().jobs.wait(jobId);
    expect(job.error).toBeNull();
    const run = await client.training.getRun({ runId });
    expect(run.params.objective).toBe('regression');
    expect(Object.keys(run.metrics!).sort()).toEqual(['mae', 'mape', 'r2', 'rmse']);
    expect(run.metrics!.r2).toBeGreaterThan(0.5);
    const metrics = JSON.parse(await readFile(join(run.folder, 'metrics.json'), 'utf8')) as { onnxCheck: { agrees: boolean } };
    expect(metrics.onnxCheck.agrees).toBe(true);
    const importance = JSON.parse(await readFile(join(run.folder, 'importance.json'), 'utf8')) as { features: { feature: string }[] };
    expect(importance.features.map((f) => f.feature)).not.toContain('dteday');
    const checked = await readCheckedArtifacts(run.folder);
    expect(checked.curves.roc).toBeUndefined();
    expect(checked.importance.kind).toBe('gbdt');
    expect(await readFile(join(run.folder, 'log'), 'utf8')).toContain("time split on 'dteday'");
  });

  it('cross-validates with k folds: mean and spread, out-of-fold curves, a model refitted on every row', async () => {
    const { jobId, runId } = await client.training.train({
      data: ids.adult,
      label: 'income',
      params: { num_iterations: 10 },
      split: { kind: 'kfold', folds: 3 },
    });
    const job = await host.requireWorkspace().jobs.wait(jobId);
    expect(job.error).toBeNull();
    const run = await client.training.getRun({ runId });
    expect(run.metrics!.auc).toBeGreaterThan(0.85);
    expect(run.metrics!.auc_std).toBeGreaterThan(0);
    expect(run.metrics!.auc_std).toBeLessThan(0.02);
    const metrics = JSON.parse(await readFile(join(run.folder, 'metrics.json'), 'utf8')) as {
      cv: { folds: number; perFold: { rows: number }[] };
      onnxCheck: { agrees: boolean; rows: number };
    };
    expect(metrics.cv.folds).toBe(3);
    expect(metrics.cv.perFold.reduce((n, f) => n + f.rows, 0)).toBe(32_561);
    expect(metrics.onnxCheck).toMatchObject({ agrees: true, rows: 32_561 });
    // Out-of-fold predictions of every row, in the snapshot's row order.
    expect(await readPredictions(run.folder)).toHaveLength(32_561);
    const curves = JSON.parse(await readFile(join(run.folder, 'curves.json'), 'utf8')) as { folds: unknown[][]; roc: unknown };
    expect(curves.folds).toHaveLength(3);
    expect((await readCheckedArtifacts(run.folder)).curves.roc).toBeTruthy();
  });

  it('refuses bad input before any work starts, with errors that say what to do', async () => {
    const before = (await client.training.listRuns({})).runs.length;
    const train = (input: Partial<Parameters<LodeClient['training']['train']>[0]>) =>
      client.training.train({ data: ids.adult, label: 'income', ...input });
    await expect(train({ data: 'adult@2020-01-01-00000000' })).rejects.toMatchObject({
      code: 'not_found',
      details: { field: 'data', hint: expect.stringContaining(ids.adult) },
    });
    await expect(train({ data: ids.empty })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringContaining('no rows') });
    await expect(train({ label: 'incme' })).rejects.toMatchObject({ code: 'bad_input', details: { hint: "Did you mean 'income'?" } });
    await expect(train({ data: ids.oneClass })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringContaining('one class') });
    await expect(train({ params: { num_leaves: 1 } })).rejects.toMatchObject({ code: 'bad_input', details: { field: 'num_leaves' } });
    await expect(train({ params: { learning_rte: 0.1 } })).rejects.toMatchObject({ code: 'bad_input', details: { field: 'learning_rte' } });
    await expect(train({ positive: 'rich' })).rejects.toMatchObject({ code: 'bad_input', details: { field: 'positive' } });
    await expect(train({ exclude: ['agee'] })).rejects.toMatchObject({ code: 'bad_input', details: { hint: "Did you mean 'age'?" } });
    await expect(train({ split: { kind: 'time', column: 'when', fraction: 0.2 } })).rejects.toMatchObject({
      details: { field: 'split.column' },
    });
    // Nothing was started for any of them.
    expect((await client.training.listRuns({})).runs).toHaveLength(before);
  });

  it('cancels by killing the worker; the run folder records it', async () => {
    const { jobId, runId, pid } = await startLongRun();
    const asked = performance.now();
    await client.jobs.cancel({ id: jobId });
    const job = await host.requireWorkspace().jobs.wait(jobId);
    // SIGTERM, then SIGKILL after 500 ms, bounds a cancel at about a second; the test allows for a
    // loaded machine, and mainly proves that a run of 100,000 rounds did stop.
    expect(performance.now() - asked).toBeLessThan(5000);
    expect(job.state).toBe('cancelled');
    expect(isAlive(pid)).toBe(false);
    const run = await client.training.getRun({ runId });
    expect(run).toMatchObject({ state: 'cancelled', workerPid: null });
    expect(existsSync(join(run.folder, 'log'))).toBe(true);
    expect(existsSync(join(run.folder, 'model.onnx'))).toBe(false);
  });

  it('marks the run failed with the reason when the worker is killed, and the host carries on', async () => {
    const { jobId, runId, pid } = await startLongRun();
    process.kill(pid, 'SIGKILL');
    const job = await host.requireWorkspace().jobs.wait(jobId);
    expect(job.state).toBe('failed');
    expect(job.error!.message).toContain('SIGKILL');
    const run = await client.training.getRun({ runId });
    expect(run.state).toBe('failed');
    expect(run.error!.message).toContain('killed by SIGKILL');
    expect(await readFile(join(run.folder, 'log'), 'utf8')).toContain('SIGKILL');

    // The host still serves the workspace and trains.
    const { snapshots } = await client.data.listSnapshots({});
    expect(snapshots.length).toBe(5);
    const next = await client.training.train({ data: ids.adult, label: 'income', params: { num_iterations: 3 } });
    expect((await host.requireWorkspace().jobs.wait(next.jobId)).error).toBeNull();
  });

  it('closing the workspace stops a live run and records it as cancelled', async () => {
    const { runId, pid } = await startLongRun();
    await host.close();
    expect(isAlive(pid)).toBe(false);
    await host.open(join(root, 'ws'));
    expect(await client.training.getRun({ runId })).toMatchObject({ state: 'cancelled', workerPid: null });
  });

  it('lode train prints the run and its metrics, and fails clearly on a bad label', async () => {
    await host.close();
    try {
      const ws = join(root, 'ws');
      const ok = await runLode([
        'train',
        '--workspace',
        ws,
        '--data',
        ids.adult,
        '--label',
        'income',
        '--param',
        'num_iterations=5',
        '--json',
      ]);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      const run = JSON.parse(ok.stdout) as { state: string; metrics: { auc: number } };
      expect(run.state).toBe('succeeded');
      expect(run.metrics.auc).toBeGreaterThan(0.8);
      const text = await runLode(['train', '--workspace', ws, '--data', ids.adult, '--label', 'income', '--param', 'num_iterations=2']);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^Run \d{8}-\d{6}-\d{3}-[0-9a-f]{6} succeeded\n {2}folder: .*\n {2}validation: auc 0\.\d{4}/);
      const params = await runLode(['train', 'params', '--json']);
      expect(JSON.parse(params.stdout)).toMatchObject({
        algo: 'gbdt',
        params: expect.arrayContaining([{ name: 'num_leaves', default: 31, help: expect.any(String) }]),
      });
      const bad = await runLode(['train', '--workspace', ws, '--data', ids.adult, '--label', 'Income']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("Label 'Income' is not a column");
      expect(bad.stderr).toContain("Did you mean 'income'?");
    } finally {
      await host.open(join(root, 'ws'));
    }
  });

  it.runIf(process.platform === 'linux')('a worker whose host was killed stops instead of training on', async () => {
    await host.close();
    try {
      const ws = join(root, 'ws');
      const cli = spawnLode(['train', '--workspace', ws, '--data', ids.adult, '--label', 'income', '--param', 'num_iterations=100000']);
      const worker = await waitFor(() => workerChild(cli.pid!));
      await killHard(cli);
      await waitFor(() => !isAlive(worker));
    } finally {
      await host.open(join(root, 'ws'));
    }
  });
});
