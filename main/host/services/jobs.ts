import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServiceImpl } from '../../../shared/contract/define';
import { LodeError } from '../../../shared/errors';
import type { jobsService as spec } from '../../../shared/services/jobs';
import { writeFileAtomic } from '../../workspace/atomic';
import type { Host } from '../host';
import { sleep } from '../jobs';

export function jobsService(host: Host): ServiceImpl<typeof spec> {
  return {
    list: async ({ limit }) => ({ jobs: await host.requireWorkspace().jobs.list(limit) }),
    get: async ({ id }) => host.requireWorkspace().jobs.get(id),
    cancel: async ({ id }) => host.requireWorkspace().jobs.cancel(id),
    selfTest: async ({ seconds, steps }) => {
      const { workspace, jobs } = host.requireWorkspace();
      const info = await jobs.start('self-test', 'Self-test of the workspace host', async ({ signal, progress }) => {
        const scratch = join(workspace.path, '.lode-tmp');
        await mkdir(scratch, { recursive: true });
        const probe = join(scratch, `self-test-${randomBytes(4).toString('hex')}`);
        let slowestQueryMs = 0;
        try {
          for (let step = 1; step <= steps; step++) {
            const started = performance.now();
            const reader = await workspace.sql.runAndReadAll('SELECT $1::INTEGER * 2 AS doubled', [step]);
            if (Number(reader.getRows()[0]![0]) !== step * 2) throw new LodeError('internal', 'DuckDB returned a wrong result.');
            slowestQueryMs = Math.max(slowestQueryMs, performance.now() - started);
            await writeFileAtomic(probe, String(step));
            if ((await readFile(probe, 'utf8')) !== String(step))
              throw new LodeError('internal', 'the workspace folder did not keep a write.');
            progress(step / steps, `step ${step} of ${steps}`);
            if (step < steps) await sleep((seconds * 1000) / steps, signal);
          }
        } finally {
          await rm(probe, { force: true });
        }
        return { steps, slowestQueryMs: Math.round(slowestQueryMs * 100) / 100 };
      });
      return { jobId: info.id };
    },
  };
}
