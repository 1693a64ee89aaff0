import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm start', () => {
  it('without a display says why in one paragraph and serves the workbench in browser mode', async () => {
    const home = await mkdtemp(join(tmpdir(), 'lode-start-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LODE_START_NO_BUILD: '1',
      LODE_HOME: home,
      LODE_WORKSPACE: undefined,
      DISPLAY: undefined,
      WAYLAND_DISPLAY: undefined,
    };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    delete env.LODE_WORKSPACE;
    const child = spawn(process.execPath, [join(import.meta.dirname, 'start.mjs')], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /Lode is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('exit', () => reject(new Error(`start exited early:\n${out}`)));
    });
    try {
      expect(out).toContain('Lode could not start its desktop window: this Linux session has no display');
      expect(out).toContain('browser mode');
      const entry = await fetch(url, { redirect: 'manual' });
      const cookie = (entry.headers.get('set-cookie') ?? '').split(';')[0]!;
      const page = await fetch(new URL('/', url), { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    expect(child.exitCode).toBe(0);
    // With no workspace open there is nothing to wait for, and nothing to say.
    expect(err).not.toContain('Stopping');
  });
});
