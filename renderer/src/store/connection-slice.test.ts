import { describe, expect, it } from 'vitest';
import { LodeError } from '../../../shared/errors';
import { createLodeStore } from '.';
import { connectedStore, MemoryStorage } from './test-store';

describe('connecting to the host', () => {
  it('is ready once host info, the open workspace and the recent list are loaded', async () => {
    const { store } = await connectedStore((host) => {
      host.folders.add('/w/churn');
      host.open = { path: '/w/churn', name: 'churn', format: 1, schemaVersion: 1, createdAt: '2025-01-01T00:00:00Z' };
      host.recent = [{ path: '/w/old', name: 'old', openedAt: '2024-12-01T00:00:00Z', exists: false }];
    });
    const state = store.getState();
    expect(state.ready).toBe(true);
    expect(state.connectionStatus).toBe('connected');
    expect(state.transport).toBe('websocket');
    expect(state.hostInfo?.version).toBe('0.1.0');
    expect(state.workspace?.name).toBe('churn');
    expect(state.recent.map((r) => [r.name, r.exists])).toEqual([['old', false]]);
  });

  it('reports a refused connection with what to do, and is not ready', async () => {
    const store = createLodeStore({
      connect: () => Promise.reject(new LodeError('unauthorized', 'the connection was refused.', { hint: 'Open the printed URL.' })),
      storage: new MemoryStorage(),
      prefersDark: false,
    });
    await store.getState().connect();
    expect(store.getState()).toMatchObject({
      ready: false,
      connectionStatus: 'failed',
      connectionError: { code: 'unauthorized', hint: 'Open the printed URL.' },
    });
  });

  it('notices when the host goes away', async () => {
    const { store, host } = await connectedStore();
    for (const listener of host.closeListeners) listener();
    expect(store.getState().connectionStatus).toBe('disconnected');
  });

  it('resets to the initial state', async () => {
    const { store } = await connectedStore();
    store.setState(store.getInitialState(), true);
    expect(store.getState().ready).toBe(false);
    expect(store.getState().client).toBeNull();
  });
});
