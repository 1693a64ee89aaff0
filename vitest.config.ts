import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['{shared,main,renderer,bin,scripts,bench}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['vitest.global-setup.ts'],
  },
});

// Vitest loads the default export of its config file.
export default config;
