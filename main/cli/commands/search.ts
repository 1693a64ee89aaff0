import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LodeError } from '../../../shared/errors';
import type { SearchInfo, TrialInfo } from '../../../shared/services/tracking';
import { searchStrategies } from '../../../shared/services/tracking';
import { trainingAlgorithms } from '../../../shared/services/training';
import type { Command, CommandContext, CommandResult } from '../command';
import type { TrainingSplit } from '../../../shared/services/training';

function figure(value: number | string): string {
  return typeof value === 'number' && !Number.isInteger(value) ? String(Number(value.toPrecision(4))) : String(value);
}

function paramsText(params: TrialInfo['params']): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${figure(v)}`)
    .join(' ');
}

function trialLine(t: TrialInfo, metric: string, best: TrialInfo | null): string {
  const value = t.value === null ? '' : `${metric} ${t.value.toFixed(4)}`;
  const state = t.state === 'pruned' ? `pruned@${t.prunedAt}` : t.state;
  const mark = best && best.trial === t.trial ? '*' : ' ';
  return `${mark}${String(t.trial).padStart(4)}  ${state.padEnd(11)} ${value.padEnd(14)} ${paramsText(t.params)}`;
}

export function searchText(search: SearchInfo, withTrials = true): string {
  const counts = (state: TrialInfo['state']) => search.trials.filter((t) => t.state === state).length;
  const lines = [
    `Search ${search.id} ${search.state}: ${search.spec.strategy}, ${search.trials.length}/${search.spec.trials} trials ` +
      `(${counts('succeeded')} succeeded, ${counts('pruned')} pruned, ${counts('failed')} failed), ${search.direction} ${search.metric}`,
  ];
  if (search.best)
    lines.push(`  best: ${search.metric} ${search.best.value!.toFixed(4)}, trial ${search.best.trial}, run ${search.best.runId}`);
  if (search.best) lines.push(`  best params: ${paramsText(search.best.params)}`);
  if (search.error) lines.push(`  ${search.error.message}${search.error.hint ? ` ${search.error.hint}` : ''}`);
  if (withTrials && search.trials.length > 0) {
    lines.push('  trial  state       value          params');
    for (const t of search.trials) lines.push(`  ${trialLine(t, search.metric, search.best)}`);
  }
  return lines.join('\n');
}

/** Follows the search's job, then reports the search; a failed or cancelled search exits non-zero. */
async function follow(ctx: CommandContext, searchId: string, jobId: string): Promise<CommandResult> {
  const job = await ctx.followJob(jobId).catch((err: unknown) => err);
  const search = await ctx.client.search.get({ searchId });
  const text = searchText(search);
  if (search.state === 'succeeded') return { json: search, text };
  const reason =
    search.state === 'cancelled'
      ? `search ${searchId} was cancelled; resume it with \`lode search resume ${searchId}\`.`
      : (search.error?.message ?? (job instanceof Error ? job.message : `search ${searchId} ${search.state}.`));
  return { json: search, text, exitCode: 1, reason };
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new LodeError('bad_input', `--${flag} '${value}' is not one of ${allowed.join(', ')}.`, { field: flag });
  }
  return value as T;
}

