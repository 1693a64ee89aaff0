import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Host } from '../../host/host';
import { spawnLode } from '../../testing/cli';
import { tempDir } from '../../testing/temp';

describe('lode web', () => {
  it('takes the Ctrl+C that reaches it twice (terminal and npm start) as one stop, and closes the workspace cleanly', async () => {
    const root = await tempDir();
    const dir = join(root, 'ws');
    const init = spawnLode(['init', dir], { LODE_HOME: join(root, 'home') });
    expect((await once(init, 'close'))[0]).toBe(0);

    const child = spawnLode(['web', '--port', '0', '--workspace', dir], { LODE_HOME: join(root, 'home') });
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('Lode is running at')) resolve();
      });
      child.once('exit', () => reject(new Error(`lode web exited early: ${stderr}`)));
    });
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    // The second copy arrives once the first is being handled.
    await new Promise<void>((resolve) => {
      const check = () => (stderr.includes('Stopping') ? resolve() : setTimeout(check, 1));
      check();
    });
    child.kill('SIGINT');
    await exited;
    // One stop, carried to its end: the second copy neither stopped it again nor cut the close short
    // (exit 130). A copy landing while the process is already exiting may end it by SIGINT then.
    expect(stderr).toBe('Stopping: closing the workspace. Press Ctrl+C again to quit at once.\nStopped: the workspace is closed.\n');
    expect(child.exitCode === 0 || child.signalCode === 'SIGINT').toBe(true);

    // Closed, not abandoned: the workspace opens at once, with no lock left behind.
    const host = new Host({ userDir: join(root, 'user') });
    await host.open(dir);
    await host.close();
  });
});
