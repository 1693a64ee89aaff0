import { LodeError } from '../../../shared/errors';
import type { z } from 'zod';
import { type RunInfo, type TrainingAlgorithm, trainingAlgorithms, type trainingSplit } from '../../../shared/services/training';
import { ALGORITHM_TITLES, paramCatalog } from '../../training/param-catalog';
import type { Command } from '../command';

type SplitInput = z.input<typeof trainingSplit>;

function parseAlgo(value: unknown): TrainingAlgorithm {
  const algo = (value as string | undefined) ?? 'gbdt';
  if (!(trainingAlgorithms as readonly string[]).includes(algo)) {
    throw new LodeError('bad_input', `--algo '${algo}' is not one of ${trainingAlgorithms.join(', ')}.`, { field: 'algo' });
  }
  return algo as TrainingAlgorithm;
}

/** `k=v`: numbers stay numbers, anything else (objective=binary, hidden_layers=64,32) is text. */
function parseParams(pairs: readonly string[], algo: TrainingAlgorithm): Record<string, number | string> {
  const params: Record<string, number | string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new LodeError('bad_input', `--param '${pair}' is not KEY=VALUE.`, {
        field: 'param',
        hint: `For example --param ${paramCatalog(algo)[0]!.name}=... ${algo} parameters: ${paramCatalog(algo)
          .map((p) => p.name)
          .join(', ')} (\`lode train params --algo ${algo}\`).`,
      });
    }
    const key = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    params[key] = raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return params;
}

function parseSplit(flags: Record<string, unknown>): SplitInput | undefined {
  const kind = flags.split as string | undefined;
  const valid = flags.valid as string | undefined;
  const fraction = flags['valid-fraction'] as number | undefined;
  const column = flags['time-column'] as string | undefined;
  const folds = flags.folds as number | undefined;
  if (folds !== undefined && kind !== 'kfold') throw new LodeError('bad_input', '--folds goes with --split kfold.', { field: 'folds' });
  if (valid !== undefined) {
    if (kind !== undefined || fraction !== undefined || column !== undefined) {
      throw new LodeError(
        'bad_input',
        '--valid names a validation snapshot; it does not combine with --split, --valid-fraction or --time-column.',
        {
          field: 'valid',
        },
      );
    }
    return { kind: 'snapshot', valid };
  }
  if (kind === undefined) {
    if (column !== undefined) return { kind: 'time', column, fraction };
    return fraction === undefined ? undefined : { kind: 'stratified', fraction };
  }
  if (kind === 'time') {
    if (column === undefined) throw new LodeError('bad_input', '--split time needs --time-column COL.', { field: 'time-column' });
    return { kind: 'time', column, fraction };
  }
  if (kind === 'random' || kind === 'stratified') return { kind, fraction };
  if (kind === 'kfold') {
    if (fraction !== undefined)
      throw new LodeError('bad_input', '--valid-fraction does not apply to k-fold cross-validation.', { field: 'valid-fraction' });
    return { kind, folds };
  }
  throw new LodeError('bad_input', `--split '${kind}' is not random, stratified, time or kfold.`, {
    field: 'split',
    hint: 'Use --valid SNAPSHOT for an explicit validation snapshot.',
  });
}

