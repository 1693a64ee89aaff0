import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLode } from '../../testing/cli';
import { tempDir } from '../../testing/temp';
import type { DemoResult } from './demo';

describe('lode demo', () => {
  it('runs import, snapshot, feature build and training on the bundled sample', async () => {
    const dir = join(await tempDir(), 'demo');
    const out = await runLode(['demo', dir, '--json']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout) as DemoResult;
    expect(result.tables).toEqual([
      { name: 'ods.customers', rows: 2000 },
      { name: 'ods.events', rows: expect.any(Number) as number },
    ]);
    expect(result.tables[1]!.rows).toBeGreaterThan(100_000);
    expect(result.trainingSnapshot).toMatch(/^shop_purchase@/);
    expect(result.trainingRows).toBeGreaterThan(5000);
    expect(result.run.state).toBe('succeeded');
    expect(result.run.split).toMatchObject({ kind: 'time', column: 'as_of' });
    // The sample has real signal in recent behaviour, and no leak: neither useless nor perfect.
    expect(result.run.metrics!.auc).toBeGreaterThan(0.7);
    expect(result.run.metrics!.auc).toBeLessThan(0.95);
    expect(existsSync(join(result.run.folder, 'model.onnx'))).toBe(true);
    const params = JSON.parse(await readFile(join(result.run.folder, 'params.json'), 'utf8')) as {
      lineage: { data: { snapshot: string }; templateLogicVersion: string };
    };
    expect(params.lineage.data.snapshot).toBe(result.trainingSnapshot);
    expect(params.lineage.templateLogicVersion).toBe(result.logicVersion);

    // The text form tells a newcomer where things are and what to try next.
    const text = await runLode(['demo', join(dir, '..', 'demo-text')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('validation AUC');
    expect(text.stdout).toContain('lode web --workspace');
    expect(text.stderr).toContain('5/5');
  });

  it('refuses a folder that already holds something, and leaves it alone', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'taken'));
    await writeFile(join(dir, 'taken', 'notes.txt'), 'mine');
    const out = await runLode(['demo', join(dir, 'taken')]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('already exists and is not empty');
    expect(await readFile(join(dir, 'taken', 'notes.txt'), 'utf8')).toBe('mine');
  });
});
