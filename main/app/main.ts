// Electron main: windows, menus and the IPC relay only. The workspace lives in the host utility
// process; nothing here touches DuckDB or training.
import { app, BrowserWindow, ipcMain, net, protocol } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract/channels';
import type { ResultMessage } from '../../shared/contract/wire';
import { HostProcess } from './host-client';
import { buildMenu } from './menu';
import { APP_ORIGIN, CSP, hardenApp, isTrustedSender } from './security';

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  hardenApp();
  let window: BrowserWindow | null = null;
  const host = new HostProcess(
    (message) => window?.webContents.send(IPC_EVENT_CHANNEL, message),
    (reason) => {
      // The host restarts with no workspace open; tell the window so it shows the welcome screen.
      console.error(reason);
      window?.webContents.send(IPC_EVENT_CHANNEL, { kind: 'event', service: 'workspace', event: 'changed', payload: { workspace: null } });
    },
  );

  const rendererDir = join(__dirname, '..', 'renderer');

  const createWindow = () => {
    window = new BrowserWindow({
      width: 1400,
      height: 900,
      title: 'Lode',
      show: false,
      webPreferences: {
        preload: join(__dirname, '..', 'preload', 'index.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => (window = null));
    void window.loadURL(`${APP_ORIGIN}/index.html`);
  };

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  app.whenReady().then(
    () => {
      protocol.handle('app', async (request) => {
        const url = new URL(request.url);
        const relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
        const file = join(rendererDir, relative);
        if (url.host !== 'lode' || !file.startsWith(rendererDir + sep)) return new Response('not found', { status: 404 });
        const response = await net.fetch(pathToFileURL(file).toString());
        const headers = new Headers(response.headers);
        headers.set('Content-Security-Policy', CSP);
        headers.set('X-Content-Type-Options', 'nosniff');
        return new Response(response.body, { status: response.status, headers });
      });
      ipcMain.handle(IPC_CALL_CHANNEL, async (event, service: unknown, method: unknown, input: unknown): Promise<ResultMessage> => {
        if (!isTrustedSender(event.senderFrame) || typeof service !== 'string' || typeof method !== 'string') {
          return {
            kind: 'result',
            id: 0,
            ok: false,
            error: { code: 'unauthorized', message: 'calls are accepted only from the Lode window.' },
          };
        }
        return host.call(service, method, input);
      });
      host.start();
      void buildMenu(host, () => window);
      createWindow();
    },
    (err: unknown) => {
      console.error(err);
      app.exit(1);
    },
  );

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => host.stop());
}
