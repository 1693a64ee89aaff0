import { useLode } from '../../app/store-context';
import { mergeLiveSearch, searchCounts } from '../../store/search-slice';
import { formatWhen } from '../format';
import { formatNumber } from './run-columns';

/** Every search of the workspace, newest first; a click opens one. */
export function SearchList() {
  const searches = useLode((s) => s.searches);
  const live = useLode((s) => s.searchLive);
  const activeId = useLode((s) => s.activeSearch?.id);
  const formOpen = useLode((s) => s.searchFormOpen);
  const openSearch = useLode((s) => s.openSearch);
  const closeForm = useLode((s) => s.setSearchFormOpen);
  if (searches.length === 0) return null;
  return (
    <ul className="search-list" data-testid="search-list" aria-label="Searches">
      {searches.map((stored) => {
        const s = mergeLiveSearch(stored, live[stored.id]);
        const { done, total } = searchCounts(s, live[stored.id]);
        return (
          <li key={s.id}>
            <button
              type="button"
              className="search-list-item"
              data-testid="search-list-item"
              data-search-id={s.id}
              data-state={s.state}
              aria-current={!formOpen && s.id === activeId}
              onClick={() => {
                closeForm(false);
                void openSearch(s.id);
              }}
            >
              <span className="mono">{s.id}</span>
              <span className="muted">
                {s.spec.strategy} · {s.state} · {done}/{total}
                {s.best?.value !== null && s.best?.value !== undefined ? ` · best ${formatNumber(s.best.value)}` : ''}
              </span>
              <span className="muted">{formatWhen(s.createdAt)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
