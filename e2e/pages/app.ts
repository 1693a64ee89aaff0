import { expect, type Locator, type Page } from '@playwright/test';
import type { LodeHost } from '../host';
import { JobsPanel } from './jobs-panel';
import { WelcomePage } from './welcome';
import { Workbench } from './workbench';

/** The whole app: readiness, theme and the pieces shown in each state. */
export class LodeApp {
  readonly root: Locator;
  readonly welcome: WelcomePage;
  readonly workbench: Workbench;
  readonly jobs: JobsPanel;
  readonly themeToggle: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('html');
    this.welcome = new WelcomePage(page);
    this.workbench = new Workbench(page);
    this.jobs = new JobsPanel(page);
    this.themeToggle = page.getByTestId('theme-toggle');
  }

  /** Opens the tokened URL (which sets the cookie and redirects to `/`) and waits until ready. */
  async open(host: LodeHost): Promise<void> {
    await this.page.goto(host.url);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-app-ready', 'true');
  }

  async expectWorkspaceOpen(open: boolean): Promise<void> {
    await expect(this.root).toHaveAttribute('data-workspace-open', String(open));
  }

  async theme(): Promise<string | null> {
    return this.root.getAttribute('data-theme');
  }
}
