import type { JobInfo } from '../../../shared/services/jobs';

/**
 * Whether `incoming` should replace `existing` for the same job. A list reply can be older than an
 * event that arrived while it was in flight, so a job never goes back from a final state to
 * running, nor backwards in progress while running.
 */
export function isNewer(existing: JobInfo, incoming: JobInfo): boolean {
  if (existing.state !== 'running') return incoming.state !== 'running' && incoming.finishedAt !== null;
  if (incoming.state !== 'running') return true;
  return incoming.progress >= existing.progress;
}

/** Merges jobs by id and keeps the list newest first. */
export function mergeJobs(current: readonly JobInfo[], incoming: readonly JobInfo[]): JobInfo[] {
  const byId = new Map(current.map((job) => [job.id, job]));
  for (const job of incoming) {
    const existing = byId.get(job.id);
    if (!existing || isNewer(existing, job)) byId.set(job.id, job);
  }
  return [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

export function runningCount(jobs: readonly JobInfo[]): number {
  return jobs.filter((job) => job.state === 'running').length;
}