export const searchCommand: Command = {
  name: 'search',
  summary: 'Hyperparameter search: trials of a space (docs/search.md) as runs, P at a time; prints the best trial.',
  usage: '',
  flags: {
    data: { type: 'string', description: 'Training snapshot id', value: 'SNAPSHOT' },
    label: { type: 'string', description: 'Label column', value: 'COL' },
    algo: { type: 'string', description: 'Algorithm when the space does not choose one: gbdt (default), linear, mlp', value: 'ALGO' },
    space: { type: 'string', description: 'Search space YAML file', value: 'FILE' },
    trials: { type: 'number', description: 'Number of trials (default 50)', value: 'N' },
    parallel: { type: 'number', description: 'Trials running at once, each in its own worker (default 1)', value: 'P' },
    strategy: { type: 'string', description: 'tpe (default), random or grid', value: 'S' },
    minutes: { type: 'number', description: 'Time budget: no trial starts after it', value: 'M' },
    metric: { type: 'string', description: 'Metric to optimise (default auc, or rmse for regression)', value: 'M' },
    'no-pruning': { type: 'boolean', description: 'Let every trial run to its end (no median pruning)' },
    seed: { type: 'number', description: 'Seed of the sampler, the split and training (default 0)', value: 'N' },
    valid: { type: 'string', description: 'Validation snapshot instead of a split', value: 'SNAPSHOT' },
    'valid-fraction': { type: 'number', description: 'Share of rows for validation (default 0.2)', value: 'F' },
    positive: { type: 'string', description: 'The positive class of a binary label', value: 'VALUE' },
    exclude: { type: 'string', description: 'Column to leave out of the features, repeatable', value: 'COL', repeatable: true },
    experiment: { type: 'string', description: 'Experiment the trial runs belong to', value: 'NAME' },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const { flags } = ctx.args;
    const data = flags.data as string | undefined;
    const label = flags.label as string | undefined;
    const spaceFile = flags.space as string | undefined;
    if (data === undefined) throw new LodeError('bad_input', 'give the training snapshot with --data SNAPSHOT.', { field: 'data' });
    if (label === undefined) throw new LodeError('bad_input', 'give the label column with --label COL.', { field: 'label' });
    if (spaceFile === undefined) {
      throw new LodeError('bad_input', 'give the search space with --space FILE.yaml.', {
        field: 'space',
        hint: 'docs/search.md has examples.',
      });
    }
    const space = await readFile(resolve(spaceFile), 'utf8').catch(() => {
      throw new LodeError('not_found', `cannot read the search space ${spaceFile}.`, { field: 'space', file: spaceFile });
    });
    const valid = flags.valid as string | undefined;
    const fraction = flags['valid-fraction'] as number | undefined;
    if (valid !== undefined && fraction !== undefined) {
      throw new LodeError('bad_input', '--valid names a validation snapshot; it does not combine with --valid-fraction.', {
        field: 'valid',
      });
    }
    const split: TrainingSplit | undefined =
      valid !== undefined ? { kind: 'snapshot', valid } : fraction !== undefined ? { kind: 'stratified', fraction } : undefined;
    await ctx.openWorkspace();
    const { searchId, jobId } = await ctx.client.search.start({
      data,
      label,
      algo: oneOf(flags.algo as string | undefined, trainingAlgorithms, 'algo'),
      space,
      spaceFile,
      strategy: oneOf(flags.strategy as string | undefined, searchStrategies, 'strategy'),
      trials: flags.trials as number | undefined,
      parallel: flags.parallel as number | undefined,
      budgetMinutes: flags.minutes as number | undefined,
      metric: flags.metric as string | undefined,
      pruning: flags['no-pruning'] !== true,
      seed: flags.seed as number | undefined,
      ...(split ? { split } : {}),
      positive: flags.positive as string | undefined,
      exclude: (flags.exclude as string[] | undefined) ?? [],
      experiment: flags.experiment as string | undefined,
    });
    return follow(ctx, searchId, jobId);
  },
};

export const searchResumeCommand: Command = {
  name: 'search resume',
  summary: 'Resume a search cut short by a kill, a restart or a cancel; finished trials are kept.',
  usage: 'ID',
  flags: {},
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    await ctx.openWorkspace();
    const { searchId, jobId } = await ctx.client.search.resume({ searchId: ctx.args.positionals[0]! });
    return follow(ctx, searchId, jobId);
  },
};

export const searchShowCommand: Command = {
  name: 'search show',
  summary: 'One search: its trials, their parameters and values, and the best trial.',
  usage: 'ID',
  flags: {},
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace }) {
    await openWorkspace();
    const search = await client.search.get({ searchId: args.positionals[0]! });
    return { json: search, text: searchText(search) };
  },
};

export const searchListCommand: Command = {
  name: 'search list',
  summary: 'Searches of the workspace, newest first, with their best trial.',
  usage: '',
  flags: { limit: { type: 'number', description: 'How many to show (default 100)', value: 'N' } },
  positionals: { min: 0, max: 0 },
  async run({ args, client, openWorkspace }) {
    await openWorkspace();
    const { searches } = await client.search.list({ limit: (args.flags.limit as number | undefined) ?? 100 });
    const text = searches.length === 0 ? 'No searches yet.' : searches.map((s) => searchText(s, false)).join('\n');
    return { json: searches, text };
  },
};

export const searchCommands: readonly Command[] = [searchCommand, searchResumeCommand, searchShowCommand, searchListCommand];
