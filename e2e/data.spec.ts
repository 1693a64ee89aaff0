import { join } from 'node:path';
import { expect, test } from './fixtures';
import { initWorkspace, repoRoot } from './host';
import { LodeApp } from './pages/app';
import { DataPage } from './pages/data';

const bankFile = join(repoRoot, '..', 'shared', 'datasets', 'uci_bank_marketing', 'bank-additional-full.csv');

test('bank marketing: import with its ; delimiter, browse, profile, query and diff two snapshots', async ({
  launchHost,
  page,
  tempDir,
  lodeHome,
}) => {
  test.setTimeout(180_000);
  const dir = join(tempDir, 'bank');
  initWorkspace(dir, lodeHome, 'Bank');
  const app = new LodeApp(page);
  await app.open(await launchHost({ workspace: dir }));
  const data = new DataPage(page);
  await expect(data.root).toContainText('No tables yet');

  // Import: the preview shows what DuckDB detected and the rows as it reads them.
  await data.importButton.click();
  const dialog = data.importDialog;
  await dialog.path.fill(bankFile);
  await expect(dialog.detected('delimiter')).toHaveAttribute('data-value', ';');
  await expect(dialog.detected('header')).toHaveAttribute('data-value', 'yes');
  await expect(dialog.previewCells().first()).toHaveText('56');
  await expect(dialog.name).toHaveValue('bank_additional_full');
  await dialog.name.fill('Bank');
  await expect(dialog.root.getByTestId('import-name-rule')).toContainText('no capitals');
  await dialog.name.fill('bank');
  await dialog.submit.click();
  await expect(dialog.root).toBeHidden();
  await expect(data.importResult).toContainText('41,188');
  await expect(data.table('ods.bank')).toHaveAttribute('aria-current', 'true');
  await expect(data.table('ods.bank').getByTestId('table-rows')).toHaveText('41,188');

  // Browse: pages arrive as the grid scrolls; sort and filter run in DuckDB.
  await expect(data.browseTotal).toHaveText('41,188 rows');
  const grid = data.browseGrid;
  expect(await grid.loadedText(0, 0)).toBe('56');
  await grid.scrollToRow(30_000);
  expect(Number(await grid.loadedText(30_005, 0))).toBeGreaterThan(16);
  await grid.header('age').click();
  await expect(grid.header('age').locator('..')).toHaveAttribute('aria-sort', 'ascending');
  await expect(grid.cell(0, 0)).toHaveText('17');
  await grid.header('age').click();
  await expect(grid.cell(0, 0)).toHaveText('98');
  await grid.filter('job').fill('=admin.');
  await grid.filter('job').press('Enter');
  await expect(data.browseTotal).toHaveText('10,422 rows matching 1 filter');
  await expect(grid.cell(0, 1)).toHaveText('admin.');
  await grid.cell(0, 1).click();
  await expect(grid.status.getByTestId('grid-selected-value')).toHaveText('admin.');

  // Profile: y is a yes/no target.
  await data.tab('profile').click();
  await data.profile.getByTestId('profile-run').click();
  await expect(data.profile.getByTestId('profile-summary')).toContainText('41,188');
  await expect(data.profileRow('y').getByTestId('profile-distinct')).toHaveText(/^≈?2$/);

  // SQL console: a result in the grid, then an error marked where DuckDB reports it.
  await data.tab('sql').click();
  await data.sql.runQuery('SELECT y, count(*) AS n FROM ods.bank GROUP BY y ORDER BY n DESC');
  await expect(data.sql.rowCount).toHaveText('2');
  await expect(data.sql.grid.cell(0, 1)).toHaveText('36548');
  await data.sql.runQuery('SELECT age\nFORM ods.bank');
  await expect(data.sql.error).toContainText('syntax error at or near "ods"');
  await expect(data.sql.error).toHaveAttribute('data-line', '2');
  await expect(data.sql.error).toHaveAttribute('data-column', '6');
  await expect(data.sql.errorMarkers.first()).toBeAttached();

  // Snapshots: the table, then a filtered variant made in the console; the diff shows what changed.
  await data.tab('snapshots').click();
  await data.snapshots.create('bank', 'table');
  await expect(data.snapshots.manifest.getByTestId('manifest-rows')).toHaveText('41,188');
  await data.tab('sql').click();
  await data.sql.runQuery('CREATE TABLE dwd.bank_young AS SELECT * FROM ods.bank WHERE age < 30');
  await expect(data.table('dwd.bank_young')).toBeVisible();
  await data.table('dwd.bank_young').click();
  await data.tab('snapshots').click();
  await data.snapshots.create('bank', 'table');
  await expect(data.snapshots.manifest.getByTestId('manifest-rows')).toHaveText('5,669');
  await expect(data.snapshots.rows).toHaveCount(2);
  const ids = await Promise.all((await data.snapshots.rows.all()).map(async (row) => (await row.getAttribute('data-snapshot')) ?? ''));
  await data.snapshots.compare(ids);
  await expect(data.snapshots.diff.getByTestId('diff-rows')).toContainText('41,188 → 5,669');
  await expect(data.snapshots.diff.getByTestId('diff-rows-delta')).toHaveText('(-35,519)');
  await expect(data.snapshots.diff.getByTestId('diff-schema')).toHaveText('Unchanged');
});
