import { readdir, readFile, rm, mkdtemp, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LodeClient } from '../../../shared/contract';
import type { SearchInfo, SearchProgress } from '../../../shared/services/tracking';
import { quoteLiteral } from '../../data/sql';
import { Host } from '../../host/host';
import { inProcessClient } from '../../host/in-process';
import { killHard, runLode, spawnLode } from '../../testing/cli';
import { adultColumns, dataset } from '../../testing/datasets';
import { parseSpace } from './parse-space';
import { GridSampler } from './sample';
import { TRIALS } from './store';

let root: string;
let ws: string;
let host: Host;
let client: LodeClient;
/** Adult, and a 8,000-row sample of it for quick trials. */
let adult = '';
let small = '';

const adultCsv = `read_csv(${quoteLiteral(dataset('uci_adult/adult.data'))}, delim = ', ', header = false, nullstr = '?', names = [${adultColumns()
  .map(quoteLiteral)
  .join(', ')}])`;

async function snapshot(name: string, sql: string): Promise<string> {
  const { jobId } = await client.data.createSnapshot({ name, source: { sql } });
  const job = await host.requireWorkspace().jobs.wait(jobId);
  if (job.state !== 'succeeded') throw new Error(job.error?.message ?? job.state);
  return (job.result as { id: string }).id;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lode-search-'));
  ws = join(root, 'ws');
  host = new Host({ userDir: join(root, 'user') });
  const workspace = await host.open(ws, true);
  client = inProcessClient(host);
  await workspace.sql.run(`CREATE TABLE ods.adult AS SELECT * FROM ${adultCsv}`);
  adult = await snapshot('adult', 'SELECT * FROM "ods"."adult"');
  small = await snapshot('adult_small', 'SELECT * FROM "ods"."adult" USING SAMPLE 8000 ROWS (reservoir, 7)');
}, 120_000);

