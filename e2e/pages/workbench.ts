import type { Locator, Page } from '@playwright/test';

export const sectionNames = ['data', 'features', 'training', 'experiments', 'models', 'pipelines'] as const;
export type SectionName = (typeof sectionNames)[number];

/** The open workspace: header, navigation, the current section and the status bar. */
export class Workbench {
  readonly workspaceName: Locator;
  readonly closeButton: Locator;
  readonly statusBar: Locator;
  readonly jobsToggle: Locator;

  constructor(private readonly page: Page) {
    this.workspaceName = page.getByTestId('workspace-name');
    this.closeButton = page.getByTestId('close-workspace');
    this.statusBar = page.getByRole('contentinfo', { name: 'Status' });
    this.jobsToggle = page.getByTestId('jobs-toggle');
  }

  nav(section: SectionName): Locator {
    return this.page.getByTestId(`nav-${section}`);
  }

  section(section: SectionName): Locator {
    return this.page.getByTestId(`section-${section}`);
  }

  /** Ctrl+1..6 switch sections in navigation order. */
  async shortcutTo(section: SectionName): Promise<void> {
    await this.page.keyboard.press(`Control+${sectionNames.indexOf(section) + 1}`);
  }
}
