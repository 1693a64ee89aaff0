import { join } from 'node:path';
import { expect, test } from './fixtures';
import { initWorkspace, runSql } from './host';
import { LodeApp } from './pages/app';
import { DataPage } from './pages/data';
import { ROW_HEIGHT } from './pages/grid';

test('a 10M-row table scrolls to its last row, moves by true pixels with the wheel, and copies a cell', async ({
  launchHost,
  page,
  context,
  tempDir,
  lodeHome,
}) => {
  test.setTimeout(120_000);
  const dir = join(tempDir, 'large');
  initWorkspace(dir, lodeHome, 'Large');
  runSql(dir, lodeHome, "CREATE TABLE ods.events AS SELECT range AS id, 'event ' || range AS label FROM range(10000000)");
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new LodeApp(page);
  await app.open(await launchHost({ workspace: dir }));
  const data = new DataPage(page);
  await data.table('ods.events').click();
  await expect(data.browseTotal).toHaveText('10,000,000 rows');
  const grid = data.browseGrid;
  expect(await grid.loadedText(0, 1)).toBe('event 0');

  // Past the browser's height limit the scrollbar is scaled; its end is still the last row.
  await grid.scroll.evaluate((el: { scrollTop: number; scrollHeight: number }) => (el.scrollTop = el.scrollHeight));
  expect(await grid.loadedText(9_999_999, 0)).toBe('9999999');

  // The wheel moves row by row, not by the scale factor.
  await grid.scroll.evaluate((el: { scrollTop: number; scrollHeight: number }) => (el.scrollTop = el.scrollHeight / 2));
  const topRow = async () => {
    const rows = await grid.root
      .locator('[data-testid="grid-cell"][data-col="0"]')
      .evaluateAll(
        (cells: { dataset: { row?: string }; getBoundingClientRect(): { top: number } }[], headerBottom: number) =>
          cells.filter((c) => c.getBoundingClientRect().top >= headerBottom - 1).map((c) => Number(c.dataset.row)),
        ((await grid.scroll.boundingBox())?.y ?? 0) + 74,
      );
    return Math.min(...rows);
  };
  const before = await topRow();
  expect(Math.abs(before - 5_000_000)).toBeLessThan(1_000);
  await grid.loadedText(before, 0);
  await grid.scroll.hover();
  await page.mouse.wheel(0, 5 * ROW_HEIGHT);
  await expect.poll(topRow).toBe(before + 5);

  // Keyboard: the last row with Ctrl+End, and Ctrl+C copies the selected value.
  await grid.cell(before + 5, 1).click();
  await page.keyboard.press('Control+End');
  await expect(grid.status.getByTestId('grid-selected-value')).toHaveText('event 9999999');
  await page.keyboard.press('Control+c');
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe('event 9999999');
});
