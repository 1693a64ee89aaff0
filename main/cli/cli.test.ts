import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLode } from '../testing/cli';
import { tempDir } from '../testing/temp';
import { parseArgs, UsageError } from './args';

describe('lode command line', () => {
  it('prints its version and usage', async () => {
    const version = await runLode(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await runLode(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: lode');
  });

  it('exits 2 with usage for an unknown command, a bad flag, or a missing argument', async () => {
    for (const args of [['frobnicate'], ['init', '--colour', 'red', 'x'], ['init'], ['--workspace'], ['jobs', 'list', '--limit', 'many']]) {
      const result = await runLode(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('Usage: lode');
    }
  });

  it('creates a workspace, lists its jobs as JSON, and explains failures in one line with exit 1', async () => {
    const root = await tempDir();
    const dir = join(root, 'ws');
    const init = await runLode(['init', dir, '--name', 'Credit risk', '--json']);
    expect(init.code).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ path: dir, name: 'Credit risk' });

    const test = await runLode(['self-test', '--workspace', dir, '--seconds', '0', '--steps', '3', '--json']);
    expect(test.code).toBe(0);
    expect(JSON.parse(test.stdout)).toMatchObject({ state: 'succeeded' });

    const jobs = await runLode(['--json', '--workspace', dir, 'jobs']);
    expect(jobs.code).toBe(0);
    expect(JSON.parse(jobs.stdout)).toHaveLength(1);

    const env = await runLode(['jobs', 'list', '--json'], { LODE_WORKSPACE: dir });
    expect(JSON.parse(env.stdout)).toHaveLength(1);

    const again = await runLode(['init', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain('already a Lode workspace');

    const notWs = await runLode(['jobs', '--workspace', root]);
    expect(notWs.code).toBe(1);
    expect(notWs.stderr).toContain('not a Lode workspace');
  });
});

describe('argument parsing', () => {
  const flags = {
    port: { type: 'number', description: '' },
    json: { type: 'boolean', description: '' },
    param: { type: 'string', description: '', repeatable: true },
  } as const;

  it('takes --name value, --name=value, repeatable flags and positionals', () => {
    expect(parseArgs(['a', '--port', '80', '--json', '--param=x=1', '--param', 'y=2', 'b'], flags)).toEqual({
      positionals: ['a', 'b'],
      flags: { port: 80, json: true, param: ['x=1', 'y=2'] },
    });
  });

  it('rejects unknown flags, missing values, non-numbers and repeats', () => {
    expect(() => parseArgs(['--nope'], flags)).toThrow(UsageError);
    expect(() => parseArgs(['--port'], flags)).toThrow('needs a value');
    expect(() => parseArgs(['--port', 'eighty'], flags)).toThrow('must be a number');
    expect(() => parseArgs(['--port', '1', '--port', '2'], flags)).toThrow('twice');
    expect(() => parseArgs(['-x'], flags)).toThrow('unknown option -x');
  });
});
