import { useLode } from '../../app/store-context';
import { ErrorMessage } from '../ErrorMessage';
import { ImportanceCharts } from './ImportanceCharts';
import { BinaryCharts, StoredLearningCurve } from './RunCharts';

function formatMetric(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('en-US') : String(Number(v.toPrecision(4)));
}

/** One run: state, headline validation metrics, notices and error, parameters and where its files are. */
export function RunResult() {
  const run = useLode((s) => s.trainingRun);
  const artifacts = useLode((s) => (s.trainingArtifacts?.runId === s.trainingRun?.id ? s.trainingArtifacts : null));
  const liveCurveShown = useLode((s) => s.trainingCurveRunId === s.trainingRun?.id && s.trainingCurve.length > 0);
  if (!run) return null;
  const metrics = Object.entries(run.metrics ?? {});
  return (
    <section className="training-panel" data-testid="train-result" aria-labelledby="train-result-title">
      <h2 id="train-result-title">
        {run.id} <span className={`training-state state-${run.state}`}>{run.state}</span>
      </h2>
      <p className="data-hint">
        {run.algo} on {run.data} · label {run.label} · split {run.split.kind}
        {run.valid ? ` (validation ${run.valid})` : ''}
      </p>
      {metrics.length > 0 && (
        <dl className="training-metrics" data-testid="train-metrics">
          {metrics.map(([name, value]) => (
            <div key={name} className="training-metric" data-testid={`train-metric-${name}`}>
              <dt>{name}</dt>
              <dd>{formatMetric(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {run.error && <ErrorMessage error={run.error} />}
      {run.notices.length > 0 && (
        <ul className="training-notices" data-testid="train-notices">
          {run.notices.map((n, i) => (
            <li key={`${n.column}-${i}`}>
              <strong>{n.column}</strong>: {n.message}
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Parameters</summary>
        <pre className="training-params-used">{JSON.stringify(run.params, null, 2)}</pre>
      </details>
      {artifacts && (
        <div className="training-result-charts" data-testid="train-result-charts" data-algo={run.algo}>
          {/* The live panel already draws the curve of a run trained in this session. */}
          {!liveCurveShown && <StoredLearningCurve curves={artifacts.curves} />}
          {artifacts.curves.roc && <BinaryCharts curves={artifacts.curves} />}
          {artifacts.importance && <ImportanceCharts importance={artifacts.importance} />}
        </div>
      )}
      <p className="data-hint">
        Files in <code>{run.folder}</code>: model.onnx, metrics.json, curves.json, importance.json, predictions.bin, log.
      </p>
    </section>
  );
}
