import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { initWorkspace, repoRoot, runSql } from './host';
import { LodeApp } from './pages/app';
import { Workbench } from './pages/workbench';
import { adultColumns, dataset } from '../main/testing/datasets';

const ADULT = dataset('uci_adult/adult.data');

/** `lode snapshot create` before the host opens the workspace, as a setup script would; returns the id. */
function snapshotTable(dir: string, lodeHome: string, name: string, table: string): string {
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'bin', 'lode.mjs'), '--workspace', dir, 'snapshot', 'create', name, '--table', table, '--json'],
    { cwd: repoRoot, env: { ...process.env, LODE_HOME: lodeHome, LODE_WORKSPACE: '' }, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`lode snapshot create failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { id: string }).id;
}

test('a GBDT trained on adult from the form draws its learning curve and shows its AUC', async ({
  launchHost,
  page,
  tempDir,
  lodeHome,
}) => {
  test.setTimeout(180_000);
  const dir = join(tempDir, 'census');
  initWorkspace(dir, lodeHome, 'Census');
  const names = `[${adultColumns('income')
    .map((c) => `'${c}'`)
    .join(', ')}]`;
  runSql(
    dir,
    lodeHome,
    `CREATE TABLE ods.adult AS SELECT * FROM read_csv('${ADULT}', delim=', ', header=false, nullstr='?', names=${names})`,
  );
  const snapshotId = snapshotTable(dir, lodeHome, 'adult', 'ods.adult');

  const app = new LodeApp(page);
  await app.open(await launchHost({ workspace: dir }));
  await new Workbench(page).nav('training').click();
  const section = page.getByTestId('section-training');
  await expect(section.getByTestId('train-runs')).toContainText('No training runs yet');

  // The snapshot is picked, its last column is the label and every other column a feature.
  await expect(section.getByTestId('train-snapshot')).toHaveValue(snapshotId);
  await expect(section.getByTestId('train-label')).toHaveValue('income');
  await expect(section.getByTestId('train-features')).toContainText('Features (14 of 14)');
  await section.getByTestId('train-feature-fnlwgt').uncheck();
  await expect(section.getByTestId('train-features')).toContainText('Features (13 of 14)');

  await section.getByTestId('train-positive').fill('>50K');
  await section.getByTestId('train-param-num_iterations').fill('20');
  await expect(section.getByTestId('train-split-kind')).toHaveValue('stratified');
  await section.getByTestId('train-start').click();

  // The learning curve of train and validation AUC, then the run's headline metrics.
  const curve = section.getByTestId('train-curve');
  await expect(curve.locator('.recharts-line').first()).toBeVisible({ timeout: 120_000 });
  const result = section.getByTestId('train-result');
  await expect(result).toContainText('succeeded', { timeout: 120_000 });
  await expect(section.getByTestId('train-progress')).toContainText(/iteration \d+ of 20/);
  await expect(curve.locator('.recharts-line')).toHaveCount(2);
  const auc = Number(await result.getByTestId('train-metric-auc').locator('dd').textContent());
  expect(auc).toBeGreaterThan(0.85);
  await expect(result.locator('details pre')).toContainText('"num_iterations": 20');
  await expect(section.getByTestId('train-runs').locator('[data-testid^="train-run-"]')).toHaveCount(1);
});
