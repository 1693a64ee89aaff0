#!/usr/bin/env node
// Builds Lode into out/: the CLI and host (Node, ESM), the Electron main, host process and preload
// (CommonJS, as Electron's sandboxed preload requires), and the renderer with Vite.
// `--node` skips the renderer (used by bin/lode.mjs on a fresh checkout).
import { build as esbuild } from 'esbuild';
import { Buffer } from 'node:buffer';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodeOnly = process.argv.includes('--node');
// Outputs are written by us, not esbuild: each file by temp + rename and only when it changed, so a
// process that starts a training worker or the CLI while another rebuilds never reads half a file.
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  write: false,
};
const folders = ['cli', 'app', 'preload', 'bench', 'training'].map((f) => join(root, 'out', f));

const results = await Promise.all([
  esbuild({ ...common, entryPoints: ['main/cli/bin.ts'], outfile: 'out/cli/lode.mjs', format: 'esm', packages: 'external' }),
  esbuild({ ...common, entryPoints: ['bench/run.ts'], outfile: 'out/bench/run.mjs', format: 'esm', packages: 'external' }),
  // Training runs in worker processes (child_process.fork) started by the host.
  esbuild({
    ...common,
    entryPoints: ['main/training/runner/worker.ts'],
    outfile: 'out/training/worker.mjs',
    format: 'esm',
    packages: 'external',
  }),
  esbuild({
    ...common,
    entryPoints: { main: 'main/app/main.ts', host: 'main/app/host-process.ts' },
    outdir: 'out/app',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    packages: 'external',
    external: ['electron'],
  }),
  esbuild({
    ...common,
    entryPoints: ['preload/index.ts'],
    outfile: 'out/preload/index.cjs',
    format: 'cjs',
    platform: 'browser',
    external: ['electron'],
  }),
]);

const written = new Set();
for (const file of results.flatMap((r) => r.outputFiles)) {
  written.add(file.path);
  const old = await readFile(file.path).catch(() => null);
  if (old && Buffer.compare(old, file.contents) === 0) continue;
  await mkdir(dirname(file.path), { recursive: true });
  const temp = `${file.path}.tmp-${process.pid}`;
  await writeFile(temp, file.contents);
  await rename(temp, file.path);
}
// Files an earlier build left that this one no longer makes.
for (const folder of folders) {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && !written.has(path) && !/\.tmp-\d+$/.test(path)) await rm(path, { force: true });
  }
}

if (!nodeOnly) {
  const { build: vite } = await import('vite');
  await vite({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}
