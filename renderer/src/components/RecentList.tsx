import { useLode } from '../app/store-context';
import { ErrorMessage } from './ErrorMessage';
import { formatWhen } from './format';

export function RecentList() {
  const recent = useLode((s) => s.recent);
  const openWorkspace = useLode((s) => s.openWorkspace);
  const pending = useLode((s) => s.workspacePending);
  const error = useLode((s) => (s.workspaceError?.form === 'recent' ? s.workspaceError : null));
  const dismiss = useLode((s) => s.dismissWorkspaceError);

  return (
    <section className="card recent" aria-labelledby="recent-title">
      <h2 id="recent-title" className="card-title">
        Recent workspaces
      </h2>
      {error && <ErrorMessage error={error} onDismiss={dismiss} />}
      {recent.length === 0 ? (
        <p className="card-text muted">Workspaces you open or create are listed here.</p>
      ) : (
        <ul className="recent-list" data-testid="recent-list">
          {recent.map((entry) => (
            <li key={entry.path}>
              <button
                type="button"
                className="recent-item"
                data-testid="recent-workspace"
                data-exists={entry.exists}
                disabled={!entry.exists || pending !== null}
                onClick={() => void openWorkspace(entry.path, 'recent')}
                title={entry.exists ? `Open ${entry.path}` : `${entry.path} is gone or no longer holds a lode.yaml`}
              >
                <span className="recent-name">{entry.name}</span>
                <span className="recent-path">{entry.path}</span>
                <span className="recent-when">{entry.exists ? formatWhen(entry.openedAt) : 'Folder missing'}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
