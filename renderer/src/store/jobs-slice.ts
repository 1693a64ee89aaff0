import { LodeError, toLodeError, type LodeErrorData } from '../../../shared/errors';
import type { JobInfo } from '../../../shared/services/jobs';
import { requireClient } from './connection-slice';
import { mergeJobs } from './job-merge';
import type { LodeState, SliceCreator } from './types';

export const JOBS_LIST_LIMIT = 50;
/** Long enough to watch the bar move and to cancel it by hand. */
export const SELF_TEST = { seconds: 8, steps: 40 } as const;

export interface JobsSlice {
  jobs: JobInfo[];
  jobsPanelOpen: boolean;
  jobsError: LodeErrorData | null;
  /** Ids of jobs whose cancel request is in flight. */
  cancelling: string[];
  toggleJobsPanel: (open?: boolean) => void;
  loadJobs: () => Promise<void>;
  applyJobUpdate: (job: JobInfo) => void;
  cancelJob: (id: string) => Promise<void>;
  startSelfTest: () => Promise<void>;
  resetJobs: () => void;
  /**
   * Resolves with the job once it has finished (succeeded, failed or cancelled), from the
   * `jobs.updated` events; rejects if the connection drops first.
   */
  waitForJob: (id: string) => Promise<JobInfo>;
}

export const createJobsSlice: SliceCreator<JobsSlice> = (set, get, store) => {
  const fail = (err: unknown) => set({ jobsError: toLodeError(err).toJSON() });

  return {
    jobs: [],
    jobsPanelOpen: false,
    jobsError: null,
    cancelling: [],

    toggleJobsPanel: (open) => {
      // Jobs belong to a workspace; without one there is nothing to show.
      if (!get().workspace) return set({ jobsPanelOpen: false });
      set({ jobsPanelOpen: open ?? !get().jobsPanelOpen });
    },

    async loadJobs() {
      try {
        const { jobs } = await requireClient(get().client).jobs.list({ limit: JOBS_LIST_LIMIT });
        set({ jobs: mergeJobs(get().jobs, jobs), jobsError: null });
      } catch (err) {
        fail(err);
      }
    },

    applyJobUpdate: (job) => set({ jobs: mergeJobs(get().jobs, [job]) }),

    async cancelJob(id) {
      set({ cancelling: [...get().cancelling, id], jobsError: null });
      try {
        get().applyJobUpdate(await requireClient(get().client).jobs.cancel({ id }));
      } catch (err) {
        fail(err);
      } finally {
        set({ cancelling: get().cancelling.filter((c) => c !== id) });
      }
    },

    async startSelfTest() {
      set({ jobsError: null, jobsPanelOpen: true });
      try {
        const client = requireClient(get().client);
        const { jobId } = await client.jobs.selfTest(SELF_TEST);
        // The job's events may already be here; fetching it covers a start that raced them.
        get().applyJobUpdate(await client.jobs.get({ id: jobId }));
      } catch (err) {
        fail(err);
      }
    },

    resetJobs: () => set({ jobs: [], jobsError: null, cancelling: [], jobsPanelOpen: false }),

    waitForJob: (id) =>
      new Promise<JobInfo>((resolve, reject) => {
        let unsubscribe: (() => void) | null = null;
        let done = false;
        const check = (state: LodeState) => {
          if (done) return;
          const job = state.jobs.find((j) => j.id === id);
          if (job && job.state !== 'running') {
            done = true;
            resolve(job);
          } else if (state.connectionStatus === 'disconnected') {
            done = true;
            reject(new LodeError('internal', 'the connection to the Lode host was lost before the job finished.'));
          }
          if (done) unsubscribe?.();
        };
        check(get());
        if (done) return;
        unsubscribe = store.subscribe(check);
        // The job may have finished before this subscription; one read covers that race.
        requireClient(get().client)
          .jobs.get({ id })
          .then((job) => get().applyJobUpdate(job))
          .catch((err: unknown) => {
            if (done) return;
            done = true;
            unsubscribe?.();
            reject(toLodeError(err));
          });
      }),
  };
};
