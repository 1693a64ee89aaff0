import { useState, type FormEvent } from 'react';
import { useLode } from '../../app/store-context';
import { nameProblem, NAME_RULE_TEXT, parseTableKey } from '../../data/table-key';
import { selectedTableInfo } from '../../store/tables-slice';
import { ErrorMessage } from '../ErrorMessage';
import { percent } from '../format';

/** Freezes the selected table or the console's query to Parquet, as a job. */
export function SnapshotForm({ onDone }: { onDone: () => void }) {
  const table = useLode(selectedTableInfo);
  const selected = useLode((s) => s.selectedTable);
  const sqlText = useLode((s) => s.sqlText);
  const createSnapshot = useLode((s) => s.createSnapshot);
  const jobId = useLode((s) => s.snapshotJobId);
  const job = useLode((s) => s.jobs.find((j) => j.id === s.snapshotJobId));
  const cancelJob = useLode((s) => s.cancelJob);
  const error = useLode((s) => s.snapshotCreateError);
  const [source, setSource] = useState<'table' | 'sql'>(table ? 'table' : 'sql');
  const [name, setName] = useState(table?.name ?? '');
  const [dtColumn, setDtColumn] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [byDay, setByDay] = useState(false);
  const problem = name === '' ? null : nameProblem(name);
  const ref = selected ? parseTableKey(selected) : null;
  const ready = name !== '' && !problem && (source === 'table' ? ref !== null : sqlText.trim() !== '');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    const made = await createSnapshot({
      name,
      source: source === 'table' && ref ? { table: ref } : { sql: sqlText.trim() },
      ...(dtColumn ? { dtColumn } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      partitionByDay: byDay,
    });
    if (made) onDone();
  };

  return (
    <form className="snapshot-form" data-testid="snapshot-form" onSubmit={(e) => void submit(e)}>
      <div className="form-row">
        <label className="field compact">
          <span className="field-label">Name</span>
          <input
            data-testid="snapshot-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={problem !== null || undefined}
            spellCheck={false}
          />
          <span className={problem ? 'field-note invalid' : 'field-note'}>{problem ?? `Names: ${NAME_RULE_TEXT}.`}</span>
        </label>
        <div className="field compact" role="radiogroup" aria-label="Rows">
          <span className="field-label">Rows</span>
          <label className="radio">
            <input
              type="radio"
              data-testid="snapshot-source-table"
              checked={source === 'table'}
              disabled={!ref}
              onChange={() => setSource('table')}
            />
            {ref ? `Table ${selected}` : 'Selected table (none selected)'}
          </label>
          <label className="radio">
            <input
              type="radio"
              data-testid="snapshot-source-sql"
              checked={source === 'sql'}
              disabled={sqlText.trim() === ''}
              onChange={() => setSource('sql')}
            />
            Query in the SQL console
          </label>
          {source === 'sql' && <code className="snapshot-sql">{sqlText.trim() || '(the console is empty)'}</code>}
        </div>
      </div>
      <div className="form-row">
        <label className="field compact">
          <span className="field-label">
            Date column <span className="field-optional">optional</span>
          </span>
          {source === 'table' && table ? (
            <select data-testid="snapshot-dt" value={dtColumn} onChange={(e) => setDtColumn(e.target.value)}>
              <option value="">None</option>
              {table.columns.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name} ({c.type})
                </option>
              ))}
            </select>
          ) : (
            <input data-testid="snapshot-dt" value={dtColumn} onChange={(e) => setDtColumn(e.target.value)} spellCheck={false} />
          )}
        </label>
        <label className="field compact">
          <span className="field-label">From</span>
          <input type="date" value={from} disabled={!dtColumn} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="field compact">
          <span className="field-label">To</span>
          <input type="date" value={to} disabled={!dtColumn} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label className="radio">
          <input type="checkbox" checked={byDay} disabled={!dtColumn} onChange={(e) => setByDay(e.target.checked)} />
          Partition by day
        </label>
      </div>
      {error && <ErrorMessage error={error} />}
      <div className="form-actions">
        {jobId && (
          <div className="inline-progress" data-testid="snapshot-progress">
            <div className="progress" role="progressbar" aria-label="Snapshot progress" aria-valuenow={percent(job?.progress ?? 0)}>
              <div className="progress-fill" style={{ width: `${percent(job?.progress ?? 0)}%` }} />
            </div>
            <span className="muted">{job?.message || 'Writing…'}</span>
            <button type="button" className="button small" onClick={() => void cancelJob(jobId)}>
              Cancel
            </button>
          </div>
        )}
        <button type="button" className="button subtle small" onClick={onDone}>
          Close
        </button>
        <button type="submit" className="button primary small" data-testid="snapshot-create" disabled={!ready || jobId !== null}>
          {jobId ? 'Creating…' : 'Create snapshot'}
        </button>
      </div>
    </form>
  );
}
