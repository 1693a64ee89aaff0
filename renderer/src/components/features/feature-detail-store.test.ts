import { describe, expect, it } from 'vitest';
import { LodeError } from '../../../../shared/errors';
import type { FeatureDetail } from '../../../../shared/services/features';
import { connectedStore, settle } from '../../store/test-store';

/*
 * The feature detail panel's store against the in-memory host, with features.showFeature served
 * from a small registry whose answers the test releases in any order. Inputs and outputs still go
 * through the contract's schemas.
 */

const usage = (version: number, snapshots: string[] = [], runs: string[] = []) => ({
  version,
  logicVersion: `logic${version}`.padEnd(12, '0'),
  template: 'features/spend.yaml',
  createdAt: `2026-01-0${version}T00:00:00Z`,
  updatedAt: `2026-01-0${version}T00:00:00Z`,
  snapshots,
  runs,
});

function detail(id: string, versions: number, shown = versions): FeatureDetail {
  const all = Array.from({ length: versions }, (_, i) => usage(versions - i, [`spend@v${versions - i}`], shown === 1 ? ['run-1'] : []));
  const at = all.find((v) => v.version === shown)!;
  return {
    ...at,
    id,
    name: id.split('.')[1]!,
    owner: 'analyst',
    description: '',
    kind: 'aggregation',
    sources: ['ods.events'],
    updateStrategy: 'batch (point in time)',
    latest: shown === versions,
    versions: all,
    definition: { name: id.split('.')[1]!, kind: 'aggregation' },
    definitionFrom: 'registered',
    templateText: 'name: spend',
    templateLogicVersion: 'abcdef012345',
    sql: 'WITH\nSELECT 1',
  };
}

/** A store whose features.showFeature answers only when the test releases each call. */
async function detailStore(registry: Record<string, number>) {
  const { store, host } = await connectedStore((h) => h.folders.add('/w/shop'));
  const calls: { id: string; version: number | undefined; release: () => void }[] = [];
  Object.assign(host.services, {
    features: {
      showFeature: ({ id, version }: { id: string; version?: number }) =>
        new Promise((resolve, reject) => {
          calls.push({
            id,
            version,
            release: () => {
              const versions = registry[id];
              if (versions === undefined) reject(new LodeError('not_found', `no registered feature ${id}.`, { field: 'id' }));
              else resolve(detail(id, versions, version ?? versions));
            },
          });
        }),
    },
  });
  return { store, calls, registry };
}

describe('the feature detail panel', () => {
  it('shows the feature opened last, even when an earlier answer arrives after it', async () => {
    const { store, calls } = await detailStore({ 'spend.spent_30d': 2, 'spend.n_events_7d': 1 });
    const first = store.getState().openFeatureDetail('spend.spent_30d');
    const second = store.getState().openFeatureDetail('spend.n_events_7d');
    expect(store.getState()).toMatchObject({ featureDetailId: 'spend.n_events_7d', featureDetailLoading: true, featureDetail: null });
    calls[1]!.release();
    await second;
    calls[0]!.release();
    await first;
    expect(store.getState()).toMatchObject({ featureDetailId: 'spend.n_events_7d', featureDetailLoading: false });
    expect(store.getState().featureDetail?.id).toBe('spend.n_events_7d');
  });

  it('keeps a feature shown while another of its versions loads, and says why one cannot be shown', async () => {
    const { store, calls } = await detailStore({ 'spend.spent_30d': 2 });
    const latest = store.getState().openFeatureDetail('spend.spent_30d');
    calls[0]!.release();
    await latest;
    const old = store.getState().openFeatureDetail('spend.spent_30d', 1);
    expect(store.getState().featureDetail?.version).toBe(2);
    calls[1]!.release();
    await old;
    expect(store.getState().featureDetail).toMatchObject({ version: 1, latest: false, runs: ['run-1'] });

    const missing = store.getState().openFeatureDetail('spend.gone');
    calls[2]!.release();
    await missing;
    expect(store.getState()).toMatchObject({ featureDetailId: 'spend.gone', featureDetail: null, featureDetailLoading: false });
    expect(store.getState().featureDetailError).toMatchObject({ code: 'not_found', message: 'no registered feature spend.gone.' });
  });

  it('tries again for the version that failed, not the one still shown', async () => {
    const { store, calls, registry } = await detailStore({ 'spend.spent_30d': 2 });
    const latest = store.getState().openFeatureDetail('spend.spent_30d');
    calls[0]!.release();
    await latest;
    // Version 1 fails to load (the registry was unreachable for a moment) while version 2 stays shown.
    delete registry['spend.spent_30d'];
    const old = store.getState().openFeatureDetail('spend.spent_30d', 1);
    calls[1]!.release();
    await old;
    expect(store.getState()).toMatchObject({ featureDetail: { version: 2 }, featureDetailError: { code: 'not_found' } });
    registry['spend.spent_30d'] = 2;
    const retry = store.getState().retryFeatureDetail();
    expect(calls[2]).toMatchObject({ id: 'spend.spent_30d', version: 1 });
    calls[2]!.release();
    await retry;
    expect(store.getState()).toMatchObject({ featureDetail: { version: 1 }, featureDetailError: null });
  });

  it('reloads the latest as the latest and an older version as itself; a closed panel ignores late answers', async () => {
    const { store, calls, registry } = await detailStore({ 'spend.spent_30d': 1 });
    const open = store.getState().openFeatureDetail('spend.spent_30d');
    calls[0]!.release();
    await open;
    // A save registered a new version: the panel that showed the latest shows the new one.
    registry['spend.spent_30d'] = 2;
    const reload = store.getState().reloadFeatureDetail();
    expect(calls[1]).toMatchObject({ id: 'spend.spent_30d', version: undefined });
    calls[1]!.release();
    await reload;
    expect(store.getState().featureDetail).toMatchObject({ version: 2, latest: true });

    const old = store.getState().openFeatureDetail('spend.spent_30d', 1);
    calls[2]!.release();
    await old;
    const again = store.getState().reloadFeatureDetail();
    expect(calls[3]).toMatchObject({ version: 1 });
    calls[3]!.release();
    await again;

    const late = store.getState().openFeatureDetail('spend.spent_30d');
    store.getState().closeFeatureDetail();
    calls[4]!.release();
    await late;
    await settle();
    expect(store.getState()).toMatchObject({ featureDetailId: null, featureDetail: null, featureDetailLoading: false });
    // Nothing open: nothing to reload.
    await store.getState().reloadFeatureDetail();
    expect(calls).toHaveLength(5);
  });
});