afterAll(async () => {
  await host?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/** A finished search of two quick trials, one at a time, on the adult sample; its id. */
async function quickSearch(): Promise<string> {
  const { searchId, jobId } = await client.search.start({
    data: small,
    label: 'income',
    space: 'gbdt: {num_iterations: 3}',
    strategy: 'random',
    trials: 2,
    parallel: 1,
  });
  expect((await host.requireWorkspace().jobs.wait(jobId)).state).toBe('succeeded');
  return searchId;
}

const QUICK_SPACE = [
  'gbdt:',
  '  num_iterations: 20',
  '  learning_rate: {float: [0.001, 0.5], log: true}',
  '  num_leaves: {int: [2, 64]}',
  '  min_data_in_leaf: {int: [1, 400], log: true}',
  'tpe: {startup_trials: 4}',
].join('\n');

describe('hyperparameter search', () => {
  it('runs trials as runs that record their search and parameters, streams the best so far, and keeps the best', async () => {
    const events: SearchProgress[] = [];
    const stop = host.events.subscribe((m) => {
      if (m.service === 'search' && m.event === 'progress') events.push(m.payload as SearchProgress);
    });
    const { searchId, jobId } = await client.search.start({
      data: small,
      label: 'income',
      space: QUICK_SPACE,
      strategy: 'tpe',
      trials: 6,
      parallel: 2,
      seed: 1,
      experiment: 'tuning',
    });
    const job = await host.requireWorkspace().jobs.wait(jobId);
    stop();
    expect(job.error).toBeNull();
    const search = await client.search.get({ searchId });
    const failures = [];
    for (const t of search.trials.filter((x) => x.state === 'failed'))
      failures.push((await client.training.getRun({ runId: t.runId! })).error);
    expect(failures).toEqual([]);
    expect(search).toMatchObject({ state: 'succeeded', metric: 'auc', direction: 'maximize', jobId: null });
    expect(search.trials.map((t) => t.trial)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(search.trials.every((t) => t.state === 'succeeded' || t.state === 'pruned')).toBe(true);
    const succeeded = search.trials.filter((t) => t.state === 'succeeded');
    expect(search.best!.value).toBe(Math.max(...succeeded.map((t) => t.value!)));
    expect(search.best!.value).toBeGreaterThan(0.8);
    for (const trial of search.trials) {
      const run = await client.training.getRun({ runId: trial.runId! });
      expect(run.search).toEqual({ id: searchId, trial: trial.trial });
      expect(run.experiment).toBe('tuning');
      expect(run.params).toMatchObject(trial.params);
      expect(run.params.num_iterations).toBe(20);
      // Two trials at a time share the cores.
      expect(run.params.num_threads).toBe(Math.max(1, Math.floor(availableParallelism() / 2)));
      if (trial.state === 'succeeded') expect(run.metrics!.auc).toBe(trial.value);
    }
    expect(events.every((e) => e.searchId === searchId && e.jobId === jobId && e.total === 6)).toBe(true);
    expect(events.some((e) => e.running === 2)).toBe(true);
    expect(events.at(-1)).toMatchObject({ done: 6, running: 0, best: search.best });
    const listed = await client.search.list({});
    expect(listed.searches[0]!.id).toBe(searchId);
  });

  it('chooses among algorithms: each trial runs the algorithm it drew, with that algorithm’s parameters', async () => {
    const space = [
      'algo: [gbdt, linear]',
      'gbdt:',
      '  num_iterations: 10',
      '  num_leaves: [4, 16]',
      'linear:',
      '  C: {float: [0.01, 10], log: true}',
      '  penalty: [l2]',
    ].join('\n');
    const { searchId, jobId } = await client.search.start({
      data: small,
      label: 'income',
      space,
      strategy: 'random',
      trials: 6,
      parallel: 2,
      seed: 3,
    });
    await host.requireWorkspace().jobs.wait(jobId);
    const search = await client.search.get({ searchId });
    expect(search.state).toBe('succeeded');
    const algos = new Set(search.trials.map((t) => t.params.algo));
    expect(algos).toEqual(new Set(['gbdt', 'linear']));
    for (const trial of search.trials) {
      const run = await client.training.getRun({ runId: trial.runId! });
      expect(run.algo).toBe(trial.params.algo);
      const { algo: _algo, ...params } = trial.params;
      expect(run.params).toMatchObject(params);
      expect(Object.keys(params).sort()).toEqual(trial.params.algo === 'gbdt' ? ['num_iterations', 'num_leaves'] : ['C', 'penalty']);
    }
  });

  it('checks a space before running anything: positions, did-you-mean, grids that cannot be enumerated', async () => {
    const checked = await client.search.checkSpace({ space: 'gbdt:\n  num_leafs: [8, 16]', algo: 'gbdt' });
    expect(checked.problems).toEqual([
      { message: "'num_leafs' is not a gbdt parameter", line: 2, column: 3, hint: 'did you mean num_leaves?' },
    ]);
    const ok = await client.search.checkSpace({
      space: 'algo: [gbdt, linear]\ngbdt: {num_leaves: [8, 16]}\nlinear: {C: [1, 10]}',
      algo: 'gbdt',
    });
    expect(ok).toEqual({
      problems: [],
      parameters: [
        { name: 'algo', kind: 'categorical' },
        { name: 'gbdt.num_leaves', kind: 'categorical' },
        { name: 'linear.C', kind: 'categorical' },
      ],
      gridSize: 4,
    });
    await expect(
      client.search.start({ data: small, label: 'income', space: 'gbdt:\n  learning_rate: {float: [0.01, 0.3]}', strategy: 'grid' }),
    ).rejects.toThrow('a grid search needs a finite space, but learning_rate is a continuous range.');
    await expect(
      client.search.start({ data: small, label: 'income', space: 'gbdt:\n  num_leafs: [8, 16]', spaceFile: 'space.yaml' }),
    ).rejects.toThrow("space.yaml:2:3: 'num_leafs' is not a gbdt parameter");
    await expect(client.search.start({ data: small, label: 'income', space: 'gbdt: {}', metric: 'rmse' })).rejects.toThrow(
      "--metric 'rmse' is not a metric of a binary run.",
    );
    // The split is checked like a training run's, naming the field, before any trial.
    await expect(
      client.search.start({ data: small, label: 'income', space: 'gbdt: {}', split: { kind: 'stratified', fraction: 1.5 } }),
    ).rejects.toMatchObject({ code: 'bad_input', message: expect.stringContaining('a fraction below 1') as string });
  });

  it('TPE finds a better model than random search on adult with the same budget, averaged over seeds', async () => {
    // Few rounds, so the learning rate decides most of the AUC.
    // Two threads whatever the machine: a GBDT is bit-identical for a seed and thread count.
    const space = [
      'gbdt:',
      '  num_iterations: 20',
      '  num_threads: 2',
      '  learning_rate: {float: [0.001, 1.0], log: true}',
      'tpe: {startup_trials: 3}',
    ].join('\n');
    const run = async (strategy: 'tpe' | 'random', seed: number) => {
      const { jobId, searchId } = await client.search.start({
        data: small,
        label: 'income',
        space,
        strategy,
        trials: 8,
        // One at a time, so each search repeats exactly.
        parallel: 1,
        seed,
        pruning: false,
      });
      await host.requireWorkspace().jobs.wait(jobId);
      const search = await client.search.get({ searchId });
      // A trial that failed (a worker that could not start) would make the comparison meaningless.
      expect(search.trials.map((t) => t.state)).toEqual(Array<string>(8).fill('succeeded'));
      const rates = [...search.trials].sort((a, b) => a.trial - b.trial).map((t) => t.params.learning_rate);
      return { best: search.best!.value!, rates };
    };
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const tpe: number[] = [];
    const random: number[] = [];
    for (const seed of [11, 12, 13]) {
      const guided = await run('tpe', seed);
      const blind = await run('random', seed);
      // Both start from the same three random trials (same seed); after those TPE must choose its
      // own points, so a TPE that fell back to random sampling fails here.
      expect(guided.rates.slice(0, 3)).toEqual(blind.rates.slice(0, 3));
      expect(guided.rates.slice(3)).not.toEqual(blind.rates.slice(3));
      tpe.push(guided.best);
      random.push(blind.best);
    }
    // TPE's edge is in the five trials after the startup ones; with so few trials it is small
    // (docs/search.md has the 50-trial figures), but it must be there.
    expect(mean(tpe)).toBeGreaterThan(mean(random));
  }, 240_000);

  it('prunes a trial whose validation loss falls behind the median of completed trials', async () => {
    const text = [
      'gbdt:',
      // The good trials stop early after about a hundred rounds; the hopeless one improves a little
      // every round, so it never stops early and would take minutes: only pruning can end it, so
      // the outcome does not depend on how fast progress arrives.
      '  num_iterations: 20000',
      '  early_stopping_rounds: 5',
      '  learning_rate: [0.3, 0.31, 0.000001]',
      'pruning: {startup_trials: 2, warmup_iterations: 3}',
    ].join('\n');
    // Pick a seed whose grid order runs the hopeless learning rate last, after two good trials.
    const space = parseSpace(text, 'gbdt').space!;
    const seed = [0, 1, 2, 3, 4, 5, 6, 7].find((s) => new GridSampler(space, s).next(2).learning_rate === 0.000001)!;
    const { searchId, jobId } = await client.search.start({
      data: adult,
      label: 'income',
      space: text,
      strategy: 'grid',
      trials: 3,
      parallel: 1,
      seed,
    });
    await host.requireWorkspace().jobs.wait(jobId);
    const search = await client.search.get({ searchId });
    const bad = search.trials.find((t) => t.params.learning_rate === 0.000001)!;
    expect(bad.trial).toBe(2);
    expect(bad.state).toBe('pruned');
    expect(bad.prunedAt).toBeGreaterThan(3);
    expect(bad.prunedAt).toBeLessThan(20000);
    expect(bad.value).toBeNull();
    expect((await client.training.getRun({ runId: bad.runId! })).state).toBe('cancelled');
    expect(search.best!.params.learning_rate).not.toBe(0.000001);
    expect(search.state).toBe('succeeded');
  }, 120_000);

  it('cancels: running trials stop and are recorded as cancelled, ready to resume', async () => {
    const { searchId, jobId } = await client.search.start({
      data: adult,
      label: 'income',
      space: 'gbdt: {num_iterations: 400}',
      strategy: 'random',
      trials: 4,
      parallel: 2,
    });
    // Cancel once a trial is training (it has reported an iteration).
    for (let i = 0; i < 1200; i++) {
      const { trials } = await client.search.get({ searchId });
      const running = trials.find((t) => t.state === 'running' && t.runId);
      if (running && (await client.training.getRun({ runId: running.runId! })).progress) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await client.jobs.cancel({ id: jobId });
    const job = await host.requireWorkspace().jobs.wait(jobId);
    expect(job.state).toBe('cancelled');
    const search = await client.search.get({ searchId });
    expect(search.state).toBe('cancelled');
    expect(search.trials.some((t) => t.state === 'running')).toBe(false);
    const cancelled = search.trials.filter((t) => t.state === 'cancelled');
    expect(cancelled.length).toBeGreaterThan(0);
    for (const t of cancelled) expect((await client.training.getRun({ runId: t.runId! })).state).toBe('cancelled');
  }, 120_000);

  it('a search cancelled before it started is recorded as cancelled, and resumes to the end', async () => {
    const { searchId, jobId } = await client.search.start({
      data: adult,
      label: 'income',
      space: 'gbdt: {num_iterations: 3}',
      strategy: 'random',
      trials: 2,
      parallel: 1,
    });
    await client.jobs.cancel({ id: jobId });
    expect((await host.requireWorkspace().jobs.wait(jobId)).state).toBe('cancelled');
    // The search's record settles with its job, even if the driver never ran.
    for (let i = 0; i < 200 && (await client.search.get({ searchId })).state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await client.search.get({ searchId })).state).toBe('cancelled');
    const resumed = await client.search.resume({ searchId });
    expect((await host.requireWorkspace().jobs.wait(resumed.jobId)).state).toBe('succeeded');
    const search = await client.search.get({ searchId });
    expect(search.state).toBe('succeeded');
    expect(search.trials.filter((t) => t.state === 'succeeded')).toHaveLength(2);
  }, 120_000);

  it('keeps a trial whose run had succeeded when the search stopped before recording it', async () => {
    const searchId = await quickSearch();
    const before = await client.search.get({ searchId });
    // What a kill right after trial 1's run ended leaves: the trial and the search still running.
    const sql = host.requireWorkspace().workspace.sql;
    await sql.run(`UPDATE ${TRIALS} SET state = 'running', value = NULL WHERE search_id = $1 AND trial = 1`, [searchId]);
    await sql.run(`UPDATE lode_meta.searches SET state = 'running' WHERE id = $1`, [searchId]);
    const runsBefore = (await client.tracking.listRuns({ searchId })).id;

    const resumed = await client.search.resume({ searchId });
    expect((await host.requireWorkspace().jobs.wait(resumed.jobId)).state).toBe('succeeded');
    const after = await client.search.get({ searchId });
    expect(after.trials).toEqual(before.trials);
    expect(after.best).toEqual(before.best);
    // No second run for trial 1, and nothing superseded.
    const runs = await client.tracking.listRuns({ searchId });
    expect([...runs.id].sort()).toEqual([...runsBefore].sort());
    expect(runs.tags.flat()).toEqual([]);
  }, 120_000);

  it('marks an earlier attempt superseded only once its trial runs again', async () => {
    const searchId = await quickSearch();
    const first = (await client.search.get({ searchId })).trials[1]!.runId!;
    // What a cancel of trial 1 leaves (the trial re-queued on resume), and a budget already spent.
    const sql = host.requireWorkspace().workspace.sql;
    await sql.run(`UPDATE ${TRIALS} SET state = 'cancelled', value = NULL WHERE search_id = $1 AND trial = 1`, [searchId]);
    const spec = (budget: number | null) =>
      sql.run(
        `UPDATE lode_meta.searches SET state = 'cancelled', spec = json_merge_patch(spec, json_object('input', json_object('budgetMinutes', $2::DOUBLE))) WHERE id = $1`,
        [searchId, budget],
      );
    await spec(1e-9);
    const spent = await client.search.resume({ searchId });
    await host.requireWorkspace().jobs.wait(spent.jobId);
    // Trial 1 did not run again: its one attempt is still its result, untagged and numbered.
    expect((await client.search.get({ searchId })).trials[1]).toMatchObject({ runId: first, state: 'cancelled' });
    const untouched = await client.tracking.getRun({ runId: first });
    expect(untouched.run.tags).toEqual([]);
    expect((await client.tracking.listRuns({ searchId, filter: 'trial = 1' })).id).toEqual([first]);

    await spec(null);
    const resumed = await client.search.resume({ searchId });
    expect((await host.requireWorkspace().jobs.wait(resumed.jobId)).state).toBe('succeeded');
    const again = (await client.search.get({ searchId })).trials[1]!;
    expect(again.state).toBe('succeeded');
    expect(again.runId).not.toBe(first);
    expect((await client.tracking.getRun({ runId: first })).run.tags).toEqual(['superseded']);
    expect((await client.tracking.listRuns({ searchId, filter: 'trial = 1' })).id).toEqual([again.runId]);
  }, 120_000);

  it('resumes a search whose command was killed: finished trials are kept and the total is reached', async () => {
    await host.close();
    const spaceFile = join(root, 'space.yaml');
    await writeFile(spaceFile, QUICK_SPACE);
    const args = [
      'search',
      '--workspace',
      ws,
      '--data',
      small,
      '--label',
      'income',
      '--space',
      spaceFile,
      '--trials',
      '6',
      '--parallel',
      '1',
      '--json',
    ];
    const before = new Set(await readdir(join(ws, 'runs')));
    /** Runs in training: a temp folder with its run.json (without one, nothing was recorded yet). */
    const training = async () => {
      const temps = (await readdir(join(ws, 'runs'))).filter((r) => r.startsWith('.tmp-'));
      const recorded = await Promise.all(temps.map((r) => readdir(join(ws, 'runs', r)).then((files) => files.includes('run.json'))));
      return temps.filter((_, i) => recorded[i]).map((r) => r.slice('.tmp-'.length));
    };
    const child = spawnLode(args);
    // Kill once two trials have finished (their run folders are published) and a third is training.
    for (let i = 0; i < 1200; i++) {
      // Two runs published and a third started: with one trial at a time, the first two are recorded.
      const runs = (await readdir(join(ws, 'runs'))).filter((r) => !before.has(r));
      if (runs.filter((r) => !r.startsWith('.tmp-')).length >= 2 && (await training()).length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await killHard(child);
    const interrupted = await training();
    expect(interrupted.length).toBeGreaterThan(0);
    const listed = await runLode(['search', 'list', '--workspace', ws, '--json']);
    expect(listed.code).toBe(0);
    const killed = (JSON.parse(listed.stdout) as SearchInfo[])[0]!;
    expect(killed.state).toBe('cancelled');
    expect(killed.error!.hint).toContain('lode search resume');
    const kept = killed.trials.filter((t) => t.state === 'succeeded');
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(killed.trials.length).toBeLessThan(6);

    const resumed = await runLode(['search', 'resume', killed.id, '--workspace', ws, '--json']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const done = JSON.parse(resumed.stdout) as SearchInfo;
    expect(done.state).toBe('succeeded');
    expect(done.trials.map((t) => t.trial)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(done.trials.every((t) => t.state === 'succeeded' || t.state === 'pruned')).toBe(true);
    for (const t of kept) expect(done.trials[t.trial]).toEqual(t);

    // One trial number, one evaluation: the interrupted attempt stays a (failed) run of the search,
    // flagged as superseded, without the number that now belongs to the trial's new run.
    const listedRuns = await runLode(['runs', 'list', '--search', killed.id, '--workspace', ws, '--json']);
    const runs = (JSON.parse(listedRuns.stdout) as { runs: { id: string; state: string; trial: number | null; tags: string[] }[] }).runs;
    const numbered = runs.filter((r) => r.trial !== null);
    expect(numbered.map((r) => r.trial).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(numbered.map((r) => r.id).sort()).toEqual(done.trials.map((t) => t.runId).sort());
    for (const id of interrupted) {
      expect(runs.find((r) => r.id === id)).toMatchObject({ state: 'failed', trial: null, tags: ['superseded'] });
      const shownRun = await runLode(['runs', 'show', id, '--workspace', ws, '--json']);
      const { run, notes } = JSON.parse(shownRun.stdout) as { run: { search: { trial: number } }; notes: string };
      expect(notes).toContain(`Earlier attempt of trial ${run.search.trial} of search ${killed.id}`);
      const filter = `trial = ${run.search.trial}`;
      const filtered = await runLode(['runs', 'list', '--search', killed.id, '--filter', filter, '--workspace', ws, '--json']);
      expect((JSON.parse(filtered.stdout) as { runs: { id: string }[] }).runs.map((r) => r.id)).toEqual([
        done.trials[run.search.trial]!.runId,
      ]);
    }
    expect(runs.filter((r) => r.trial === null).every((r) => r.tags.includes('superseded'))).toBe(true);

    const shown = await runLode(['search', 'show', killed.id, '--workspace', ws]);
    expect(shown.stdout).toContain(`Search ${killed.id} succeeded`);
    expect(JSON.parse(await readFile(join(ws, 'runs', done.best!.runId!, 'run.json'), 'utf8'))).toMatchObject({
      search: { id: killed.id, trial: done.best!.trial },
    });
  }, 180_000);
});
