#!/usr/bin/env node
// `npm start`: build, then open the workbench window in Electron. When Electron's binary cannot be
// obtained (or there is no display), say why in one paragraph and serve the same UI with `lode web`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
const passThrough = process.argv.slice(2);

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, LODE_APP_ROOT: root } });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function installedElectron() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** The Electron binary, downloading it on first use as its npm package does; null with a reason when that fails. */
function obtainElectron() {
  const present = installedElectron();
  if (present) return { binary: present };
  if (!existsSync(join(electronDir, 'install.js'))) return { reason: 'the electron package is not installed (run `npm install`).' };
  console.log('Downloading the Electron binary (first start only)…');
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], timeout: 300_000 });
  const binary = installedElectron();
  if (binary) return { binary };
  const lines = (result.stderr?.toString() ?? '').split('\n').map((l) => l.trim());
  // The message, not the stack: the first line that is not an "at ..." frame.
  const detail = lines.find((l) => l && !l.startsWith('at ')) ?? `exit code ${result.status}`;
  return { reason: `the Electron binary could not be downloaded (${detail}; this machine may be offline).` };
}

// LODE_START_NO_BUILD=1 reuses out/ as it is (tests, and quick restarts while developing).
const build =
  process.env.LODE_START_NO_BUILD === '1'
    ? { status: 0 }
    : spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('Building Lode failed; see the errors above.');
  process.exit(1);
}

const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const electron = noDisplay
  ? { reason: 'this Linux session has no display (neither DISPLAY nor WAYLAND_DISPLAY is set).' }
  : obtainElectron();

if (electron.binary) {
  run(electron.binary, [root, ...passThrough]);
} else {
  const remedy = noDisplay
    ? 'Run `npm start` from a desktop session to get the window.'
    : 'To get the desktop window later, connect to the internet and run `npx install-electron` (or delete node_modules/electron and run `npm install`), then `npm start` again.';
  console.log(
    `\nLode could not start its desktop window: ${electron.reason} ` +
      'Lode is starting in browser mode instead: the same workbench, served on 127.0.0.1 only and protected by the ' +
      `one-time token in the address below. Open that address in a browser on this machine. ${remedy}\n`,
  );
  run(process.execPath, [join(root, 'bin', 'lode.mjs'), 'web', ...passThrough]);
}
