import { describe, expect, it } from 'vitest';
import { connectedStore } from '../store/test-store';
import { runShortcut, shortcutFor, shortcutHelp, type KeyPress } from './shortcuts';

const press = (key: string, change: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  inTextField: false,
  ...change,
});

describe('keyboard shortcuts', () => {
  it('maps Ctrl or Cmd with 1..6 to the sections in navigation order', () => {
    expect(shortcutFor(press('1', { ctrlKey: true }))).toEqual({ kind: 'section', section: 'data' });
    expect(shortcutFor(press('6', { metaKey: true }))).toEqual({ kind: 'section', section: 'pipelines' });
    expect(shortcutFor(press('7', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press('1'))).toBeNull();
  });

  it('toggles jobs with Ctrl+J and help with ? outside text fields', () => {
    expect(shortcutFor(press('j', { ctrlKey: true }))).toEqual({ kind: 'jobs' });
    expect(shortcutFor(press('?', { shiftKey: true }))).toEqual({ kind: 'help' });
    expect(shortcutFor(press('?', { inTextField: true }))).toBeNull();
  });

  it('switches sections only with a workspace open', async () => {
    const { store } = await connectedStore();
    expect(runShortcut({ kind: 'section', section: 'models' }, store.getState())).toBe(false);
    await store.getState().createWorkspace('/w/a');
    expect(runShortcut({ kind: 'section', section: 'models' }, store.getState())).toBe(true);
    expect(store.getState().section).toBe('models');
    runShortcut({ kind: 'jobs' }, store.getState());
    expect(store.getState().jobsPanelOpen).toBe(true);
    runShortcut({ kind: 'dismiss' }, store.getState());
    expect(store.getState().jobsPanelOpen).toBe(false);
  });

  it('lists every shortcut with the platform modifier', () => {
    const help = shortcutHelp(true);
    expect(help[0]).toEqual({ keys: '⌘+1', does: 'Go to Data' });
    expect(help.map((h) => h.keys)).toContain('⌘+J');
  });
});
