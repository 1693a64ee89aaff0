import type { Locator, Page } from '@playwright/test';
import { GridPage } from './grid';

/** The Features section: template list, editor, results, build bar and registry. */
export class FeaturesPage {
  readonly root: Locator;
  readonly editor: Locator;
  readonly errorMarkers: Locator;
  readonly status: Locator;
  readonly name: Locator;
  readonly save: Locator;
  readonly saved: Locator;
  readonly preview: Locator;
  readonly previewSummary: Locator;
  readonly grid: GridPage;
  readonly sql: Locator;
  readonly stats: Locator;
  readonly buildSnapshot: Locator;
  readonly build: Locator;
  readonly buildResult: Locator;
  readonly registrySearch: Locator;
  readonly error: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('section-features');
    this.editor = this.root.getByTestId('template-editor');
    this.errorMarkers = this.editor.locator('.squiggly-error');
    this.status = this.root.getByTestId('template-status');
    this.name = this.root.getByTestId('template-name');
    this.save = this.root.getByTestId('template-save');
    this.saved = this.root.getByTestId('template-saved');
    this.preview = this.root.getByTestId('template-preview');
    this.previewSummary = this.root.getByTestId('preview-summary');
    this.grid = new GridPage(this.root.getByTestId('features-grid'));
    this.sql = this.root.getByTestId('features-sql');
    this.stats = this.root.getByTestId('features-stats');
    this.buildSnapshot = this.root.getByTestId('build-snapshot');
    this.build = this.root.getByTestId('build-start');
    this.buildResult = this.root.getByTestId('build-result');
    this.registrySearch = this.root.getByTestId('registry-search');
    this.error = this.root.getByTestId('error-message');
  }

  pane(id: 'sql' | 'preview' | 'stats'): Locator {
    return this.root.getByTestId(`features-pane-${id}`);
  }

  template(name: string): Locator {
    return this.root.getByTestId(`template-${name}`);
  }

  registered(id: string): Locator {
    return this.root.getByTestId(`registry-${id}`);
  }

  /** Replaces the editor's text, as a paste would. */
  async setText(text: string): Promise<void> {
    await this.editor.locator('.view-lines').click();
    await this.page.keyboard.press('Control+a');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }
}

/** The detail panel of a registered feature, opened from the registry list. */
export class FeatureDetailPanel {
  readonly root: Locator;
  readonly version: Locator;
  readonly fields: Locator;
  readonly versions: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('feature-detail');
    this.version = this.root.getByTestId('feature-detail-version');
    this.fields = this.root.getByTestId('feature-detail-fields');
    this.versions = this.root.getByTestId('feature-versions').locator(':scope > li');
  }

  versionItem(version: number): Locator {
    return this.root.getByTestId(`feature-version-${version}`);
  }

  snapshots(version: number): Locator {
    return this.root.getByTestId(`feature-version-${version}-snapshots`);
  }

  runs(version: number): Locator {
    return this.root.getByTestId(`feature-version-${version}-runs`);
  }
}
