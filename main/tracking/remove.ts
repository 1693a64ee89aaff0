import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LodeClient } from '../../shared/contract';
import { LodeError } from '../../shared/errors';
import type { Host } from '../host/host';
import { runsRoot } from '../training/runner/run-folder';
import { inTransaction, withConnection } from '../data/table-catalog';
import { forgetRuns } from './index-store';
import { runFolderOf } from './run-record';
import { TRASH_PREFIX, type RunsIndex } from './runs-index';

/**
 * Deletes runs for real: the folder is first renamed to `runs/.trash-<id>` (one atomic step that
 * takes it out of every listing), then its index row and its feature usage go in one transaction,
 * then the files. A process stopped in between leaves a trash folder (and maybe the rows) that the
 * next listing removes, never a half-deleted run.
 */
export async function deleteRuns(host: Host, client: LodeClient, index: RunsIndex, runIds: readonly string[]): Promise<string[]> {
  const ids = [...new Set(runIds)];
  // Check them all before touching any, so a refused delete deletes nothing.
  for (const runId of ids) {
    const run = await client.training.getRun({ runId }).catch(async (err: unknown) => {
      // A run whose run.json is damaged can still be deleted: that is one way out of the damage.
      if (err instanceof LodeError && err.code !== 'internal') throw err;
      if (await runFolderOf(host.requireWorkspace().workspace.path, runId)) return null;
      throw err;
    });
    if (run?.state === 'running') {
      throw new LodeError('bad_input', `run ${runId} is still training, so it cannot be deleted.`, {
        field: 'runIds',
        hint: `Cancel it first (\`lode jobs cancel ${run.jobId}\` or the Cancel button), then delete it.`,
      });
    }
  }
  return index.serial(async () => {
    const { workspace } = host.requireWorkspace();
    const deleted: string[] = [];
    for (const runId of ids) {
      const folder = await runFolderOf(workspace.path, runId);
      const trash = join(runsRoot(workspace.path), `${TRASH_PREFIX}${runId}`);
      if (folder) await rename(folder, trash);
      // The index row and the feature registry's record of the run go together: a process stopped
      // before this commits leaves both, and the next listing, finding no folder, forgets both.
      await withConnection(workspace, (conn) => inTransaction(conn, () => forgetRuns(conn, [runId])));
      await rm(trash, { recursive: true, force: true });
      deleted.push(runId);
    }
    return deleted;
  });
}
