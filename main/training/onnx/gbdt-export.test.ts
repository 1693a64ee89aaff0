import { describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/temp';
import { loadDataset } from '../dataset';
import { predict } from '../gbdt/model';
import { gbdtParams } from '../gbdt/params';
import { trainGbdt } from '../gbdt/train';
import { writeReferenceSplit } from '../testing/reference-data';
import { exportGbdt } from './gbdt-export';
import { checkOnnx } from './verify';

describe('GBDT ONNX export', () => {
  it.each([
    ['adult', 'binary'],
    ['bank', 'binary'],
    ['california', 'regression'],
  ] as const)('%s: onnxruntime reproduces the in-process predictions on the whole validation set', async (name, objective) => {
    const split = await writeReferenceSplit(name, await tempDir());
    const train = await loadDataset(split.train, { label: split.label });
    const valid = await loadDataset(split.valid, { label: split.label, like: train.schema });
    const { model } = await trainGbdt(train, valid, gbdtParams(objective));
    const bytes = exportGbdt(model, 'test');
    const output = objective === 'binary' ? 'probability' : 'prediction';
    const agreement = await checkOnnx(bytes, valid, predict(model, valid), output);
    expect(agreement.rows).toBe(valid.rows);
    expect(agreement.agrees, JSON.stringify(agreement)).toBe(true);
  });
});
