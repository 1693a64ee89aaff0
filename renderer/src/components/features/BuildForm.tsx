import { useState } from 'react';
import { useLode } from '../../app/store-context';
import { percent } from '../format';
import { Icon } from '../Icon';

/** Builds the saved template's training set from a snapshot, as a job. */
export function BuildForm() {
  const name = useLode((s) => s.featureName);
  const snapshots = useLode((s) => s.snapshots);
  const build = useLode((s) => s.buildFeatures);
  const result = useLode((s) => s.featureBuild);
  const job = useLode((s) => s.jobs.find((j) => j.id === s.featureBuildJobId));
  const cancelJob = useLode((s) => s.cancelJob);
  const [snapshotId, setSnapshotId] = useState('');
  const [acknowledge, setAcknowledge] = useState(false);
  const chosen = snapshotId || snapshots[0]?.id || '';

  return (
    <div className="toolbar features-build" data-testid="features-build">
      <label className="field inline">
        <span className="field-label">Build from snapshot</span>
        <select className="input" data-testid="build-snapshot" value={chosen} onChange={(e) => setSnapshotId(e.target.value)}>
          {snapshots.length === 0 && <option value="">no snapshots yet</option>}
          {snapshots.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id}
            </option>
          ))}
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" data-testid="build-acknowledge" checked={acknowledge} onChange={(e) => setAcknowledge(e.target.checked)} />
        Acknowledge leakage warnings
      </label>
      <button
        type="button"
        className="button small"
        data-testid="build-start"
        disabled={name === null || chosen === '' || job !== undefined}
        title={name === null ? 'Save the template first' : 'Materialize the training set as a new snapshot'}
        onClick={() => {
          // Keep the choice: the new training snapshot will head the list.
          setSnapshotId(chosen);
          void build(chosen, acknowledge);
        }}
      >
        <Icon name="snapshot" size={12} /> Build
      </button>
      {job && (
        <>
          <span className="features-status" data-testid="build-progress">
            {job.message} {percent(job.progress)}%
          </span>
          <button type="button" className="button small" onClick={() => void cancelJob(job.id)}>
            <Icon name="stop" size={12} /> Cancel
          </button>
        </>
      )}
      {result && !job && (
        <span className="features-status" data-testid="build-result">
          Built {result.snapshotId} ({result.rows.toLocaleString('en-US')} rows)
          {result.leakage.length > 0 && ` · leakage acknowledged: ${result.leakage.map((l) => l.feature).join(', ')}`}
        </span>
      )}
    </div>
  );
}
