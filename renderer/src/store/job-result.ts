import type { z } from 'zod';
import { LodeError } from '../../../shared/errors';
import type { JobInfo } from '../../../shared/services/jobs';

/** The result of a finished job, parsed with its contract schema; a failed or cancelled job throws why. */
export function jobResult<S extends z.ZodType>(job: JobInfo, schema: S): z.output<S> {
  if (job.state === 'succeeded') return schema.parse(job.result);
  if (job.state === 'failed') throw job.error ? LodeError.fromJSON(job.error) : new LodeError('internal', `${job.title} failed.`);
  if (job.state === 'cancelled') throw new LodeError('cancelled', `${job.title} was cancelled.`);
  throw new LodeError('internal', `${job.title} is still running.`);
}
