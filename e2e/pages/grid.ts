import { expect, type Locator } from '@playwright/test';

/** Row height of the grid (renderer/src/components/grid/layout.ts). */
export const ROW_HEIGHT = 24;

/** A data grid: browse or SQL results. */
export class GridPage {
  readonly scroll: Locator;
  readonly status: Locator;

  constructor(readonly root: Locator) {
    this.scroll = root.getByRole('grid');
    this.status = root.getByTestId('grid-status');
  }

  cell(row: number, column: number): Locator {
    return this.root.locator(`[data-testid="grid-cell"][data-row="${row}"][data-col="${column}"]`);
  }

  header(column: string): Locator {
    return this.root.locator(`[data-testid="grid-header"][data-column="${column}"]`);
  }

  filter(column: string): Locator {
    return this.root.locator(`[data-testid="grid-filter"][data-column="${column}"]`);
  }

  /** Scrolls so that `row` is near the top, as dragging the scrollbar would. */
  async scrollToRow(row: number): Promise<void> {
    // Typed by hand: the e2e tsconfig has no DOM library.
    await this.scroll.evaluate((el: { scrollTop: number }, top: number) => (el.scrollTop = top), row * ROW_HEIGHT);
  }

  /** Waits until the cell's page has arrived and returns its text. */
  async loadedText(row: number, column: number): Promise<string> {
    const cell = this.cell(row, column);
    await expect(cell).toBeVisible();
    await expect(cell).not.toHaveClass(/pending/);
    return (await cell.textContent()) ?? '';
  }
}
