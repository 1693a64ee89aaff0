import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { censusWorkspace, lodeJson } from './census';
import { LodeApp } from './pages/app';
import { Workbench } from './pages/workbench';

test('two runs trained on adult compare with both ROC curves and a diff of what changed', async ({
  launchHost,
  page,
  tempDir,
  lodeHome,
}) => {
  test.setTimeout(240_000);
  const { dir, train } = censusWorkspace(tempDir, lodeHome);
  const small = train(5, 7);
  const large = train(15, 31);

  const app = new LodeApp(page);
  await app.open(await launchHost({ workspace: dir }));
  await new Workbench(page).nav('experiments').click();
  const section = page.getByTestId('section-experiments');

  // Both runs are in the table, newest first, with their metrics as columns.
  const table = section.getByTestId('runs-table');
  await expect(table).toHaveAttribute('data-row-count', '2');
  await expect(table.getByTestId('run-row')).toHaveCount(2);
  await expect(table.getByTestId('run-row').first()).toHaveAttribute('data-run-id', large);
  await expect(table.getByTestId('runs-head-metric:auc')).toBeVisible();

  // A filter that does not compile says where; a good one keeps the matching run.
  await section.getByTestId('runs-filter').fill('num_leaves > 10 and');
  await expect(section.getByTestId('runs-filter-problem')).toBeVisible();
  await section.getByTestId('runs-filter').fill('num_leaves > 10');
  await expect(section.getByTestId('runs-filter-problem')).toHaveCount(0);
  await expect(table).toHaveAttribute('data-row-count', '1');
  await expect(table.getByTestId('run-row')).toHaveAttribute('data-run-id', large);
  await section.getByTestId('runs-filter').fill('');
  await expect(table).toHaveAttribute('data-row-count', '2');

  // Select both and compare: the older run first, so the diff reads from small to large.
  await section.getByTestId(`run-select-${small}`).check();
  await section.getByTestId(`run-select-${large}`).check();
  await expect(section.getByTestId('runs-selected-count')).toHaveText('2 selected');
  await section.getByTestId('runs-compare').click();

  const compare = section.getByTestId('compare-panel');
  await expect(compare).toHaveAttribute('data-runs', `${small} ${large}`);
  const roc = compare.getByTestId('compare-roc');
  await expect(roc).toHaveAttribute('data-series-count', '2');
  await expect(roc).toHaveAttribute('data-series', `${small} ${large}`);
  await expect(roc.locator('path.recharts-line-curve')).toHaveCount(2);
  for (const path of await roc.locator('path.recharts-line-curve').all()) {
    // A drawn curve, not an empty path: many segments from (0,0) to (1,1).
    expect((await path.getAttribute('d'))?.split('L').length ?? 0).toBeGreaterThan(10);
  }
  await expect(compare.getByTestId('compare-pr')).toHaveAttribute('data-series-count', '2');
  await expect(compare.getByTestId('compare-gain')).toHaveAttribute('data-series-count', '2');

  // The diff names what changed (the parameters) and how far each metric moved.
  const diff = compare.getByTestId('run-diff');
  await expect(diff).toHaveAttribute('data-from', small);
  await expect(diff).toHaveAttribute('data-to', large);
  const params = diff.getByTestId('run-diff-params');
  await expect(params.locator('tr[data-key="num_iterations"]')).toContainText('5');
  await expect(params.locator('tr[data-key="num_iterations"] .run-diff-to')).toHaveText('15');
  await expect(params.locator('tr[data-key="num_leaves"] .run-diff-to')).toHaveText('31');
  await expect(diff.getByTestId('run-diff-data')).toHaveCount(0);
  await expect(diff).toContainText('same data');
  const aucDelta = diff.getByTestId('run-diff-metrics').locator('tr[data-key="auc"]');
  await expect(aucDelta).toHaveAttribute('data-delta', /^-?\d/);
});