function figure(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

function runText(run: RunInfo): string {
  const lines = [`Run ${run.id} ${run.state}`, `  folder: ${run.folder}`];
  if (run.metrics)
    lines.push(
      `  validation: ${Object.entries(run.metrics)
        .map(([k, v]) => `${k} ${figure(v)}`)
        .join(', ')}`,
    );
  for (const notice of run.notices) lines.push(`  notice: ${notice.message}`);
  if (run.error) lines.push(`  error: ${run.error.message}`);
  return lines.join('\n');
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train a model on a snapshot in a worker process; prints the run id, its folder and validation metrics.',
  usage: '',
  flags: {
    data: { type: 'string', description: 'Training snapshot id', value: 'SNAPSHOT' },
    label: { type: 'string', description: 'Label column', value: 'COL' },
    algo: { type: 'string', description: 'Algorithm: gbdt (default), linear or mlp', value: 'ALGO' },
    param: {
      type: 'string',
      description: 'Algorithm parameter, repeatable (e.g. num_iterations=200; `lode train params` lists them)',
      value: 'K=V',
      repeatable: true,
    },
    split: { type: 'string', description: 'random, stratified (default), time or kfold', value: 'KIND' },
    folds: { type: 'number', description: 'Folds of --split kfold (default 5)', value: 'K' },
    'valid-fraction': { type: 'number', description: 'Share of rows for validation (default 0.2)', value: 'F' },
    'time-column': { type: 'string', description: 'Column ordering a time split', value: 'COL' },
    valid: { type: 'string', description: 'Validation snapshot instead of a split', value: 'SNAPSHOT' },
    positive: { type: 'string', description: 'The positive class of a binary label', value: 'VALUE' },
    exclude: { type: 'string', description: 'Column to leave out of the features, repeatable', value: 'COL', repeatable: true },
    seed: { type: 'number', description: 'Random seed (split, bagging; default 0)', value: 'N' },
    experiment: { type: 'string', description: 'Experiment to file the run under (see `lode experiments list`)', value: 'NAME' },
    tag: { type: 'string', description: 'Tag for the run, repeatable', value: 'TAG', repeatable: true },
  },
  positionals: { min: 0, max: 0 },
  async run({ args, client, openWorkspace, followJob }) {
    const { flags } = args;
    const data = flags.data as string | undefined;
    const label = flags.label as string | undefined;
    if (data === undefined) throw new LodeError('bad_input', 'give the training snapshot with --data SNAPSHOT.', { field: 'data' });
    if (label === undefined) throw new LodeError('bad_input', 'give the label column with --label COL.', { field: 'label' });
    const algo = parseAlgo(flags.algo);
    await openWorkspace();
    const { jobId, runId } = await client.training.train({
      data,
      label,
      algo,
      params: parseParams((flags.param as string[] | undefined) ?? [], algo),
      split: parseSplit(flags),
      positive: flags.positive as string | undefined,
      exclude: (flags.exclude as string[] | undefined) ?? [],
      seed: flags.seed as number | undefined,
      experiment: flags.experiment as string | undefined,
      tags: (flags.tag as string[] | undefined) ?? [],
    });
    try {
      const job = await followJob(jobId);
      if (job.state === 'cancelled') throw new LodeError('cancelled', 'Training was cancelled.');
    } catch (err) {
      // The run records why it failed; show it with the folder holding the log.
      const run = await client.training.getRun({ runId });
      if (err instanceof LodeError) {
        throw new LodeError(err.code, `${err.message} (run ${runId}, log in ${run.folder}/log)`, err.details);
      }
      throw err;
    }
    const run = await client.training.getRun({ runId });
    return { json: run, text: runText(run) };
  },
};

export const trainParamsCommand: Command = {
  name: 'train params',
  summary: 'The parameters of an algorithm (gbdt, linear, mlp), with their defaults and what they do, for `lode train --param K=V`.',
  usage: '',
  flags: { algo: { type: 'string', description: 'Algorithm: gbdt (default), linear or mlp', value: 'ALGO' } },
  positionals: { min: 0, max: 0 },
  async run({ args }) {
    const algo = parseAlgo(args.flags.algo);
    const params = paramCatalog(algo);
    const width = Math.max(...params.map((p) => p.name.length)) + 2;
    const text = params.map((p) => `  ${p.name.padEnd(width)}${p.help} (default ${String(p.default)})`).join('\n');
    return { json: { algo, params }, text: `${algo} parameters, ${ALGORITHM_TITLES[algo]}:\n${text}` };
  },
};
