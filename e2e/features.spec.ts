import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lodeJson } from './census';
import { expect, test } from './fixtures';
import { initWorkspace, repoRoot, runSql } from './host';
import { LodeApp } from './pages/app';
import { FeatureDetailPanel, FeaturesPage } from './pages/features';
import { Workbench } from './pages/workbench';

// One key a line and no line ending in a colon: typed text is auto-indented after `key:` lines.
const TEMPLATE = `name: spend
description: Spend of a user before the as-of time
entity: { keys: [user_id] }
spine: { table: ods.spine, time: as_of }
sources: { events: { table: ods.events, time: ts } }
label: { name: churned, column: churned }
features: [{ name: n_events, kind: aggregation, source: events, function: count, windows: [7d, 30d] }, { name: spent_30d, kind: aggregation, source: events, function: sum, column: amount, window: 30d }]
`;

/** `lode snapshot create` before the host opens the workspace, as a setup script would; returns the id. */
function snapshotTable(dir: string, lodeHome: string, name: string, table: string): string {
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'bin', 'lode.mjs'), '--workspace', dir, 'snapshot', 'create', name, '--table', table, '--json'],
    {
      cwd: repoRoot,
      env: { ...process.env, LODE_HOME: lodeHome, LODE_WORKSPACE: '' },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`lode snapshot create failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { id: string }).id;
}

/** Events and a spine with a churn label for 200 users, in a new workspace `shop`. */
function shopWorkspace(tempDir: string, lodeHome: string): string {
  const dir = join(tempDir, 'shop');
  initWorkspace(dir, lodeHome, 'Shop');
  // 200 users with 20 events each, one a day before 2024-03-01; a third of them churned.
  runSql(
    dir,
    lodeHome,
    `CREATE TABLE ods.events AS SELECT u AS user_id, TIMESTAMP '2024-03-01' - to_days(k::INTEGER) AS ts, (k * 13 % 50)::DOUBLE AS amount
       FROM range(1, 201) AS a(u), range(1, 21) AS b(k)`,
  );
  runSql(
    dir,
    lodeHome,
    `CREATE TABLE ods.spine AS SELECT u AS user_id, TIMESTAMP '2024-03-01' AS as_of, (u % 3 = 0)::INTEGER AS churned FROM range(1, 201) AS a(u)`,
  );
  return dir;
}

test('a template with a typo shows a marker; fixed, it previews, saves, registers and builds a training snapshot', async ({
  launchHost,
  page,
  tempDir,
  lodeHome,
}) => {
  test.setTimeout(120_000);
  const dir = shopWorkspace(tempDir, lodeHome);
  const snapshotId = snapshotTable(dir, lodeHome, 'events', 'ods.events');

  const app = new LodeApp(page);
  await app.open(await launchHost({ workspace: dir }));
  await new Workbench(page).nav('features').click();
  const features = new FeaturesPage(page);
  await expect(features.editor.locator('.view-lines')).toBeVisible();

  // Completion of table names from the workspace.
  await features.setText('spine: { table: ods.sp');
  await page.keyboard.press('Control+Space');
  await expect(features.editor.locator('.suggest-widget')).toContainText('ods.spine');
  await page.keyboard.press('Escape');

  // A clean template first, so that the markers below belong to the typo and not to the starter text.
  await features.setText(TEMPLATE);
  await expect(features.status).toContainText('logic version');

  // A typo in a column name: the compiler's marker, with its suggestion in the message.
  await features.setText(TEMPLATE.replace('column: amount', 'column: amout'));
  await expect(features.status).toHaveText('1 error');
  await expect(features.errorMarkers).toHaveCount(1);
  // F8 opens the first problem with its message.
  await page.keyboard.press('F8');
  await expect(features.editor.locator('.marker-widget')).toContainText('did you mean amount?');
  await page.keyboard.press('Escape');

  // Fixed: no marker, and the live SQL pane shows the compiled query.
  await features.setText(TEMPLATE);
  await expect(features.status).toContainText('logic version');
  await expect(features.errorMarkers).toHaveCount(0);
  await expect(features.sql).toContainText('"spent_30d"');

  // Preview: the first rows in the grid and per-feature stats.
  await features.preview.click();
  await expect(features.previewSummary).toContainText('200 rows computed');
  await expect(features.grid.header('n_events_7d')).toBeVisible();
  await expect(features.grid.cell(0, 2)).toHaveText('7');
  await expect(features.grid.cell(0, 3)).toHaveText('20');
  await features.pane('stats').click();
  await expect(features.stats).toContainText('spent_30d');

  // Save: features/spend.yaml, and its features in the registry.
  await features.save.click();
  await expect(features.saved).toContainText('features/spend.yaml');
  await expect(features.template('spend')).toBeVisible();
  await features.registrySearch.fill('spent');
  await expect(features.registered('spend.spent_30d')).toBeVisible();
  await expect(features.registered('spend.n_events_7d')).toBeHidden();

  // Build the training set from the events snapshot, as a job.
  await expect(features.buildSnapshot).toHaveValue(snapshotId);
  await features.build.click();
  await expect(features.buildResult).toContainText(/Built spend@\S+ \(200 rows\)/);
  await expect(features.registered('spend.spent_30d')).toContainText('1 snapshot');
  await expect(features.buildSnapshot).toHaveValue(snapshotId);
  const built = /Built (spend@\S+) /.exec((await features.buildResult.textContent()) ?? '')![1]!;

  // The feature's detail, from the registry list by keyboard: its fields, its one version and the training snapshot built with it.
  const registryEntry = features.registered('spend.spent_30d').getByRole('button');
  await registryEntry.focus();
  await page.keyboard.press('Enter');
  const detail = new FeatureDetailPanel(page);
  await expect(detail.root).toHaveAttribute('data-state', 'ready');
  await expect(detail.root.getByRole('heading', { name: 'spend.spent_30d' })).toBeFocused();
  await expect(detail.version).toHaveText('v1 · latest');
  await expect(detail.fields).toContainText('aggregation');
  await expect(detail.fields).toContainText('ods.events');
  await expect(detail.fields).toContainText('features/spend.yaml');
  await expect(detail.versions).toHaveCount(1);
  await expect(detail.snapshots(1)).toContainText(built);
  await expect(detail.runs(1)).toContainText('none');
  // Escape closes it and gives focus back to the registry entry.
  await page.keyboard.press('Escape');
  await expect(detail.root).toHaveCount(0);
  await expect(registryEntry).toBeFocused();
});

test('a feature’s detail lists every version with the snapshots and runs that used it; a run opens in Experiments', async ({
  launchHost,
  page,
  tempDir,
  lodeHome,
}) => {
  test.setTimeout(120_000);
  const dir = shopWorkspace(tempDir, lodeHome);
  // An extra recent event for some users (unrelated to churn), so that the features vary and a model can train.
  runSql(dir, lodeHome, `INSERT INTO ods.events SELECT u, TIMESTAMP '2024-02-28', 40 FROM range(1, 201) AS a(u) WHERE u % 5 < 3`);
  const snapshotId = snapshotTable(dir, lodeHome, 'events', 'ods.events');
  // Built and trained on from the CLI (`lode init` made features/), then the sum changed to a mean and built again: two versions.
  const template = join(dir, 'features', 'spend.yaml');
  writeFileSync(template, TEMPLATE);
  const first = lodeJson(dir, lodeHome, ['features', 'build', 'features/spend.yaml', '--snapshot', snapshotId]) as { snapshotId: string };
  const run = lodeJson(dir, lodeHome, [
    ...['train', '--data', first.snapshotId, '--label', 'churned', '--exclude', 'as_of'],
    ...['--param', 'num_iterations=5', '--param', 'min_data_in_leaf=5'],
  ]) as { id: string };
  writeFileSync(template, TEMPLATE.replace('function: sum, column: amount', 'function: avg, column: amount'));
  const second = lodeJson(dir, lodeHome, ['features', 'build', 'features/spend.yaml', '--snapshot', snapshotId, '--name', 'spend_avg']) as {
    snapshotId: string;
  };

  const app = new LodeApp(page);
  await app.open(await launchHost({ workspace: dir }));
  await new Workbench(page).nav('features').click();
  const features = new FeaturesPage(page);
  await features.registered('spend.spent_30d').getByRole('button').click();
  const detail = new FeatureDetailPanel(page);
  await expect(detail.version).toHaveText('v2 · latest');
  await expect(detail.versions).toHaveCount(2);
  await expect(detail.snapshots(2)).toContainText(second.snapshotId);
  await expect(detail.runs(2)).toContainText('none');
  await expect(detail.snapshots(1)).toContainText(first.snapshotId);
  await expect(detail.snapshots(1)).not.toContainText(second.snapshotId);
  await expect(detail.runs(1)).toContainText(run.id);
  await expect(detail.versionItem(2)).toHaveAttribute('aria-current', 'true');

  // The old version's own definition.
  await detail.versionItem(1).getByRole('button', { name: /^v1 / }).click();
  await expect(detail.version).toHaveText('v1');
  await expect(detail.versionItem(1)).toHaveAttribute('aria-current', 'true');
  await detail.root.getByText('Definition of v1').click();
  await expect(detail.root.getByTestId('feature-definition')).toContainText('"function": "sum"');

  // The run that trained on it opens in the Experiments section's run panel.
  await detail.runs(1).getByRole('button', { name: run.id }).click();
  const experiments = page.getByTestId('section-experiments');
  await expect(experiments.getByTestId('run-detail')).toHaveAttribute('data-run-id', run.id);
});
