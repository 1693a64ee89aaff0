import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LodeClient } from '../../../shared/contract';
import { Host } from '../../host/host';
import { inProcessClient } from '../../host/in-process';
import { createSnapshot } from '../testing/runs';

let root: string;
let host: Host;
let client: LodeClient;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lode-plan-'));
  host = new Host({ userDir: join(root, 'user') });
  await host.open(join(root, 'ws'), true);
  client = inProcessClient(host);
}, 60_000);

afterAll(async () => {
  await host?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

const snapshot = (name: string, sql: string) => createSnapshot(host, client, name, sql);

async function runCount(): Promise<number> {
  return (await client.training.listRuns({})).runs.length;
}

describe('bad data is refused before any work starts', () => {
  it('a column of numbers stored as text with stray values names the column, the values and what to do', async () => {
    const id = await snapshot(
      'dirty',
      `SELECT i % 7 AS weekday, CASE WHEN i % 50 = 0 THEN 'n/a' WHEN i % 75 = 1 THEN '' ELSE CAST(i * 1.5 AS VARCHAR) END AS income_text, i % 2 AS y FROM range(1000) t(i)`,
    );
    const before = await runCount();
    const error = await client.training.train({ data: id, label: 'y' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(
        /Column 'income_text' .* holds numbers, but 20 of its \d+ filled values are not numbers, such as 'n\/a'/,
      ),
      details: { hint: expect.stringContaining('--exclude income_text') },
    });
    expect(await runCount()).toBe(before);
    // Following the hint works.
    const { jobId } = await client.training.train({ data: id, label: 'y', exclude: ['income_text'], params: { num_iterations: 2 } });
    expect((await host.requireWorkspace().jobs.wait(jobId)).error).toBeNull();
  });

  it('a text column that is mostly words stays a category', async () => {
    const id = await snapshot(
      'words',
      `SELECT CASE WHEN i % 3 = 0 THEN '42' ELSE 'colour ' || (i % 5) END AS kind, i % 11 AS x, i % 2 AS y FROM range(600) t(i)`,
    );
    const { jobId } = await client.training.train({ data: id, label: 'y', params: { num_iterations: 2 } });
    expect((await host.requireWorkspace().jobs.wait(jobId)).error).toBeNull();
  });

  it('a validation snapshot whose numeric feature holds text is refused, naming the column', async () => {
    const train = await snapshot('train', `SELECT i % 13 AS x, i % 5 AS z, i % 2 AS y FROM range(500) t(i)`);
    const valid = await snapshot(
      'valid',
      `SELECT CASE WHEN i = 7 THEN 'unknown' ELSE CAST(i % 13 AS VARCHAR) END AS x, i % 5 AS z, i % 2 AS y FROM range(100) t(i)`,
    );
    const noZ = await snapshot('valid_no_z', `SELECT i % 13 AS x, i % 2 AS y FROM range(100) t(i)`);
    await expect(client.training.train({ data: train, label: 'y', split: { kind: 'snapshot', valid } })).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining("Feature 'x' is a number in the training snapshot, but in the validation snapshot"),
      details: { field: 'split.valid', hint: expect.stringContaining('--exclude x') },
    });
    await expect(client.training.train({ data: train, label: 'y', split: { kind: 'snapshot', valid: noZ } })).rejects.toMatchObject({
      message: expect.stringContaining("lacks the feature column(s) 'z'"),
    });
  });

  it('leaves out columns constant or null among the labelled rows, and refuses a run with no feature left', async () => {
    // `flag` varies only in rows without a label, so it tells nothing about the label.
    const id = await snapshot(
      'flat',
      `SELECT CASE WHEN i < 900 THEN 'a' ELSE 'b' END AS flag, NULL::DOUBLE AS empty, CASE WHEN i % 3 = 0 THEN 1 END AS sparse_flag, i % 9 AS x, CASE WHEN i < 900 THEN i % 2 END AS y FROM range(1000) t(i)`,
    );
    const { jobId, runId } = await client.training.train({ data: id, label: 'y', params: { num_iterations: 2 } });
    expect((await host.requireWorkspace().jobs.wait(jobId)).error).toBeNull();
    const run = await client.training.getRun({ runId });
    expect(run.notices.map((n) => n.message)).toEqual(
      expect.arrayContaining([
        "'flag' left out: it has the same value in every row that has a label.",
        "'empty' left out: it is null in every row that has a label.",
      ]),
    );
    // One value or missing is a flag, not a constant: the missing bin separates it.
    expect(run.notices.map((n) => n.column)).not.toContain('sparse_flag');
    const before = await runCount();
    await expect(client.training.train({ data: id, label: 'y', exclude: ['x', 'sparse_flag'] })).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('No feature is left to learn from'),
      details: { hint: expect.stringContaining('Columns: flag, empty.') },
    });
    expect(await runCount()).toBe(before);
  });
});
