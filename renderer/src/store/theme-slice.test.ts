import { describe, expect, it } from 'vitest';
import { createLodeStore } from '.';
import { THEME_KEY } from './theme-slice';
import { MemoryStorage } from './test-store';
import { FakeHost } from './fake-host';

const make = (storage: MemoryStorage, prefersDark: boolean) =>
  createLodeStore({ connect: async () => new FakeHost().connection(), storage, prefersDark });

describe('theme', () => {
  it('follows the system preference until one is chosen', () => {
    expect(make(new MemoryStorage(), true).getState().theme).toBe('dark');
    expect(make(new MemoryStorage(), false).getState().theme).toBe('light');
  });

  it('remembers the chosen theme across launches', () => {
    const storage = new MemoryStorage();
    make(storage, false).getState().toggleTheme();
    expect(storage.getItem(THEME_KEY)).toBe('dark');
    expect(make(storage, false).getState().theme).toBe('dark');
  });

  it('ignores a stored value it does not know', () => {
    const storage = new MemoryStorage();
    storage.setItem(THEME_KEY, 'sepia');
    expect(make(storage, true).getState().theme).toBe('dark');
  });
});
