import type { JobInfo } from '../../../shared/services/jobs';
import type { Command } from '../command';

function jobLine(job: JobInfo): string {
  const pct = `${Math.round(job.progress * 100)}%`.padStart(4);
  return `${job.id.slice(0, 8)}  ${job.state.padEnd(9)} ${pct}  ${job.createdAt}  ${job.title}: ${job.message}`;
}

export const jobsListCommand: Command = {
  name: 'jobs list',
  summary: 'Running and recent jobs of the workspace, newest first.',
  usage: '',
  flags: { limit: { type: 'number', description: 'How many to show (default 20)', value: 'N' } },
  positionals: { min: 0, max: 0 },
  async run({ args, client, openWorkspace }) {
    await openWorkspace();
    const { jobs } = await client.jobs.list({ limit: (args.flags.limit as number | undefined) ?? 20 });
    return { json: jobs, text: jobs.length === 0 ? 'No jobs yet.' : jobs.map(jobLine).join('\n') };
  },
};

export const selfTestCommand: Command = {
  name: 'self-test',
  summary: 'Check the workspace host end to end as a job (DuckDB round trips and workspace writes).',
  usage: '',
  flags: {
    seconds: { type: 'number', description: 'Spread the steps over this many seconds (default 2)', value: 'S' },
    steps: { type: 'number', description: 'Number of steps (default 10)', value: 'N' },
  },
  positionals: { min: 0, max: 0 },
  async run({ args, client, openWorkspace, followJob }) {
    await openWorkspace();
    const { jobId } = await client.jobs.selfTest({
      seconds: (args.flags.seconds as number | undefined) ?? 2,
      steps: (args.flags.steps as number | undefined) ?? 10,
    });
    const job = await followJob(jobId);
    return { json: job, text: `Self-test ${job.state}: ${JSON.stringify(job.result)}` };
  },
};
