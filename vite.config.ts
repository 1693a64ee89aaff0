import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The renderer bundle. It is loaded from a file (Electron) or from `lode web` under the CSP
 * `script-src 'self'`, hence relative asset paths and no inline scripts.
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  resolve: {
    alias: {
      // monaco-yaml's worker (through monaco-worker-manager) imports Monaco's pre-0.50 file path,
      // which monaco-editor 0.57's exports map no longer serves; point it at the same module.
      'monaco-editor/esm/vs/editor/editor.worker.js': 'monaco-editor/editor/editor.worker',
    },
  },
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // The module preload polyfill would be inlined into index.html; every target has native support.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
  // Vitest reads this file too: test the whole repository, not just the renderer root.
  test: {
    root: repoRoot,
    environment: 'node',
    exclude: ['**/node_modules/**', 'out/**', 'e2e/**', '.venv/**'],
  },
});
