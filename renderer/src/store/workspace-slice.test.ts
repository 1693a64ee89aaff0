import { describe, expect, it } from 'vitest';
import { connectedStore, settle } from './test-store';

describe('workspaces', () => {
  it('creates a workspace, opens it on the Data section and remembers it', async () => {
    const { store } = await connectedStore();
    store.getState().selectSection('models');
    await store.getState().createWorkspace('/w/churn', '  Churn model ');
    const state = store.getState();
    expect(state.workspace).toMatchObject({ path: '/w/churn', name: 'Churn model' });
    expect(state.section).toBe('data');
    expect(state.recent.map((r) => r.path)).toEqual(['/w/churn']);
    expect(state.workspacePending).toBeNull();
  });

  it('names the workspace after its folder when no name is given', async () => {
    const { store } = await connectedStore();
    await store.getState().createWorkspace('/w/fraud', '   ');
    expect(store.getState().workspace?.name).toBe('fraud');
  });

  it('shows why a folder cannot be opened, with the hint, beside the open form', async () => {
    const { store } = await connectedStore();
    await store.getState().openWorkspace('/tmp/photos');
    const state = store.getState();
    expect(state.workspace).toBeNull();
    expect(state.workspaceError).toMatchObject({
      form: 'open',
      code: 'not_a_workspace',
      message: '/tmp/photos is not a Lode workspace (it has no lode.yaml).',
      hint: 'Choose a workspace folder, or create one with `lode init /tmp/photos`.',
    });
  });

  it('keeps a failed recent entry apart from the open form', async () => {
    const { store } = await connectedStore();
    await store.getState().openWorkspace('/w/gone', 'recent');
    expect(store.getState().workspaceError).toMatchObject({ form: 'recent', path: '/w/gone' });
  });

  it('rejects creating over an existing workspace', async () => {
    const { store } = await connectedStore((host) => host.folders.add('/w/churn'));
    await store.getState().createWorkspace('/w/churn');
    expect(store.getState().workspaceError).toMatchObject({ form: 'create', code: 'already_exists' });
  });

  it('clears the error on the next attempt and opens an existing workspace', async () => {
    const { store } = await connectedStore((host) => host.folders.add('/w/churn'));
    await store.getState().openWorkspace('/w/nope');
    await store.getState().openWorkspace('/w/churn');
    expect(store.getState().workspaceError).toBeNull();
    expect(store.getState().workspace?.path).toBe('/w/churn');
  });

  it('closes the workspace and drops its jobs', async () => {
    const { store } = await connectedStore();
    await store.getState().createWorkspace('/w/churn');
    await store.getState().startSelfTest();
    await store.getState().closeWorkspace();
    expect(store.getState().workspace).toBeNull();
    expect(store.getState().jobs).toEqual([]);
    expect(store.getState().jobsPanelOpen).toBe(false);
  });

  it('follows a workspace opened by another client of the same host', async () => {
    const { store, host } = await connectedStore((h) => h.folders.add('/w/shared'));
    await host.services.workspace.open({ path: '/w/shared' }, { transport: 'in-process' });
    await settle();
    expect(store.getState().workspace?.path).toBe('/w/shared');
  });
});
