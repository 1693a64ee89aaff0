import { describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/temp';
import { loadDataset } from '../dataset';
import { predictLinear } from '../linear/model';
import { linearParams, trainLinear } from '../linear/train';
import { writeReferenceSplit } from '../testing/reference-data';
import { exportLinear } from './linear-export';
import { checkOnnx } from './verify';

describe('linear model ONNX export', () => {
  it.each([
    ['adult', 'l2'],
    ['bank', 'l1'],
    ['lending_club', 'none'],
    ['california', 'l2'],
  ] as const)('%s (%s): onnxruntime reproduces the in-process predictions on the whole validation set', async (name, penalty) => {
    const split = await writeReferenceSplit(name, await tempDir());
    const train = await loadDataset(split.train, { label: split.label });
    const valid = await loadDataset(split.valid, { label: split.label, like: train.schema });
    const { model } = trainLinear(train, linearParams({ penalty, C: 0.05 }));
    const output = model.task === 'binary' ? 'probability' : 'prediction';
    const agreement = await checkOnnx(exportLinear(model, 'test'), valid, predictLinear(model, valid), output);
    expect(agreement.rows).toBe(valid.rows);
    expect(agreement.agrees, JSON.stringify(agreement)).toBe(true);
  });
});
