import { useEffect, useRef } from 'react';
import type { RunTable } from '../../../../shared/services/tracking';
import { useLode } from '../../app/store-context';
import type { ExperimentsView } from '../../store/experiments-slice';
import { sectionInfo } from '../../store/sections';
import { ErrorMessage } from '../ErrorMessage';
import { Icon } from '../Icon';
import { ComparePanel } from './ComparePanel';
import { RunDetail } from './RunDetail';
import { RunsTable } from './RunsTable';
import { RunsToolbar } from './RunsToolbar';
import { SearchPanel } from './SearchPanel';
import { useRunView } from './use-run-view';
import './experiments.css';

const views: readonly { id: ExperimentsView; label: string }[] = [
  { id: 'runs', label: 'Runs' },
  { id: 'compare', label: 'Compare' },
  { id: 'search', label: 'Searches' },
];

/** The Experiments section: every tracked run in one table, the comparison of selected runs, and searches. */
export function ExperimentsSection() {
  const loadRuns = useLode((s) => s.loadRuns);
  const loadSearches = useLode((s) => s.loadSearches);
  const table = useLode((s) => s.runTable);
  const loading = useLode((s) => s.runsLoading);
  const error = useLode((s) => s.experimentsError);
  const dismiss = useLode((s) => s.dismissExperimentsError);
  const view = useLode((s) => s.experimentsView);
  const setView = useLode((s) => s.setExperimentsView);
  const hasComparison = useLode((s) => s.comparison !== null || s.comparisonLoading);

  useEffect(() => {
    void loadRuns();
    void loadSearches();
  }, [loadRuns, loadSearches]);

  // Runs that end while the section is open (a search's trials, a run from the CLI through this
  // host) appear without a reload; a burst of endings costs one listing.
  const ended = useLode((s) => s.jobs.filter((j) => j.state !== 'running' && ['training', 'search', 'rerun'].includes(j.kind)).length);
  const seen = useRef(ended);
  useEffect(() => {
    if (ended === seen.current) return;
    seen.current = ended;
    const timer = setTimeout(() => {
      void loadRuns();
      void loadSearches();
    }, 800);
    return () => clearTimeout(timer);
  }, [ended, loadRuns, loadSearches]);

  return (
    <main className="section experiments-section" data-testid="section-experiments" aria-labelledby="section-title">
      <header className="data-header experiments-header">
        <h1 id="section-title">Experiments</h1>
        <p className="data-hint">{sectionInfo('experiments').purpose}</p>
        <div className="experiments-tabs" role="tablist" aria-label="Experiments views">
          {views.map((v) => (
            <button
              key={v.id}
              type="button"
              role="tab"
              className="experiments-tab"
              data-testid={`experiments-tab-${v.id}`}
              aria-selected={view === v.id}
              disabled={v.id === 'compare' && !hasComparison}
              onClick={() => setView(v.id)}
            >
              {v.label}
            </button>
          ))}
          <button
            type="button"
            className="icon-button"
            aria-label="Reload the runs"
            title="Reload the runs"
            data-testid="runs-reload"
            onClick={() => {
              void loadRuns();
              void loadSearches();
            }}
          >
            <Icon name="refresh" size={14} />
          </button>
        </div>
      </header>
      {error && <ErrorMessage error={error} onDismiss={dismiss} />}
      {view === 'runs' &&
        (table ? (
          table.id.length === 0 ? (
            <div className="empty-state" data-testid="runs-empty">
              <h2>{sectionInfo('experiments').emptyTitle}</h2>
              <p>
                Train a model in the Training section, or from a terminal: <code>{sectionInfo('training').command}</code>
              </p>
            </div>
          ) : (
            <RunsView table={table} />
          )
        ) : (
          loading && <p className="muted">Loading runs…</p>
        ))}
      {view === 'compare' && <ComparePanel />}
      {view === 'search' && <SearchPanel />}
    </main>
  );
}

function RunsView({ table }: { table: RunTable }) {
  const view = useRunView(table);
  const sort = useLode((s) => s.runsSort);
  return (
    <div className="runs-view">
      <div className="runs-main">
        <RunsToolbar
          available={view.available}
          shown={view.columns}
          total={table.id.length}
          matching={view.rows.length}
          problem={view.filterProblem}
        />
        <RunsTable table={table} columns={view.columns} items={view.items} groups={view.groups} rows={view.rows} sort={sort} />
      </div>
      <RunDetail />
    </div>
  );
}
