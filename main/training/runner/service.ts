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
import { createTempRunDir, listRunIds, newRunId, readRun, writeJson, writeRunJson } from './run-folder';

/** The training service: each run in its own worker process, recorded in `runs/<id>`. */
export function trainingService(host: Host): ServiceImpl<typeof spec> {
  const live = new Map<string, LiveRun>();

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
    return stored;
  }

  return {
    train: async (input) => {
      const { workspace, jobs } = host.requireWorkspace();
      const plan = await planRun(workspace.path, input);
      const runId = newRunId();
      const folder = await createTempRunDir(workspace.path, runId);
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
        await writeRunJson(folder, info);
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
