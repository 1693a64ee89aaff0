import { resolve } from 'node:path';
import { LodeError, toLodeError } from '../../shared/errors';
import type { JobInfo } from '../../shared/services/jobs';
import { appVersion } from '../host/app-root';
import { Host } from '../host/host';
import { inProcessClient } from '../host/in-process';
import { parseArgs, UsageError, type FlagSpec } from './args';
import type { Command, CommandContext } from './command';
import { demoCommand } from './commands/demo';
import { featureCommands } from './commands/features';
import { importCommands } from './commands/import';
import { jobsListCommand, selfTestCommand } from './commands/jobs';
import { profileCommands } from './commands/profile';
import { runsCommands } from './commands/runs';
import { searchCommands } from './commands/search';
import { snapshotCommands } from './commands/snapshot';
import { sqlCommand } from './commands/sql';
import { tableCommands } from './commands/tables';
import { trainCommand, trainParamsCommand } from './commands/train';
import { webCommand } from './commands/web';
import { initCommand } from './commands/workspace';
import { ProgressBar } from './progress';

/** Every command; later domains add theirs here. */
export const commands: readonly Command[] = [
  initCommand,
  demoCommand,
  webCommand,
  ...importCommands,
  ...tableCommands,
  sqlCommand,
  ...profileCommands,
  ...snapshotCommands,
  ...featureCommands,
  trainCommand,
  trainParamsCommand,
  ...runsCommands,
  ...searchCommands,
  jobsListCommand,
  selfTestCommand,
];

const globalFlags: Record<string, FlagSpec> = {
  workspace: { type: 'string', description: 'Workspace folder (default: $LODE_WORKSPACE or the current folder)', value: 'DIR' },
  json: { type: 'boolean', description: 'Print one JSON document on stdout and nothing else' },
  help: { type: 'boolean', description: 'Show help' },
  version: { type: 'boolean', description: 'Print the version' },
};

function flagLines(flags: Record<string, FlagSpec>): string[] {
  return Object.entries(flags).map(
    ([name, spec]) => `  --${`${name}${spec.value ? ` ${spec.value}` : ''}`.padEnd(18)} ${spec.description}`,
  );
}

export function usage(command?: Command): string {
  if (command) {
    return [
      `Usage: lode ${command.name}${command.usage ? ` ${command.usage}` : ''} [options]`,
      '',
      command.summary,
      '',
      'Options:',
      ...flagLines({ ...command.flags, ...globalFlags }),
    ].join('\n');
  }
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'Usage: lode [--workspace DIR] [--json] COMMAND [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Global options:',
    ...flagLines(globalFlags),
    '',
    'Run `lode COMMAND --help` for the options of one command.',
  ].join('\n');
}

function findCommand(words: readonly string[]): { command: Command; rest: string[] } | null {
  for (const take of [2, 1]) {
    const name = words.slice(0, take).join(' ');
    const command = commands.find((c) => c.name === name);
    if (command) return { command, rest: words.slice(take) };
  }
  // `lode jobs` alone means `lode jobs list`.
  const group = commands.find((c) => c.name === `${words[0]} list`);
  return group && words.length >= 1 ? { command: group, rest: words.slice(1) } : null;
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs the `lode` command line; resolves with the exit code (0 ok, 1 failed, 2 usage). */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  // Global flags may stand before the command; pull them out first.
  const firstWord = argv.findIndex((a, i) => !a.startsWith('-') && !(i > 0 && argv[i - 1] === '--workspace'));
  const head = firstWord === -1 ? argv : argv.slice(0, firstWord);
  const words = firstWord === -1 ? [] : argv.slice(firstWord);
  let globals;
  try {
    globals = parseArgs(head, globalFlags).flags;
  } catch (err) {
    io.stderr(`lode: ${(err as Error).message}\n\n${usage()}\n`);
    return 2;
  }
  if (globals.version) {
    io.stdout(`${appVersion()}\n`);
    return 0;
  }
  const positional = words.filter((w) => !w.startsWith('-'));
  const found = findCommand(positional.length > 0 ? words : []);
  if (!found) {
    if (words.length === 0 || globals.help) {
      io.stdout(`${usage()}\n`);
      return globals.help ? 0 : 2;
    }
    io.stderr(`lode: unknown command '${words[0]}'\n\n${usage()}\n`);
    return 2;
  }
  const { command, rest } = found;
  let args;
  try {
    args = parseArgs(rest, { ...command.flags, ...globalFlags }, command.name);
    if (args.flags.help) {
      io.stdout(`${usage(command)}\n`);
      return 0;
    }
    const n = args.positionals.length;
    if (n < command.positionals.min) throw new UsageError(`missing ${command.usage}`, command.name);
    if (n > command.positionals.max)
      throw new UsageError(`unexpected argument '${args.positionals[command.positionals.max]}'`, command.name);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`lode ${command.name}: ${err.message}\n\n${usage(command)}\n`);
    return 2;
  }
  const flags = { ...globals, ...Object.fromEntries(Object.entries(args.flags).filter(([, v]) => v !== undefined)) };
  const json = flags.json === true;
  const explicit = (flags.workspace as string | undefined) ?? process.env.LODE_WORKSPACE;
  const host = new Host();
  const client = inProcessClient(host);
  const ctx: CommandContext = {
    args: { positionals: args.positionals, flags },
    json,
    workspaceDir: resolve(explicit ?? '.'),
    workspaceGiven: explicit !== undefined,
    host,
    client,
    openWorkspace: async () => {
      if (!host.workspace) await host.open(ctx.workspaceDir);
    },
    followJob: (jobId) => followJob(host, jobId, json),
  };
  try {
    const result = await command.run(ctx);
    if ('serve' in result) {
      await result.serve;
    } else {
      io.stdout(json ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.text}\n`);
      if (result.exitCode) {
        if (result.reason) io.stderr(`lode ${command.name}: ${result.reason}\n`);
        return result.exitCode;
      }
      const failed = isJob(result.json) && result.json.state !== 'succeeded';
      if (failed) return 1;
    }
    return 0;
  } catch (err) {
    const error = toLodeError(err);
    io.stderr(`lode ${command.name}: ${error.describe()}\n`);
    return 1;
  } finally {
    await host.close();
  }
}

function isJob(value: unknown): value is JobInfo {
  return typeof value === 'object' && value !== null && 'state' in value && 'kind' in value && 'progress' in value;
}

async function followJob(host: Host, jobId: string, json: boolean): Promise<JobInfo> {
  const { jobs } = host.requireWorkspace();
  const bar = json ? null : new ProgressBar();
  const stop = host.events.subscribe((message) => {
    const job = message.payload as JobInfo;
    if (message.service === 'jobs' && job.id === jobId) bar?.update(job);
  });
  const cancel = () => void jobs.cancel(jobId);
  process.on('SIGINT', cancel);
  try {
    const job = await jobs.wait(jobId);
    if (job.state === 'failed' && job.error) throw LodeError.fromJSON(job.error);
    return job;
  } finally {
    process.off('SIGINT', cancel);
    stop();
    bar?.done();
  }
}
