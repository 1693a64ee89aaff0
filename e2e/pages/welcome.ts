import type { Locator, Page } from '@playwright/test';

/** The screen shown while no workspace is open. */
export class WelcomePage {
  readonly root: Locator;
  readonly newPath: Locator;
  readonly newName: Locator;
  readonly createButton: Locator;
  readonly openPath: Locator;
  readonly openButton: Locator;
  readonly error: Locator;
  readonly recent: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('welcome');
    this.newPath = page.getByTestId('new-workspace-path');
    this.newName = page.getByTestId('new-workspace-name');
    this.createButton = page.getByTestId('new-workspace-submit');
    this.openPath = page.getByTestId('open-workspace-path');
    this.openButton = page.getByTestId('open-workspace-submit');
    this.error = this.root.getByTestId('error-message');
    this.recent = page.getByTestId('recent-workspace');
  }

  async createWorkspace(path: string, name?: string): Promise<void> {
    await this.newPath.fill(path);
    if (name !== undefined) await this.newName.fill(name);
    await this.createButton.click();
  }

  async openWorkspace(path: string): Promise<void> {
    await this.openPath.fill(path);
    await this.openButton.click();
  }

  recentEntry(path: string): Locator {
    return this.recent.filter({ hasText: path });
  }
}
