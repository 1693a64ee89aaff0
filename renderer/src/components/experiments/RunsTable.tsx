import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { RunTable } from '../../../../shared/services/tracking';
import { useLode } from '../../app/store-context';
import type { RunsSort } from '../../store/experiments-slice';
import { cellText, formatNumber, type RunColumn } from './run-columns';
import { bestOf, type RunGroup } from './run-order';

export const RUN_ROW_HEIGHT = 26;
const HEADER_HEIGHT = 30;
const GUTTER = 34;

interface Props {
  readonly table: RunTable;
  readonly columns: readonly RunColumn[];
  /** One entry per line: a row index, or -1 - group index for a group header. */
  readonly items: Int32Array;
  readonly groups: readonly RunGroup[] | null;
  /** The rows in view order, for shift-click ranges and select-all. */
  readonly rows: Int32Array;
  readonly sort: RunsSort | null;
}

/**
 * The runs table, virtualized in both directions: only the rows and columns in view are in
 * the DOM, so 10,000 runs x 20 metrics and any number of parameters scroll smoothly.
 */
export function RunsTable({ table, columns, items, groups, rows, sort }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const selected = useLode((s) => s.runsSelected);
  const detailId = useLode((s) => s.runDetail?.run.id ?? null);
  const collapsed = useLode((s) => s.runsCollapsedGroups);
  const sortBy = useLode((s) => s.sortRunsBy);
  const setSelected = useLode((s) => s.setRunsSelected);
  const toggleSelected = useLode((s) => s.toggleRunSelected);
  const toggleGroup = useLode((s) => s.toggleRunsGroup);
  const openDetail = useLode((s) => s.openRunDetail);
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const anchor = useRef<number | null>(null);
  /** The line the keyboard is on (arrows move it, Space selects its run, Enter opens it). */
  const [cursor, setCursor] = useState<number | null>(null);

  // The app does not use the React Compiler; the virtualizers re-render through their own onChange.
  // eslint-disable-next-line react-hooks/incompatible-library
  const lines = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => RUN_ROW_HEIGHT,
    overscan: 8,
  });
  const cols = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => columns[i]!.width,
    overscan: 2,
  });
  const width = GUTTER + cols.getTotalSize();
  const virtualColumns = cols.getVirtualItems();
  const sortKey = sort ? `${sort.column}:${sort.descending ? 'desc' : 'asc'}` : '';

  const position = useMemo(() => {
    const at = new Map<number, number>();
    rows.forEach((row, i) => at.set(row, i));
    return at;
  }, [rows]);

  const onCheck = (event: MouseEvent, row: number) => {
    const id = table.id[row]!;
    const here = position.get(row) ?? 0;
    if (event.shiftKey && anchor.current !== null) {
      const [from, to] = anchor.current < here ? [anchor.current, here] : [here, anchor.current];
      const range = Array.from(rows.subarray(from, to + 1), (r) => table.id[r]!);
      setSelected([...new Set([...selected, ...range])]);
    } else {
      toggleSelected(id);
    }
    anchor.current = here;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || items.length === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / RUN_ROW_HEIGHT) - 2);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    const at = cursor ?? -1;
    if (event.key in moves || event.key === 'Home' || event.key === 'End') {
      const target =
        event.key === 'Home' ? 0 : event.key === 'End' ? items.length - 1 : Math.max(0, Math.min(items.length - 1, at + moves[event.key]!));
      setCursor(target);
      lines.scrollToIndex(target, { align: 'auto' });
      event.preventDefault();
      return;
    }
    const item = at >= 0 ? items[at] : undefined;
    if (item === undefined) return;
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      if (item < 0) {
        const group = groups?.[-1 - item];
        if (group) toggleGroup(group.key);
      } else if (event.key === ' ') toggleSelected(table.id[item]!);
      else void openDetail(table.id[item]!);
    }
  };

  const allSelected = rows.length > 0 && rows.every((r) => selectedSet.has(table.id[r]!));
  // A group's header shows its best run by the metric sorted on, else AUC, else the first metric shown.
  const metricForGroups =
    columns.find((c) => c.kind === 'metric' && c.key === sort?.column) ??
    columns.find((c) => c.key === 'metric:auc') ??
    columns.find((c) => c.kind === 'metric');
  const groupBy = useLode((s) => s.runsGroupBy);
  const openSearch = useLode((s) => s.openSearch);

  return (
    <div className="runs-table" data-testid="runs-table" data-row-count={rows.length} data-sort={sortKey} data-columns={columns.length}>
      <div
        ref={scrollRef}
        className="runs-scroll"
        role="grid"
        aria-label="Runs"
        aria-rowcount={rows.length + 1}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div className="runs-canvas" style={{ width, height: HEADER_HEIGHT + lines.getTotalSize() }}>
          <div className="runs-header" role="row" style={{ width, height: HEADER_HEIGHT }}>
            <div className="runs-gutter runs-corner" style={{ width: GUTTER }}>
              <input
                type="checkbox"
                aria-label="Select every run shown"
                data-testid="runs-select-all"
                checked={allSelected}
                onChange={() => setSelected(allSelected ? [] : Array.from(rows, (r) => table.id[r]!))}
              />
            </div>
            {virtualColumns.map((vc) => {
              const column = columns[vc.index]!;
              const sorted = sort?.column === column.key ? (sort.descending ? 'descending' : 'ascending') : undefined;
              return (
                <div
                  key={column.key}
                  role="columnheader"
                  aria-sort={sorted ?? 'none'}
                  className={`runs-head-cell runs-kind-${column.kind}${column.numeric ? ' num' : ''}`}
                  style={{ left: GUTTER + vc.start, width: vc.size }}
                >
                  <button
                    type="button"
                    className="runs-head-button"
                    data-testid={`runs-head-${column.key}`}
                    title={`${column.kind === 'run' ? '' : `${column.kind} `}${column.label}: click to sort`}
                    onClick={() => sortBy(column.key)}
                  >
                    <span className="runs-head-name">{column.label}</span>
                    {sorted && <span aria-hidden="true">{sorted === 'descending' ? '▼' : '▲'}</span>}
                  </button>
                </div>
              );
            })}
          </div>
          {lines.getVirtualItems().map((line) => {
            const item = items[line.index]!;
            const top = HEADER_HEIGHT + line.start;
            if (item < 0) {
              const group = groups?.[-1 - item];
              if (!group) return null;
              const best = metricForGroups ? bestOf(table, metricForGroups.name, group.rows) : null;
              const open = !collapsed.includes(group.key);
              return (
                <div
                  key={`g-${group.key}`}
                  className={`runs-group${cursor === line.index ? ' cursor' : ''}`}
                  style={{ top, width }}
                  data-testid="runs-group"
                  data-group={group.key}
                >
                  <div className="runs-group-sticky">
                    <button type="button" className="runs-group-button" aria-expanded={open} onClick={() => toggleGroup(group.key)}>
                      <span aria-hidden="true">{open ? '▾' : '▸'}</span> <strong>{group.label}</strong>{' '}
                      <span className="muted">
                        {group.rows.length.toLocaleString('en-US')} run{group.rows.length === 1 ? '' : 's'}
                        {best !== null && metricForGroups ? ` · best ${metricForGroups.name} ${formatNumber(best)}` : ''}
                      </span>
                    </button>
                    {groupBy === 'search' && group.key === table.searchId[group.rows[0]!] && (
                      <button
                        type="button"
                        className="button subtle small"
                        data-testid="runs-open-search"
                        onClick={() => void openSearch(group.key)}
                      >
                        Open search
                      </button>
                    )}
                  </div>
                </div>
              );
            }
            const id = table.id[item]!;
            const isSelected = selectedSet.has(id);
            return (
              <div
                key={`r-${line.index}`}
                role="row"
                aria-selected={isSelected}
                className={`runs-row${isSelected ? ' selected' : ''}${detailId === id ? ' current' : ''}${cursor === line.index ? ' cursor' : ''}`}
                data-testid="run-row"
                data-run-id={id}
                style={{ top, width }}
                onClick={(event) => {
                  if (event.ctrlKey || event.metaKey) toggleSelected(id);
                  else void openDetail(id);
                }}
              >
                <div className="runs-gutter" style={{ width: GUTTER }} onClick={(event) => event.stopPropagation()}>
                  <input
                    type="checkbox"
                    aria-label={`Select run ${id}`}
                    data-testid={`run-select-${id}`}
                    checked={isSelected}
                    onClick={(event) => onCheck(event, item)}
                    onChange={() => undefined}
                  />
                </div>
                {virtualColumns.map((vc) => {
                  const column = columns[vc.index]!;
                  return (
                    <div
                      key={column.key}
                      role="gridcell"
                      className={`runs-cell${column.numeric ? ' num' : ''}${column.key === 'run:state' ? ` state-${table.state[item]}` : ''}`}
                      style={{ left: GUTTER + vc.start, width: vc.size }}
                    >
                      {cellText(table, column, item)}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
        {rows.length === 0 && <div className="runs-empty">No runs match.</div>}
      </div>
    </div>
  );
}
