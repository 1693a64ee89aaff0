import { useState } from 'react';
import { useLode } from '../../app/store-context';
import { formatBytes, formatCount } from '../../data/numbers';
import { refOf, selectedTableInfo } from '../../store/tables-slice';
import { ErrorMessage } from '../ErrorMessage';
import { Icon } from '../Icon';

/** What the selected table is, where it came from, and dropping it (after asking). */
export function TableDetails() {
  const table = useLode(selectedTableInfo);
  const dropping = useLode((s) => s.dropping);
  const dropError = useLode((s) => s.dropError);
  const dropTable = useLode((s) => s.dropTable);
  const [confirming, setConfirming] = useState(false);
  if (!table) return null;
  const key = `${table.layer}.${table.name}`;

  return (
    <div className="table-details" data-testid="table-details">
      <div className="table-details-line">
        <span className="table-details-name">{key}</span>
        <span className="badge">{table.kind}</span>
        <span className="table-details-facts">
          {table.rows !== null && <span data-testid="table-details-rows">{formatCount(table.rows)} rows · </span>}
          {table.columns.length} columns
          {table.bytes !== null && ` · ${formatBytes(table.bytes)}`}
          {table.sourceFile && (
            <>
              {' '}
              · from <span className="mono">{table.sourceFile}</span>
            </>
          )}
          {table.importedAt && <> · imported {new Date(table.importedAt).toLocaleString()}</>}
        </span>
        <span className="table-details-actions">
          {confirming ? (
            <>
              <span className="muted">Drop {key}?</span>
              <button
                type="button"
                className="button small danger"
                data-testid="drop-confirm"
                disabled={dropping !== null}
                onClick={() => void dropTable(refOf(table)).then(() => setConfirming(false))}
              >
                Drop
              </button>
              <button type="button" className="button small subtle" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button small subtle"
              data-testid="drop-table"
              onClick={() => setConfirming(true)}
              title={`Drop ${key}`}
            >
              <Icon name="trash" size={12} /> Drop
            </button>
          )}
        </span>
      </div>
      {table.definition && <pre className="table-definition">{table.definition}</pre>}
      {dropError && <ErrorMessage error={dropError} />}
    </div>
  );
}
