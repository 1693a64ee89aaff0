import { useCallback, useEffect, useRef, useState } from 'react';
import { useLode } from '../../app/store-context';
import { formatCount, formatMs } from '../../data/numbers';
import { SQL_MAX_ROWS } from '../../store/sql-slice';
import { ErrorMessage } from '../ErrorMessage';
import { Grid } from '../grid/Grid';
import { Icon } from '../Icon';
import { isMac } from '../platform';
import { SaveQueryForm } from './SaveQueryForm';
import { SqlEditor, type SqlEditorApi } from './SqlEditor';
import { SqlHistory } from './SqlHistory';

/** The SQL console: Monaco, run or cancel, results in the grid, history, save as a view or table. */
export function SqlConsole() {
  const running = useLode((s) => s.sqlRunning);
  const cancelling = useLode((s) => s.sqlCancelling);
  const result = useLode((s) => s.sqlResult);
  const error = useLode((s) => s.sqlError);
  const runSql = useLode((s) => s.runSql);
  const cancelSql = useLode((s) => s.cancelSql);
  const loadHistory = useLode((s) => s.loadSqlHistory);
  const selectTable = useLode((s) => s.selectTable);
  const editor = useRef<SqlEditorApi | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);

  const run = useCallback(() => {
    const text = editor.current?.runText();
    if (text && text.sql.trim() !== '') void runSql(text.sql, text.origin);
  }, [runSql]);
  const onReady = useCallback((api: SqlEditorApi) => {
    editor.current = api;
  }, []);
  const mod = isMac ? '⌘' : 'Ctrl';

  return (
    <div className={historyOpen ? 'sql-console with-history' : 'sql-console'} data-testid="sql-console">
      <div className="sql-main">
        <div className="toolbar">
          <button
            type="button"
            className="button primary small"
            data-testid="sql-run"
            onClick={run}
            disabled={running !== null}
            title={`Run the selection, or everything (${mod}+Enter)`}
          >
            <Icon name="play" size={12} /> Run <kbd>{mod}+Enter</kbd>
          </button>
          {running && (
            <button type="button" className="button small" data-testid="sql-cancel" onClick={() => void cancelSql()} disabled={cancelling}>
              <Icon name="stop" size={12} /> {cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          )}
          <span
            className="sql-status"
            data-testid="sql-status"
            data-state={running ? 'running' : error ? 'failed' : result ? 'done' : 'idle'}
          >
            {running ? (
              'Running…'
            ) : result && !error ? (
              <>
                <span data-testid="sql-row-count">{formatCount(result.rowCount)}</span> row{result.rowCount === 1 ? '' : 's'} ·{' '}
                {formatMs(result.elapsedMs)}
                {result.truncated && (
                  <span className="truncated" data-testid="sql-truncated">
                    {' '}
                    · showing the first {formatCount(SQL_MAX_ROWS)}; add a LIMIT or save it as a table to see all
                  </span>
                )}
              </>
            ) : null}
          </span>
          <span className="toolbar-spacer" />
          {saved && <span className="muted">Saved {saved}</span>}
          <button
            type="button"
            className="button small"
            data-testid="sql-save-open"
            onClick={() => setSaving(!saving)}
            aria-pressed={saving}
          >
            <Icon name="save" size={12} /> Save as…
          </button>
          <button
            type="button"
            className="button small"
            data-testid="sql-history-toggle"
            onClick={() => setHistoryOpen(!historyOpen)}
            aria-pressed={historyOpen}
          >
            <Icon name="history" size={12} /> History
          </button>
        </div>
        {saving && (
          <SaveQueryForm
            sql={() => editor.current?.runText().sql ?? ''}
            onDone={(key) => {
              setSaving(false);
              if (key) {
                setSaved(key);
                selectTable(key);
              }
            }}
          />
        )}
        <SqlEditor onRun={run} onReady={onReady} error={error} />
        {error && (
          <div className="sql-error" data-testid="sql-error" data-line={error.at?.line} data-column={error.at?.column}>
            {error.at && (
              <span className="sql-error-where">
                Line {error.at.line}, column {error.at.column}
              </span>
            )}
            <ErrorMessage error={error} />
          </div>
        )}
        {result && !error && (
          <Grid
            testId="sql-grid"
            label="Query result"
            columns={result.columns}
            rowCount={result.rowCount}
            cell={(row, column) => result.rows.text(row, column)}
            resetKey={result.queryId}
          />
        )}
        {!result && !error && !running && (
          <p className="data-hint">
            Query tables as <code>layer.name</code>, e.g. <code>SELECT y, count(*) FROM ods.bank GROUP BY y</code>. Completions list tables
            and columns.
          </p>
        )}
      </div>
      {historyOpen && <SqlHistory onPick={(sql) => editor.current?.setText(sql)} />}
    </div>
  );
}
