import { join } from 'node:path';
import { expect, test } from './fixtures';
import { sectionNames } from './pages/workbench';

const emptyStates = {
  data: 'Import CSV, Parquet or JSON files into layered tables (ods, dwd, dws, ads), profile them, query them in SQL and freeze snapshots.',
  features: 'Define features as YAML templates that compile to SQL',
  training: 'Train gradient-boosted trees, linear models or neural networks on a snapshot',
  experiments: 'Compare runs side by side',
  models: 'Register runs as model versions',
  pipelines: 'Chain imports, snapshots, feature builds and training into pipelines',
} as const;

test.beforeEach(async ({ app, tempDir }) => {
  await app.welcome.createWorkspace(join(tempDir, 'nav'));
  await app.expectWorkspaceOpen(true);
});

test('every section opens from the navigation and says what it will hold', async ({ app }) => {
  for (const name of sectionNames) {
    await app.workbench.nav(name).click();
    const section = app.workbench.section(name);
    await expect(section).toBeVisible();
    await expect(section).toContainText(emptyStates[name]);
    await expect(app.workbench.nav(name)).toHaveAttribute('aria-current', 'page');
  }
});

test('Ctrl+1..6 switch sections in navigation order', async ({ app }) => {
  for (const name of [...sectionNames].reverse()) {
    await app.workbench.shortcutTo(name);
    await expect(app.workbench.section(name)).toBeVisible();
    await expect(app.workbench.section(name)).toContainText(emptyStates[name]);
  }
});

test('each navigation entry names its shortcut', async ({ app }) => {
  for (const [i, name] of sectionNames.entries()) {
    await expect(app.workbench.nav(name)).toHaveAttribute('title', new RegExp(`\\(Ctrl\\+${i + 1}\\)$`));
  }
});
