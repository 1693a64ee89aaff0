import { useLode } from '../../app/store-context';
import { formatCount, formatMs } from '../../data/numbers';
import { ErrorMessage } from '../ErrorMessage';
import { formatWhen } from '../format';

/** Console queries of the workspace, newest first; a click loads one into the editor. */
export function SqlHistory({ onPick }: { onPick: (sql: string) => void }) {
  const entries = useLode((s) => s.sqlHistory);
  const error = useLode((s) => s.sqlHistoryError);
  return (
    <aside className="sql-history" data-testid="sql-history" aria-label="Query history">
      <h3 className="job-group-title">History</h3>
      {error && <ErrorMessage error={error} />}
      {entries.length === 0 && <p className="muted">Queries you run are listed here.</p>}
      <ul>
        {entries.map((entry, i) => (
          <li key={`${entry.ranAt}-${i}`}>
            <button
              type="button"
              className="history-item"
              data-testid="sql-history-item"
              data-ok={entry.ok}
              onClick={() => onPick(entry.sql)}
              title={entry.error ?? entry.sql}
            >
              <code className="history-sql">{entry.sql}</code>
              <span className="history-meta">
                {entry.ok ? `${formatCount(entry.rowCount)} row${entry.rowCount === 1 ? '' : 's'}` : 'failed'}
                {entry.elapsedMs !== null && ` · ${formatMs(entry.elapsedMs)}`} · {formatWhen(entry.ranAt)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
