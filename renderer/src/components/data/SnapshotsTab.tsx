import { useEffect, useState } from 'react';
import type { SnapshotSummary } from '../../../../shared/services/data/snapshots';
import { useLode } from '../../app/store-context';
import { formatBytes, formatCount } from '../../data/numbers';
import { ErrorMessage } from '../ErrorMessage';
import { formatWhen } from '../format';
import { Icon } from '../Icon';
import { DiffView, ManifestView } from './SnapshotDetail';
import { SnapshotForm } from './SnapshotForm';

function SnapshotRow({ snapshot }: { snapshot: SnapshotSummary }) {
  const checked = useLode((s) => s.snapshotChecked.includes(snapshot.id));
  const shown = useLode((s) => s.snapshotView === 'manifest' && s.snapshotManifest?.id === snapshot.id);
  const toggle = useLode((s) => s.toggleSnapshotCheck);
  const show = useLode((s) => s.showSnapshot);
  const remove = useLode((s) => s.removeSnapshot);
  const [confirming, setConfirming] = useState(false);
  return (
    <tr data-testid="snapshot-row" data-snapshot={snapshot.id} aria-selected={shown || undefined} onClick={() => void show(snapshot.id)}>
      <td onClick={(e) => e.stopPropagation()}>
        <input
          type="checkbox"
          data-testid="snapshot-check"
          checked={checked}
          onChange={() => toggle(snapshot.id)}
          aria-label={`Compare ${snapshot.id}`}
        />
      </td>
      <td className="mono">{snapshot.id}</td>
      <td className="num" data-testid="snapshot-rows">
        {formatCount(snapshot.rows)}
      </td>
      <td className="num">{formatBytes(snapshot.bytes)}</td>
      <td title={new Date(snapshot.createdAt).toLocaleString()}>{formatWhen(snapshot.createdAt)}</td>
      <td className="ellipsis" title={snapshot.source.sql}>
        {snapshot.source.table ?? 'query'}
      </td>
      <td onClick={(e) => e.stopPropagation()} className="row-actions">
        {confirming ? (
          <>
            <button
              type="button"
              className="button small danger"
              data-testid="snapshot-remove-confirm"
              onClick={() => void remove(snapshot.id).then(() => setConfirming(false))}
            >
              Delete
            </button>
            <button type="button" className="button small subtle" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button
            type="button"
            className="icon-button"
            data-testid="snapshot-remove"
            onClick={() => setConfirming(true)}
            aria-label={`Delete ${snapshot.id}`}
          >
            <Icon name="trash" size={13} />
          </button>
        )}
      </td>
    </tr>
  );
}

/** Snapshots of the workspace: create, inspect a manifest, compare two, delete. */
export function SnapshotsTab() {
  const snapshots = useLode((s) => s.snapshots);
  const loaded = useLode((s) => s.snapshotsLoaded);
  const listError = useLode((s) => s.snapshotsError);
  const checked = useLode((s) => s.snapshotChecked);
  const view = useLode((s) => s.snapshotView);
  const manifest = useLode((s) => s.snapshotManifest);
  const diff = useLode((s) => s.snapshotDiff);
  const detailError = useLode((s) => s.snapshotDetailError);
  const removeError = useLode((s) => s.snapshotRemoveError);
  const load = useLode((s) => s.loadSnapshots);
  const compare = useLode((s) => s.diffCheckedSnapshots);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="snapshots" data-testid="snapshots">
      <div className="toolbar">
        <button
          type="button"
          className="button primary small"
          data-testid="snapshot-new"
          onClick={() => setCreating(true)}
          disabled={creating}
        >
          <Icon name="snapshot" size={13} /> New snapshot
        </button>
        <button
          type="button"
          className="button small"
          data-testid="snapshot-compare"
          disabled={checked.length !== 2}
          onClick={() => void compare()}
        >
          <Icon name="diff" size={12} /> Compare {checked.length === 2 ? 'the two ticked' : '(tick two)'}
        </button>
        <button type="button" className="icon-button" onClick={() => void load()} aria-label="Refresh snapshots" title="Refresh snapshots">
          <Icon name="refresh" size={14} />
        </button>
      </div>
      {creating && <SnapshotForm onDone={() => setCreating(false)} />}
      {listError && <ErrorMessage error={listError} />}
      {removeError && <ErrorMessage error={removeError} />}
      {loaded && snapshots.length === 0 ? (
        <p className="data-hint">
          No snapshots yet. A snapshot freezes the rows of a table or query to Parquet, with a manifest and a content hash.
        </p>
      ) : (
        <div className="table-scroll snapshot-list">
          <table className="stats-table selectable">
            <thead>
              <tr>
                <th aria-label="Compare" />
                <th>Snapshot</th>
                <th className="num">Rows</th>
                <th className="num">Size</th>
                <th>Created</th>
                <th>Source</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {snapshots.map((s) => (
                <SnapshotRow key={s.id} snapshot={s} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {detailError && <ErrorMessage error={detailError} />}
      {view === 'manifest' && manifest && <ManifestView manifest={manifest} />}
      {view === 'diff' && diff && <DiffView diff={diff} />}
    </div>
  );
}
