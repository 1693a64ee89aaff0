import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useReducer, useState, type RefObject } from 'react';
import { ScaledScroll } from '../../data/scaled-scroll';
import { BLOCK_ROWS, HEADER_HEIGHT, ROW_HEIGHT } from './layout';

/**
 * The grid's vertical virtualizer: blocks of rows, and a scroll space scaled past the browser's
 * height limit (see ScaledScroll). The wheel moves by true pixels so that scrolling stays smooth.
 */
export function useScaledRows(scrollRef: RefObject<HTMLDivElement | null>, rowCount: number, headerHeight = HEADER_HEIGHT) {
  const [scroll] = useState(() => new ScaledScroll());
  const [notify] = useState(() => ({ current: null as ((offset: number, isScrolling: boolean) => void) | null }));
  // The virtualizer re-renders only when the range of blocks changes; scaled, the rows also move
  // within a block on every scroll (their place depends on both offsets), so render each time.
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const total = rowCount * ROW_HEIGHT;
  const viewport = () => Math.max(0, (scrollRef.current?.clientHeight ?? 0) - headerHeight);
  scroll.resize(total, viewport());

  // The app does not use the React Compiler; the virtualizer re-renders through its own onChange.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: Math.ceil(rowCount / BLOCK_ROWS),
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => Math.min(BLOCK_ROWS, rowCount - i * BLOCK_ROWS) * ROW_HEIGHT,
    overscan: 1,
    observeElementOffset: (instance, cb) => {
      const el = instance.scrollElement;
      if (!el) return;
      notify.current = cb;
      const onScroll = () => {
        scroll.resize(total, viewport());
        cb(scroll.onScroll(el.scrollTop), false);
        if (scroll.scaled) rerender();
      };
      onScroll();
      el.addEventListener('scroll', onScroll, { passive: true });
      return () => el.removeEventListener('scroll', onScroll);
    },
    scrollToFn: (offset, _options, instance) => {
      const el = instance.scrollElement;
      if (el) el.scrollTop = scroll.scrollTo(offset);
    },
  });

  /** Scrolls so that true offset `offset` is at the top, and tells the virtualizer at once. */
  const scrollToOffset = (offset: number) => {
    const el = scrollRef.current;
    if (!el) return;
    scroll.resize(total, viewport());
    el.scrollTop = scroll.scrollTo(offset);
    notify.current?.(scroll.virtualOffset, false);
    rerender();
  };

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onWheel = (event: WheelEvent) => {
      if (!scroll.scaled || Math.abs(event.deltaY) <= Math.abs(event.deltaX)) return;
      event.preventDefault();
      const unit = event.deltaMode === 1 ? ROW_HEIGHT : event.deltaMode === 2 ? viewport() : 1;
      scroll.resize(total, viewport());
      el.scrollTop = scroll.scrollBy(event.deltaY * unit);
      notify.current?.(scroll.virtualOffset, false);
      rerender();
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });

  return { virtualizer, scroll, scrollToOffset, viewport };
}
