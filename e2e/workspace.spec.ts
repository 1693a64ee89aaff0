import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { initWorkspace } from './host';

test('creating a workspace from the welcome screen lays out its folder and opens it', async ({ app, page, tempDir }) => {
  const dir = join(tempDir, 'churn');
  await app.welcome.createWorkspace(dir, 'Churn model');

  await app.expectWorkspaceOpen(true);
  await expect(app.workbench.workspaceName).toHaveText('Churn model');
  await expect(app.workbench.workspaceName).toHaveAttribute('title', dir);
  await expect(page.getByTestId('status-path')).toHaveText(dir);
  await expect(app.workbench.section('data')).toBeVisible();
  await expect(page).toHaveTitle('Churn model — Lode');

  expect((await stat(join(dir, 'lode.yaml'))).isFile()).toBe(true);
  expect((await stat(join(dir, 'lode.duckdb'))).isFile()).toBe(true);
  for (const folder of ['features', 'pipelines', 'snapshots', 'runs']) {
    expect((await stat(join(dir, folder))).isDirectory(), `${folder}/`).toBe(true);
  }
});

test('an existing workspace opens by path, and shows up in the recent list after closing', async ({ app, tempDir, lodeHome }) => {
  const dir = join(tempDir, 'fraud');
  initWorkspace(dir, lodeHome, 'Fraud');

  await app.welcome.openWorkspace(dir);
  await app.expectWorkspaceOpen(true);
  await expect(app.workbench.workspaceName).toHaveText('Fraud');

  await app.workbench.closeButton.click();
  await app.expectWorkspaceOpen(false);
  const entry = app.welcome.recentEntry(dir);
  await expect(entry).toBeEnabled();
  await expect(entry).toContainText('Fraud');

  await entry.click();
  await app.expectWorkspaceOpen(true);
  await expect(app.workbench.workspaceName).toHaveText('Fraud');
});

test('a folder that is not a workspace is refused with the reason and what to do', async ({ app, tempDir }) => {
  const dir = join(tempDir, 'lode-home');
  await app.welcome.openWorkspace(dir);

  await expect(app.welcome.error).toBeVisible();
  await expect(app.welcome.error).toContainText(`${dir} is not a Lode workspace`);
  await expect(app.welcome.error).toContainText('Choose a workspace folder, or create one with lode init');
  await app.expectWorkspaceOpen(false);
  await expect(app.welcome.openPath).toHaveAttribute('aria-invalid', 'true');
});

test('creating a workspace in a folder that is not empty is refused', async ({ app, tempDir }) => {
  await app.welcome.createWorkspace(tempDir);
  await expect(app.welcome.error).toContainText(`${tempDir} is not empty.`);
  await expect(app.welcome.error).toContainText('Choose a new or empty folder.');
  await app.expectWorkspaceOpen(false);
});

test('a recent workspace whose folder is gone is shown greyed out', async ({ app, page, tempDir, lodeHome }) => {
  const gone = join(tempDir, 'gone');
  initWorkspace(gone, lodeHome, 'Gone');
  await app.welcome.openWorkspace(gone);
  await app.expectWorkspaceOpen(true);
  await app.workbench.closeButton.click();
  await app.expectWorkspaceOpen(false);
  await rm(gone, { recursive: true });

  await page.reload();
  await app.waitReady();
  const entry = app.welcome.recentEntry(gone);
  await expect(entry).toHaveAttribute('data-exists', 'false');
  await expect(entry).toBeDisabled();
  await expect(entry).toContainText('Folder missing');
});
