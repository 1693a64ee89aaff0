import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LodeClient } from '../../shared/contract';
import { LodeError } from '../../shared/errors';
import type { Reproduction } from '../../shared/services/tracking';
import type { TrainingProgress } from '../../shared/services/training';
import { snapshotDir } from '../data/snapshot-layout';
import { appRoot } from '../host/app-root';
import { Host } from '../host/host';
import { inProcessClient } from '../host/in-process';
import { RUNS } from './index-store';
import { adultCsv, createSnapshot, trainRun } from '../training/testing/runs';

let root: string;
let host: Host;
let client: LodeClient;
let adult = '';
let manual = '';

/**
 * Reasons other than a new code version: other engineers commit to this checkout while tests run,
 * and the commit is part of a run's lineage, so a re-run may be made by a newer commit.
 */
function unexplained(result: Reproduction): string[] {
  return result.reasons.filter((r) => !r.startsWith('the code version differs'));
}

async function failure(promise: Promise<unknown>): Promise<LodeError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof LodeError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lode-tracking-'));
  host = new Host({ userDir: join(root, 'user') });
  const workspace = await host.open(join(root, 'ws'), true);
  client = inProcessClient(host);
  await workspace.sql.run(`CREATE TABLE ods.adult AS SELECT * FROM ${adultCsv('adult.data')}`);
  adult = await createSnapshot(host, client, 'adult', 'SELECT * FROM "ods"."adult"');
  const run = await trainRun(host, client, {
    data: adult,
    label: 'income',
    params: { num_iterations: 20 },
    split: { kind: 'stratified', fraction: 0.25 },
    seed: 7,
    tags: ['first'],
  });
  manual = run.id;
}, 180_000);

