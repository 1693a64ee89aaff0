import type { ArrowRows } from '../data/arrow-rows';

export const PAGE_ROWS = 200;
/** About 13k rows held at once; pages far from where the analyst looks are dropped first. */
export const MAX_CACHED_PAGES = 64;

export type PageMap = ReadonlyMap<number, ArrowRows>;

/** The pages holding rows first..last (inclusive). */
export function pagesFor(first: number, last: number, totalRows: number | null): number[] {
  const end = totalRows === null ? last : Math.min(last, totalRows - 1);
  if (end < first || first < 0) return first === 0 && totalRows === null ? [0] : [];
  const pages: number[] = [];
  for (let page = Math.floor(first / PAGE_ROWS); page <= Math.floor(end / PAGE_ROWS); page++) pages.push(page);
  return pages;
}

/** Adds a page, then drops the pages farthest from it while over the limit. */
export function withPage(pages: PageMap, index: number, rows: ArrowRows, max = MAX_CACHED_PAGES): Map<number, ArrowRows> {
  const next = new Map(pages);
  next.set(index, rows);
  if (next.size <= max) return next;
  const byDistance = [...next.keys()].sort((a, b) => Math.abs(b - index) - Math.abs(a - index));
  for (const page of byDistance.slice(0, next.size - max)) next.delete(page);
  return next;
}

/** The text of one cell, or undefined while its page is not loaded. */
export function cellFrom(pages: PageMap, row: number, column: number): string | null | undefined {
  const page = pages.get(Math.floor(row / PAGE_ROWS));
  if (!page) return undefined;
  return page.text(row % PAGE_ROWS, column);
}
