import { join } from 'node:path';
import { expect, test } from './fixtures';
import { initWorkspace, repoRoot } from './host';
import { LodeApp } from './pages/app';
import { DataPage } from './pages/data';

const adultFile = join(repoRoot, '..', 'shared', 'datasets', 'uci_adult', 'adult.data');

test('adult: ? read as null, a column forced to VARCHAR, and a second import asks before replacing', async ({
  launchHost,
  page,
  tempDir,
  lodeHome,
}) => {
  test.setTimeout(120_000);
  const dir = join(tempDir, 'adult');
  initWorkspace(dir, lodeHome, 'Adult');
  const app = new LodeApp(page);
  await app.open(await launchHost({ workspace: dir }));
  const data = new DataPage(page);

  await data.importButton.click();
  const dialog = data.importDialog;
  await dialog.path.fill(adultFile);
  await expect(dialog.name).toHaveValue('adult');
  // adult.data is `, `-separated; line 16 (the 15th row) has `?` as its native country.
  const country = dialog.preview.locator('tbody tr').nth(14).getByTestId('import-cell').nth(13);
  await expect(country).toHaveText(' ?');
  await dialog.root.getByTestId('import-delimiter').fill(', ');
  await expect(country).toHaveText('?');
  await dialog.root.getByTestId('import-nulls').fill('?');
  await expect(country).toHaveText('NULL');
  await expect(country).toHaveClass(/null/);

  const ageType = dialog.root.locator('[data-testid="import-type"][data-column="age"]');
  await expect(ageType).toHaveValue('BIGINT');
  await ageType.selectOption('VARCHAR');
  await expect(ageType).toHaveClass(/forced/);
  await expect(dialog.preview.getByTestId('import-cell').first()).not.toHaveClass(/num/);

  await dialog.submit.click();
  await expect(data.importResult).toContainText('32,561');
  await expect(page.getByTestId('browse-grid').locator('[data-testid="grid-header"][data-column="age"]')).toContainText('VARCHAR');

  // The same name again: the dialog asks, and replaces only when told to.
  await data.importButton.click();
  await dialog.path.fill(adultFile);
  await expect(dialog.preview).toBeVisible();
  await expect(dialog.root.getByTestId('import-name-rule')).toContainText('ods.adult exists');
  await dialog.submit.click();
  const confirm = dialog.root.getByTestId('import-replace-confirm');
  await expect(confirm).toContainText('ods.adult already exists');
  await confirm.getByTestId('import-replace').click();
  await expect(dialog.root).toBeHidden();
  await expect(data.importResult).toContainText('32,561');
  await expect(page.getByTestId('browse-grid').locator('[data-testid="grid-header"][data-column="age"]')).toContainText('BIGINT');
});
