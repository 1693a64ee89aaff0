import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ColumnInfo } from '../../../../shared/services/data/common';
import type { ColumnFilter } from '../../../../shared/services/data/query';
import { isNumericType } from '../../data/arrow-rows';
import { formatCount } from '../../data/numbers';
import type { SortKey } from '../../store/browse-slice';
import { Icon } from '../Icon';
import { copyText } from './copy';
import { GridHeader } from './GridHeader';
import { BLOCK_ROWS, columnWidth, FILTER_HEIGHT, gutterWidth, HEADER_HEIGHT, ROW_HEIGHT } from './layout';
import { useScaledRows } from './use-scaled-rows';

export interface GridProps {
  columns: readonly ColumnInfo[];
  rowCount: number;
  /** A cell's text, null for SQL NULL, undefined while its rows are loading. */
  cell: (row: number, column: number) => string | null | undefined;
  /** Asks for the rows in view (inclusive), to fetch the pages they are on. */
  onRowsNeeded?: (first: number, last: number) => void;
  sort?: readonly SortKey[];
  onSort?: (column: string, add: boolean) => void;
  filters?: readonly ColumnFilter[];
  onFilter?: (column: string, filter: ColumnFilter | null) => void;
  /** When it changes (another table, sort or filter) the grid goes back to the top. */
  resetKey: string;
  testId: string;
  label: string;
}

interface Selected {
  row: number;
  column: number;
}

