import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startHost, type LodeHost } from './host';
import { LodeApp } from './pages/app';

export interface LodeFixtures {
  /** A fresh folder per test; workspaces made by the test go inside it. */
  tempDir: string;
  /** This test's per-user settings folder (LODE_HOME), so recent lists never leak between tests. */
  lodeHome: string;
  /** Starts a `lode web` host; every host started is stopped after the test. */
  launchHost: (options?: { workspace?: string }) => Promise<LodeHost>;
  /** A host started on the welcome screen (no workspace). */
  host: LodeHost;
  /** The app opened from the host's tokened URL and ready. */
  app: LodeApp;
  /** Console errors a test expects (for example a refused request); any other one fails the test. */
  allowedConsoleErrors: RegExp[];
  /** Fails the test on an uncaught page error or an unexpected console error. */
  failOnPageErrors: void;
}

export const test = base.extend<LodeFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; there are none.
  tempDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'lode-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },

  lodeHome: async ({ tempDir }, use) => {
    const dir = join(tempDir, 'lode-home');
    await mkdir(dir);
    await use(dir);
  },

  launchHost: async ({ tempDir, lodeHome }, use, testInfo) => {
    const started: LodeHost[] = [];
    await use(async (options = {}) => {
      const host = await startHost({ lodeHome, cwd: tempDir, ...options });
      started.push(host);
      return host;
    });
    try {
      await Promise.all(started.map((host) => host.stop()));
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        // A failed test keeps what its hosts said: a host that died says why only there.
        for (const [i, host] of started.entries()) {
          const text = host.stderr();
          if (text !== '') await testInfo.attach(`host ${i + 1} stderr`, { body: text, contentType: 'text/plain' });
        }
      }
    }
  },

  host: async ({ launchHost }, use) => {
    await use(await launchHost());
  },

  allowedConsoleErrors: [[], { option: true }],

  failOnPageErrors: [
    // Depends on launchHost so that it is torn down first: what the page logs while the test's
    // hosts stop (a script still downloading when its server goes) is not the test's error.
    async ({ page, allowedConsoleErrors, launchHost: _hostsStopAfterThisCheck }, use) => {
      const errors: string[] = [];
      let listening = true;
      page.on('pageerror', (err) => {
        if (listening) errors.push(`uncaught: ${err.message}`);
      });
      page.on('console', (message) => {
        const text = message.text();
        if (listening && message.type() === 'error' && !allowedConsoleErrors.some((allowed) => allowed.test(text))) errors.push(text);
      });
      await use();
      listening = false;
      expect(errors, 'errors in the page').toEqual([]);
    },
    { auto: true },
  ],

  app: async ({ page, host }, use) => {
    const app = new LodeApp(page);
    await app.open(host);
    await use(app);
  },
});

export { expect };
