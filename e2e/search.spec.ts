import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { initWorkspace, repoRoot, runSql } from './host';
import { LodeApp } from './pages/app';
import { Workbench } from './pages/workbench';

const ADULT = '/work/shared/datasets/uci_adult/adult.data';
const ADULT_COLUMNS =
  'age workclass fnlwgt education education_num marital_status occupation relationship race sex capital_gain capital_loss hours_per_week native_country income';

/** adult imported and snapshotted by the CLI, as a setup script would; returns the snapshot id. */
function adultWorkspace(dir: string, lodeHome: string): string {
  initWorkspace(dir, lodeHome, 'Census');
  const names = `[${ADULT_COLUMNS.split(' ')
    .map((c) => `'${c}'`)
    .join(', ')}]`;
  runSql(
    dir,
    lodeHome,
    `CREATE TABLE ods.adult AS SELECT * FROM read_csv('${ADULT}', delim=', ', header=false, nullstr='?', names=${names})`,
  );
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'bin', 'lode.mjs'), '--workspace', dir, 'snapshot', 'create', 'adult', '--table', 'ods.adult', '--json'],
    { cwd: repoRoot, env: { ...process.env, LODE_HOME: lodeHome, LODE_WORKSPACE: '' }, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`lode snapshot create failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { id: string }).id;
}

/** One line in flow style: typed text gets no auto-indent from the editor. */
const space = (iterations: number, leaves = 'num_leaves') =>
  `gbdt: {num_iterations: ${iterations}, ${leaves}: {int: [4, 64]}, learning_rate: {float: [0.02, 0.3], log: true}}\n`;

/** The Searches view of the Experiments section: the New search form and the open search. */
class SearchPage {
  readonly root: Locator;
  readonly editor: Locator;
  readonly live: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('section-experiments');
    this.editor = this.root.getByTestId('search-space-editor');
    this.live = this.root.getByTestId('search-live');
  }

  testId(id: string): Locator {
    return this.root.getByTestId(id);
  }

  /** Replaces the space's text, as a paste would. */
  async setSpace(text: string): Promise<void> {
    await this.editor.locator('.view-lines').click();
    await this.page.keyboard.press('Control+a');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }

  /** Fills the form for a random search on adult's income without pruning. */
  async fill(options: { trials: number; parallel: number }): Promise<void> {
    await expect(this.testId('search-label')).toHaveValue('income');
    await this.testId('search-positive').fill('>50K');
    await this.testId('search-strategy').selectOption('random');
    await this.testId('search-trials').fill(String(options.trials));
    await this.testId('search-parallel-trials').fill(String(options.parallel));
    // Which trial median pruning stops depends on which ends first; every trial must finish here.
    await this.testId('search-pruning').uncheck();
  }
}

test('a search is started from the form, shows its best trial live, is cancelled and resumed to the end', async ({
  launchHost,
  page,
  tempDir,
  lodeHome,
}) => {
  test.setTimeout(420_000);
  const dir = join(tempDir, 'census');
  adultWorkspace(dir, lodeHome);

  const app = new LodeApp(page);
  await app.open(await launchHost({ workspace: dir }));
  await new Workbench(page).nav('experiments').click();
  const search = new SearchPage(page);
  await search.testId('experiments-tab-search').click();
  await expect(search.testId('search-empty')).toBeVisible();
  await search.testId('search-new').click();
  await expect(search.editor.locator('.view-lines')).toBeVisible();
  // The starting space for gradient-boosted trees is a valid one; for a grid, it lists values and says how many points.
  await expect(search.testId('search-space-ok')).toContainText('parameters');
  await search.testId('search-strategy').selectOption('grid');
  await expect(search.testId('search-space-ok')).toHaveAttribute('data-grid-size', '18');
  await expect(search.testId('search-space-ok')).toContainText('grid of 18 points');

  // A typo in a parameter name: a marker where it is, the problem with its suggestion, no start.
  await search.fill({ trials: 4, parallel: 2 });
  await search.setSpace(space(5, 'num_leafs'));
  await expect(search.editor.locator('.squiggly-error')).toHaveCount(1);
  const problems = search.testId('search-space-problems');
  await expect(problems).toContainText('num_leafs');
  await expect(problems).toContainText('num_leaves');
  await expect(problems.locator('li')).toHaveAttribute('data-line', '1');
  await expect(search.testId('search-start')).toBeDisabled();

  // Fixed: no marker, and the search starts.
  await search.setSpace(space(5));
  await expect(search.testId('search-space-ok')).toBeVisible();
  await expect(search.editor.locator('.squiggly-error')).toHaveCount(0);
  await search.testId('search-start').click();

  // Live: the best so far appears as trials finish, and all four trials finish.
  await expect(search.live).toBeVisible();
  const first = await search.live.getAttribute('data-search-id');
  await expect(search.testId('search-best')).toHaveAttribute('data-value', /^0\.\d+/);
  await expect(search.testId('search-progress')).toHaveAttribute('data-done', '4');
  await expect(search.live).toHaveAttribute('data-state', 'succeeded');
  const trials = search.testId('search-trial');
  await expect(trials).toHaveCount(4);
  await expect(search.live.locator('[data-testid="search-trial"][data-state="succeeded"]')).toHaveCount(4);
  // The best is the trial with the highest AUC, marked in the table.
  const values = (await search.live.locator('[data-testid="search-trial"] td.number').allTextContents()).map(Number);
  const best = Number(await search.testId('search-best').getAttribute('data-value'));
  expect(best).toBeCloseTo(Math.max(...values), 3);
  await expect(search.live.locator('.search-trial-best')).toHaveCount(1);
  await expect(search.testId('search-parallel')).toHaveAttribute('data-lines', '4');

  // A second, longer search, cancelled while its first trial runs.
  await search.testId('search-new').click();
  await search.fill({ trials: 3, parallel: 1 });
  await search.setSpace(space(300));
  await expect(search.testId('search-space-ok')).toBeVisible();
  await search.testId('search-start').click();
  await expect(search.live).not.toHaveAttribute('data-search-id', first ?? '');
  await expect(search.live.locator('[data-testid="search-trial"][data-state="running"]')).toHaveCount(1);
  await search.testId('search-cancel').click();
  await expect(search.live).toHaveAttribute('data-state', 'cancelled');
  await expect(search.testId('search-list-item')).toHaveCount(2);

  // Resumed, it goes on live to its three trials.
  await search.testId('search-resume').click();
  await expect(search.live).toHaveAttribute('data-state', 'running');
  await expect(search.live).toHaveAttribute('data-state', 'succeeded', { timeout: 300_000 });
  await expect(search.testId('search-progress')).toHaveAttribute('data-done', '3');
  await expect(search.live.locator('[data-testid="search-trial"][data-state="succeeded"]')).toHaveCount(3);

  // The list opens the first search again.
  await search.root.locator(`[data-testid="search-list-item"][data-search-id="${first}"]`).click();
  await expect(search.live).toHaveAttribute('data-search-id', first ?? '');
  await expect(search.testId('search-trial')).toHaveCount(4);

  // The best trial's run opens in the run panel.
  const bestRun = await search.testId('search-best-run').textContent();
  await search.testId('search-best-run').click();
  await expect(search.testId('run-detail')).toHaveAttribute('data-run-id', bestRun ?? '');
});

test('a search cut short by a restart of the app resumes from the list', async ({ launchHost, page, tempDir, lodeHome }) => {
  test.setTimeout(300_000);
  const dir = join(tempDir, 'census');
  adultWorkspace(dir, lodeHome);

  const app = new LodeApp(page);
  const first = await launchHost({ workspace: dir });
  await app.open(first);
  await new Workbench(page).nav('experiments').click();
  const search = new SearchPage(page);
  await search.testId('experiments-tab-search').click();
  await search.testId('search-new').click();
  await search.fill({ trials: 2, parallel: 2 });
  await search.setSpace(space(600));
  await expect(search.testId('search-space-ok')).toBeVisible();
  await search.testId('search-start').click();
  await expect(search.live.locator('[data-testid="search-trial"][data-state="running"]')).not.toHaveCount(0);
  const searchId = await search.live.getAttribute('data-search-id');

  // The app stops while the trials run; started again, the search is listed as cut short.
  await first.stop();
  await expect(page.getByTestId('not-connected')).toContainText('connection to the Lode host was lost');
  await app.open(await launchHost({ workspace: dir }));
  await new Workbench(page).nav('experiments').click();
  await search.testId('experiments-tab-search').click();
  const item = search.root.locator(`[data-testid="search-list-item"][data-search-id="${searchId}"]`);
  await expect(item).toHaveAttribute('data-state', 'cancelled');
  await item.click();
  await expect(search.live).toHaveAttribute('data-state', 'cancelled');

  // Resumed, it runs its trials again live, to the end.
  await search.testId('search-resume').click();
  await expect(search.live).toHaveAttribute('data-state', 'running');
  await expect(search.live).toHaveAttribute('data-state', 'succeeded', { timeout: 240_000 });
  await expect(search.testId('search-progress')).toHaveAttribute('data-done', '2');
  await expect(search.live.locator('[data-testid="search-trial"][data-state="succeeded"]')).toHaveCount(2);
  await expect(search.testId('search-best')).toHaveAttribute('data-value', /^0\.\d+/);
});
