import type { SectionId } from './sections';
import type { SliceCreator } from './types';

export interface NavigationSlice {
  section: SectionId;
  shortcutsOpen: boolean;
  selectSection: (section: SectionId) => void;
  toggleShortcuts: (open?: boolean) => void;
}

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set, get) => ({
  section: 'data',
  shortcutsOpen: false,
  selectSection: (section) => set({ section }),
  toggleShortcuts: (open) => set({ shortcutsOpen: open ?? !get().shortcutsOpen }),
});
