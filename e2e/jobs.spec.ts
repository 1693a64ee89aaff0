import { join } from 'node:path';
import { expect, test } from './fixtures';
import { initWorkspace } from './host';
import { LodeApp } from './pages/app';
import { JobsPanel } from './pages/jobs-panel';

test('the jobs panel opens from the status bar and with Ctrl+J', async ({ app, page, tempDir }) => {
  await app.welcome.createWorkspace(join(tempDir, 'panel'));
  await app.expectWorkspaceOpen(true);

  await app.workbench.jobsToggle.click();
  await expect(app.jobs.root).toBeVisible();
  await expect(app.jobs.root).toContainText('No jobs yet');
  await app.jobs.toggleWithKeyboard();
  await expect(app.jobs.root).toBeHidden();
  await app.jobs.toggleWithKeyboard();
  await expect(app.jobs.root).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(app.jobs.root).toBeHidden();
});

test('the self-test job shows progress, can be cancelled, and is still cancelled after a restart', async ({
  launchHost,
  page,
  tempDir,
  lodeHome,
}) => {
  const dir = join(tempDir, 'jobs');
  initWorkspace(dir, lodeHome, 'Jobs');
  const first = await launchHost({ workspace: dir });
  const app = new LodeApp(page);
  await app.open(first);
  await app.expectWorkspaceOpen(true);

  await app.jobs.toggleWithKeyboard();
  const row = await app.jobs.startSelfTest();
  await expect(row).toHaveAttribute('data-state', 'running');
  await expect(row).toContainText('Self-test');
  await expect(page.getByTestId('running-count')).toHaveText('1 running');

  // The bar advances with the job's progress events.
  await expect.poll(() => JobsPanel.progressValue(row)).toBeGreaterThan(0);
  const seen = await JobsPanel.progressValue(row);
  await expect.poll(() => JobsPanel.progressValue(row)).toBeGreaterThan(seen);
  await expect(row.getByTestId('job-message')).toHaveText(/^step \d+ of 40$/);

  await row.getByTestId('job-cancel').click();
  await expect(row).toHaveAttribute('data-state', 'cancelled');
  await expect(row.getByTestId('job-state')).toHaveText('Cancelled');
  await expect(row.getByTestId('job-cancel')).toHaveCount(0);
  expect(await JobsPanel.progressValue(row)).toBeLessThan(100);
  await expect(page.getByTestId('running-count')).toHaveCount(0);
  const jobId = await row.getAttribute('data-job-id');
  expect(jobId).toBeTruthy();

  await first.stop();
  await expect(page.getByTestId('not-connected')).toContainText('connection to the Lode host was lost');

  const second = await launchHost({ workspace: dir });
  await app.open(second);
  await app.expectWorkspaceOpen(true);
  await app.workbench.jobsToggle.click();
  const listed = app.jobs.row(jobId ?? '');
  await expect(listed).toHaveAttribute('data-state', 'cancelled');
  await expect(listed).toContainText('Self-test');
});