afterAll(async () => {
  await host?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('run tracking', () => {
  it('records the five-tuple of a manual run: snapshot and content hash, template, parameters, code, metrics', async () => {
    const { run, lineage, durationMs, artifacts, notes } = await client.tracking.getRun({ runId: manual });
    const manifest = await client.data.showSnapshot({ id: adult });
    expect(lineage).not.toBeNull();
    expect(lineage!.data).toEqual({ snapshot: adult, contentHash: manifest.contentHash });
    expect(lineage!.valid).toBeNull();
    expect(lineage!.template).toBeNull();
    expect(lineage!.params).toMatchObject({
      num_iterations: 20,
      algo: 'gbdt',
      label: 'income',
      seed: 7,
      split: { kind: 'stratified', fraction: 0.25 },
    });
    const pkg = JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string };
    expect(lineage!.code.version).toBe(pkg.version);
    expect(lineage!.metrics).toEqual(run.metrics);
    expect(lineage!.metrics!.auc).toBeGreaterThan(0.85);
    expect(durationMs).toBeGreaterThan(0);
    expect(notes).toBe('');
    expect(artifacts).toEqual(
      expect.arrayContaining(['model.onnx', 'params.json', 'metrics.json', 'curves.json', 'predictions.bin', 'run.json']),
    );
  });

  it('lists runs as columns with metrics and parameters, indexing new run folders on the way', async () => {
    const table = await client.tracking.listRuns({});
    expect(table.id).toEqual([manual]);
    expect(table.state).toEqual(['succeeded']);
    expect(table.algo).toEqual(['gbdt']);
    expect(table.data).toEqual([adult]);
    expect(table.tags).toEqual([['first']]);
    expect(table.metrics.auc![0]).toBeGreaterThan(0.85);
    expect(table.params.num_iterations).toEqual([20]);
    expect(table.params.seed).toEqual([7]);
  });

  it('re-runs a run from the same snapshot and parameters with identical metrics and predictions', async () => {
    const { jobId, runId } = await client.tracking.rerun({ runId: manual });
    const job = await host.requireWorkspace().jobs.wait(jobId);
    // The re-run job indexes its run before it ends.
    const indexed = await host.requireWorkspace().workspace.sql.runAndReadAll(`SELECT rerun_of FROM ${RUNS} WHERE id = $1`, [runId]);
    expect(indexed.getRows()).toEqual([[manual]]);
    expect(job.error).toBeNull();
    const result = job.result as Reproduction;
    expect(unexplained(result)).toEqual([]);
    expect(result).toMatchObject({
      original: manual,
      rerun: runId,
      identical: true,
      metricsIdentical: true,
      predictionsIdentical: true,
      maxPredictionDiff: 0,
    });
    expect(result.metrics.every((m) => m.delta === 0)).toBe(true);
    const rerun = await client.tracking.getRun({ runId });
    expect(rerun.run.rerunOf).toBe(manual);
    expect(rerun.lineage!.params).toEqual((await client.tracking.getRun({ runId: manual })).lineage!.params);
    expect((await client.tracking.listRuns({})).id).toEqual([runId, manual]);
  }, 120_000);

  it('re-runs linear and MLP runs identically too', async () => {
    for (const [algo, params] of [
      ['linear', { max_iter: 50 }],
      ['mlp', { max_epochs: 3, hidden_layers: '16,8' }],
    ] as const) {
      const run = await trainRun(host, client, { data: adult, label: 'income', algo, params, seed: 3 });
      const { jobId } = await client.tracking.rerun({ runId: run.id });
      const job = await host.requireWorkspace().jobs.wait(jobId);
      expect(job.error).toBeNull();
      const result = job.result as Reproduction;
      expect(unexplained(result)).toEqual([]);
      expect(result.identical).toBe(true);
      await client.tracking.deleteRuns({ runIds: [run.id, result.rerun], confirm: true });
    }
  }, 180_000);

  it('compares runs: what changed in the parameters and how far each metric moved', async () => {
    const other = await trainRun(host, client, {
      data: adult,
      label: 'income',
      params: { num_iterations: 10, learning_rate: 0.2 },
      split: { kind: 'stratified', fraction: 0.25 },
      seed: 7,
    });
    const { runs, diffs } = await client.tracking.compare({ runIds: [manual, other.id] });
    expect(runs.map((r) => r.run.id)).toEqual([manual, other.id]);
    expect(diffs).toHaveLength(1);
    const diff = diffs[0]!;
    expect(diff.data).toEqual([]);
    expect(diff.template).toEqual([]);
    expect(diff.code).toEqual([]);
    expect(diff.params).toEqual(
      expect.arrayContaining([
        { key: 'num_iterations', from: 20, to: 10 },
        { key: 'learning_rate', from: runs[0]!.run.params.learning_rate, to: 0.2 },
      ]),
    );
    const auc = diff.metrics.find((m) => m.metric === 'auc')!;
    expect(auc.delta).toBe(auc.to! - auc.from!);
    expect(auc.delta).not.toBe(0);
  }, 120_000);

  it('keeps tags, notes and the experiment editable, and filters by them', async () => {
    const updated = await client.tracking.updateRun({
      runId: manual,
      tags: ['baseline', 'bank', 'baseline'],
      notes: 'first try',
      experiment: 'income',
    });
    expect(updated.run.tags).toEqual(['baseline', 'bank']);
    expect(updated.notes).toBe('first try');
    expect(updated.run.experiment).toBe('income');
    expect((await client.tracking.listRuns({ filter: "tags = 'baseline' and auc > 0.8" })).id).toEqual([manual]);
    expect((await client.tracking.listRuns({ experiment: 'income' })).id).toEqual([manual]);
    // Everything else of a finished run is immutable: the contract has no way to say otherwise.
    const refused = await failure(client.tracking.updateRun({ runId: manual, metrics: { auc: 1 } } as never));
    expect(refused.code).toBe('bad_input');
    // The run folder keeps what the run was; the index is where annotations change.
    const runJson = JSON.parse(readFileSync(join(root, 'ws', 'runs', manual, 'run.json'), 'utf8')) as { tags: string[] };
    expect(runJson.tags).toEqual(['first']);

    const created = await client.tracking.createExperiment({ name: 'depth', description: 'tree depth' });
    expect(created.runs).toBe(0);
    expect((await failure(client.tracking.createExperiment({ name: 'income' }))).code).toBe('already_exists');
    const { experiments } = await client.tracking.listExperiments({});
    expect(experiments.map((e) => [e.name, e.runs])).toEqual(
      expect.arrayContaining([
        ['depth', 0],
        ['income', 1],
      ]),
    );
    const typo = await failure(client.tracking.listRuns({ experiment: 'incme' }));
    expect(typo.details.hint).toBe('did you mean income?');
    await client.tracking.updateRun({ runId: manual, experiment: 'depth' });
    const after = await client.tracking.listExperiments({});
    expect(after.experiments.map((e) => [e.name, e.runs])).toEqual([['depth', 1]]);

    // The annotations are saved beside the run too: an index row rebuilt from the folder keeps them.
    await host.requireWorkspace().workspace.sql.run('DELETE FROM lode_meta.runs WHERE id = $1', [manual]);
    const rebuilt = await client.tracking.getRun({ runId: manual });
    expect(rebuilt.run.tags).toEqual(['baseline', 'bank']);
    expect(rebuilt.notes).toBe('first try');
    expect(rebuilt.run.experiment).toBe('depth');
  });

  it('explains a filter it cannot read, with the position and the closest name', async () => {
    const err = await failure(client.tracking.listRuns({ filter: "acu > 0.8 and algo = 'gbdt'" }));
    expect(err.code).toBe('bad_input');
    expect(err.details).toMatchObject({ field: 'filter', column: 1, hint: 'did you mean auc?' });
    expect(err.message).toContain("unknown column 'acu'");
  });

  it('shows a run while it trains and refuses to delete it until it ends', async () => {
    let first: (p: TrainingProgress) => void = () => {};
    const progressed = new Promise<TrainingProgress>((resolve) => (first = resolve));
    const stop = host.events.subscribe((m) => {
      if (m.service === 'training' && m.event === 'progress') first(m.payload as TrainingProgress);
    });
    const started = await client.training.train({
      data: adult,
      label: 'income',
      params: { num_iterations: 100_000, learning_rate: 0.001 },
    });
    await progressed;
    stop();
    const listed = await client.tracking.listRuns({ filter: "state = 'running'" });
    expect(listed.id).toEqual([started.runId]);
    const refused = await failure(client.tracking.deleteRuns({ runIds: [manual, started.runId], confirm: true }));
    expect(refused.message).toContain('still training');
    expect(existsSync(join(root, 'ws', 'runs', manual))).toBe(true);

    await client.jobs.cancel({ id: started.jobId });
    await host.requireWorkspace().jobs.wait(started.jobId);
    const after = await client.tracking.listRuns({ filter: `id = '${started.runId}'` });
    expect(after.state).toEqual(['cancelled']);
    expect((await client.tracking.deleteRuns({ runIds: [started.runId], confirm: true })).deleted).toEqual([started.runId]);
  }, 120_000);

  it('deletes runs for real, and a half-finished delete does not break the listing', async () => {
    const before = await client.tracking.listRuns({});
    const victim = before.id.find((id) => id !== manual)!;
    expect((await client.tracking.deleteRuns({ runIds: [victim], confirm: true })).deleted).toEqual([victim]);
    expect(existsSync(join(root, 'ws', 'runs', victim))).toBe(false);
    expect((await client.tracking.listRuns({})).id).not.toContain(victim);
    expect((await failure(client.tracking.getRun({ runId: victim }))).code).toBe('not_found');

    // A process stopped between the rename and the removal; and a folder removed by hand.
    await mkdir(join(root, 'ws', 'runs', '.trash-20260101-000000-000-abcdef', 'sub'), { recursive: true });
    const gone = (await client.tracking.listRuns({})).id.find((id) => id !== manual)!;
    await rm(join(root, 'ws', 'runs', gone), { recursive: true });
    const listed = await client.tracking.listRuns({});
    expect(listed.id).not.toContain(gone);
    expect(listed.id).toContain(manual);
    expect(existsSync(join(root, 'ws', 'runs', '.trash-20260101-000000-000-abcdef'))).toBe(false);

    // A run folder the index has not seen (the index row lost, or the folder copied in) is listed again.
    await host.requireWorkspace().workspace.sql.run(`DELETE FROM ${RUNS} WHERE id = $1`, [manual]);
    expect((await client.tracking.listRuns({})).id).toContain(manual);

    // A run folder whose run.json is damaged stays out of the list; asking for it says why.
    const damaged = '20260101-000000-000-fedcba';
    await mkdir(join(root, 'ws', 'runs', damaged));
    await writeFile(join(root, 'ws', 'runs', damaged, 'run.json'), '{ not json');
    expect((await client.tracking.listRuns({})).id).toContain(manual);
    const unreadable = await failure(client.tracking.getRun({ runId: damaged }));
    expect(unreadable.code).toBe('corrupt_config');
    expect(unreadable.details.file).toBe(join(root, 'ws', 'runs', damaged, 'run.json'));
    expect((await client.tracking.deleteRuns({ runIds: [damaged], confirm: true })).deleted).toEqual([damaged]);
    expect(existsSync(join(root, 'ws', 'runs', damaged))).toBe(false);
  });

  it('refuses to re-run a run whose snapshot no longer exists', async () => {
    await host.requireWorkspace().workspace.sql.run(`CREATE TABLE ods.young AS SELECT * FROM "ods"."adult" WHERE age < 30`);
    const young = await createSnapshot(host, client, 'young', 'SELECT * FROM "ods"."young"');
    const run = await trainRun(host, client, { data: young, label: 'income', params: { num_iterations: 5 } });
    await rm(snapshotDir(join(root, 'ws'), young), { recursive: true });
    const err = await failure(client.tracking.rerun({ runId: run.id }));
    expect(err.code).toBe('not_found');
    expect(err.message).toContain(`snapshot ${young}`);
    expect(err.message).toContain('no longer exists');
  }, 120_000);
});
