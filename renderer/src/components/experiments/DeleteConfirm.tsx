import { useState } from 'react';

interface Props {
  readonly runIds: readonly string[];
  readonly onCancel: () => void;
  readonly onConfirm: () => Promise<void>;
}

/** Deleting removes run folders for real (model, curves, log), so it asks first and names what goes. */
export function DeleteConfirm({ runIds, onCancel, onConfirm }: Props) {
  const [busy, setBusy] = useState(false);
  const shown = runIds.slice(0, 5);
  return (
    <div className="runs-confirm" role="alertdialog" aria-labelledby="runs-confirm-title" data-testid="runs-delete-confirm">
      <p id="runs-confirm-title">
        <strong>
          Delete {runIds.length === 1 ? 'run' : `${runIds.length} runs`} and {runIds.length === 1 ? 'its' : 'their'} files?
        </strong>{' '}
        The model, curves, importance and log go with {runIds.length === 1 ? 'it' : 'them'}; this cannot be undone.
      </p>
      <p className="muted mono">
        {shown.join(', ')}
        {runIds.length > shown.length ? ` and ${runIds.length - shown.length} more` : ''}
      </p>
      <div className="runs-confirm-actions">
        <button
          type="button"
          className="button danger small"
          data-testid="runs-delete-yes"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onConfirm().finally(() => setBusy(false));
          }}
        >
          Delete
        </button>
        <button type="button" className="button small" data-testid="runs-delete-no" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
