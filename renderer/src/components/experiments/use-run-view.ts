import { useDeferredValue, useMemo } from 'react';
import { compileRunFilter, RunFilterError } from '../../../../shared/tracking/filter';
import type { RunTable } from '../../../../shared/services/tracking';
import { useLode } from '../../app/store-context';
import { availableColumns, defaultColumnKeys, type RunColumn } from './run-columns';
import { allRows, filterRows, flattenGroups, groupRows, sortRows, type RunGroup } from './run-order';

export interface FilterProblem {
  readonly message: string;
  /** Where the problem is in the filter text: [start, end) character offsets. */
  readonly span: readonly [number, number];
  readonly hint: string | undefined;
}

export interface RunView {
  readonly available: readonly RunColumn[];
  readonly columns: readonly RunColumn[];
  /** Rows after filter and sort, in view order. */
  readonly rows: Int32Array;
  readonly groups: readonly RunGroup[] | null;
  readonly items: Int32Array;
  readonly filterProblem: FilterProblem | null;
}

/** The table's view of the runs: which columns, which rows in which order, and the groups. */
export function useRunView(table: RunTable): RunView {
  const chosen = useLode((s) => s.runsColumns);
  const sort = useLode((s) => s.runsSort);
  // Typing in the filter stays responsive over 10,000 runs: the table catches up a frame later.
  const filterText = useDeferredValue(useLode((s) => s.runsFilter));
  const groupBy = useLode((s) => s.runsGroupBy);
  const collapsed = useLode((s) => s.runsCollapsedGroups);

  const available = useMemo(() => availableColumns(table), [table]);
  const columns = useMemo(() => {
    const keys = new Set(chosen ?? defaultColumnKeys(table));
    return available.filter((c) => keys.has(c.key));
  }, [available, chosen, table]);

  const filtered = useMemo((): { rows: Int32Array; problem: FilterProblem | null } => {
    const every = allRows(table);
    try {
      const filter = compileRunFilter(filterText, table);
      return { rows: filterText.trim() === '' ? every : filterRows(every, (row) => filter.test(row)), problem: null };
    } catch (err) {
      // A filter being typed is often incomplete: show every run and say where the problem is.
      if (err instanceof RunFilterError) {
        return { rows: every, problem: { message: err.message, span: err.span, hint: err.details.hint } };
      }
      throw err;
    }
  }, [table, filterText]);

  const rows = useMemo(() => {
    const column = sort ? available.find((c) => c.key === sort.column) : undefined;
    return column && sort ? sortRows(table, filtered.rows, column, sort.descending) : filtered.rows;
  }, [table, filtered.rows, sort, available]);

  const groups = useMemo(() => (groupBy === 'none' ? null : groupRows(table, rows, groupBy)), [table, rows, groupBy]);
  const items = useMemo(() => (groups ? flattenGroups(groups, new Set(collapsed)) : rows), [groups, rows, collapsed]);

  return { available, columns, rows, groups, items, filterProblem: filtered.problem };
}
