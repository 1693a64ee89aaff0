import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LodeClient } from '../../shared/contract';
import type { SnapshotManifest } from '../../shared/services/data/snapshots';
import type { BuildResult } from '../../shared/services/features';
import { Host } from '../host/host';
import { inProcessClient } from '../host/in-process';
import { tempDir } from '../testing/temp';
import { recordRunUsage } from './registry';
import { HEAVY_USERS, loadHeavyUsers } from './testing';

/**
 * A spine column counted over the whole history, after the as-of time too: the label follows from
 * it (like bank marketing's call duration), which only the data can show.
 */
const LEAKY = HEAVY_USERS.replace('features:\n', 'features:\n  - { name: total_ratings, kind: column, column: total_ratings }\n');

interface Fixture {
  readonly host: Host;
  readonly client: LodeClient;
  readonly dir: string;
  readonly snapshotId: string;
}

async function waitJob(f: { host: Host }, jobId: string) {
  return f.host.requireWorkspace().jobs.wait(jobId);
}

/** A workspace with MovieLens, a spine with a binary label, and a snapshot of ods.ratings (temp folders go after each test). */
async function fixture(): Promise<Fixture> {
  const root = await tempDir();
  const host = new Host({ userDir: join(root, 'user') });
  const dir = join(root, 'ws');
  const workspace = await host.open(dir, true);
  await loadHeavyUsers(workspace.sql);
  const client = inProcessClient(host);
  const { jobId } = await client.data.createSnapshot({ name: 'ratings', source: { table: { layer: 'ods', name: 'ratings' } } });
  const job = await waitJob({ host }, jobId);
  expect(job.state).toBe('succeeded');
  return { host, client, dir, snapshotId: (job.result as SnapshotManifest).id };
}