/** A virtualized grid over any number of rows: pages arrive on demand, cells copy with Ctrl+C. */
export function Grid(props: GridProps) {
  const { columns, rowCount, cell, onRowsNeeded, resetKey } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [widths, setWidths] = useState<Record<string, number>>({});
  const headerHeight = HEADER_HEIGHT + (props.onFilter ? FILTER_HEIGHT : 0);
  const { virtualizer: rows, scroll, scrollToOffset, viewport } = useScaledRows(scrollRef, rowCount, headerHeight);
  // The app does not use the React Compiler; the virtualizer re-renders through its own onChange.
  // eslint-disable-next-line react-hooks/incompatible-library
  const cols = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => widths[columns[i]!.name] ?? columnWidth(columns[i]!),
    overscan: 3,
  });
  const [selected, setSelected] = useState<Selected | null>(null);
  const [copied, setCopied] = useState(false);
  const gutter = gutterWidth(rowCount);
  const width = gutter + cols.getTotalSize();
  const blocks = rows.getVirtualItems();
  const first = blocks[0] ? blocks[0].index * BLOCK_ROWS : 0;
  const last = blocks.length > 0 ? Math.min(rowCount, (blocks[blocks.length - 1]!.index + 1) * BLOCK_ROWS) - 1 : -1;

  useEffect(() => {
    cols.measure();
  }, [columns, widths, cols]);
  const resize = (column: string, width: number | null) =>
    setWidths((current) => {
      const next = { ...current };
      if (width === null) delete next[column];
      else next[column] = width;
      return next;
    });

  const [seenKey, setSeenKey] = useState(resetKey);
  if (seenKey !== resetKey) {
    setSeenKey(resetKey);
    setSelected(null);
  }
  useEffect(() => {
    scrollToOffset(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new source, sort or filter goes back to the top.
  }, [resetKey]);

  // Fetch what is in view once scrolling pauses briefly, so dragging the scrollbar over 10M rows
  // does not ask for every page on the way.
  useEffect(() => {
    if (!onRowsNeeded || last < first) return;
    const timer = setTimeout(() => onRowsNeeded(first, last), 40);
    return () => clearTimeout(timer);
  }, [first, last, onRowsNeeded]);

  const selectedText = selected ? cell(selected.row, selected.column) : undefined;
  const copySelected = () => {
    if (selectedText === undefined) return;
    void copyText(selectedText ?? '').then(() => setCopied(true));
  };

  const moveTo = (row: number, column: number) => {
    const r = Math.max(0, Math.min(rowCount - 1, row));
    const c = Math.max(0, Math.min(columns.length - 1, column));
    setSelected({ row: r, column: c });
    setCopied(false);
    const top = r * ROW_HEIGHT;
    const height = viewport();
    if (top < scroll.virtualOffset) scrollToOffset(top);
    else if (top + ROW_HEIGHT > scroll.virtualOffset + height) scrollToOffset(top + ROW_HEIGHT - height);
    cols.scrollToIndex(c, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === 'c') {
      copySelected();
      event.preventDefault();
      return;
    }
    if (!selected) return;
    const page = Math.max(1, Math.floor(viewport() / ROW_HEIGHT) - 1);
    const moves: Record<string, [number, number]> = {
      ArrowDown: [selected.row + 1, selected.column],
      ArrowUp: [selected.row - 1, selected.column],
      ArrowLeft: [selected.row, selected.column - 1],
      ArrowRight: [selected.row, selected.column + 1],
      PageDown: [selected.row + page, selected.column],
      PageUp: [selected.row - page, selected.column],
      Home: mod ? [0, selected.column] : [selected.row, 0],
      End: mod ? [rowCount - 1, selected.column] : [selected.row, columns.length - 1],
    };
    const target = moves[event.key];
    if (!target) return;
    event.preventDefault();
    moveTo(target[0], target[1]);
  };

  const virtualColumns = cols.getVirtualItems();
  return (
    <div className="grid" data-testid={props.testId} data-row-count={rowCount}>
      <div
        ref={scrollRef}
        className="grid-scroll"
        role="grid"
        aria-label={props.label}
        aria-rowcount={rowCount + 1}
        aria-colcount={columns.length + 1}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div className="grid-canvas" style={{ width, height: headerHeight + scroll.actualSize }}>
          <GridHeader
            columns={columns}
            virtualColumns={virtualColumns}
            gutter={gutter}
            width={width}
            sort={props.sort}
            onSort={props.onSort}
            filters={props.filters}
            onFilter={props.onFilter}
            onResize={resize}
          />
          {blocks.map((block) => {
            const start = block.index * BLOCK_ROWS;
            const count = Math.min(BLOCK_ROWS, rowCount - start);
            return (
              <div key={block.key} className="grid-block" style={{ top: headerHeight + scroll.place(block.start), width }}>
                {Array.from({ length: count }, (_, i) => {
                  const row = start + i;
                  return (
                    <div key={row} className="grid-row" role="row" aria-rowindex={row + 2} style={{ top: i * ROW_HEIGHT }}>
                      <div className="grid-gutter" style={{ width: gutter }}>
                        {formatCount(row + 1)}
                      </div>
                      {virtualColumns.map((vc) => {
                        const value = cell(row, vc.index);
                        const isSelected = selected?.row === row && selected.column === vc.index;
                        return (
                          <div
                            key={vc.key}
                            role="gridcell"
                            aria-colindex={vc.index + 2}
                            aria-selected={isSelected || undefined}
                            className={`grid-cell${isNumericType(columns[vc.index]!.type) ? ' num' : ''}${value === null ? ' null' : ''}${value === undefined ? ' pending' : ''}`}
                            data-testid="grid-cell"
                            data-row={row}
                            data-col={vc.index}
                            style={{ left: gutter + vc.start, width: vc.size }}
                            onMouseDown={() => {
                              setSelected({ row, column: vc.index });
                              setCopied(false);
                            }}
                          >
                            {value === null ? 'NULL' : value === undefined ? '' : value}
                          </div>
                        );
                      })}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
        {rowCount === 0 && <div className="grid-empty">No rows</div>}
      </div>
      <div className="grid-status" data-testid="grid-status">
        {selected && selectedText !== undefined ? (
          <>
            <span className="grid-status-where">
              Row {formatCount(selected.row + 1)} · {columns[selected.column]?.name}
            </span>
            <span className={`grid-status-value${selectedText === null ? ' null' : ''}`} data-testid="grid-selected-value">
              {selectedText ?? 'NULL'}
            </span>
            <button type="button" className="button small" data-testid="grid-copy" onClick={copySelected} title="Copy the value (Ctrl+C)">
              <Icon name="copy" size={12} /> {copied ? 'Copied' : 'Copy'}
            </button>
          </>
        ) : (
          <span className="muted">Select a cell to copy its value (Ctrl+C). Arrow keys move.</span>
        )}
      </div>
    </div>
  );
}
