import { describe, expect, it } from 'vitest';
import { binaryMetrics, regressionMetrics } from '../../../shared/metrics';
import { tempDir } from '../../testing/temp';
import { type Dataset, loadDataset } from '../dataset';
import reference from '../fixtures/mlp-reference.json';
import { exportMlp } from '../onnx/mlp-export';
import { checkOnnx } from '../onnx/verify';
import { writeReferenceSplit } from '../testing/reference-data';
import { predictMlp } from './model';
import { mlpParams, trainMlp } from './train';

/** The settings of scripts/make-mlp-fixtures.py. */
const SAME_AS_SCIKIT = { hidden_layers: '32', max_epochs: 30, early_stopping_rounds: 0 };

async function split(name: string): Promise<{ train: Dataset; valid: Dataset }> {
  const files = await writeReferenceSplit(name, await tempDir());
  const train = await loadDataset(files.train, { label: files.label });
  return { train, valid: await loadDataset(files.valid, { label: files.label, like: train.schema }) };
}

describe('MLP', () => {
  it("adult: validation AUC close to scikit-learn's MLPClassifier with the same settings, and exported to ONNX", async () => {
    const { train, valid } = await split('adult');
    const { model, history } = await trainMlp(train, valid, mlpParams(SAME_AS_SCIKIT));
    expect(history).toHaveLength(30);
    const predictions = predictMlp(model, valid);
    expect(binaryMetrics(valid.label, predictions).auc).toBeGreaterThan(reference.models.adult.validAuc - 0.005);
    const agreement = await checkOnnx(exportMlp(model, 'test'), valid, predictions, 'probability');
    expect(agreement.agrees, JSON.stringify(agreement)).toBe(true);
  });

  it("california housing: validation RMSE close to scikit-learn's MLPRegressor, and exported to ONNX", async () => {
    const { train, valid } = await split('california');
    const { model } = await trainMlp(train, valid, mlpParams(SAME_AS_SCIKIT));
    const predictions = predictMlp(model, valid);
    expect(regressionMetrics(valid.label, predictions).rmse).toBeLessThan(reference.models.california.validRmse * 1.03);
    const agreement = await checkOnnx(exportMlp(model, 'test'), valid, predictions, 'prediction');
    expect(agreement.agrees, JSON.stringify(agreement)).toBe(true);
  });

  it('two hidden layers with dropout, early stopping on the best epoch, the same model for the same seed', async () => {
    const { train, valid } = await split('lending_club');
    const params = mlpParams({ hidden_layers: '16,8', dropout: 0.2, max_epochs: 60, early_stopping_rounds: 3, learning_rate: 0.01 });
    const a = await trainMlp(train, valid, params);
    const b = await trainMlp(train, valid, params);
    expect(JSON.stringify(b.model)).toBe(JSON.stringify(a.model));
    expect(a.stoppedEarly).toBe(true);
    const best = Math.min(...a.history.map((h) => h.valid!));
    expect(a.history[a.bestEpoch - 1]!.valid).toBeLessThan(best + 1e-4 + 1e-12);
    expect(binaryMetrics(valid.label, predictMlp(a.model, valid)).auc).toBeGreaterThan(0.6);
    const agreement = await checkOnnx(exportMlp(a.model, 'test'), valid, predictMlp(a.model, valid), 'probability');
    expect(agreement.agrees, JSON.stringify(agreement)).toBe(true);
  });

  it('refuses absurd parameters', () => {
    expect(() => mlpParams({ hidden_layers: '64,32,16,8' })).toThrow(/1 to 3 layers/);
    expect(() => mlpParams({ hidden_layers: '0' })).toThrow(/1 to 3 layers/);
    expect(() => mlpParams({ dropout: 1 })).toThrow(/dropout=1 is out of range/);
    expect(() => mlpParams({ learning_rate: -1 })).toThrow(/learning_rate=-1/);
    expect(() => mlpParams({ epochs: 3 })).toThrow(/'epochs' is not an MLP parameter/);
    expect(mlpParams({ hidden_layers: '64, 32' }).hidden_layers).toEqual([64, 32]);
  });
});
