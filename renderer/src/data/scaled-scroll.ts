/**
 * Browsers cap an element's height (Chromium near 33.5M px, Firefox near 17.9M px), so a grid of
 * 10M rows at 24 px cannot have a spacer of its true height. Past MAX_SCROLL_PX the scrollbar moves
 * through a scaled-down space: dragging it maps proportionally onto the rows, while the wheel and
 * the keyboard move by true pixels (the grid writes the scrollbar position itself), so scrolling
 * stays row by row however long the table is.
 */
export const MAX_SCROLL_PX = 8_000_000;

export class ScaledScroll {
  /** Height of all rows as if nothing were capped. */
  private virtualSize = 0;
  private viewport = 0;
  /** Where the rows are scrolled to, in true pixels. */
  virtualOffset = 0;
  /** The scrollbar's position (scrollTop). */
  actualOffset = 0;
  private written: number | null = null;

  constructor(private readonly maxPx = MAX_SCROLL_PX) {}

  get actualSize(): number {
    return Math.min(this.virtualSize, this.maxPx);
  }

  get scaled(): boolean {
    return this.virtualSize > this.maxPx;
  }

  resize(virtualSize: number, viewport: number): void {
    this.virtualSize = virtualSize;
    this.viewport = viewport;
    this.virtualOffset = this.clamp(this.virtualOffset);
  }

  toVirtual(actual: number): number {
    const actualMax = this.actualSize - this.viewport;
    if (!this.scaled || actualMax <= 0) return actual;
    return Math.round((actual / actualMax) * (this.virtualSize - this.viewport));
  }

  toActual(virtual: number): number {
    const virtualMax = this.virtualSize - this.viewport;
    if (!this.scaled || virtualMax <= 0) return virtual;
    return (virtual / virtualMax) * (this.actualSize - this.viewport);
  }

  /** A scroll event at scrollTop `actual`: our own write keeps the exact row offset, anything else maps. */
  onScroll(actual: number): number {
    this.actualOffset = actual;
    if (this.written !== null && Math.abs(actual - this.written) < 1.5) {
      this.written = null;
      return this.virtualOffset;
    }
    this.written = null;
    this.virtualOffset = this.clamp(this.toVirtual(actual));
    return this.virtualOffset;
  }

  /** Moves to a true offset; returns the scrollTop to write. */
  scrollTo(virtual: number): number {
    this.virtualOffset = this.clamp(virtual);
    this.actualOffset = this.toActual(this.virtualOffset);
    this.written = this.actualOffset;
    return this.actualOffset;
  }

  scrollBy(delta: number): number {
    return this.scrollTo(this.virtualOffset + delta);
  }

  /** Where a row that starts at true offset `start` sits inside the capped spacer. */
  place(start: number): number {
    return start - this.virtualOffset + this.actualOffset;
  }

  private clamp(virtual: number): number {
    return Math.max(0, Math.min(virtual, Math.max(0, this.virtualSize - this.viewport)));
  }
}
