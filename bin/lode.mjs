#!/usr/bin/env node
// Entry of the `lode` command: runs the built CLI, building it first on a fresh checkout.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'cli', 'lode.mjs');
if (!existsSync(cli)) {
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--node'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) {
    process.stderr.write('lode: building the command failed; run `npm install` and `npm run build` in the Lode folder.\n');
    process.exit(1);
  }
}
process.env.LODE_APP_ROOT ??= root;
await import(pathToFileURL(cli).href);
