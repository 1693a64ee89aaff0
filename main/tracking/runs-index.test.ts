import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LodeClient } from '../../shared/contract';
import { Host } from '../host/host';
import { inProcessClient } from '../host/in-process';
import { insertRuns, RUNS } from './index-store';
import type { IndexedRun } from './run-record';
import { runsIndexOf } from './runs-index';

const N = 10_000;
const METRICS = Array.from({ length: 20 }, (_, m) => `m${m}`);
const idOf = (i: number) => `20260101-000000-000-${i.toString(16).padStart(6, '0')}`;

let root: string;
let host: Host;
let client: LodeClient;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lode-runs-index-'));
  host = new Host({ userDir: join(root, 'user') });
  const workspace = await host.open(join(root, 'ws'), true);
  client = inProcessClient(host);
  // 10,000 finished runs as the index knows them; their folders exist (empty: the index alone must do).
  for (let start = 0; start < N; start += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, N - start) }, (_, k) => mkdir(join(root, 'ws', 'runs', idOf(start + k)), { recursive: true })),
    );
  }
  const metrics = METRICS.map((m, k) => `'${m}', ((i * ${k + 7}) % 1000) / 1000.0`).join(', ');
  await workspace.sql.run(
    `INSERT INTO ${RUNS} (id, state, created_at, finished_at, duration_ms, algo, label, data_snapshot, code_version, params, metrics, experiment, tags, notes)
     SELECT '20260101-000000-000-' || printf('%06x', i),
            CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'succeeded' END,
            strftime(TIMESTAMP '2026-01-01' + i * INTERVAL 1 SECOND, '%Y-%m-%dT%H:%M:%S.000Z'),
            NULL, i * 10, CASE WHEN i % 2 = 0 THEN 'gbdt' ELSE 'linear' END, 'y', 'bank@2026-01-01-00000000', '0.1.0',
            json_object('num_leaves', i % 64, 'objective', 'binary')::VARCHAR,
            CASE WHEN i % 10 = 0 THEN NULL ELSE json_object(${metrics})::VARCHAR END,
            CASE WHEN i % 3 = 0 THEN 'third' END,
            CASE WHEN i % 100 = 0 THEN '["round"]' ELSE '[]' END,
            ''
       FROM range(${N}) t(i)`,
  );
}, 120_000);

afterAll(async () => {
  await host?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the runs index', () => {
  it('lists 10,000 runs newest first with 20 metric columns', async () => {
    const table = await client.tracking.listRuns({});
    expect(table.id).toHaveLength(N);
    expect(table.id[0]).toBe(idOf(N - 1));
    expect(table.id[N - 1]).toBe(idOf(0));
    expect(Object.keys(table.metrics).sort()).toEqual([...METRICS].sort());
    expect(table.metrics.m0![0]).toBe((((N - 1) * 7) % 1000) / 1000);
    expect(table.metrics.m0![N - 1]).toBeNull();
    expect(table.params.num_leaves![0]).toBe((N - 1) % 64);
    expect(table.params.objective![0]).toBe('binary');
    expect(table.tags[N - 1]).toEqual(['round']);
  });

  it('filters and limits 10,000 runs', async () => {
    const kept = await client.tracking.listRuns({ filter: "m0 > 0.5 and algo = 'gbdt' and tags != 'round'", limit: 100_000 });
    const expected: string[] = [];
    for (let i = N - 1; i >= 0; i--) if (i % 2 === 0 && i % 10 !== 0 && ((i * 7) % 1000) / 1000 > 0.5) expected.push(idOf(i));
    expect(kept.id).toEqual(expected);
    expect((await client.tracking.listRuns({ limit: 25 })).id).toHaveLength(25);
    const third = await client.tracking.listRuns({ experiment: 'third', filter: 'm1 is null' });
    expect(third.id.every((id) => parseInt(id.slice(-6), 16) % 30 === 0)).toBe(true);
    expect(third.id).toHaveLength(Math.ceil(N / 30));
  });

  it('writes many new runs in one statement, every column intact', async () => {
    const sql = host.requireWorkspace().workspace.sql;
    const base: IndexedRun = {
      id: '20270101-000000-000-000001',
      state: 'succeeded',
      createdAt: '2027-01-01T00:00:00.000Z',
      finishedAt: '2027-01-01T00:00:02.500Z',
      durationMs: 2500,
      algo: 'mlp',
      label: "it's",
      data: 'x@2027-01-01-00000000',
      valid: 'v@2027-01-01-00000000',
      templateVersion: 'tv',
      codeVersion: '0.2.0+abc',
      params: { hidden_layers: '16,8', seed: 4 },
      metrics: { rmse: 1.5 },
      error: null,
      experiment: 'fresh',
      searchId: 's9',
      trial: 7,
      rerunOf: null,
      tags: ['a', 'b"c'],
      notes: 'line\nbreak',
    };
    const other: IndexedRun = {
      ...base,
      id: '20270101-000000-000-000002',
      state: 'failed',
      durationMs: null,
      metrics: null,
      trial: null,
      searchId: null,
      experiment: null,
      tags: [],
      error: { code: 'internal', message: 'boom' },
    };
    await insertRuns(sql, [base, other]);
    for (const run of [base, other]) await mkdir(join(root, 'ws', 'runs', run.id), { recursive: true });
    const table = await client.tracking.listRuns({ filter: "created_at >= '2027'" });
    expect(table.id).toEqual([other.id, base.id]);
    expect(table.state).toEqual(['failed', 'succeeded']);
    expect(table.durationMs).toEqual([null, 2500]);
    expect(table.label).toEqual(["it's", "it's"]);
    expect(table.templateVersion).toEqual(['tv', 'tv']);
    expect(table.experiment).toEqual([null, 'fresh']);
    expect(table.searchId).toEqual([null, 's9']);
    expect(table.trial).toEqual([null, 7]);
    expect(table.tags).toEqual([[], ['a', 'b"c']]);
    expect(table.metrics).toEqual({ rmse: [null, 1.5] });
    expect(table.params).toEqual({ hidden_layers: ['16,8', '16,8'], seed: [4, 4] });
    const notes = await sql.runAndReadAll(`SELECT notes, error, valid_snapshot FROM ${RUNS} WHERE id = $1`, [base.id]);
    expect(notes.getRows()).toEqual([['line\nbreak', null, 'v@2027-01-01-00000000']]);
    // Folders removed by hand: the next listing drops their rows.
    for (const run of [base, other]) await rm(join(root, 'ws', 'runs', run.id), { recursive: true });
    expect((await client.tracking.listRuns({ filter: "created_at >= '2027'" })).id).toEqual([]);
  });

  it('counts the runs of experiments named only by their runs', async () => {
    const { experiments } = await client.tracking.listExperiments({});
    expect(experiments).toEqual([expect.objectContaining({ name: 'third', description: '', runs: Math.ceil(N / 3) })]);
  });

  it('lets callers that arrive while a reconcile waits its turn share it, and starts a new one after', async () => {
    const index = runsIndexOf(host);
    const first = index.reconcile();
    // Keystrokes in the features search box: each lists, none adds a reconcile of its own.
    const queued = Array.from({ length: 5 }, () => index.reconcile());
    for (const call of queued) expect(call).toBe(first);
    await first;
    const later = index.reconcile();
    expect(later).not.toBe(first);
    await later;
  });
});
