#!/usr/bin/env node
// Builds Lode into out/: the CLI and host (Node, ESM), the Electron main, host process and preload
// (CommonJS, as Electron's sandboxed preload requires), and the renderer with Vite.
// `--node` skips the renderer (used by bin/lode.mjs on a fresh checkout).
import { build as esbuild } from 'esbuild';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodeOnly = process.argv.includes('--node');
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root };

await rm(join(root, 'out', 'cli'), { recursive: true, force: true });
await rm(join(root, 'out', 'app'), { recursive: true, force: true });
await rm(join(root, 'out', 'preload'), { recursive: true, force: true });
await rm(join(root, 'out', 'bench'), { recursive: true, force: true });
await rm(join(root, 'out', 'training'), { recursive: true, force: true });

await Promise.all([
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

if (!nodeOnly) {
  const { build: vite } = await import('vite');
  await vite({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}
