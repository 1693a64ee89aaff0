import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { syncDocument } from './app/dom-sync';
import { installShortcuts } from './app/install-shortcuts';
import { StoreContext } from './app/store-context';
import { connectToHost } from './host/connect';
import { createLodeStore } from './store';
import './styles/theme.css';
import './styles/app.css';

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const store = createLodeStore({
  connect: connectToHost,
  storage: localStorageOrNull(),
  prefersDark: window.matchMedia('(prefers-color-scheme: dark)').matches,
});

syncDocument(store, document.documentElement, document);
installShortcuts(store, window);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <StoreContext value={store}>
      <App />
    </StoreContext>
  </StrictMode>,
);

void store.getState().connect();
