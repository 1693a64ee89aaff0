import { useLode } from '../../app/store-context';
import { formatWhen } from '../format';

/** Runs of the workspace, newest first; one opens in the result view. */
export function RunsList() {
  const runs = useLode((s) => s.trainingRuns);
  const current = useLode((s) => s.trainingRun?.id);
  const select = useLode((s) => s.selectTrainingRun);
  return (
    <section className="training-panel training-runs" aria-labelledby="train-runs-title" data-testid="train-runs">
      <h2 id="train-runs-title">Runs</h2>
      {runs.length === 0 ? (
        <p className="data-hint">No training runs yet.</p>
      ) : (
        <ul className="features-list">
          {runs.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                className="training-run-item"
                data-testid={`train-run-${r.id}`}
                aria-current={r.id === current ? 'true' : undefined}
                onClick={() => void select(r.id)}
              >
                <span className="training-run-id">{r.id}</span>
                <span className="data-hint">
                  {r.algo} · {r.state}
                  {r.metrics?.auc !== undefined ? ` · auc ${r.metrics.auc.toFixed(4)}` : ''}
                  {r.metrics?.rmse !== undefined ? ` · rmse ${r.metrics.rmse.toPrecision(4)}` : ''} · {formatWhen(r.createdAt)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
