import { useState } from 'react';
import { useLode } from '../../app/store-context';
import type { RunsGroupBy } from '../../store/experiments-slice';
import { ColumnChooser } from './ColumnChooser';
import { DeleteConfirm } from './DeleteConfirm';
import type { RunColumn } from './run-columns';
import type { FilterProblem } from './use-run-view';

interface Props {
  readonly available: readonly RunColumn[];
  readonly shown: readonly RunColumn[];
  readonly total: number;
  readonly matching: number;
  readonly problem: FilterProblem | null;
}

const groupChoices: readonly { value: RunsGroupBy; label: string }[] = [
  { value: 'none', label: 'No grouping' },
  { value: 'experiment', label: 'Experiment' },
  { value: 'search', label: 'Search' },
  { value: 'tag', label: 'Tag' },
];

/** Filter expression, grouping, the column chooser and what to do with the selected runs. */
export function RunsToolbar({ available, shown, total, matching, problem }: Props) {
  const filter = useLode((s) => s.runsFilter);
  const setFilter = useLode((s) => s.setRunsFilter);
  const groupBy = useLode((s) => s.runsGroupBy);
  const setGroupBy = useLode((s) => s.setRunsGroupBy);
  const selected = useLode((s) => s.runsSelected);
  const setSelected = useLode((s) => s.setRunsSelected);
  const compare = useLode((s) => s.compareSelected);
  const deleteRuns = useLode((s) => s.deleteRuns);
  const [confirming, setConfirming] = useState(false);

  return (
    <div className="runs-toolbar">
      <div className="runs-toolbar-row">
        <label className="runs-filter">
          <input
            aria-label="Filter runs by an expression"
            className={`input mono${problem ? ' invalid' : ''}`}
            data-testid="runs-filter"
            placeholder="Filter: auc > 0.8 and algo = 'gbdt'"
            value={filter}
            spellCheck={false}
            aria-invalid={problem !== null}
            aria-describedby={problem ? 'runs-filter-problem' : undefined}
            onChange={(event) => setFilter(event.target.value)}
          />
        </label>
        <label className="runs-group-by">
          Group by{' '}
          <select
            className="input"
            data-testid="runs-group-by"
            value={groupBy}
            onChange={(event) => setGroupBy(event.target.value as RunsGroupBy)}
          >
            {groupChoices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <ColumnChooser available={available} shown={shown} />
        <span className="runs-count muted" data-testid="runs-count">
          {matching === total
            ? `${total.toLocaleString('en-US')} runs`
            : `${matching.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} runs`}
        </span>
        <span className="runs-toolbar-spacer" />
        {selected.length > 0 && (
          <>
            <span className="muted" data-testid="runs-selected-count">
              {selected.length} selected
            </span>
            <button
              type="button"
              className="button primary small"
              data-testid="runs-compare"
              disabled={selected.length < 2 || selected.length > 50}
              title={selected.length < 2 ? 'Select at least two runs' : 'Compare the selected runs'}
              onClick={() => void compare()}
            >
              Compare
            </button>
            <button type="button" className="button small" data-testid="runs-delete" onClick={() => setConfirming(true)}>
              Delete…
            </button>
            <button type="button" className="button subtle small" onClick={() => setSelected([])}>
              Clear
            </button>
          </>
        )}
      </div>
      {problem && <FilterProblemLine text={filter} problem={problem} />}
      {confirming && (
        <DeleteConfirm
          runIds={selected}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            if (await deleteRuns(selected)) setConfirming(false);
          }}
        />
      )}
    </div>
  );
}

/** The filter text with the part that does not compile underlined, then the message. */
function FilterProblemLine({ text, problem }: { text: string; problem: FilterProblem }) {
  const [start, end] = problem.span;
  const stop = Math.max(end, start + 1);
  return (
    <div className="runs-filter-problem" id="runs-filter-problem" role="alert" data-testid="runs-filter-problem" data-column={start + 1}>
      <code className="runs-filter-echo">
        {text.slice(0, start)}
        <mark>{text.slice(start, stop) || ' '}</mark>
        {text.slice(stop)}
      </code>
      <span>
        {problem.message}
        {problem.hint ? ` · ${problem.hint}` : ''}
      </span>
    </div>
  );
}
