import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Tests run `lode` in child processes, so the CLI is rebuilt from the current sources (a second);
 * the renderer, which some tests serve, is built only when missing (`npm test` builds it first).
 */
export function setup(): void {
  const args = existsSync('out/renderer/index.html') ? ['scripts/build.mjs', '--node'] : ['scripts/build.mjs'];
  const built = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building Lode for the tests failed');
}
