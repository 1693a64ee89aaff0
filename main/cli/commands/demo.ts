import { copyFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LodeError } from '../../../shared/errors';
import type { BuildResult } from '../../../shared/services/features';
import type { ImportResult } from '../../../shared/services/data/imports';
import type { SnapshotManifest } from '../../../shared/services/data/snapshots';
import type { RunInfo } from '../../../shared/services/training';
import { appRoot } from '../../host/app-root';
import type { Command, CommandContext } from '../command';

/*
 * `lode demo`: the whole loop on the bundled sample (resources/demo), headless. A small online
 * shop's customers and behaviour log are imported, frozen in a snapshot, turned into a
 * point-in-time training set by a feature template, and a model is trained on the past and
 * validated on the latest months. Each step goes through the same services as the app.
 */

const TEMPLATE = 'shop_purchase';
const LABEL = 'buys_next_30d';

export interface DemoResult {
  readonly workspace: string;
  readonly tables: { readonly name: string; readonly rows: number }[];
  readonly eventsSnapshot: string;
  readonly trainingSnapshot: string;
  readonly trainingRows: number;
  readonly logicVersion: string;
  readonly run: RunInfo;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the whole loop headless on the bundled sample: import, snapshot, features, training.',
  usage: '[DIR]',
  flags: {},
  positionals: { min: 0, max: 1 },
  async run(ctx) {
    const dir = resolve(ctx.args.positionals[0] ?? 'lode-demo');
    await refuseNonEmpty(dir);
    const sample = join(appRoot(), 'resources', 'demo');
    const say = (line: string) => {
      if (!ctx.json) process.stderr.write(`${line}\n`);
    };

    say(`1/5 creating the workspace ${dir}`);
    await ctx.client.workspace.create({ path: dir, name: 'Lode demo' });

    say('2/5 importing the sample: ods.customers and ods.events');
    const tables = [];
    for (const [file, name] of [
      ['customers.csv', 'customers'],
      ['events.csv.gz', 'events'],
    ] as const) {
      const { jobId } = await ctx.client.data.importFile({ path: join(sample, file), table: { layer: 'ods', name }, onError: 'abort' });
      const result = (await succeeded(ctx, jobId, `importing ${file}`)) as ImportResult;
      tables.push({ name: `ods.${name}`, rows: result.table.rows ?? 0 });
    }

    say('3/5 freezing ods.events in a snapshot');
    const snap = (await succeeded(
      ctx,
      (await ctx.client.data.createSnapshot({ name: 'events', source: { table: { layer: 'ods', name: 'events' } } })).jobId,
      'the events snapshot',
    )) as SnapshotManifest;

    say(`4/5 building the training set with features/${TEMPLATE}.yaml`);
    const template = join(dir, 'features', `${TEMPLATE}.yaml`);
    await copyFile(join(sample, `${TEMPLATE}.yaml`), template);
    const built = (await succeeded(
      ctx,
      (await ctx.client.features.build({ path: template, snapshotId: snap.id })).jobId,
      'the feature build',
    )) as BuildResult;

    say(`5/5 training gradient-boosted trees on the past, validating on the latest months`);
    const { jobId, runId } = await ctx.client.training.train({
      data: built.snapshotId,
      label: LABEL,
      algo: 'gbdt',
      split: { kind: 'time', column: 'as_of', fraction: 0.2 },
      exclude: ['customer_id'],
      experiment: 'demo',
      tags: ['demo'],
    });
    await succeeded(ctx, jobId, 'training');
    const run = await ctx.client.training.getRun({ runId });

    const result: DemoResult = {
      workspace: dir,
      tables,
      eventsSnapshot: snap.id,
      trainingSnapshot: built.snapshotId,
      trainingRows: built.rows,
      logicVersion: built.logicVersion,
      run,
    };
    return { json: result, text: summary(result) };
  },
};

async function refuseNonEmpty(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (entries.length > 0) {
    throw new LodeError('already_exists', `${dir} already exists and is not empty.`, {
      field: 'DIR',
      hint: 'Give `lode demo` a new folder, e.g. `lode demo lode-demo-2`, or open the existing one with `lode web --workspace DIR`.',
    });
  }
}

/** Follows a step's job and returns its result; a failed step stops the demo with its reason. */
async function succeeded(ctx: CommandContext, jobId: string, step: string): Promise<unknown> {
  const job = await ctx.followJob(jobId);
  if (job.state !== 'succeeded') {
    throw new LodeError(job.error?.code ?? 'internal', `the demo stopped at ${step}: ${job.error?.message ?? job.state}`, {
      hint: 'The workspace keeps every step that finished; `lode jobs` shows the failed one.',
    });
  }
  return job.result;
}

function summary(r: DemoResult): string {
  const m = r.run.metrics ?? {};
  const figure = (k: string) => (m[k] === undefined ? '-' : m[k].toFixed(4));
  return [
    `Demo workspace: ${r.workspace}`,
    ...r.tables.map((t) => `  ${t.name.padEnd(14)} ${t.rows.toLocaleString('en-US')} rows`),
    `  snapshot       ${r.eventsSnapshot}`,
    `  training set   ${r.trainingSnapshot} (${r.trainingRows.toLocaleString('en-US')} rows, template logic ${r.logicVersion})`,
    `  run            ${r.run.id} (${r.run.state}): validation AUC ${figure('auc')}, logloss ${figure('logloss')}, KS ${figure('ks')}`,
    `  model          ${join(r.run.folder, 'model.onnx')}`,
    '',
    'Next:',
    `  lode web --workspace ${r.workspace}     # explore it in the browser`,
    `  lode runs list --workspace ${r.workspace}`,
  ].join('\n');
}
