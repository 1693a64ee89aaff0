import { useEffect, useRef } from 'react';
import { importFormats, type ImportFormat } from '../../../../shared/services/data/imports';
import { useLode } from '../../app/store-context';
import { formatBytes } from '../../data/numbers';
import { percent } from '../format';
import { ErrorMessage } from '../ErrorMessage';
import { Icon } from '../Icon';
import { ImportOptions } from './ImportOptions';
import { ImportPreviewTable, ImportProblems } from './ImportPreviewTable';
import { ImportTarget } from './ImportTarget';

const PREVIEW_DELAY_MS = 300;

function ImportProgress({ jobId }: { jobId: string }) {
  const job = useLode((s) => s.jobs.find((j) => j.id === jobId));
  const cancelJob = useLode((s) => s.cancelJob);
  const value = percent(job?.progress ?? 0);
  return (
    <div className="import-progress" data-testid="import-progress">
      <div className="progress" role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value}>
        <div className="progress-fill" style={{ width: `${value}%` }} />
      </div>
      <span className="muted">{job?.message || 'Starting…'}</span>
      <button type="button" className="button small" data-testid="import-cancel-job" onClick={() => void cancelJob(jobId)}>
        Cancel import
      </button>
    </div>
  );
}

/** Import a file: preview it as DuckDB reads it, override what was detected, pick the target, run it as a job. */
export function ImportDialog() {
  const draft = useLode((s) => s.importDraft);
  const update = useLode((s) => s.updateImportDraft);
  const preview = useLode((s) => s.importPreview);
  const previewing = useLode((s) => s.importPreviewing);
  const previewError = useLode((s) => s.importPreviewError);
  const runPreview = useLode((s) => s.previewImport);
  const startImport = useLode((s) => s.startImport);
  const confirmReplace = useLode((s) => s.importConfirmReplace);
  const cancelReplace = useLode((s) => s.cancelReplace);
  const jobId = useLode((s) => s.importJobId);
  const error = useLode((s) => s.importError);
  const close = useLode((s) => s.closeImport);
  const pathRef = useRef<HTMLInputElement>(null);

  useEffect(() => pathRef.current?.focus(), []);

  // Every change of the file or its options reads the file again, once typing pauses.
  const { path, format, delimiter, quote, header, nullStrings, skipRows, types } = draft;
  useEffect(() => {
    const timer = setTimeout(() => void runPreview(), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [path, format, delimiter, quote, header, nullStrings, skipRows, types, runPreview]);

  const busy = jobId !== null;
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && !busy && close()}>
      <div
        className="dialog import-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="import-title"
        data-testid="import-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            close();
          }
        }}
      >
        <header className="panel-header">
          <h2 id="import-title">Import a file</h2>
          <div className="panel-actions">
            <button type="button" className="icon-button" onClick={close} aria-label="Close" title="Close (Esc)">
              <Icon name="close" size={14} />
            </button>
          </div>
        </header>
        <div className="import-body">
          <div className="import-file">
            <label className="field compact wide">
              <span className="field-label">File</span>
              <input
                ref={pathRef}
                data-testid="import-path"
                value={path}
                onChange={(e) => update({ path: e.target.value })}
                placeholder="/home/me/data/bank-additional-full.csv (CSV, TSV, Parquet, JSON, JSON Lines; .gz too)"
                spellCheck={false}
                autoComplete="off"
              />
            </label>
            <label className="field compact">
              <span className="field-label">Format</span>
              <select
                data-testid="import-format"
                value={format}
                onChange={(e) => update({ format: e.target.value as ImportFormat | 'auto' })}
              >
                <option value="auto">Detect</option>
                {importFormats.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {preview && (
            <p className="import-facts" data-testid="import-facts">
              {preview.format.toUpperCase()}
              {preview.compression !== 'none' && ` (${preview.compression})`} · {formatBytes(preview.sizeBytes)} · {preview.columns.length}{' '}
              columns
              {previewing && <span className="muted"> · reading…</span>}
            </p>
          )}
          {previewError && <ErrorMessage error={previewError} />}
          <ImportOptions preview={preview} />
          {preview && <ImportPreviewTable preview={preview} />}
          {preview && <ImportProblems preview={preview} />}
          <ImportTarget />
        </div>
        <footer className="dialog-footer">
          {error && !confirmReplace && <ErrorMessage error={error} />}
          {busy && <ImportProgress jobId={jobId} />}
          {confirmReplace ? (
            <div className="confirm" role="alert" data-testid="import-replace-confirm">
              <span>
                <strong>
                  {draft.layer}.{draft.name}
                </strong>{' '}
                already exists. Replace it with the rows of this file?
              </span>
              <button type="button" className="button small" onClick={cancelReplace}>
                Keep it
              </button>
              <button type="button" className="button small danger" data-testid="import-replace" onClick={() => void startImport(true)}>
                Replace
              </button>
            </div>
          ) : (
            <div className="form-actions">
              <button type="button" className="button subtle" onClick={close}>
                {busy ? 'Hide' : 'Cancel'}
              </button>
              <button
                type="button"
                className="button primary"
                data-testid="import-submit"
                disabled={busy || path.trim() === '' || draft.name === ''}
                onClick={() => void startImport()}
              >
                {busy ? 'Importing…' : 'Import'}
              </button>
            </div>
          )}
        </footer>
      </div>
    </div>
  );
}
