import { useLode } from '../../app/store-context';
import { Icon } from '../Icon';
import { LearningCurve } from './LearningCurve';

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
}

/** The run being trained: iteration, elapsed time, ETA, cancel, and its learning curve as it grows. */
export function LiveRun() {
  const jobId = useLode((s) => s.trainingJobId);
  const progress = useLode((s) => s.trainingProgress);
  const curve = useLode((s) => s.trainingCurve);
  const runId = useLode((s) => s.trainingCurveRunId);
  const cancelJob = useLode((s) => s.cancelJob);
  const cancelling = useLode((s) => jobId !== null && s.cancelling.includes(jobId));
  if (jobId === null && curve.length === 0) return null;

  return (
    <section className="training-panel" data-testid="train-live" aria-label="Training progress">
      <div className="toolbar">
        <span className="training-status" data-testid="train-progress">
          {runId ?? 'Starting'}
          {progress
            ? ` · iteration ${progress.iteration} of ${progress.total} · ${duration(progress.elapsedMs)} elapsed` +
              (jobId !== null ? ` · about ${duration(progress.etaMs)} left` : '')
            : jobId !== null
              ? ' · preparing the data…'
              : ''}
        </span>
        {jobId !== null && (
          <button
            type="button"
            className="button small"
            data-testid="train-cancel"
            disabled={cancelling}
            onClick={() => void cancelJob(jobId)}
          >
            <Icon name="stop" size={12} /> Cancel
          </button>
        )}
      </div>
      {jobId !== null && progress && <progress className="training-bar" max={progress.total} value={progress.iteration} />}
      {curve.length > 0 && <LearningCurve points={curve} metric={progress?.metric ?? 'metric'} />}
    </section>
  );
}
