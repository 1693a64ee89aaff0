import { useEffect } from 'react';
import type { SearchInfo, TrialInfo } from '../../../../shared/services/tracking';
import { useLode } from '../../app/store-context';
import { searchCounts, type LiveSearch } from '../../store/search-slice';
import { ErrorMessage } from '../ErrorMessage';
import { Icon } from '../Icon';
import { formatNumber } from './run-columns';

const paramsText = (params: TrialInfo['params']) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : v}`)
    .join(', ');

/** Where a search stands: trials done, running and pruned, the best so far, cancel or resume, and every trial. */
export function SearchLive({ search, live }: { search: SearchInfo; live: LiveSearch | undefined }) {
  const follow = useLode((s) => s.followSearchJob);
  const cancel = useLode((s) => s.cancelSearch);
  const resume = useLode((s) => s.resumeSearch);
  const cancelling = useLode((s) => search.jobId !== null && s.cancelling.includes(search.jobId));
  const openRunDetail = useLode((s) => s.openRunDetail);
  const setView = useLode((s) => s.setExperimentsView);
  // The run panel lives beside the runs table.
  const openRun = async (runId: string) => {
    await openRunDetail(runId);
    setView('runs');
  };
  const { done, total, running, pruned } = searchCounts(search, live);
  const best = search.best;

  // A search opened while it runs (started before the section was shown) is followed to its end too.
  useEffect(() => {
    if (search.state === 'running' && search.jobId) void follow(search.id, search.jobId);
  }, [search.id, search.state, search.jobId, follow]);

  return (
    <section className="search-live" data-testid="search-live" data-search-id={search.id} data-state={search.state}>
      <div className="search-live-head">
        <span className={`search-state search-state-${search.state}`} data-testid="search-state">
          {search.state}
        </span>
        <span data-testid="search-progress" data-done={done} data-total={total} data-running={running} data-pruned={pruned}>
          {done} of {total} trials done · {running} running · {pruned} pruned
        </span>
        <progress max={Math.max(1, total)} value={done} aria-label="Trials done" />
        <span className="runs-toolbar-spacer" />
        {search.state === 'running' ? (
          <button
            type="button"
            className="button small"
            data-testid="search-cancel"
            disabled={cancelling || !search.jobId}
            onClick={() => void cancel(search.id)}
          >
            <Icon name="stop" size={12} /> {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : (
          (search.state === 'cancelled' || search.state === 'failed') && (
            <button type="button" className="button primary small" data-testid="search-resume" onClick={() => void resume(search.id)}>
              <Icon name="play" size={12} /> Resume
            </button>
          )
        )}
      </div>
      {search.error && search.state !== 'running' && <ErrorMessage error={search.error} />}
      <div className="search-best" data-testid="search-best" data-value={best?.value ?? ''} data-trial={best?.trial ?? ''}>
        {best && best.value !== null ? (
          <>
            <strong>
              Best {search.metric} {formatNumber(best.value)}
            </strong>{' '}
            <span className="muted">
              trial {best.trial}
              {best.runId && (
                <>
                  {' · run '}
                  <button
                    type="button"
                    className="link-button mono"
                    data-testid="search-best-run"
                    onClick={() => void openRun(best.runId!)}
                  >
                    {best.runId}
                  </button>
                </>
              )}
            </span>
            <div className="mono search-best-params">{paramsText(best.params)}</div>
          </>
        ) : (
          <span className="muted">No finished trial yet.</span>
        )}
      </div>
      <TrialsTable search={search} />
    </section>
  );
}

function TrialsTable({ search }: { search: SearchInfo }) {
  const bestTrial = search.best?.trial;
  return (
    <table className="search-trials" data-testid="search-trials" data-rows={search.trials.length}>
      <thead>
        <tr>
          <th>Trial</th>
          <th>State</th>
          <th>{search.metric}</th>
          <th>Parameters</th>
          <th>Run</th>
        </tr>
      </thead>
      <tbody>
        {search.trials.map((t) => (
          <tr
            key={t.trial}
            data-testid="search-trial"
            data-trial={t.trial}
            data-state={t.state}
            className={t.trial === bestTrial ? 'search-trial-best' : undefined}
          >
            <td>
              {t.trial}
              {t.trial === bestTrial ? ' *' : ''}
            </td>
            <td>{t.state === 'pruned' && t.prunedAt !== null ? `pruned at ${t.prunedAt}` : t.state}</td>
            <td className="number">{t.value === null ? '' : formatNumber(t.value)}</td>
            <td className="mono">{paramsText(t.params)}</td>
            <td className="mono">{t.runId ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
