import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LodeClient } from '../../shared/contract';
import type { SnapshotManifest } from '../../shared/services/data/snapshots';
import type { BuildResult } from '../../shared/services/features';
import { Host } from '../host/host';
import { inProcessClient } from '../host/in-process';
import { tempDir } from '../testing/temp';
import { closestId } from './registry-show';
import { HEAVY_USERS, loadHeavyUsers } from './testing';

/** The average's logic changed after the training set was built and trained on: a second version. */
const CHANGED = HEAVY_USERS.replace('function: avg, column: rating', 'function: max, column: rating');

describe('features.showFeature', () => {
  let host: Host;
  let client: LodeClient;
  let trainingSet: string;
  let runId: string;

  // A template saved, its training set built from a snapshot, a run trained on that set, then the
  // template's logic changed. Per test, since temp folders go after each one.
  beforeEach(async () => {
    const root = await tempDir();
    host = new Host({ userDir: join(root, 'user') });
    const workspace = await host.open(join(root, 'ws'), true);
    await loadHeavyUsers(workspace.sql);
    client = inProcessClient(host);
    const { jobs } = host.requireWorkspace();

    const snap = await jobs.wait(
      (await client.data.createSnapshot({ name: 'ratings', source: { table: { layer: 'ods', name: 'ratings' } } })).jobId,
    );
    await client.features.save({ name: 'heavy_users', text: HEAVY_USERS });
    const build = await jobs.wait(
      (await client.features.build({ path: 'features/heavy_users.yaml', snapshotId: (snap.result as SnapshotManifest).id })).jobId,
    );
    expect(build.error).toBeNull();
    trainingSet = (build.result as BuildResult).snapshotId;
    const run = await client.training.train({
      data: trainingSet,
      label: 'heavy',
      algo: 'gbdt',
      params: { num_iterations: 5, min_data_in_leaf: 5 },
      exclude: ['as_of'],
    });
    expect((await jobs.wait(run.jobId)).state).toBe('succeeded');
    runId = run.runId;
    expect((await client.features.save({ name: 'heavy_users', text: CHANGED })).registered).toBe(1);
  }, 120_000);

  afterEach(async () => {
    await host.close();
  });

  it('gives the latest version with its registry fields and every version with the snapshots and runs that used it', async () => {
    const detail = await client.features.showFeature({ id: 'heavy_users.avg_rating_30d' });
    expect(detail).toMatchObject({
      id: 'heavy_users.avg_rating_30d',
      name: 'avg_rating_30d',
      version: 2,
      latest: true,
      kind: 'aggregation',
      owner: 'analyst',
      description: 'Mean rating',
      sources: ['ods.ratings'],
      updateStrategy: 'batch (point in time)',
      template: 'features/heavy_users.yaml',
      snapshots: [],
      runs: [],
      definitionFrom: 'registered',
    });
    expect(detail.definition).toMatchObject({ kind: 'aggregation', function: 'max', column: 'rating' });
    expect(detail.templateText).toBe(CHANGED);
    expect(detail.sql).toContain('"avg_rating_30d"');

    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
    const [second, first] = detail.versions;
    expect(second).toMatchObject({ template: 'features/heavy_users.yaml', snapshots: [], runs: [] });
    expect(first).toMatchObject({ template: 'features/heavy_users.yaml', snapshots: [trainingSet], runs: [runId] });
    expect(second!.logicVersion).toBe(detail.logicVersion);
    expect(first!.logicVersion).not.toBe(second!.logicVersion);
    for (const v of detail.versions) expect(Date.parse(v.updatedAt)).toBeGreaterThanOrEqual(Date.parse(v.createdAt));
  });

  it('gives an older version with its own definition, usage and SQL', async () => {
    const old = await client.features.showFeature({ id: 'heavy_users.avg_rating_30d', version: 1 });
    expect(old).toMatchObject({ version: 1, latest: false, snapshots: [trainingSet], runs: [runId], templateText: HEAVY_USERS });
    expect(old.definition).toMatchObject({ function: 'avg' });
    expect(old.versions.map((v) => v.version)).toEqual([2, 1]);

    // A feature whose logic never changed has one version, used by the same snapshot and run.
    const unchanged = await client.features.showFeature({ id: 'heavy_users.n_ratings_7d' });
    expect(unchanged).toMatchObject({ version: 1, latest: true, snapshots: [trainingSet], runs: [runId] });
    expect(unchanged.definition).toMatchObject({ windows: ['7d', '30d'] });
  });

  it('names an unknown feature or version and suggests what exists', async () => {
    const show = (input: { id: string; version?: number }) => client.features.showFeature(input);
    await expect(show({ id: 'heavy_users.avg_ratnig_30d' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'no registered feature heavy_users.avg_ratnig_30d (did you mean heavy_users.avg_rating_30d?).',
      details: { field: 'id', hint: expect.stringContaining('TEMPLATE.FEATURE') },
    });
    // The feature's name without its template.
    await expect(show({ id: 'n_ratings_30d' })).rejects.toThrow('did you mean heavy_users.n_ratings_30d?');
    await expect(show({ id: 'heavy_users.n_ratings_7d', version: 4 })).rejects.toMatchObject({
      code: 'not_found',
      message: 'feature heavy_users.n_ratings_7d has no version 4; its versions are 1.',
      details: { field: 'version' },
    });
    await expect(show({ id: '  ' })).rejects.toMatchObject({ code: 'bad_input' });
    // Longer than any id can be: refused before any lookup or suggestion.
    await expect(show({ id: `heavy_users.${'n'.repeat(300)}` })).rejects.toMatchObject({ code: 'bad_input', details: { field: 'id' } });
  });
});

describe('closestId', () => {
  const ids = ['shop.age', 'shop.clicks_7d', 'other.age'];
  it("compares only the feature's name within a template that exists", () => {
    // Compared whole, shop.nope is three edits from shop.age: close enough to suggest a different word.
    expect(closestId('shop.nope', ids)).toBeUndefined();
    expect(closestId('shop.clikcs_7d', ids)).toBe('shop.clicks_7d');
    expect(closestId('shop.ag', ids)).toBe('shop.age');
  });
  it('compares whole ids when the template is mistyped', () => {
    expect(closestId('shpo.clicks_7d', ids)).toBe('shop.clicks_7d');
  });
});
