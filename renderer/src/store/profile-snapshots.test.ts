import { describe, expect, it } from 'vitest';
import { dataStore } from './data-fixtures';
import { qualityDirty } from './profile-slice';

const bank = { layer: 'ods' as const, name: 'bank' };

describe('profiling and data quality', () => {
  it('profiles a table as a job with a key', async () => {
    const { store } = await dataStore({ imported: true });
    await store.getState().runProfile(bank, ['age'], 'exact');
    const entry = store.getState().profiles['ods.bank'];
    expect(entry?.jobId).toBeNull();
    expect(entry?.profile?.rows).toBe(450);
    expect(entry?.profile?.columns.find((c) => c.name === 'y')?.distinct).toBe(2);
    expect(entry?.profile?.key?.columns).toEqual(['age']);
  });

  it('reports a failed profile with the reason', async () => {
    const { store } = await dataStore();
    await store.getState().runProfile({ layer: 'ods', name: 'gone' }, [], 'auto');
    expect(store.getState().profiles['ods.gone']?.error?.code).toBe('not_found');
  });

  it('edits, saves and checks rules', async () => {
    const { store, host } = await dataStore({ imported: true });
    await store.getState().loadQualityRules(bank);
    store.getState().editQualityRules(bank, [
      { kind: 'max_null_rate', column: 'job', max: 0.01 },
      { kind: 'unique', columns: ['age'] },
    ]);
    expect(qualityDirty(store.getState().quality['ods.bank']!)).toBe(true);
    // Checking saves the edits first, so the results are about the rules on screen.
    await store.getState().checkQuality(bank);
    const entry = store.getState().quality['ods.bank']!;
    expect(qualityDirty(entry)).toBe(false);
    expect(host.data.rules.get('ods.bank')).toHaveLength(2);
    expect(entry.results?.map((r) => r.passed)).toEqual([true, false]);
  });
});

describe('snapshots', () => {
  it('creates two snapshots as jobs and diffs them older to newer', async () => {
    const { store } = await dataStore({ imported: true });
    const first = await store.getState().createSnapshot({ name: 'bank', source: { table: bank } });
    const second = await store.getState().createSnapshot({ name: 'bank_q', source: { sql: 'SELECT 1' } });
    expect(store.getState().snapshots.map((s) => s.id)).toEqual([second?.id, first?.id]);
    store.getState().toggleSnapshotCheck(second!.id);
    store.getState().toggleSnapshotCheck(first!.id);
    await store.getState().diffCheckedSnapshots();
    expect(store.getState().snapshotView).toBe('diff');
    expect(store.getState().snapshotDiff).toMatchObject({ a: first?.id, b: second?.id, rows: { delta: -450 } });
  });

  it('ticks at most two snapshots', async () => {
    const { store } = await dataStore();
    for (const id of ['a', 'b', 'c']) store.getState().toggleSnapshotCheck(id);
    expect(store.getState().snapshotChecked).toEqual(['b', 'c']);
    store.getState().toggleSnapshotCheck('b');
    expect(store.getState().snapshotChecked).toEqual(['c']);
  });

  it('shows why a snapshot in use cannot be removed', async () => {
    const { store, host } = await dataStore({ imported: true });
    const made = await store.getState().createSnapshot({ name: 'bank', source: { table: bank } });
    host.data.referred.set(made!.id, 'run r-12');
    expect(await store.getState().removeSnapshot(made!.id)).toBe(false);
    expect(store.getState().snapshotRemoveError?.message).toContain('run r-12');
    host.data.referred.clear();
    expect(await store.getState().removeSnapshot(made!.id)).toBe(true);
    expect(store.getState()).toMatchObject({ snapshots: [], snapshotView: null });
  });
});
