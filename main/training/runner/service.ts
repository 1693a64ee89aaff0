import { rm } from 'node:fs/promises';
import type { ServiceImpl } from '../../../shared/contract/define';
import { LodeError } from '../../../shared/errors';
import type { RunInfo, trainingService as spec } from '../../../shared/services/training';
import type { SnapshotManifest } from '../../../shared/services/data/snapshots';
import { snapshotFilePaths } from '../../data/snapshot-layout';
import { appCommit, appVersion } from '../../host/app-root';
import { recordRunUsage } from '../../features/registry';
import type { Host } from '../../host/host';
import { type LiveRun, executeRun } from './execute';
import { planRun } from './plan';
import type { WorkerTask } from './protocol';
import { readRunArtifacts } from './artifacts';
import { createTempRunDir, listRunIds, newRunId, readRun, runDir, runFolderOf, tempRunDir, writeJson, writeRunJson } from './run-folder';
import { sweepInterruptedRuns } from './sweep';
import { workerMemoryLimitMb } from './memory';

/** The training service: each run in its own worker process, recorded in `runs/<id>`. */
export function trainingService(host: Host): ServiceImpl<typeof spec> {
  const live = new Map<string, LiveRun>();
  // A run is in `live` from before its temp folder exists, so a sweep never takes a starting run for an interrupted one.
  // One sweep at a time: the sweep of a workspace opening and that of a listing may overlap.
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = (workspacePath: string): Promise<string[]> => {
    const next = sweeping.then(() => sweepInterruptedRuns(workspacePath, (id) => live.has(id)));
    sweeping = next.catch(() => undefined);
    return next;
  };
  // A workspace that opens may hold runs cut short when it was last open; publish them as failed at once.
  host.events.subscribe((m) => {
    if (m.service !== 'workspace' || m.event !== 'changed') return;
    const path = host.workspace?.path;
    // Errors here surface again, and to the caller, when runs are next listed (listRuns sweeps too).
    if (path) host.background(() => sweep(path));
  });

  async function getRun(runId: string): Promise<RunInfo> {
    const running = live.get(runId);
    if (running) return running.info;
    const { workspace } = host.requireWorkspace();
    const stored = await readRun(workspace.path, runId);
    if (!stored) {
      throw new LodeError('not_found', `no run with id '${runId}'.`, {
        field: 'runId',
        hint: 'List runs with `lode runs` or the Runs page.',
      });
    }
    // run.json holds the path it was written at; a moved or copied workspace has its runs here.
    return { ...stored, folder: (await runFolderOf(workspace.path, runId)) ?? runDir(workspace.path, runId) };
  }

  return {
    train: async (input) => {
      const { workspace, jobs } = host.requireWorkspace();
      // A bad memory setting fails here, before any work, like a bad parameter.
      workerMemoryLimitMb();
      const plan = await planRun(workspace.path, input);
      const runId = newRunId();
      const folder = tempRunDir(workspace.path, runId);
      const params = plan.params;
      const code = { version: appVersion(), commit: appCommit() };
      const templateVersion = templateLogicVersion(plan.manifest);
      const info: RunInfo = {
        id: runId,
        state: 'running',
        jobId: '',
        createdAt: new Date().toISOString(),
        finishedAt: null,
        data: plan.manifest.id,
        valid: plan.validManifest?.id ?? null,
        label: input.label,
        algo: input.algo,
        split: input.split,
        params,
        notices: plan.notices,
        metrics: null,
        error: null,
        folder,
        workerPid: null,
        progress: null,
        experiment: input.experiment ?? null,
        tags: input.tags,
        search: input.search ?? null,
        rerunOf: input.rerunOf ?? null,
      };
      const task: WorkerTask = {
        runId,
        folder,
        trainFiles: snapshotFilePaths(workspace.path, plan.manifest),
        validFiles: plan.validManifest ? snapshotFilePaths(workspace.path, plan.validManifest) : null,
        label: input.label,
        positive: input.positive,
        exclude: plan.exclude,
        split: input.split,
        seed: input.seed,
        algo: input.algo,
        task: plan.task,
        params,
        producerVersion: code.version,
        metadata: {
          lode_run_id: runId,
          lode_data_snapshot: plan.manifest.id,
          lode_label: input.label,
          lode_code_version: `${code.version}${code.commit ? `+${code.commit.slice(0, 12)}` : ''}`,
          ...(templateVersion ? { lode_template_logic_version: templateVersion } : {}),
        },
      };
      const run: LiveRun = { info, written: Promise.resolve() };
      live.set(runId, run);
      try {
        await createTempRunDir(workspace.path, runId);
        // run.json first: a temp folder without it holds nothing, and a sweep removes it.
        await writeRunJson(folder, info);
        await writeJson(folder, 'params.json', {
          algo: input.algo,
          label: input.label,
          positive: input.positive ?? null,
          exclude: plan.exclude,
          split: input.split,
          seed: input.seed,
          params,
          lineage: {
            data: { snapshot: plan.manifest.id, contentHash: plan.manifest.contentHash },
            valid: plan.validManifest ? { snapshot: plan.validManifest.id, contentHash: plan.validManifest.contentHash } : null,
            templateLogicVersion: templateVersion,
            template: plan.manifest.template
              ? {
                  name: plan.manifest.template.name,
                  logicVersion: plan.manifest.template.logicVersion,
                  featureVersions: plan.manifest.template.featureVersions,
                  sourceSnapshot: plan.manifest.template.sourceSnapshotId,
                }
              : null,
            code,
          },
        });
        const job = await jobs.start('training', `Train ${input.algo} on ${plan.manifest.id} (${input.label})`, async (ctx) => {
          try {
            const outcome = await executeRun(workspace.path, run, task, ctx, (progress) => host.events.emit('training.progress', progress));
            // The feature registry lists the runs that used each feature of a built training set.
            if (plan.manifest.template) await recordRunUsage(workspace.sql, plan.manifest.id, runId);
            return outcome;
          } finally {
            live.delete(runId);
          }
        });
        run.info = { ...run.info, jobId: job.id };
        return { jobId: job.id, runId };
      } catch (err) {
        live.delete(runId);
        // Nothing ran: no run to record.
        await rm(folder, { recursive: true, force: true });
        throw err;
      }
    },
    getRun: ({ runId }) => getRun(runId),
    getArtifacts: async ({ runId }) => {
      const run = await getRun(runId);
      if (run.state !== 'succeeded') {
        throw new LodeError('bad_input', `run '${runId}' is ${run.state}: only a finished run has curves and importance.`, {
          field: 'runId',
        });
      }
      return readRunArtifacts(run.folder);
    },
    listRuns: async ({ limit }) => {
      const { workspace } = host.requireWorkspace();
      await sweep(workspace.path);
      const runs: RunInfo[] = [];
      for (const id of (await listRunIds(workspace.path)).slice(0, limit)) {
        const run = live.get(id)?.info ?? (await readRun(workspace.path, id));
        if (run) runs.push(run);
      }
      return { runs };
    },
  };
}

/** A training set built from a feature template records the template's logic version; table snapshots have none. */
function templateLogicVersion(manifest: SnapshotManifest): string | null {
  return manifest.template?.logicVersion ?? null;
}
