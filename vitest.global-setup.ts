import { spawnSync } from 'node:child_process';

/** Tests that run `lode` in a child process need the built CLI. */
export function setup(): void {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--node'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building the CLI for the tests failed');
}
