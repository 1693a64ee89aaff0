import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const LODE_BIN = join(import.meta.dirname, '..', '..', 'bin', 'lode.mjs');

/** Starts the built `lode` command in its own process (for kill and lock tests). */
export function spawnLode(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [LODE_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `lode` to completion and returns its exit code and output. */
export function runLode(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnLode(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Kills a child with SIGKILL (if it still runs) and resolves once it has exited. */
export function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exited;
}
