import { useLode } from '../../app/store-context';
import { formatCount } from '../../data/numbers';
import { Icon } from '../Icon';

/** What the last import did: rows in, rows rejected and where they went. */
export function ImportNotice() {
  const notice = useLode((s) => s.importNotice);
  const dismiss = useLode((s) => s.dismissImportNotice);
  if (!notice) return null;
  const { result, file } = notice;
  const key = `${result.table.layer}.${result.table.name}`;
  return (
    <div className={`notice ${result.rejected > 0 ? 'notice-warning' : 'notice-success'}`} role="status" data-testid="import-result">
      <Icon name={result.rejected > 0 ? 'alert' : 'check'} />
      <div className="notice-body">
        <p>
          Imported <strong data-testid="import-result-rows">{formatCount(result.table.rows)}</strong> rows into <strong>{key}</strong> from{' '}
          <span className="mono">{file}</span>.
          {result.rejected > 0 && (
            <>
              {' '}
              <strong data-testid="import-result-rejected">{formatCount(result.rejected)}</strong> malformed{' '}
              {result.rejected === 1 ? 'row was' : 'rows were'} skipped
              {result.rejectsTable && (
                <>
                  {' '}
                  into <span className="mono">{result.rejectsTable}</span>
                </>
              )}
              .
            </>
          )}
        </p>
        {result.rejectSample.length > 0 && (
          <ul className="problem-list">
            {result.rejectSample.slice(0, 5).map((row, i) => (
              <li key={i}>
                <span className="problem-where">line {row.line ?? '?'}</span>
                {row.column && <span className="problem-where">{row.column}</span>}
                <span>{row.message}</span>
                <code>{row.sample}</code>
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="icon-button" onClick={dismiss} aria-label="Dismiss" title="Dismiss">
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
