import type { LodeClient } from '../../shared/contract';
import type { JobInfo } from '../../shared/services/jobs';
import type { Host } from '../host/host';
import type { FlagSpec, ParsedArgs } from './args';

export interface CommandContext {
  readonly args: ParsedArgs;
  readonly json: boolean;
  /** --workspace, else $LODE_WORKSPACE, else the current folder. */
  readonly workspaceDir: string;
  /** Whether the workspace was named explicitly (flag or environment). */
  readonly workspaceGiven: boolean;
  readonly host: Host;
  readonly client: LodeClient;
  /** Opens the workspace for commands that need one. */
  readonly openWorkspace: () => Promise<void>;
  /** Follows a job to its end, with a progress bar on a terminal; Ctrl+C cancels it. */
  readonly followJob: (jobId: string) => Promise<JobInfo>;
}

/** What a command prints: `json` for --json, `text` for people. `serve` keeps the process alive. */
export type CommandResult =
  | {
      readonly json: unknown;
      readonly text: string;
      /** Non-zero when the command ran but its answer is a failure (a quality check that failed). */
      readonly exitCode?: number;
      /** The one-line reason on stderr that goes with a non-zero exit code. */
      readonly reason?: string;
    }
  | { readonly serve: Promise<void> };

export interface Command {
  /** One or two words, e.g. `init` or `jobs list`. */
  readonly name: string;
  readonly summary: string;
  /** Positional part of the usage line, e.g. `DIR`. */
  readonly usage: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  readonly positionals: { readonly min: number; readonly max: number };
  run(ctx: CommandContext): Promise<CommandResult>;
}
