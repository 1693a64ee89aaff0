import { z } from 'zod';
import { defineService, method } from '../contract/define';
import { errorSchema } from '../errors';

export const jobStates = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof jobStates)[number];

export const jobInfo = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  state: z.enum(jobStates),
  progress: z.number().min(0).max(1),
  message: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  error: errorSchema.nullable(),
  result: z.unknown(),
});
export type JobInfo = z.infer<typeof jobInfo>;

const jobId = z.object({ id: z.string().min(1, 'give a job id') }).strict();

export const jobsService = defineService(
  'jobs',
  {
    list: method(
      'Running and recent jobs, newest first, including those of earlier sessions.',
      z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
      z.object({ jobs: z.array(jobInfo) }),
    ),
    get: method('One job by id.', jobId, jobInfo),
    cancel: method('Ask a running job to stop; resolves with its state after the request.', jobId, jobInfo),
    selfTest: method(
      'Check the host end to end as a job: a DuckDB round trip and a workspace write per step, paced over the given seconds.',
      z.object({ seconds: z.number().min(0).max(600).default(5), steps: z.number().int().min(1).max(1000).default(20) }).strict(),
      z.object({ jobId: z.string() }),
    ),
  },
  {
    updated: jobInfo,
  },
);
