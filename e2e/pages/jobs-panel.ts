import { expect, type Locator, type Page } from '@playwright/test';

/** The jobs panel and its rows. */
export class JobsPanel {
  readonly root: Locator;
  readonly selfTestButton: Locator;
  readonly rows: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('jobs-panel');
    this.selfTestButton = this.root.getByTestId('self-test');
    this.rows = this.root.getByTestId('job-row');
  }

  /** Ctrl+J, the same as the status bar button. */
  async toggleWithKeyboard(): Promise<void> {
    await this.page.keyboard.press('Control+j');
  }

  async startSelfTest(): Promise<Locator> {
    const before = await this.rows.count();
    await this.selfTestButton.click();
    await expect(this.rows).toHaveCount(before + 1);
    // Running jobs are listed first, newest first: the new one is on top.
    const id = await this.rows.first().getAttribute('data-job-id');
    if (!id) throw new Error('the new job row has no data-job-id');
    return this.row(id);
  }

  row(jobId: string): Locator {
    return this.root.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`);
  }

  static progressOf(row: Locator): Locator {
    return row.getByRole('progressbar');
  }

  static async progressValue(row: Locator): Promise<number> {
    return Number(await JobsPanel.progressOf(row).getAttribute('aria-valuenow'));
  }
}
