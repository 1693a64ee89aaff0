import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { repoRoot } from './host';

/** The Electron binary, when `npm install` could download it (node_modules/electron/path.txt names it). */
function electronBinary(): string | null {
  const pathFile = join(repoRoot, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(repoRoot, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const SKIP_REASON =
  'Electron binary not installed (node_modules/electron/dist missing; it cannot be downloaded on this machine): smoke test skipped';

test('the Electron app opens a window with the renderer, the bridge and no Node', async () => {
  const executablePath = electronBinary();
  if (!executablePath) {
    console.log(`electron.spec.ts: ${SKIP_REASON}`);
    test.skip(true, SKIP_REASON);
    return;
  }
  const lodeHome = await mkdtemp(join(tmpdir(), 'lode-electron-'));
  const app = await electron.launch({
    executablePath,
    args: ['out/app/main.cjs'],
    cwd: repoRoot,
    env: { ...process.env, LODE_HOME: lodeHome },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.locator('html')).toHaveAttribute('data-app-ready', 'true');
    await expect(window.getByTestId('welcome')).toBeVisible();
    await expect(window.getByTestId('status-connection')).toContainText('Electron IPC');
    expect(await window.evaluate(() => typeof (globalThis as { lode?: unknown }).lode)).toBe('object');
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  } finally {
    await app.close();
    await rm(lodeHome, { recursive: true, force: true });
  }
});
