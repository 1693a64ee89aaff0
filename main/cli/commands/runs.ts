import { createInterface } from 'node:readline/promises';
import { LodeError } from '../../../shared/errors';
import type { Reproduction } from '../../../shared/services/tracking';
import { takeRunRows } from '../../../shared/tracking/table';
import type { Command } from '../command';
import { textTable } from '../format';
import { diffText, reproductionText, runsCsv, runsJson, runsText, runText } from './runs-format';

/** How many runs the terminal table shows unless --limit says otherwise; --json and --csv get every run. */
const TEXT_LIMIT = 50;
const ALL = 100_000;

export const runsListCommand: Command = {
  name: 'runs list',
  summary: 'Tracked runs, newest first, with their metrics; filter with an expression such as "auc > 0.8 and algo = \'gbdt\'".',
  usage: '',
  flags: {
    filter: {
      type: 'string',
      description: "Keep runs matching an expression (docs/tracking.md): auc > 0.8 and tags = 'baseline'",
      value: 'EXPR',
    },
    experiment: { type: 'string', description: 'Only the runs of this experiment', value: 'NAME' },
    search: { type: 'string', description: 'Only the trials of this search', value: 'ID' },
    limit: { type: 'number', description: `At most N runs (default ${TEXT_LIMIT} on the terminal, all with --json or --csv)`, value: 'N' },
    csv: { type: 'boolean', description: 'Print every column (metrics and parameters too) as CSV' },
  },
  positionals: { min: 0, max: 0 },
  async run({ args, json, client, openWorkspace }) {
    await openWorkspace();
    const given = args.flags.limit as number | undefined;
    if (given !== undefined && (!Number.isInteger(given) || given < 1)) {
      throw new LodeError('bad_input', `--limit must be a whole number of at least 1, got ${given}.`, { field: 'limit' });
    }
    const csv = args.flags.csv === true;
    const limit = Math.min(given ?? (json || csv ? ALL : TEXT_LIMIT), ALL);
    // One more than shown says whether there are more.
    const table = await client.tracking.listRuns({ ...filterOf(args.flags), limit: Math.min(limit + 1, ALL) });
    const more = table.id.length > limit;
    const shown = more
      ? takeRunRows(
          table,
          Array.from({ length: limit }, (_, i) => i),
        )
      : table;
    return { json: { runs: runsJson(shown) }, text: csv ? runsCsv(shown) : runsText(shown, more) };
  },
};

function filterOf(flags: Record<string, unknown>): { filter?: string; experiment?: string; searchId?: string } {
  return {
    ...(flags.filter !== undefined ? { filter: flags.filter as string } : {}),
    ...(flags.experiment !== undefined ? { experiment: flags.experiment as string } : {}),
    ...(flags.search !== undefined ? { searchId: flags.search as string } : {}),
  };
}

export const runsShowCommand: Command = {
  name: 'runs show',
  summary: 'One run: its lineage five-tuple (data, template, parameters, code, metrics), tags, notes and artifacts.',
  usage: 'RUN',
  flags: {},
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace }) {
    await openWorkspace();
    const run = await client.tracking.getRun({ runId: args.positionals[0]! });
    return { json: run, text: runText(run) };
  },
};

export const runsCompareCommand: Command = {
  name: 'runs compare',
  summary: 'What changed from the first run to each other one: data, template, parameters, code, and how far each metric moved.',
  usage: 'RUN RUN...',
  flags: {},
  positionals: { min: 2, max: 50 },
  async run({ args, client, openWorkspace }) {
    await openWorkspace();
    const result = await client.tracking.compare({ runIds: args.positionals });
    return { json: result, text: result.diffs.map(diffText).join('\n\n') };
  },
};

export const runsRerunCommand: Command = {
  name: 'runs rerun',
  summary: 'Train a run again from the same snapshot and parameters; exits 1 unless metrics and predictions are identical.',
  usage: 'RUN',
  flags: {},
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace, followJob }) {
    await openWorkspace();
    const { jobId } = await client.tracking.rerun({ runId: args.positionals[0]! });
    const job = await followJob(jobId);
    if (job.state !== 'succeeded') {
      if (job.error) throw LodeError.fromJSON(job.error);
      throw new LodeError('cancelled', `the re-run was ${job.state}; the original run is unchanged.`);
    }
    const result = job.result as Reproduction;
    return {
      json: result,
      text: reproductionText(result),
      ...(result.identical
        ? {}
        : { exitCode: 1, reason: `re-run ${result.rerun} differs from ${result.original}: ${result.reasons[0] ?? 'see above'}` }),
    };
  },
};

export const runsTagCommand: Command = {
  name: 'runs tag',
  summary: 'Add tags to a run (or take them off with --remove).',
  usage: 'RUN TAG...',
  flags: { remove: { type: 'boolean', description: 'Remove the given tags instead of adding them' } },
  positionals: { min: 2, max: 51 },
  async run({ args, client, openWorkspace }) {
    await openWorkspace();
    const [runId, ...given] = args.positionals as [string, ...string[]];
    const current = await client.tracking.getRun({ runId });
    const tags = args.flags.remove ? current.run.tags.filter((t) => !given.includes(t)) : [...new Set([...current.run.tags, ...given])];
    const updated = await client.tracking.updateRun({ runId, tags });
    return { json: updated, text: `${runId}: ${updated.run.tags.length ? `tags ${updated.run.tags.join(', ')}` : 'no tags'}` };
  },
};

