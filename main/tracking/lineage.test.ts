import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LodeClient } from '../../shared/contract';
import type { SnapshotManifest } from '../../shared/services/data/snapshots';
import type { BuildResult } from '../../shared/services/features';
import type { Reproduction } from '../../shared/services/tracking';
import { USAGE } from '../features/registry';
import { HEAVY_USERS, loadHeavyUsers } from '../features/testing';
import { Host } from '../host/host';
import { inProcessClient } from '../host/in-process';
import { trainRun } from '../training/testing/runs';
import { RUNS } from './index-store';

let root: string;
let host: Host;
let client: LodeClient;

async function build(text: string, ratings: string): Promise<SnapshotManifest> {
  await client.features.save({ name: 'heavy_users', text });
  const { jobId } = await client.features.build({ path: 'features/heavy_users.yaml', snapshotId: ratings });
  const job = await host.requireWorkspace().jobs.wait(jobId);
  expect(job.error).toBeNull();
  return client.data.showSnapshot({ id: (job.result as BuildResult).snapshotId });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lode-lineage-'));
  host = new Host({ userDir: join(root, 'user') });
  const workspace = await host.open(join(root, 'ws'), true);
  client = inProcessClient(host);
  await loadHeavyUsers(workspace.sql);
}, 120_000);

afterAll(async () => {
  await host?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('lineage of a run on a feature build', () => {
  it("records the template's logic version, shows a changed template in a comparison, and re-runs identically", async () => {
    const { jobId } = await client.data.createSnapshot({ name: 'ratings', source: { table: { layer: 'ods', name: 'ratings' } } });
    const ratings = ((await host.requireWorkspace().jobs.wait(jobId)).result as SnapshotManifest).id;
    const v1 = await build(HEAVY_USERS, ratings);
    const v2 = await build(HEAVY_USERS.replace('function: avg, column: rating', 'function: max, column: rating'), ratings);
    expect(v1.template!.logicVersion).not.toBe(v2.template!.logicVersion);

    const train = (data: string) =>
      trainRun(host, client, { data, label: 'heavy', params: { num_iterations: 5, min_data_in_leaf: 5 }, exclude: ['as_of'] });
    const a = await train(v1.id);
    const b = await train(v2.id);

    const { lineage } = await client.tracking.getRun({ runId: a.id });
    expect(lineage!.data).toEqual({ snapshot: v1.id, contentHash: v1.contentHash });
    expect(lineage!.template).toEqual({ name: 'heavy_users', logicVersion: v1.template!.logicVersion });
    const table = await client.tracking.listRuns({ filter: `template_version = '${v2.template!.logicVersion}'` });
    expect(table.id).toEqual([b.id]);

    const { diffs } = await client.tracking.compare({ runIds: [a.id, b.id] });
    expect(diffs[0]!.template).toEqual([{ key: 'logicVersion', from: v1.template!.logicVersion, to: v2.template!.logicVersion }]);
    expect(diffs[0]!.data).toEqual(
      expect.arrayContaining([
        { key: 'snapshot', from: v1.id, to: v2.id },
        { key: 'contentHash', from: v1.contentHash, to: v2.contentHash },
      ]),
    );
    expect(diffs[0]!.params).toEqual([]);

    const rerun = await client.tracking.rerun({ runId: a.id });
    const job = await host.requireWorkspace().jobs.wait(rerun.jobId);
    expect(job.error).toBeNull();
    expect(job.result as Reproduction).toMatchObject({ identical: true, metricsIdentical: true, predictionsIdentical: true });
    expect((await client.tracking.getRun({ runId: rerun.runId })).lineage!.template).toEqual(lineage!.template);
  }, 180_000);

  it('forgets which features a run used when the run is deleted, however it goes', async () => {
    const { jobId } = await client.data.createSnapshot({ name: 'ratings', source: { table: { layer: 'ods', name: 'ratings' } } });
    const ratings = ((await host.requireWorkspace().jobs.wait(jobId)).result as SnapshotManifest).id;
    const built = await build(HEAVY_USERS, ratings);
    const runs: string[] = [];
    for (let i = 0; i < 4; i++) {
      runs.push((await trainRun(host, client, { data: built.id, label: 'heavy', params: { num_iterations: 3 }, exclude: ['as_of'] })).id);
    }
    const [deleted, interrupted, byHand, kept] = runs as [string, string, string, string];
    // Every run listed as a user of any version of the template's features.
    const users = async () => {
      const { features } = await client.features.listFeatures({ search: 'heavy_users', allVersions: true });
      return [...new Set(features.flatMap((f) => f.runs))];
    };
    expect(await users()).toEqual(expect.arrayContaining(runs));

    // lode runs rm.
    await client.tracking.deleteRuns({ runIds: [deleted], confirm: true });
    expect(await users()).not.toContain(deleted);

    // A delete stopped right after its rename: the index row and the usage are still there until the
    // next listing finds no folder and forgets both.
    const runsDir = join(root, 'ws', 'runs');
    await rename(join(runsDir, interrupted), join(runsDir, `.trash-${interrupted}`));
    // A folder removed by hand.
    await rm(join(runsDir, byHand), { recursive: true });
    // A feature's detail and the feature listing forget them themselves, as the runs listing does.
    const detail = await client.features.showFeature({ id: 'heavy_users.avg_rating_30d' });
    const detailRuns = detail.versions.flatMap((v) => v.runs);
    expect(detailRuns).toContain(kept);
    expect(detailRuns).not.toContain(interrupted);
    expect(detailRuns).not.toContain(byHand);
    expect(await users()).not.toContain(interrupted);
    expect(await users()).not.toContain(byHand);
    const listed = await client.tracking.listRuns({});
    expect(listed.id).not.toContain(interrupted);
    expect(listed.id).not.toContain(byHand);

    // Usage left behind by a delete from before deletes forgot it goes at the next listing; a run the
    // index has not seen yet (its row lost) keeps its usage, since its folder is there.
    const sql = host.requireWorkspace().workspace.sql;
    const ghost = '20250101-000000-000-abcdef';
    await sql.run(`INSERT INTO ${USAGE} SELECT feature_id, version, snapshot_id, $2 FROM ${USAGE} WHERE run_id = $1`, [kept, ghost]);
    await sql.run(`DELETE FROM ${RUNS} WHERE id = $1`, [kept]);
    expect(await users()).not.toContain(ghost);
    expect(await users()).toContain(kept);
    expect((await client.tracking.listRuns({})).id).toContain(kept);

    // A run that ended without its usage recorded (the process stopped between the run's folder
    // moving into place and the record): the listing that indexes it records it.
    const count = async () => Number((await sql.runAndReadAll(`SELECT count(*) FROM ${USAGE} WHERE run_id = $1`, [kept])).getRows()[0]![0]);
    const once = await count();
    await sql.run(`DELETE FROM ${USAGE} WHERE run_id = $1`, [kept]);
    await sql.run(`DELETE FROM ${RUNS} WHERE id = $1`, [kept]);
    expect(await count()).toBe(0);
    expect((await client.tracking.listRuns({})).id).toContain(kept);
    expect(await count()).toBe(once);
    // Recorded once per feature version, however often the run is indexed again, by either listing.
    await sql.run(`DELETE FROM ${RUNS} WHERE id = $1`, [kept]);
    expect(await users()).toContain(kept);
    await sql.run(`DELETE FROM ${RUNS} WHERE id = $1`, [kept]);
    await client.tracking.listRuns({});
    expect(await count()).toBe(once);
  }, 180_000);
});
