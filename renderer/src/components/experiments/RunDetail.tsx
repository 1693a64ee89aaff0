import { useState } from 'react';
import type { Reproduction, TrackedRun } from '../../../../shared/services/tracking';
import { useLode } from '../../app/store-context';
import { ErrorMessage } from '../ErrorMessage';
import { formatWhen } from '../format';
import { Icon } from '../Icon';
import { DeleteConfirm } from './DeleteConfirm';
import { formatDuration, formatNumber } from './run-columns';

/** Tags as typed: separated by commas or spaces, duplicates dropped. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((t) => t !== ''))];
}

/** One run: its lineage five-tuple, and the tags, notes and experiment an analyst can still edit. */
export function RunDetail() {
  const detail = useLode((s) => s.runDetail);
  if (!detail) return null;
  // A fresh form per run, so edits of one run never leak into the next one opened.
  return <RunDetailPanel key={detail.run.id} detail={detail} />;
}

function RunDetailPanel({ detail }: { detail: TrackedRun }) {
  const close = useLode((s) => s.closeRunDetail);
  const update = useLode((s) => s.updateRunNotes);
  const deleteRuns = useLode((s) => s.deleteRuns);
  const rerun = useLode((s) => s.rerunRun);
  const rerunning = useLode((s) => s.rerunning === detail.run.id);
  const reproduced = useLode((s) => (s.rerunResult?.original === detail.run.id ? s.rerunResult : null));
  const { run, lineage } = detail;
  const [tags, setTags] = useState(run.tags.join(', '));
  const [notes, setNotes] = useState(detail.notes);
  const [experiment, setExperiment] = useState(run.experiment ?? '');
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const changed = tags !== run.tags.join(', ') || notes !== detail.notes || experiment !== (run.experiment ?? '');
  const metrics = Object.entries(lineage?.metrics ?? run.metrics ?? {});

  const save = async () => {
    setSaving(true);
    await update(run.id, { tags: parseTags(tags), notes, experiment: experiment.trim() === '' ? null : experiment.trim() });
    setSaving(false);
  };

  return (
    <aside className="run-detail" aria-labelledby="run-detail-title" data-testid="run-detail" data-run-id={run.id}>
      <header className="run-detail-header">
        <h2 id="run-detail-title" className="mono">
          {run.id}
        </h2>
        <span className={`badge badge-${run.state}`}>{run.state}</span>
        <button type="button" className="icon-button" aria-label="Close the run" title="Close" onClick={close}>
          <Icon name="close" size={14} />
        </button>
      </header>
      <p className="muted">
        {run.algo} on {run.data} · label {run.label} · started {formatWhen(run.createdAt)}
        {detail.durationMs !== null ? ` · ${formatDuration(detail.durationMs)}` : ''}
      </p>
      {run.error && <ErrorMessage error={run.error} />}
      {metrics.length > 0 && (
        <dl className="run-detail-metrics">
          {metrics.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{formatNumber(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      <h3>Lineage</h3>
      {lineage ? (
        <dl className="run-detail-lineage" data-testid="run-lineage">
          <dt>Data</dt>
          <dd className="mono">
            {lineage.data.snapshot}
            {lineage.valid ? ` (validation ${lineage.valid.snapshot})` : ''}
          </dd>
          <dt>Template</dt>
          <dd className="mono">{lineage.template ? `${lineage.template.name} @ ${lineage.template.logicVersion}` : '—'}</dd>
          <dt>Code</dt>
          <dd className="mono">
            {lineage.code.version}
            {lineage.code.commit ? ` (${lineage.code.commit.slice(0, 10)})` : ''}
          </dd>
          <dt>Parameters</dt>
          <dd>
            <details>
              <summary>{Object.keys(lineage.params).length} values</summary>
              <pre className="run-detail-params">{JSON.stringify(lineage.params, null, 2)}</pre>
            </details>
          </dd>
        </dl>
      ) : (
        <p className="muted">This run recorded no lineage.</p>
      )}
      <h3>Annotations</h3>
      <label className="run-detail-field">
        Tags <span className="muted">(commas or spaces between)</span>
        <input className="input" data-testid="run-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
      </label>
      <label className="run-detail-field">
        Experiment
        <input className="input" data-testid="run-experiment" value={experiment} onChange={(e) => setExperiment(e.target.value)} />
      </label>
      <label className="run-detail-field">
        Notes
        <textarea className="input" data-testid="run-notes" rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <div className="run-detail-actions">
        <button
          type="button"
          className="button primary small"
          data-testid="run-save"
          disabled={!changed || saving}
          onClick={() => void save()}
        >
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          className="button small"
          data-testid="run-rerun"
          disabled={run.state !== 'succeeded' || rerunning}
          title="Train again from the same snapshot, template version and parameters, and check the result is identical"
          onClick={() => void rerun(run.id)}
        >
          <Icon name="refresh" size={12} /> {rerunning ? 'Re-running…' : 'Re-run'}
        </button>
        <button type="button" className="button small" data-testid="run-delete" onClick={() => setConfirming(true)}>
          <Icon name="trash" size={12} /> Delete…
        </button>
      </div>
      {reproduced && <ReproductionNote result={reproduced} />}
      {confirming && (
        <DeleteConfirm
          runIds={[run.id]}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            await deleteRuns([run.id]);
          }}
        />
      )}
      {detail.artifacts.length > 0 && (
        <p className="muted">
          Files: <span className="mono">{detail.artifacts.join(', ')}</span>
        </p>
      )}
    </aside>
  );
}

/** Whether a re-run reproduced its run: identical metrics and predictions, or what differed and why. */
function ReproductionNote({ result }: { result: Reproduction }) {
  const moved = result.metrics.filter((m) => m.delta !== null && m.delta !== 0);
  return (
    <div
      className={`run-reproduction${result.identical ? ' identical' : ''}`}
      role="status"
      data-testid="run-reproduction"
      data-identical={result.identical}
    >
      <p>
        <strong>{result.identical ? 'Reproduced exactly' : 'Not identical'}</strong>: re-run <span className="mono">{result.rerun}</span>
        {result.identical
          ? ' has the same metrics and every validation prediction.'
          : ` (${result.metricsIdentical ? 'same metrics' : 'metrics differ'}, ${result.predictionsIdentical ? 'same predictions' : `predictions differ by up to ${result.maxPredictionDiff === null ? '?' : formatNumber(result.maxPredictionDiff)}`}).`}
      </p>
      {moved.length > 0 && (
        <p className="mono">{moved.map((m) => `${m.metric} ${m.delta! > 0 ? '+' : ''}${formatNumber(m.delta!)}`).join(', ')}</p>
      )}
      {result.reasons.length > 0 && (
        <ul>
          {result.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
