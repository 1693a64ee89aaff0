import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['{shared,main,renderer,bin,scripts,bench}/**/*.test.{ts,tsx}'],
    environment: 'node',
    // A training thread that stops responding fails its run well before a test's timeout (threads.ts).
    env: { LODE_TRAINING_THREAD_WAIT_MS: '20000' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['vitest.global-setup.ts'],
  },
});

// Vitest loads the default export of its config file.
export default config;
