import { useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { VirtualItem } from '@tanstack/react-virtual';
import type { ColumnInfo } from '../../../../shared/services/data/common';
import type { ColumnFilter } from '../../../../shared/services/data/query';
import { filterText, FILTER_HELP, parseFilterText } from '../../data/filter-text';
import type { SortKey } from '../../store/browse-slice';
import { FILTER_HEIGHT, HEADER_HEIGHT, MIN_COLUMN_WIDTH } from './layout';

export interface HeaderProps {
  columns: readonly ColumnInfo[];
  virtualColumns: VirtualItem[];
  gutter: number;
  width: number;
  sort?: readonly SortKey[];
  onSort?: (column: string, add: boolean) => void;
  filters?: readonly ColumnFilter[];
  onFilter?: (column: string, filter: ColumnFilter | null) => void;
  /** A new width for a column, or null to fit it again. */
  onResize: (column: string, width: number | null) => void;
}

/** Drag the right edge of a header to resize its column; double-click to fit it again. */
function ResizeHandle({ column, width, onResize }: { column: string; width: number; onResize: HeaderProps['onResize'] }) {
  const onPointerDown = (event: PointerEvent<HTMLSpanElement>) => {
    event.preventDefault();
    event.stopPropagation();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const startX = event.clientX;
    const move = (e: globalThis.PointerEvent) => onResize(column, Math.max(MIN_COLUMN_WIDTH, Math.round(width + e.clientX - startX)));
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  };
  return (
    <span
      className="grid-resize"
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${column}`}
      onPointerDown={onPointerDown}
      onDoubleClick={() => onResize(column, null)}
    />
  );
}

function FilterCell({
  column,
  filter,
  onFilter,
}: {
  column: ColumnInfo;
  filter: ColumnFilter | undefined;
  onFilter: HeaderProps['onFilter'];
}) {
  const applied = filter ? filterText(filter) : '';
  const [text, setText] = useState(applied);
  const [seen, setSeen] = useState(applied);
  if (seen !== applied) {
    // The applied filter changed elsewhere (cleared, reopened): show it.
    setSeen(applied);
    setText(applied);
  }
  const parsed = parseFilterText(column.name, column.type, text);
  const apply = () => {
    if (parsed.ok && text.trim() !== applied) onFilter?.(column.name, parsed.filter);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    event.stopPropagation();
    if (event.key === 'Enter') apply();
    if (event.key === 'Escape') {
      setText('');
      if (applied !== '') onFilter?.(column.name, null);
    }
  };
  return (
    <input
      className="grid-filter"
      data-testid="grid-filter"
      data-column={column.name}
      value={text}
      placeholder="filter"
      spellCheck={false}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={apply}
      aria-label={`Filter ${column.name}`}
      aria-invalid={!parsed.ok || undefined}
      title={parsed.ok ? FILTER_HELP : parsed.problem}
      data-active={applied !== '' || undefined}
    />
  );
}

/** Column names with types, sort buttons and, when filtering is offered, the filter row. */
export function GridHeader({ columns, virtualColumns, gutter, width, sort, onSort, filters, onFilter, onResize }: HeaderProps) {
  const height = HEADER_HEIGHT + (onFilter ? FILTER_HEIGHT : 0);
  return (
    <div className="grid-header" role="row" aria-rowindex={1} style={{ height, width }}>
      <div className="grid-corner" style={{ width: gutter, height }} aria-hidden="true" />
      {virtualColumns.map((vc) => {
        const column = columns[vc.index]!;
        const sortIndex = sort?.findIndex((s) => s.column === column.name) ?? -1;
        const sorted = sortIndex >= 0 ? sort![sortIndex]! : null;
        return (
          <div
            key={vc.key}
            className="grid-head-cell"
            role="columnheader"
            aria-colindex={vc.index + 2}
            aria-sort={sorted ? (sorted.descending ? 'descending' : 'ascending') : 'none'}
            style={{ left: gutter + vc.start, width: vc.size, height }}
          >
            <button
              type="button"
              className="grid-head-button"
              data-testid="grid-header"
              data-column={column.name}
              disabled={!onSort}
              onClick={(e) => onSort?.(column.name, e.shiftKey)}
              title={
                onSort
                  ? `${column.name} (${column.type}). Click to sort, Shift+click to add to the sort.`
                  : `${column.name} (${column.type})`
              }
            >
              <span className="grid-head-name">{column.name}</span>
              <span className="grid-head-type">{column.type}</span>
              {sorted && (
                <span className="grid-sort" aria-hidden="true">
                  {sorted.descending ? '▼' : '▲'}
                  {sort!.length > 1 && <sup>{sortIndex + 1}</sup>}
                </span>
              )}
            </button>
            <ResizeHandle column={column.name} width={vc.size} onResize={onResize} />
            {onFilter && (
              <FilterCell key={column.name} column={column} filter={filters?.find((f) => f.column === column.name)} onFilter={onFilter} />
            )}
          </div>
        );
      })}
    </div>
  );
}