describe('features service', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await fixture();
  }, 60_000);

  afterEach(async () => {
    await f.host.close();
  });

  it('check places a typo at its line and column with a suggestion; compile gives SQL and the logic version', async () => {
    const typo = HEAVY_USERS.replace('column: rating,', 'column: ratng,');
    const checked = await f.client.features.check({ text: typo });
    expect(checked.ok).toBe(false);
    const marker = checked.markers.find((m) => m.severity === 'error')!;
    expect(marker).toMatchObject({ line: 10 });
    expect(`${marker.message} ${marker.hint ?? ''}`).toContain('rating');

    const compiled = await f.client.features.compile({ text: HEAVY_USERS });
    expect(compiled.ok).toBe(true);
    expect(compiled.logicVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(compiled.sql).toContain('"n_ratings_7d"');
    expect(compiled.columns.map((c) => c.name)).toEqual(['user_id', 'as_of', 'n_ratings_7d', 'n_ratings_30d', 'avg_rating_30d', 'heavy']);
  });

  it('preview returns the first rows as Arrow and per-feature stats', async () => {
    const preview = await f.client.features.preview({ text: HEAVY_USERS, rows: 5 });
    expect(preview.compiled.ok).toBe(true);
    const table = tableFromIPC(preview.arrow);
    expect(table.numRows).toBe(5);
    expect(preview.rowCount).toBe(5);
    expect(preview.totalRows).toBe(610);
    expect(preview.stats.map((s) => s.name)).toEqual(['n_ratings_7d', 'n_ratings_30d', 'avg_rating_30d', 'heavy']);
    expect(preview.stats.find((s) => s.name === 'n_ratings_7d')!.nullRate).toBe(0);
  });

  it('save writes features/NAME.yaml and registers features; changed logic is a new version, the old one stays', async () => {
    const saved = await f.client.features.save({ name: 'heavy_users', text: HEAVY_USERS });
    expect(saved).toMatchObject({ path: 'features/heavy_users.yaml', registered: 3 });
    expect(await readFile(join(f.dir, 'features', 'heavy_users.yaml'), 'utf8')).toBe(HEAVY_USERS);
    expect((await f.client.features.listTemplates({})).templates.map((t) => t.name)).toEqual(['heavy_users']);
    expect((await f.client.features.readTemplate({ name: 'heavy_users' })).text).toBe(HEAVY_USERS);

    // Saving the same logic again registers nothing new.
    expect((await f.client.features.save({ name: 'heavy_users', text: `${HEAVY_USERS}\n` })).registered).toBe(0);
    const changed = HEAVY_USERS.replace('function: avg, column: rating', 'function: max, column: rating');
    expect((await f.client.features.save({ name: 'heavy_users', text: changed })).registered).toBe(1);

    const latest = await f.client.features.listFeatures({ search: 'avg_rating' });
    expect(latest.features).toHaveLength(1);
    expect(latest.features[0]).toMatchObject({ id: 'heavy_users.avg_rating_30d', version: 2, owner: 'analyst', sources: ['ods.ratings'] });
    const all = await f.client.features.listFeatures({ search: 'avg_rating', allVersions: true });
    expect(all.features.map((r) => r.version)).toEqual([2, 1]);
    expect(all.features[0]!.logicVersion).not.toBe(all.features[1]!.logicVersion);
    expect((await f.client.features.listFeatures({ search: 'no such thing' })).features).toEqual([]);
  });

  it('build materializes the training set from the snapshot as a new snapshot linked to it', async () => {
    await f.client.features.save({ name: 'heavy_users', text: HEAVY_USERS });
    const { jobId } = await f.client.features.build({ path: 'features/heavy_users.yaml', snapshotId: f.snapshotId });
    const job = await waitJob(f, jobId);
    expect(job.error).toBeNull();
    const result = job.result as BuildResult;
    expect(result).toMatchObject({ sourceSnapshotId: f.snapshotId, rows: 610, leakage: [] });
    const manifest = await f.client.data.showSnapshot({ id: result.snapshotId });
    expect(manifest.name).toBe('heavy_users');
    expect(manifest.template).toMatchObject({ name: 'heavy_users', sourceSnapshotId: f.snapshotId, logicVersion: result.logicVersion });
    expect(manifest.template!.sql).toContain('read_parquet(');
    expect(manifest.schema.map((c) => c.name)).toEqual(['user_id', 'as_of', 'n_ratings_7d', 'n_ratings_30d', 'avg_rating_30d', 'heavy']);

    // The same rows as the template computed on the live table, which the snapshot froze unchanged.
    const live = await f.client.features.compile({ path: 'features/heavy_users.yaml' });
    const diff = await f.host
      .requireWorkspace()
      .workspace.sql.runAndReadAll(`SELECT count(*)::INTEGER FROM ((${live.sql!}) EXCEPT ALL (${manifest.template!.sql}))`);
    expect(diff.getRows()[0]![0]).toBe(0);

    const used = await f.client.features.listFeatures({ search: 'heavy_users.n_ratings_7d' });
    expect(used.features[0]!.snapshots).toEqual([result.snapshotId]);

    // A training run on the training set links it to every feature built into it, once.
    const { jobId: trainJob, runId } = await f.client.training.train({
      data: result.snapshotId,
      label: 'heavy',
      algo: 'gbdt',
      params: { num_iterations: 5, min_data_in_leaf: 5 },
      exclude: ['as_of'],
    });
    expect((await waitJob(f, trainJob)).state).toBe('succeeded');
    const run = await f.client.features.listFeatures({ search: 'heavy_users.avg_rating_30d' });
    expect(run.features[0]).toMatchObject({ snapshots: [result.snapshotId], runs: [runId] });
    const sql = f.host.requireWorkspace().workspace.sql;
    expect(await recordRunUsage(sql, result.snapshotId, runId)).toBe(0);
  }, 60_000);

  it('build refuses a feature that copies the label unless the leak is acknowledged', async () => {
    await f.client.features.save({ name: 'leaky', text: LEAKY.replace('name: heavy_users', 'name: leaky') });
    const refused = await waitJob(f, (await f.client.features.build({ path: 'features/leaky.yaml', snapshotId: f.snapshotId })).jobId);
    expect(refused.state).toBe('failed');
    expect(refused.error).toMatchObject({ code: 'bad_input', field: 'acknowledgeLeakage' });
    expect(refused.error!.message).toContain('total_ratings');

    const built = await waitJob(
      f,
      (await f.client.features.build({ path: 'features/leaky.yaml', snapshotId: f.snapshotId, acknowledgeLeakage: true })).jobId,
    );
    expect(built.state).toBe('succeeded');
    const result = built.result as BuildResult;
    expect(result.leakage.map((l) => l.feature)).toEqual(['total_ratings']);
    expect(result.leakage[0]!.auc).toBe(1);
    const manifest = await f.client.data.showSnapshot({ id: result.snapshotId });
    expect(manifest.template).toMatchObject({ leakageAcknowledged: true });
  }, 60_000);

  it('build names what is wrong with the snapshot', async () => {
    await f.client.features.save({ name: 'heavy_users', text: HEAVY_USERS });
    const other = await f.client.data.createSnapshot({ name: 'tags', source: { table: { layer: 'ods', name: 'tags' } } });
    const tags = (await waitJob(f, other.jobId)).result as SnapshotManifest;
    const job = await waitJob(f, (await f.client.features.build({ path: 'features/heavy_users.yaml', snapshotId: tags.id })).jobId);
    expect(job.error).toMatchObject({ code: 'bad_input', field: 'snapshotId' });
    expect(job.error!.message).toContain('does not read ods.tags');
  }, 60_000);

  it('a cancelled build leaves no snapshot behind', async () => {
    await f.client.features.save({ name: 'heavy_users', text: HEAVY_USERS });
    const { jobId } = await f.client.features.build({ path: 'features/heavy_users.yaml', snapshotId: f.snapshotId });
    await f.client.jobs.cancel({ id: jobId });
    expect(await waitJob(f, jobId)).toMatchObject({ state: 'cancelled' });
    expect((await f.client.data.listSnapshots({})).snapshots.map((s) => s.id)).toEqual([f.snapshotId]);
  });

  it('build flags a feature that follows a numeric label almost exactly', async () => {
    const regression = HEAVY_USERS.replace('name: heavy_users', 'name: ratings_total')
      .replace('label: { name: heavy, column: heavy }', 'label: { name: total_ratings, column: total_ratings }')
      .replace(
        'features:\n',
        'features:\n  - { name: heavy, kind: column, column: heavy }\n  - { name: total_plus, kind: column, column: total_plus }\n',
      );
    await f.host
      .requireWorkspace()
      .workspace.sql.run('CREATE OR REPLACE TABLE ods.spine AS SELECT *, total_ratings * 2 + 1 AS total_plus FROM ods.spine');
    await f.client.features.save({ name: 'ratings_total', text: regression });
    const job = await waitJob(f, (await f.client.features.build({ path: 'features/ratings_total.yaml', snapshotId: f.snapshotId })).jobId);
    expect(job.error).toMatchObject({ code: 'bad_input', field: 'acknowledgeLeakage' });
    expect(job.error!.message).toContain('total_plus follows total_ratings almost exactly');
    expect(job.error!.message).not.toContain('heavy follows');
  });
});
