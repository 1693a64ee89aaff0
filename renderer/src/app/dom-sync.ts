import type { LodeState, LodeStore } from '../store';

/**
 * Mirrors app state onto <html>: the theme for CSS, and the attributes e2e tests wait on
 * (data-app-ready, data-workspace-open, data-connection) instead of sleeping.
 */
export function syncDocument(store: LodeStore, root: HTMLElement, doc: Document): () => void {
  const apply = (state: LodeState) => {
    root.dataset.theme = state.theme;
    root.style.colorScheme = state.theme;
    root.dataset.connection = state.connectionStatus;
    root.dataset.appReady = String(state.ready && state.connectionStatus === 'connected');
    root.dataset.workspaceOpen = String(state.workspace !== null);
    const title = state.workspace ? `${state.workspace.name} — Lode` : 'Lode';
    if (doc.title !== title) doc.title = title;
  };
  apply(store.getState());
  return store.subscribe(apply);
}
