import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { RecentWorkspace } from '../../shared/services/workspace';
import type { HostProcess } from './host-client';

async function report(window: BrowserWindow | null, result: Awaited<ReturnType<HostProcess['call']>>): Promise<void> {
  if (result.ok || !window) return;
  await dialog.showMessageBox(window, { type: 'error', message: result.error.message, detail: result.error.hint ?? '' });
}

/** File menu with New/Open/Recent/Close workspace, plus the standard Edit, View and Window menus. */
export async function buildMenu(host: HostProcess, getWindow: () => BrowserWindow | null): Promise<void> {
  const recentResult = await host.call('workspace', 'recent', {});
  const recent = recentResult.ok ? (recentResult.value as { workspaces: RecentWorkspace[] }).workspaces : [];
  const rebuild = () => void buildMenu(host, getWindow);

  const pickFolder = async (title: string, create: boolean): Promise<string | null> => {
    const properties: ('openDirectory' | 'createDirectory' | 'promptToCreate')[] = create
      ? ['openDirectory', 'createDirectory', 'promptToCreate']
      : ['openDirectory'];
    const window = getWindow();
    const picked = window ? await dialog.showOpenDialog(window, { title, properties }) : await dialog.showOpenDialog({ title, properties });
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  };

  const openWorkspace = async (path: string, create: boolean) => {
    await report(getWindow(), await host.call('workspace', create ? 'create' : 'open', { path }));
    rebuild();
  };
  const pickAndOpen = async (create: boolean) => {
    const path = await pickFolder(create ? 'Choose a new or empty folder for the workspace' : 'Open a Lode workspace', create);
    if (path) await openWorkspace(path, create);
  };
  const closeWorkspace = async () => {
    await host.call('workspace', 'close', {});
    rebuild();
  };

  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        {
          label: 'New Workspace…',
          accelerator: 'CmdOrCtrl+Shift+N',
          click: () => void pickAndOpen(true),
        },
        {
          label: 'Open Workspace…',
          accelerator: 'CmdOrCtrl+O',
          click: () => void pickAndOpen(false),
        },
        {
          label: 'Open Recent',
          submenu:
            recent.length === 0
              ? [{ label: 'No recent workspaces', enabled: false }]
              : recent.map((w) => ({ label: `${w.name} — ${w.path}`, enabled: w.exists, click: () => void openWorkspace(w.path, false) })),
        },
        {
          label: 'Close Workspace',
          click: () => void closeWorkspace(),
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
