import { useEffect, useMemo, useState } from 'react';
import { CartesianGrid, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { SearchInfo } from '../../../../shared/services/tracking';
import { useLode } from '../../app/store-context';
import { ParallelCoordinates, type Axis } from '../charts/ParallelCoordinates';
import { mergeLiveSearch } from '../../store/search-slice';
import { formatWhen } from '../format';
import { Icon } from '../Icon';
import { formatNumber } from './run-columns';
import { SearchForm } from './SearchForm';
import { SearchList } from './SearchList';
import { SearchLive } from './SearchLive';
import './search.css';

/**
 * Searches: the list, the New search form, and the open search live (progress, best so far, cancel
 * or resume, trials) above its charts: a parameter against the metric, and every parameter at once
 * in parallel coordinates.
 */
export function SearchPanel() {
  const searches = useLode((s) => s.searches);
  const stored = useLode((s) => s.activeSearch);
  const live = useLode((s) => (stored ? s.searchLive[stored.id] : undefined));
  const openSearch = useLode((s) => s.openSearch);
  const formOpen = useLode((s) => s.searchFormOpen);
  const setFormOpen = useLode((s) => s.setSearchFormOpen);
  const watch = useLode((s) => s.watchSearchProgress);
  const active = useMemo(() => (stored ? mergeLiveSearch(stored, live) : null), [stored, live]);

  useEffect(() => watch(), [watch]);

  const newButton = (
    <button type="button" className="button primary small" data-testid="search-new" onClick={() => setFormOpen(true)}>
      <Icon name="plus" size={12} /> New search
    </button>
  );
  if (formOpen) {
    return (
      <div className="search-panel search-layout" data-testid="search-panel">
        <SearchList />
        <SearchForm />
      </div>
    );
  }
  if (searches.length === 0 && !active) {
    return (
      <div className="search-panel" data-testid="search-panel">
        <p className="muted" data-testid="search-empty">
          No searches yet. {newButton} or from a terminal:{' '}
          <code>lode search --data SNAPSHOT --label COL --space SPACE.yaml --trials 50</code>.
        </p>
      </div>
    );
  }
  return (
    <div className="search-panel search-layout" data-testid="search-panel">
      <SearchList />
      <div className="search-main">
        <div className="search-toolbar">
          <label>
            Search{' '}
            <select className="input" data-testid="search-pick" value={active?.id ?? ''} onChange={(e) => void openSearch(e.target.value)}>
              {!active && <option value="">Choose a search</option>}
              {searches.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.id} · {s.spec.strategy} · {s.trials.length} trials · {formatWhen(s.createdAt)}
                </option>
              ))}
            </select>
          </label>
          {newButton}
        </div>
        {active && <SearchLive search={active} live={live} />}
        {active && <SearchCharts search={active} />}
      </div>
    </div>
  );
}

function SearchCharts({ search }: { search: SearchInfo }) {
  const trials = search.trials.filter((t) => t.value !== null);
  // Only the dimensions the search explored: a fixed parameter is one flat line on every chart.
  const names = [...new Set(search.trials.flatMap((t) => Object.keys(t.params)))]
    .sort()
    .filter((n) => new Set(search.trials.map((t) => t.params[n])).size > 1);
  const [param, setParam] = useState<string | null>(null);
  const x = param && names.includes(param) ? param : (names[0] ?? null);
  const best = search.best;
  const points = x
    ? trials.flatMap((t) => {
        const v = t.params[x];
        return typeof v === 'number' ? [{ x: v, y: t.value!, trial: t.trial }] : [];
      })
    : [];
  const axes: Axis[] = [
    ...names.map((n) => {
      const values = trials.map((t) => t.params[n] ?? null);
      return { name: n, values, log: spansDecades(values) };
    }),
    { name: search.metric, values: trials.map((t) => t.value) },
  ];

  return (
    <div className="search-charts">
      <p className="muted" data-testid="search-summary">
        {search.state} · {search.trials.length} trials ({trials.length} with a {search.metric}) · {search.direction} {search.metric}
        {best?.value !== null && best?.value !== undefined ? ` · best ${formatNumber(best.value)} (trial ${best.trial})` : ''}
      </p>
      {names.length === 0 ? (
        <p className="muted">The search has no parameters to plot yet.</p>
      ) : (
        <>
          <figure className="overlay-chart" data-testid="search-scatter" data-points={points.length}>
            <figcaption>
              <select className="input small" aria-label="Parameter" value={x ?? ''} onChange={(e) => setParam(e.target.value)}>
                {names.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>{' '}
              against {search.metric}
            </figcaption>
            <ScatterChart width={460} height={280} margin={{ top: 8, right: 16, bottom: 8, left: 4 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis
                type="number"
                dataKey="x"
                name={x ?? ''}
                domain={['auto', 'auto']}
                fontSize={11}
                stroke="var(--text-muted)"
                tickFormatter={formatNumber}
              />
              <YAxis
                type="number"
                dataKey="y"
                name={search.metric}
                domain={['auto', 'auto']}
                fontSize={11}
                width={52}
                stroke="var(--text-muted)"
                tickFormatter={formatNumber}
              />
              <Tooltip formatter={(v) => (typeof v === 'number' ? formatNumber(v) : String(v))} />
              <Scatter data={points} fill="var(--accent)" isAnimationActive={false} />
            </ScatterChart>
          </figure>
          <ParallelCoordinates
            testId="search-parallel"
            axes={axes}
            colourBy={trials.map((t) => t.value)}
            higherIsBetter={search.direction === 'maximize'}
            lineIds={trials.map((t) => t.runId ?? `trial ${t.trial}`)}
          />
        </>
      )}
    </div>
  );
}

/**
 * Whether a parameter's values are better read on a log scale: all positive and spread over at
 * least a factor of ten (learning rates, regularization), as a log-uniform search samples them.
 */
export function spansDecades(values: readonly (number | string | null)[]): boolean {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  if (numbers.length < 2 || numbers.some((v) => v <= 0)) return false;
  return Math.max(...numbers) / Math.min(...numbers) >= 10;
}