export const runsNoteCommand: Command = {
  name: 'runs note',
  summary: "Set a run's notes (an empty TEXT clears them).",
  usage: 'RUN TEXT',
  flags: {},
  positionals: { min: 2, max: 1000 },
  async run({ args, client, openWorkspace }) {
    await openWorkspace();
    const [runId, ...words] = args.positionals as [string, ...string[]];
    const updated = await client.tracking.updateRun({ runId, notes: words.join(' ') });
    return { json: updated, text: `${runId}: ${updated.notes ? `notes: ${updated.notes}` : 'notes cleared'}` };
  },
};

export const runsRmCommand: Command = {
  name: 'runs rm',
  summary: 'Delete runs and their files for real; asks first on a terminal, needs --yes otherwise.',
  usage: 'RUN...',
  flags: { yes: { type: 'boolean', description: 'Delete without asking' } },
  positionals: { min: 1, max: 10_000 },
  async run({ args, client, openWorkspace }) {
    await openWorkspace();
    const runIds = args.positionals;
    if (args.flags.yes !== true) {
      const what = runIds.length === 1 ? `run ${runIds[0]}` : `${runIds.length} runs`;
      if (!process.stdin.isTTY || !process.stderr.isTTY) {
        throw new LodeError('bad_input', `deleting ${what} needs --yes when lode is not run from a terminal.`, {
          hint: 'Add --yes to delete without asking.',
        });
      }
      // Check the runs exist before asking about them.
      for (const runId of runIds) await client.tracking.getRun({ runId });
      if (!(await confirm(`Delete ${what} and ${runIds.length === 1 ? 'its' : 'their'} files? This cannot be undone. [y/N] `))) {
        return { json: { deleted: [] }, text: 'Nothing deleted.' };
      }
    }
    const { deleted } = await client.tracking.deleteRuns({ runIds, confirm: true });
    return { json: { deleted }, text: `Deleted ${deleted.length === 1 ? `run ${deleted[0]}` : `${deleted.length} runs`}.` };
  },
};

export const runsMoveCommand: Command = {
  name: 'runs move',
  summary: 'Move runs into an experiment (--experiment NAME), or out of any (--none).',
  usage: 'RUN...',
  flags: {
    experiment: { type: 'string', description: 'The experiment to move the runs into', value: 'NAME' },
    none: { type: 'boolean', description: 'Take the runs out of their experiment' },
  },
  positionals: { min: 1, max: 10_000 },
  async run({ args, client, openWorkspace }) {
    const name = args.flags.experiment as string | undefined;
    if ((name === undefined) === (args.flags.none !== true)) {
      throw new LodeError('bad_input', 'give either --experiment NAME or --none.', { field: 'experiment' });
    }
    await openWorkspace();
    for (const runId of args.positionals) await client.tracking.updateRun({ runId, experiment: name ?? null });
    const what = args.positionals.length === 1 ? `run ${args.positionals[0]}` : `${args.positionals.length} runs`;
    return {
      json: { moved: args.positionals, experiment: name ?? null },
      text: name ? `Moved ${what} into ${name}.` : `Took ${what} out of its experiment.`,
    };
  },
};

export const experimentsListCommand: Command = {
  name: 'experiments list',
  summary: 'Experiments with their run counts, newest first.',
  usage: '',
  flags: {},
  positionals: { min: 0, max: 0 },
  async run({ client, openWorkspace }) {
    await openWorkspace();
    const { experiments } = await client.tracking.listExperiments({});
    const text =
      experiments.length === 0
        ? 'No experiments yet: train with --experiment NAME, or `lode experiments create NAME`.'
        : textTable(
            ['experiment', 'runs', 'created', 'description'],
            experiments.map((e) => [e.name, String(e.runs), e.createdAt, e.description]),
          );
    return { json: experiments, text };
  },
};

export const experimentsCreateCommand: Command = {
  name: 'experiments create',
  summary: 'Create a named experiment to group runs under.',
  usage: 'NAME',
  flags: { description: { type: 'string', description: 'What the experiment is for', value: 'TEXT' } },
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace }) {
    await openWorkspace();
    const created = await client.tracking.createExperiment({
      name: args.positionals[0]!,
      description: (args.flags.description as string | undefined) ?? '',
    });
    return { json: created, text: `Created experiment ${created.name}.` };
  },
};

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export const runsCommands: readonly Command[] = [
  runsListCommand,
  runsShowCommand,
  runsCompareCommand,
  runsRerunCommand,
  runsTagCommand,
  runsNoteCommand,
  runsMoveCommand,
  runsRmCommand,
  experimentsListCommand,
  experimentsCreateCommand,
];
