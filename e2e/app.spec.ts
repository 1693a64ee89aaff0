import { expect, test } from './fixtures';

test('the app starts on the welcome screen, connected over the WebSocket', async ({ app, page }) => {
  await app.expectWorkspaceOpen(false);
  await expect(app.welcome.root).toBeVisible();
  await expect(page.getByTestId('status-connection')).toHaveText(/Connected · WebSocket/);
  await expect(page.getByTestId('status-version')).toHaveText(/^Lode \d+\.\d+\.\d+/);
  await expect(app.welcome.recent).toHaveCount(0);
  await expect(page).toHaveTitle('Lode');
});

test('the keyboard shortcuts are listed with ?', async ({ app, page }) => {
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcuts-help');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Ctrl+1');
  await expect(help).toContainText('Go to Pipelines');
  await expect(help).toContainText('Ctrl+J');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(app.welcome.root).toBeVisible();
});
