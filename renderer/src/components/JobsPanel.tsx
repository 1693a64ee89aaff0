import type { JobInfo } from '../../../shared/services/jobs';
import { useLode } from '../app/store-context';
import { modKeyLabel } from '../app/shortcuts';
import { ErrorMessage } from './ErrorMessage';
import { Icon } from './Icon';
import { JobRow } from './JobRow';
import { isMac } from './platform';

function JobGroup({ title, jobs }: { title: string; jobs: JobInfo[] }) {
  if (jobs.length === 0) return null;
  const id = `jobs-${title.toLowerCase()}`;
  return (
    <section className="job-group" aria-labelledby={id}>
      <h3 id={id} className="job-group-title">
        {title} <span className="count">{jobs.length}</span>
      </h3>
      <ul className="job-list">
        {jobs.map((job) => (
          <JobRow key={job.id} job={job} />
        ))}
      </ul>
    </section>
  );
}

/** Running and recent jobs of the workspace, live from `jobs.updated` events. */
export function JobsPanel() {
  const jobs = useLode((s) => s.jobs);
  const error = useLode((s) => s.jobsError);
  const toggleJobsPanel = useLode((s) => s.toggleJobsPanel);
  const startSelfTest = useLode((s) => s.startSelfTest);
  const running = jobs.filter((job) => job.state === 'running');
  const finished = jobs.filter((job) => job.state !== 'running');

  return (
    <aside id="jobs-panel" className="jobs-panel" data-testid="jobs-panel" aria-labelledby="jobs-title">
      <header className="panel-header">
        <h2 id="jobs-title">Jobs</h2>
        <div className="panel-actions">
          <button
            type="button"
            className="button small"
            data-testid="self-test"
            onClick={() => void startSelfTest()}
            title="Check the host end to end: a DuckDB round trip and a workspace write per step, over 8 seconds"
          >
            <Icon name="play" size={12} /> Run self-test
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={() => toggleJobsPanel(false)}
            aria-label="Close jobs"
            title={`Close jobs (${modKeyLabel(isMac)}+J)`}
          >
            <Icon name="close" size={14} />
          </button>
        </div>
      </header>
      <div className="panel-body">
        {error && <ErrorMessage error={error} />}
        {jobs.length === 0 ? (
          <p className="panel-empty">
            No jobs yet. Imports, feature builds and training runs show their progress here, and can be cancelled.
          </p>
        ) : (
          <>
            <JobGroup title="Running" jobs={running} />
            <JobGroup title="Recent" jobs={finished} />
          </>
        )}
      </div>
    </aside>
  );
}
