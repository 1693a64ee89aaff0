import { expect, test } from './fixtures';
import { censusWorkspace } from './census';
import { LodeApp } from './pages/app';
import { Workbench } from './pages/workbench';

test('a GBDT trained on adult from the form draws its learning curve and shows its AUC', async ({
  launchHost,
  page,
  tempDir,
  lodeHome,
}) => {
  test.setTimeout(180_000);
  const { dir, snapshot: snapshotId } = censusWorkspace(tempDir, lodeHome);

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

  // The result page draws the validation curves and the importance from the run's artifacts.
  const charts = result.getByTestId('train-result-charts');
  await expect(charts).toHaveAttribute('data-algo', 'gbdt');
  for (const chart of ['roc', 'pr', 'gain', 'calibration']) {
    await expect(charts.getByTestId(`train-chart-${chart}`).locator('.recharts-line')).toHaveCount(1);
  }
  await expect(charts.getByTestId('train-chart-ks').locator('.recharts-line')).toHaveCount(2);
  // Ten deciles, a bar each for lift and cumulative lift (a bar of height 0 draws no rectangle).
  await expect(charts.getByTestId('train-chart-lift')).toHaveAttribute('data-groups', '10');
  await expect(charts.getByTestId('train-chart-lift').locator('.recharts-bar-rectangle').first()).toBeVisible();
  expect(await charts.getByTestId('train-chart-lift').locator('.recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(10);
  const gain = charts.getByTestId('train-chart-importance');
  await expect(gain).toContainText('Gain');
  await expect(gain).toHaveAttribute('data-features', '13');
  await expect(gain.locator('.recharts-yAxis .recharts-cartesian-axis-tick')).toHaveCount(13);
  const permutation = charts.getByTestId('train-chart-permutation');
  await expect(permutation).toContainText('drop of auc');
  await expect(permutation).toHaveAttribute('data-features', '13');
  await expect(permutation.locator('.recharts-bar-rectangle').first()).toBeVisible();
});

test('logistic regression from the form shows its coefficients, an MLP its permutation importance; an earlier run reopens with its stored learning curve', async ({
  launchHost,
  page,
  tempDir,
  lodeHome,
}) => {
  test.setTimeout(180_000);
  const { dir } = censusWorkspace(tempDir, lodeHome);

  const app = new LodeApp(page);
  await app.open(await launchHost({ workspace: dir }));
  await new Workbench(page).nav('training').click();
  const section = page.getByTestId('section-training');
  await expect(section.getByTestId('train-label')).toHaveValue('income');

  await section.getByTestId('train-algo').selectOption('linear');
  await expect(section.getByTestId('train-params')).toHaveAttribute('data-algo', 'linear');
  await section.getByTestId('train-param-penalty').selectOption('l1');
  await section.getByTestId('train-param-C').fill('0.1');
  await section.getByTestId('train-start').click();
  const result = section.getByTestId('train-result');
  await expect(result).toContainText('succeeded', { timeout: 120_000 });
  const first = (await result.locator('h2').textContent())!.split(' ')[0]!;
  const charts = result.getByTestId('train-result-charts');
  await expect(charts).toHaveAttribute('data-algo', 'linear');
  await expect(charts.getByTestId('train-chart-importance')).toContainText('Coefficients');
  await expect(charts.getByTestId('train-chart-roc').locator('.recharts-line')).toHaveCount(1);

  // A second run, a small MLP; then the first run reopens from the list with the curve stored in its folder.
  await section.getByTestId('train-algo').selectOption('mlp');
  await section.getByTestId('train-param-hidden_layers').fill('8');
  await section.getByTestId('train-param-max_epochs').fill('3');
  await section.getByTestId('train-start').click();
  await expect(result.getByTestId('train-result-charts')).toHaveAttribute('data-algo', 'mlp', { timeout: 120_000 });
  await expect(result.getByTestId('train-chart-importance')).toHaveCount(0);
  await expect(result.getByTestId('train-chart-permutation')).toHaveAttribute('data-features', '14');
  await section.getByTestId(`train-run-${first}`).click();
  await expect(result.getByTestId('train-result-charts')).toHaveAttribute('data-algo', 'linear');
  await expect(result.getByTestId('train-chart-learning').locator('.recharts-line')).toHaveCount(2);
});
