import { useState } from 'react';
import type { ColumnProfile, TableProfile } from '../../../../shared/services/data/profile';
import { useLode } from '../../app/store-context';
import { formatCount, formatRate, formatStat } from '../../data/numbers';
import { parseTableKey } from '../../data/table-key';
import type { DistinctMode } from '../../store/profile-slice';
import { selectedTableInfo } from '../../store/tables-slice';
import { ErrorMessage } from '../ErrorMessage';
import { percent } from '../format';
import { Icon } from '../Icon';
import { Histogram, TopValues } from './Distribution';

function ProfileRow({ column, profile }: { column: ColumnProfile; profile: TableProfile }) {
  const q = column.quantiles;
  return (
    <tr data-testid="profile-row" data-column={column.name}>
      <th scope="row" className="profile-name">
        {column.name}
      </th>
      <td className="mono muted">{column.type}</td>
      <td className="num" title={`${formatCount(column.nulls)} nulls`}>
        <span className="rate-bar" style={{ width: `${Math.round(column.nullRate * 100)}%` }} />
        {formatRate(column.nullRate)}
      </td>
      <td className="num" data-testid="profile-distinct" title={profile.exactDistinct ? 'Exact' : 'Approximate (HyperLogLog)'}>
        {profile.exactDistinct ? '' : '≈'}
        {formatCount(column.distinct)}
      </td>
      <td className="num">{formatStat(column.min)}</td>
      <td className="num">{formatStat(column.max)}</td>
      <td className="num">{formatStat(column.mean)}</td>
      <td className="num">{formatStat(column.std)}</td>
      <td
        className="num"
        title={q ? `p01 ${formatStat(q.p01)} · p05 ${formatStat(q.p05)} · p95 ${formatStat(q.p95)} · p99 ${formatStat(q.p99)}` : undefined}
      >
        {q ? `${formatStat(q.p25)} / ${formatStat(q.p50)} / ${formatStat(q.p75)}` : '—'}
      </td>
      <td>
        {column.histogram ? (
          <Histogram bins={column.histogram} />
        ) : column.topValues ? (
          <TopValues values={column.topValues} rows={profile.rows} />
        ) : null}
      </td>
    </tr>
  );
}

function ProfileRunning({ jobId }: { jobId: string }) {
  const job = useLode((s) => s.jobs.find((j) => j.id === jobId));
  const cancelJob = useLode((s) => s.cancelJob);
  return (
    <div className="inline-progress" data-testid="profile-progress">
      <div className="progress" role="progressbar" aria-label="Profile progress" aria-valuenow={percent(job?.progress ?? 0)}>
        <div className="progress-fill" style={{ width: `${percent(job?.progress ?? 0)}%` }} />
      </div>
      <span className="muted">{job?.message || 'Profiling…'}</span>
      <button type="button" className="button small" onClick={() => void cancelJob(jobId)}>
        Cancel
      </button>
    </div>
  );
}

/** Per-column statistics of the selected table, computed in DuckDB as a job. */
export function ProfileTab() {
  const table = useLode(selectedTableInfo);
  const key = useLode((s) => s.selectedTable ?? '');
  const entry = useLode((s) => s.profiles[key]);
  const runProfile = useLode((s) => s.runProfile);
  const [keyColumns, setKeyColumns] = useState<string[]>([]);
  const [distinct, setDistinct] = useState<DistinctMode>('auto');
  const ref = parseTableKey(key);
  if (!table || !ref) return null;
  const profile = entry?.profile ?? null;
  const running = entry?.jobId ?? null;
  const available = table.columns.filter((c) => !keyColumns.includes(c.name));

  return (
    <div className="profile" data-testid="profile">
      <div className="toolbar">
        <span className="toolbar-label">Key</span>
        {keyColumns.map((c) => (
          <span key={c} className="chip" data-testid="profile-key">
            {c}
            <button type="button" aria-label={`Remove ${c} from the key`} onClick={() => setKeyColumns(keyColumns.filter((k) => k !== c))}>
              <Icon name="close" size={10} />
            </button>
          </span>
        ))}
        <select
          className="input small"
          data-testid="profile-key-add"
          value=""
          onChange={(e) => e.target.value && setKeyColumns([...keyColumns, e.target.value])}
          aria-label="Add a key column"
        >
          <option value="">{keyColumns.length ? 'Add column…' : 'Key columns (optional)…'}</option>
          {available.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
        <span className="toolbar-label">Distinct</span>
        <select
          className="input small"
          value={distinct}
          onChange={(e) => setDistinct(e.target.value as DistinctMode)}
          aria-label="Distinct counts"
        >
          <option value="auto">Exact on small tables</option>
          <option value="exact">Exact</option>
          <option value="approximate">Approximate</option>
        </select>
        <button
          type="button"
          className="button primary small"
          data-testid="profile-run"
          disabled={running !== null}
          onClick={() => void runProfile(ref, keyColumns, distinct)}
        >
          <Icon name="play" size={12} /> {profile ? 'Profile again' : 'Profile'}
        </button>
      </div>
      {running && <ProfileRunning jobId={running} />}
      {entry?.error && <ErrorMessage error={entry.error} />}
      {!profile && !running && !entry?.error && (
        <p className="data-hint">Profile {key} to see per-column null rates, distinct counts, ranges, quantiles and distributions.</p>
      )}
      {profile && (
        <>
          <p className="profile-summary" data-testid="profile-summary">
            <strong>{formatCount(profile.rows)}</strong> rows · {profile.columns.length} columns · distinct counts{' '}
            {profile.exactDistinct ? 'exact' : 'approximate (≈, HyperLogLog)'}
            {profile.key && (
              <span data-testid="profile-key-result">
                {' '}
                · key ({profile.key.columns.join(', ')}): {formatCount(profile.key.duplicateRows)} duplicate rows (
                {formatRate(profile.key.duplicateRate)})
              </span>
            )}
            <span className="muted"> · profiled {new Date(profile.profiledAt).toLocaleString()}</span>
          </p>
          <div className="table-scroll">
            <table className="stats-table">
              <thead>
                <tr>
                  <th>Column</th>
                  <th>Type</th>
                  <th className="num">Nulls</th>
                  <th className="num">Distinct</th>
                  <th className="num">Min</th>
                  <th className="num">Max</th>
                  <th className="num">Mean</th>
                  <th className="num">Std</th>
                  <th className="num" title="25th, 50th and 75th percentiles">
                    p25 / p50 / p75
                  </th>
                  <th>Distribution</th>
                </tr>
              </thead>
              <tbody>
                {profile.columns.map((c) => (
                  <ProfileRow key={c.name} column={c} profile={profile} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
