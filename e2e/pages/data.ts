import { expect, type Locator, type Page } from '@playwright/test';
import { GridPage } from './grid';

/** The import dialog. */
export class ImportDialogPage {
  readonly root: Locator;
  readonly path: Locator;
  readonly name: Locator;
  readonly layer: Locator;
  readonly submit: Locator;
  readonly preview: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('import-dialog');
    this.path = this.root.getByTestId('import-path');
    this.name = this.root.getByTestId('import-name');
    this.layer = this.root.getByTestId('import-layer');
    this.submit = this.root.getByTestId('import-submit');
    this.preview = this.root.getByTestId('import-preview');
  }

  detected(field: 'delimiter' | 'quote' | 'header' | 'nulls' | 'skip'): Locator {
    return this.root.getByTestId(`detected-${field}`);
  }

  previewCells(): Locator {
    return this.preview.getByTestId('import-cell');
  }
}

/** The SQL console: Monaco editor, run, status and results. */
export class SqlConsolePage {
  readonly root: Locator;
  readonly editor: Locator;
  readonly run: Locator;
  readonly rowCount: Locator;
  readonly error: Locator;
  readonly errorMarkers: Locator;
  readonly grid: GridPage;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('sql-console');
    this.editor = this.root.getByTestId('sql-editor');
    this.run = this.root.getByTestId('sql-run');
    this.rowCount = this.root.getByTestId('sql-row-count');
    this.error = this.root.getByTestId('sql-error');
    this.errorMarkers = this.editor.locator('.squiggly-error');
    this.grid = new GridPage(this.root.getByTestId('sql-grid'));
  }

  /** Replaces the editor's text and runs it with Ctrl+Enter. */
  async runQuery(sql: string): Promise<void> {
    await this.editor.locator('.view-lines').click();
    await this.page.keyboard.press('Control+a');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(sql);
    await this.page.keyboard.press('Control+Enter');
  }
}

/** The snapshots tab. */
export class SnapshotsPage {
  readonly root: Locator;
  readonly rows: Locator;
  readonly manifest: Locator;
  readonly diff: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('snapshots');
    this.rows = this.root.getByTestId('snapshot-row');
    this.manifest = this.root.getByTestId('snapshot-manifest');
    this.diff = this.root.getByTestId('snapshot-diff');
  }

  /** Creates a snapshot of the selected table (or of the console's query) and waits for its manifest. */
  async create(name: string, source: 'table' | 'sql'): Promise<void> {
    await this.root.getByTestId('snapshot-new').click();
    const form = this.root.getByTestId('snapshot-form');
    await form.getByTestId('snapshot-name').fill(name);
    await form.getByTestId(`snapshot-source-${source}`).check();
    await form.getByTestId('snapshot-create').click();
    await expect(form).toBeHidden();
  }

  async compare(ids: string[]): Promise<void> {
    for (const id of ids) await this.root.locator(`[data-snapshot="${id}"]`).getByTestId('snapshot-check').check();
    await this.root.getByTestId('snapshot-compare').click();
  }
}

/** The Data section: table list, tabs and what each tab holds. */
export class DataPage {
  readonly root: Locator;
  readonly importButton: Locator;
  readonly importDialog: ImportDialogPage;
  readonly importResult: Locator;
  readonly tables: Locator;
  readonly browseTotal: Locator;
  readonly browseGrid: GridPage;
  readonly profile: Locator;
  readonly sql: SqlConsolePage;
  readonly snapshots: SnapshotsPage;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('section-data');
    this.importButton = page.getByTestId('import-open');
    this.importDialog = new ImportDialogPage(page);
    this.importResult = page.getByTestId('import-result');
    this.tables = page.getByTestId('table-item');
    this.browseTotal = page.getByTestId('browse-total');
    this.browseGrid = new GridPage(page.getByTestId('browse-grid'));
    this.profile = page.getByTestId('profile');
    this.sql = new SqlConsolePage(page);
    this.snapshots = new SnapshotsPage(page);
  }

  table(key: string): Locator {
    return this.page.locator(`[data-testid="table-item"][data-table="${key}"]`);
  }

  tab(name: 'browse' | 'profile' | 'quality' | 'sql' | 'snapshots'): Locator {
    return this.page.getByTestId(`data-tab-${name}`);
  }

  profileRow(column: string): Locator {
    return this.profile.locator(`[data-testid="profile-row"][data-column="${column}"]`);
  }
}
