import type { SliceCreator } from './types';

export type Theme = 'light' | 'dark';

/** The part of `localStorage` the theme needs, so tests can pass a Map-backed one. */
export interface ThemeStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface ThemeOptions {
  readonly storage: ThemeStorage | null;
  /** The system preference (prefers-color-scheme), used until the analyst picks a theme. */
  readonly prefersDark: boolean;
}

export interface ThemeSlice {
  theme: Theme;
  setTheme: (theme: Theme) => void;
  toggleTheme: () => void;
}

export const THEME_KEY = 'lode.theme';

function storedTheme(storage: ThemeStorage | null): Theme | null {
  try {
    const value = storage?.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    // Storage can be disabled (private windows, file:// policies); the system preference stands in.
    return null;
  }
}

export function createThemeSlice({ storage, prefersDark }: ThemeOptions): SliceCreator<ThemeSlice> {
  return (set, get) => ({
    theme: storedTheme(storage) ?? (prefersDark ? 'dark' : 'light'),
    setTheme(theme) {
      set({ theme });
      try {
        storage?.setItem(THEME_KEY, theme);
      } catch (err) {
        console.warn('Lode: could not remember the theme', err);
      }
    },
    toggleTheme: () => get().setTheme(get().theme === 'dark' ? 'light' : 'dark'),
  });
}
