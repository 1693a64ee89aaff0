// Lint: typescript-eslint with type information, plus the layer rules of DESIGN.md
// ("Layers and layout") as errors.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'stream'];

/** One `no-restricted-imports` rule per folder: what that layer may not reach. */
function layer(files, forbidden, message, ignores = []) {
  return {
    files,
    ignores,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }],
    },
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.venv/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'bin/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Service methods are async by contract even when an implementation needs no await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // vitest's asymmetric matchers (expect.stringContaining ...) are typed `any`.
    files: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '*.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  layer(
    ['shared/**/*.ts'],
    ['**/main/**', '**/renderer/**', '**/preload/**', 'electron', '@duckdb/*', 'onnxruntime-node', 'ws', ...nodeBuiltins],
    'shared/ is pure TypeScript: no Node, DOM, Electron or other layers (DESIGN.md, "Layers and layout").',
  ),
  layer(
    ['renderer/**/*.{ts,tsx}'],
    ['**/main/**', '**/preload/**', 'electron', '@duckdb/*', 'onnxruntime-node', ...nodeBuiltins],
    'renderer/ talks to main only through the typed client (DESIGN.md, "Layers and layout").',
  ),
  layer(
    ['main/**/*.ts'],
    ['**/renderer/**', '**/preload/**', 'electron'],
    'Only main/app/ imports electron, and main/ never imports renderer/ (DESIGN.md, "Layers and layout").',
    ['main/app/**', 'main/serving/**'],
  ),
  layer(['main/app/**/*.ts'], ['**/renderer/**', '**/preload/**'], 'main/ never imports renderer/ (DESIGN.md, "Layers and layout").'),
  layer(
    ['main/serving/**/*.ts'],
    ['**/renderer/**', '**/preload/**', 'electron', '@duckdb/*'],
    'main/serving/ is a standalone server: no DuckDB, no Electron (DESIGN.md, "Layers and layout").',
  ),
  layer(['preload/**/*.ts'], ['**/main/**', '**/renderer/**'], 'preload/ exposes the contract and nothing else.'),
  prettier,
);
