import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/temp';
import { loadDataset } from '../dataset';
import { predict } from '../gbdt/model';
import { gbdtParams } from '../gbdt/params';
import { trainGbdt } from '../gbdt/train';
import { writeReferenceSplit } from '../testing/reference-data';
import { exportGbdt } from './gbdt-export';

const root = join(import.meta.dirname, '..', '..', '..');

describe('exported models in third-party clients', () => {
  it('pass onnx.checker and score in Python onnxruntime fed the way MLflow feeds a DataFrame', async () => {
    const dir = await tempDir();
    const split = await writeReferenceSplit('adult', dir);
    const train = await loadDataset(split.train, { label: split.label });
    const valid = await loadDataset(split.valid, { label: split.label, like: train.schema });
    const { model } = await trainGbdt(train, null, gbdtParams('binary', { num_iterations: 30 }));
    const file = join(dir, 'model.onnx');
    await writeFile(file, exportGbdt(model, 'test'));

    const rows = 500;
    const columns = Object.fromEntries(
      valid.columns.map((c) => [
        c.name,
        c.kind === 'numeric'
          ? Array.from(c.values.subarray(0, rows), (v) => (Number.isNaN(v) ? null : v))
          : Array.from(c.codes.subarray(0, rows), (code) => (code < 0 ? null : c.vocabulary[code]!)),
      ]),
    );
    const python = execFileSync('bash', [join(root, 'scripts', 'python-env.sh')], { encoding: 'utf8' }).trim();
    const reply = execFileSync(python, [join(root, 'scripts', 'onnx-reference-check.py')], {
      input: JSON.stringify({ model: file, columns, output: 'probability' }),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const result = JSON.parse(reply) as { opsets: Record<string, number>; shape: number[]; outputs: number[] };
    expect(result.shape).toEqual([rows]);
    const expected = predict(model, valid).subarray(0, rows);
    const worst = Math.max(...result.outputs.map((p, i) => Math.abs(p - expected[i]!)));
    expect(worst).toBeLessThanOrEqual(1e-5);
  });
});
