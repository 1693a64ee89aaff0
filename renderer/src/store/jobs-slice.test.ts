import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../shared/services/jobs';
import { mergeJobs, runningCount } from './job-merge';
import { connectedStore } from './test-store';

function job(id: string, change: Partial<JobInfo> = {}): JobInfo {
  return {
    id,
    kind: 'self-test',
    title: 'Self-test',
    state: 'running',
    progress: 0,
    message: '',
    createdAt: `2025-01-01T00:00:0${id}Z`,
    finishedAt: null,
    error: null,
    result: null,
    ...change,
  };
}

describe('merging jobs', () => {
  it('keeps one entry per job, newest first', () => {
    const merged = mergeJobs([job('1'), job('2')], [job('3'), job('1', { progress: 0.5 })]);
    expect(merged.map((j) => [j.id, j.progress])).toEqual([
      ['3', 0],
      ['2', 0],
      ['1', 0.5],
    ]);
  });

  it('never takes a finished job back to running, nor progress backwards', () => {
    const cancelled = job('1', { state: 'cancelled', progress: 0.3, finishedAt: '2025-01-01T00:01:00Z' });
    expect(mergeJobs([cancelled], [job('1', { progress: 0.2 })])[0]?.state).toBe('cancelled');
    expect(mergeJobs([job('1', { progress: 0.6 })], [job('1', { progress: 0.4 })])[0]?.progress).toBe(0.6);
  });

  it('counts running jobs', () => {
    expect(runningCount([job('1'), job('2', { state: 'failed', finishedAt: 'x' })])).toBe(1);
  });
});

describe('the jobs panel', () => {
  it('lists the jobs of the workspace when it opens', async () => {
    const { store } = await connectedStore((host) => {
      host.folders.add('/w/a');
      host.jobs.set('1', job('1', { state: 'cancelled', finishedAt: '2025-01-01T00:02:00Z' }));
    });
    await store.getState().openWorkspace('/w/a');
    expect(store.getState().jobs.map((j) => [j.id, j.state])).toEqual([['1', 'cancelled']]);
  });

  it('starts the self-test, follows its progress and cancels it', async () => {
    const { store, host } = await connectedStore();
    await store.getState().createWorkspace('/w/a');
    await store.getState().startSelfTest();
    expect(store.getState().jobsPanelOpen).toBe(true);
    const [started] = store.getState().jobs;
    expect(started?.state).toBe('running');
    host.update(started!.id, { progress: 0.25, message: 'step 10 of 40' });
    expect(store.getState().jobs[0]).toMatchObject({ progress: 0.25, message: 'step 10 of 40' });
    await store.getState().cancelJob(started!.id);
    expect(store.getState().jobs[0]?.state).toBe('cancelled');
    expect(store.getState().cancelling).toEqual([]);
  });

  it('shows an error from the host instead of a silent empty list', async () => {
    const { store } = await connectedStore();
    await store.getState().createWorkspace('/w/a');
    await store.getState().cancelJob('missing');
    expect(store.getState().jobsError).toMatchObject({ code: 'not_found' });
  });

  it('stays closed while no workspace is open', async () => {
    const { store } = await connectedStore();
    store.getState().toggleJobsPanel();
    expect(store.getState().jobsPanelOpen).toBe(false);
  });
});
