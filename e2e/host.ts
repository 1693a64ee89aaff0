import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const lodeBin = join(repoRoot, 'bin', 'lode.mjs');

/** A running `lode web` process, as its one line of JSON describes it. */
export interface LodeHost {
  /** The address with the token; opening it sets the cookie and redirects to `/`. */
  readonly url: string;
  /** The same server without any token: http://127.0.0.1:PORT */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** What the host has written to stderr so far (warnings, and the reason if it died). */
  stderr(): string;
  stop(): Promise<void>;
}

export interface HostOptions {
  /** Per-user settings folder (the recent-workspaces list). */
  readonly lodeHome: string;
  /** Folder the host runs in; it must not be a workspace unless that is wanted. */
  readonly cwd: string;
  /** Workspace to open at start (`--workspace DIR`). */
  readonly workspace?: string;
}

function hostEnv(lodeHome: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LODE_HOME: lodeHome };
  delete env.LODE_WORKSPACE;
  return env;
}

function isHostLine(value: unknown): value is { url: string; port: number; token: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.url === 'string' && typeof v.port === 'number' && typeof v.token === 'string';
}

/** Starts `lode web --port 0 --json` and resolves once it has printed where it listens. */
export async function startHost(options: HostOptions): Promise<LodeHost> {
  const args = [lodeBin, 'web', '--port', '0', '--json', ...(options.workspace ? ['--workspace', options.workspace] : [])];
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: hostEnv(options.lodeHome), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  child.on('error', (err) => (stderr += String(err)));

  const lines = createInterface({ input: child.stdout });
  const firstLine = once(lines, 'line').then(([line]) => String(line));
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null }));
  const first = await Promise.race([firstLine, exited]);
  lines.close();
  child.stdout.resume();
  if (typeof first !== 'string') {
    throw new Error(`lode web exited (code ${String(first.code)}) before printing its address:\n${stderr}`);
  }
  const parsed: unknown = JSON.parse(first);
  if (!isHostLine(parsed)) throw new Error(`lode web printed an unexpected line: ${first}`);
  return {
    ...parsed,
    origin: `http://127.0.0.1:${parsed.port}`,
    stderr: () => stderr,
    stop: () => stopProcess(child),
  };
}

/** SIGTERM, as a user's Ctrl+C or a service manager would; the host closes the workspace and exits. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** `lode init DIR`: a workspace made outside the UI, as an analyst's script would. */
export function initWorkspace(dir: string, lodeHome: string, name?: string): void {
  const args = [lodeBin, 'init', dir, ...(name ? ['--name', name] : [])];
  const result = spawnSync(process.execPath, args, { cwd: repoRoot, env: hostEnv(lodeHome), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`lode init ${dir} failed: ${result.stderr}`);
}

/** `lode sql QUERY` against a workspace that no host holds open, as a setup script would. */
export function runSql(dir: string, lodeHome: string, sql: string): void {
  const result = spawnSync(process.execPath, [lodeBin, '--workspace', dir, 'sql', sql], {
    cwd: repoRoot,
    env: hostEnv(lodeHome),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`lode sql failed: ${result.stderr}`);
}
