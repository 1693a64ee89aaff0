import type { JobInfo, JobState } from '../../../shared/services/jobs';
import { useLode } from '../app/store-context';
import { ErrorMessage } from './ErrorMessage';
import { formatWhen, percent } from './format';

const stateLabels: Record<JobState, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function JobRow({ job }: { job: JobInfo }) {
  const cancelJob = useLode((s) => s.cancelJob);
  const cancelling = useLode((s) => s.cancelling.includes(job.id));
  const value = percent(job.progress);
  const labelId = `job-title-${job.id}`;

  return (
    <li className="job-row" data-testid="job-row" data-state={job.state} data-job-id={job.id} aria-labelledby={labelId}>
      <div className="job-head">
        <span className="job-title" id={labelId}>
          {job.title}
        </span>
        <span className={`badge badge-${job.state}`} data-testid="job-state">
          {stateLabels[job.state]}
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={`${value}%`}
        data-state={job.state}
      >
        <div className="progress-fill" style={{ width: `${value}%` }} />
      </div>
      <div className="job-foot">
        <span className="job-message" data-testid="job-message">
          {job.message}
        </span>
        <span className="job-meta">
          {value}% · {formatWhen(job.finishedAt ?? job.createdAt)}
        </span>
        {job.state === 'running' && (
          <button
            type="button"
            className="button small"
            data-testid="job-cancel"
            onClick={() => void cancelJob(job.id)}
            disabled={cancelling}
            aria-label={`Cancel ${job.title}`}
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
      {job.state === 'failed' && job.error && <ErrorMessage error={job.error} />}
    </li>
  );
}
