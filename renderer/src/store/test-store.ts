import { createLodeStore, type LodeStore } from '.';
import type { ThemeStorage } from './theme-slice';
import { FakeHost } from './fake-host';

export class MemoryStorage implements ThemeStorage {
  readonly values = new Map<string, string>();
  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }
}

/** A store wired to a fresh in-memory host, connected and ready. */
export async function connectedStore(setup?: (host: FakeHost) => void): Promise<{ store: LodeStore; host: FakeHost }> {
  const host = new FakeHost();
  setup?.(host);
  const store = createLodeStore({ connect: async () => host.connection(), storage: new MemoryStorage(), prefersDark: false });
  await store.getState().connect();
  return { store, host };
}

/** Lets promise callbacks queued by events run. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
