import type { LodeState } from '../store';
import { sectionIds, sections, type SectionId } from '../store/sections';

/** The parts of a KeyboardEvent the shortcuts look at, so they can be tested without a DOM. */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  /** True when focus is in a text field, where plain keys are typing, not commands. */
  readonly inTextField: boolean;
}

export type ShortcutAction =
  | { readonly kind: 'section'; readonly section: SectionId }
  | { readonly kind: 'jobs' }
  | { readonly kind: 'help' }
  | { readonly kind: 'dismiss' };

export interface ShortcutHelp {
  readonly keys: string;
  readonly does: string;
}

export function modKeyLabel(isMac: boolean): string {
  return isMac ? '⌘' : 'Ctrl';
}

/** The list shown in the shortcuts help and in title attributes. */
export function shortcutHelp(isMac: boolean): ShortcutHelp[] {
  const mod = modKeyLabel(isMac);
  return [
    ...sections.map((s, i) => ({ keys: `${mod}+${i + 1}`, does: `Go to ${s.label}` })),
    { keys: `${mod}+J`, does: 'Show or hide jobs' },
    { keys: '?', does: 'Show or hide this list' },
    { keys: 'Esc', does: 'Close panels and this list' },
  ];
}

/** Maps a key press to what it does, or null when it is not a shortcut. */
export function shortcutFor(press: KeyPress): ShortcutAction | null {
  const mod = press.ctrlKey || press.metaKey;
  if (mod && !press.altKey && !press.shiftKey) {
    const index = Number(press.key) - 1;
    const section = Number.isInteger(index) ? sectionIds[index] : undefined;
    if (section) return { kind: 'section', section };
    if (press.key.toLowerCase() === 'j') return { kind: 'jobs' };
    return null;
  }
  if (press.key === 'Escape') return { kind: 'dismiss' };
  if (!mod && !press.altKey && press.key === '?' && !press.inTextField) return { kind: 'help' };
  return null;
}

/** Runs a shortcut against the store; returns false when it does not apply in the current state. */
export function runShortcut(action: ShortcutAction, state: LodeState): boolean {
  switch (action.kind) {
    case 'section':
      if (!state.workspace) return false;
      state.selectSection(action.section);
      return true;
    case 'jobs':
      if (!state.workspace) return false;
      state.toggleJobsPanel();
      return true;
    case 'help':
      state.toggleShortcuts();
      return true;
    case 'dismiss':
      if (!state.shortcutsOpen && !state.jobsPanelOpen) return false;
      state.toggleShortcuts(false);
      state.toggleJobsPanel(false);
      return true;
  }
}