test('a run gets tags and notes, groups by its tag, is deleted only after confirming, and re-runs identically', async ({
  launchHost,
  page,
  tempDir,
  lodeHome,
}) => {
  test.setTimeout(240_000);
  const { dir, train } = censusWorkspace(tempDir, lodeHome);
  const keep = train(3, 7);
  const drop = train(4, 7);

  const app = new LodeApp(page);
  await app.open(await launchHost({ workspace: dir }));
  await new Workbench(page).nav('experiments').click();
  const section = page.getByTestId('section-experiments');
  const table = section.getByTestId('runs-table');
  await expect(table).toHaveAttribute('data-row-count', '2');

  // Tags and notes are edited in the run's panel and survive a reload from the host.
  await table.locator(`[data-run-id="${keep}"]`).click();
  const detail = section.getByTestId('run-detail');
  await expect(detail).toHaveAttribute('data-run-id', keep);
  await expect(detail.getByTestId('run-lineage')).toContainText('adult@');
  await detail.getByTestId('run-tags').fill('baseline, shallow');
  await detail.getByTestId('run-notes').fill('First try with 3 rounds.');
  await detail.getByTestId('run-save').click();
  await expect(detail.getByTestId('run-save')).toBeDisabled();
  await section.getByTestId('runs-reload').click();
  await table.locator(`[data-run-id="${drop}"]`).click();
  await table.locator(`[data-run-id="${keep}"]`).click();
  await expect(detail.getByTestId('run-tags')).toHaveValue('baseline, shallow');
  await expect(detail.getByTestId('run-notes')).toHaveValue('First try with 3 rounds.');

  // Grouped by tag: the run is under each of its tags; the other run has none.
  await section.getByTestId('runs-group-by').selectOption('tag');
  await expect(table.getByTestId('runs-group')).toHaveCount(3);
  await expect(table.locator('[data-group="baseline"]')).toContainText('1 run');
  await expect(table.getByTestId('run-row')).toHaveCount(3);
  await section.getByTestId('runs-group-by').selectOption('none');

  // Deleting asks first; cancelling keeps the run, confirming removes it from the table.
  await table.locator(`[data-run-id="${drop}"]`).click();
  await expect(detail).toHaveAttribute('data-run-id', drop);
  await detail.getByTestId('run-delete').click();
  await detail.getByTestId('runs-delete-no').click();
  await expect(table).toHaveAttribute('data-row-count', '2');
  await detail.getByTestId('run-delete').click();
  await expect(detail.getByTestId('runs-delete-confirm')).toContainText(drop);
  await detail.getByTestId('runs-delete-yes').click();
  await expect(table).toHaveAttribute('data-row-count', '1');
  await expect(table.getByTestId('run-row')).toHaveAttribute('data-run-id', keep);
  await expect(section.getByTestId('run-detail')).toHaveCount(0);

  // Re-run trains again from the same snapshot and parameters; with a fixed seed it is identical.
  await table.locator(`[data-run-id="${keep}"]`).click();
  await detail.getByTestId('run-rerun').click();
  const reproduction = detail.getByTestId('run-reproduction');
  await expect(reproduction).toHaveAttribute('data-identical', 'true', { timeout: 120_000 });
  await expect(reproduction).toContainText('Reproduced exactly');
  await expect(table).toHaveAttribute('data-row-count', '2');
});

test('a search shows each parameter against AUC and its trials in parallel coordinates', async ({
  launchHost,
  page,
  tempDir,
  lodeHome,
}) => {
  test.setTimeout(240_000);
  const { dir, snapshot } = censusWorkspace(tempDir, lodeHome);
  const space = join(tempDir, 'space.yaml');
  await writeFile(
    space,
    ['gbdt:', '  num_iterations: 5', '  learning_rate: {float: [0.02, 0.3], log: true}', '  num_leaves: {int: [4, 64]}', ''].join('\n'),
  );
  const search = lodeJson(dir, lodeHome, [
    'search',
    '--data',
    snapshot,
    '--label',
    'income',
    '--positive',
    '>50K',
    '--space',
    space,
    '--trials',
    '4',
    '--parallel',
    '2',
    '--strategy',
    'random',
    // Which trial median pruning stops depends on which ends first; every trial must finish here.
    '--no-pruning',
  ]) as { id: string };

  const app = new LodeApp(page);
  await app.open(await launchHost({ workspace: dir }));
  await new Workbench(page).nav('experiments').click();
  const section = page.getByTestId('section-experiments');
  const table = section.getByTestId('runs-table');
  await expect(table).toHaveAttribute('data-row-count', '4');

  // Grouped by search, the group opens the search's charts.
  await section.getByTestId('runs-group-by').selectOption('search');
  await expect(table.locator(`[data-group="${search.id}"]`)).toContainText('4 runs');
  await table.locator(`[data-group="${search.id}"]`).getByTestId('runs-open-search').click();
  const panel = section.getByTestId('search-panel');
  await expect(panel.getByTestId('search-pick')).toHaveValue(search.id);
  await expect(panel.getByTestId('search-summary')).toContainText('4 trials');
  // The fixed num_iterations is no dimension; the two searched parameters and the metric are.
  const parallel = panel.getByTestId('search-parallel');
  await expect(parallel).toHaveAttribute('data-axes', 'learning_rate num_leaves auc');
  await expect(parallel).toHaveAttribute('data-lines', '4');
  await expect(parallel.locator('polyline.parallel-line')).toHaveCount(4);
  await expect(panel.getByTestId('search-scatter')).toHaveAttribute('data-points', '4');
  await expect(panel.getByTestId('search-scatter').locator('.recharts-scatter-symbol')).toHaveCount(4);
});
