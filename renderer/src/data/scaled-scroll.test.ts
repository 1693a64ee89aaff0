import { describe, expect, it } from 'vitest';
import { ScaledScroll } from './scaled-scroll';

describe('scrolling past the browser height limit', () => {
  it('is the identity while the rows fit', () => {
    const scroll = new ScaledScroll(1000);
    scroll.resize(800, 100);
    expect(scroll.scaled).toBe(false);
    expect(scroll.onScroll(350)).toBe(350);
    expect(scroll.place(400)).toBe(400);
  });

  it('maps the scrollbar proportionally onto 10M rows, first and last row included', () => {
    const scroll = new ScaledScroll(8_000_000);
    const rows = 10_000_000;
    scroll.resize(rows * 24, 600);
    expect(scroll.scaled).toBe(true);
    expect(scroll.actualSize).toBe(8_000_000);
    expect(scroll.onScroll(0)).toBe(0);
    expect(scroll.onScroll(8_000_000 - 600)).toBe(rows * 24 - 600);
    const middle = scroll.onScroll((8_000_000 - 600) / 2);
    expect(Math.abs(middle - (rows * 24 - 600) / 2)).toBeLessThan(1);
  });

  it('moves the wheel by true pixels and keeps the exact offset when its own write comes back', () => {
    const scroll = new ScaledScroll(8_000_000);
    scroll.resize(10_000_000 * 24, 600);
    scroll.onScroll(4_000_000);
    const before = scroll.virtualOffset;
    const written = scroll.scrollBy(72);
    expect(scroll.onScroll(Math.round(written))).toBe(before + 72);
    // Rows are placed relative to the scrollbar position, so the viewport shows true offsets.
    expect(scroll.place(before + 72)).toBeCloseTo(scroll.actualOffset);
    expect(scroll.scrollBy(-1e12)).toBe(0);
  });
});
