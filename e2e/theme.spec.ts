import { expect, test } from './fixtures';
import { LodeApp } from './pages/app';

/** The page background of each theme (--bg in renderer/src/styles/theme.css). */
const background = { light: 'rgb(245, 246, 248)', dark: 'rgb(20, 22, 26)' } as const;

test('the theme toggles and is remembered after a reload', async ({ app, page }) => {
  const start = (await app.theme()) === 'dark' ? 'dark' : 'light';
  const other = start === 'dark' ? 'light' : 'dark';
  await expect(page.locator('body')).toHaveCSS('background-color', background[start]);

  await app.themeToggle.click();
  await expect(app.root).toHaveAttribute('data-theme', other);
  await expect(page.locator('body')).toHaveCSS('background-color', background[other]);

  await page.reload();
  await app.waitReady();
  await expect(app.root).toHaveAttribute('data-theme', other);

  await app.themeToggle.click();
  await expect(app.root).toHaveAttribute('data-theme', start);
  await expect(page.locator('body')).toHaveCSS('background-color', background[start]);
});

for (const scheme of ['dark', 'light'] as const) {
  test(`the first theme follows the system preference (${scheme})`, async ({ browser, host }) => {
    const context = await browser.newContext({ colorScheme: scheme });
    try {
      const app = new LodeApp(await context.newPage());
      await app.open(host);
      await expect(app.root).toHaveAttribute('data-theme', scheme);
    } finally {
      await context.close();
    }
  });
}
