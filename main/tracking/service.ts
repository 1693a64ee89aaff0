import { join } from 'node:path';
import type { ServiceImpl } from '../../shared/contract/define';
import { LodeError, toLodeError } from '../../shared/errors';
import type { RunInfo } from '../../shared/services/training';
import type { TrackedRun, trackingService as spec } from '../../shared/services/tracking';
import { filterRunRows } from '../../shared/tracking/filter';
import { takeRunRows } from '../../shared/tracking/table';
import type { Host } from '../host/host';
import { inProcessClient } from '../host/in-process';
import { diffRuns } from './compare';
import { createExperiment, listExperiments, requireExperiment, requireSearch } from './experiments';
import { readAnnotations, readRunTable, writeAnnotations } from './index-store';
import { deleteRuns } from './remove';
import { startRerun } from './rerun';
import { durationOf, lineageOf, listArtifacts, readParamsFile, runFolderOf, writeAnnotationsFile } from './run-record';
import { runsIndexOf } from './runs-index';

/** Run tracking: the runs index, lineage, annotations, compare and re-run. */
export function trackingServiceImpl(host: Host): ServiceImpl<typeof spec> {
  // Calls go through host.dispatcher when made, so the client works although the dispatcher is built after this service.
  const lode = inProcessClient(host);
  const index = runsIndexOf(host);

  /*
   * Runs are indexed when something lists or reads them, not from a listener on training jobs: a
   * background DuckDB write can still be in flight when a CLI command closes the workspace right
   * after its job, and DuckDB's close then waits on it forever. Reconciling costs one readdir and
   * reads only the new run folders, so indexing on demand is as fast for the listing.
   */

  /** The run as training records it; a damaged run.json is named as such rather than as a JSON error. */
  async function trainingRun(runId: string): Promise<RunInfo> {
    try {
      return await lode.training.getRun({ runId });
    } catch (err) {
      if (err instanceof LodeError && err.code !== 'internal') throw err;
      const folder = await runFolderOf(host.requireWorkspace().workspace.path, runId);
      if (!folder) throw err;
      const file = join(folder, 'run.json');
      throw new LodeError('corrupt_config', `the record of run ${runId} cannot be read: ${toLodeError(err).message}`, {
        file,
        hint: `Restore ${file} from a backup, or delete the run with \`lode runs rm ${runId} --yes\`.`,
      });
    }
  }

  async function getRun(runId: string): Promise<TrackedRun> {
    const run = await trainingRun(runId);
    await index.ensure(runId);
    const { workspace } = host.requireWorkspace();
    const annotations = await readAnnotations(workspace.sql, runId);
    const folder = await runFolderOf(workspace.path, runId);
    const params = folder ? await readParamsFile(folder) : null;
    return {
      run: {
        ...run,
        tags: annotations?.tags ?? run.tags,
        experiment: annotations ? annotations.experiment : run.experiment,
        // run.json holds the absolute path it was written at; the folder is where it is now (a moved workspace).
        folder: folder ?? run.folder,
      },
      lineage: lineageOf(run, params),
      notes: annotations?.notes ?? '',
      durationMs: durationOf(run),
      artifacts: folder ? await listArtifacts(folder) : [],
    };
  }

  return {
    listRuns: async ({ experiment, searchId, filter, limit }) => {
      await index.reconcile();
      const { workspace } = host.requireWorkspace();
      const table = await readRunTable(workspace.sql, { experiment, searchId });
      if (experiment !== undefined && table.id.length === 0) await requireExperiment(workspace.sql, experiment);
      if (searchId !== undefined && table.id.length === 0) await requireSearch(workspace.sql, searchId);
      if (filter === undefined || filter.trim() === '') {
        return table.id.length <= limit
          ? table
          : takeRunRows(
              table,
              Array.from({ length: limit }, (_, i) => i),
            );
      }
      return takeRunRows(table, filterRunRows(table, filter).slice(0, limit));
    },
    getRun: ({ runId }) => getRun(runId),
    updateRun: async ({ runId, tags, notes, experiment }) => {
      const before = await getRun(runId);
      const change = {
        ...(tags !== undefined ? { tags: [...new Set(tags)] } : {}),
        ...(notes !== undefined ? { notes } : {}),
        ...(experiment !== undefined ? { experiment } : {}),
      };
      const folder = await runFolderOf(host.requireWorkspace().workspace.path, runId);
      await index.serial(async () => {
        // The folder keeps a copy, so a rebuilt index row (or a folder copied to another
        // workspace) has the analyst's tags, notes and experiment too.
        if (folder) {
          await writeAnnotationsFile(folder, {
            experiment: before.run.experiment,
            tags: before.run.tags,
            notes: before.notes,
            ...change,
          });
        }
        await writeAnnotations(host.requireWorkspace().workspace.sql, runId, change);
      });
      return getRun(runId);
    },
    deleteRuns: async ({ runIds }) => ({ deleted: await deleteRuns(host, lode, index, runIds) }),
    compare: async ({ runIds }) => {
      const runs: TrackedRun[] = [];
      for (const runId of runIds) runs.push(await getRun(runId));
      const [first, ...rest] = runs;
      return { runs, diffs: rest.map((run) => diffRuns(first!, run)) };
    },
    rerun: async ({ runId }) => {
      const original = await getRun(runId);
      return startRerun(host, lode, index, runId, original.run.experiment);
    },
    listExperiments: async () => {
      await index.reconcile();
      return { experiments: await listExperiments(host.requireWorkspace().workspace.sql) };
    },
    createExperiment: async ({ name, description }) => {
      await index.reconcile();
      return index.serial(() => createExperiment(host.requireWorkspace().workspace.sql, name, description));
    },
  };
}
