import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { binaryMetrics } from '../shared/metrics';
import { type Dataset, loadDataset } from '../main/training/dataset';
import { predict } from '../main/training/gbdt/model';
import { gbdtParams } from '../main/training/gbdt/params';
import { trainGbdt } from '../main/training/gbdt/train';
import { REFERENCE_DATASETS, writeReferenceSplit } from '../main/training/testing/reference-data';
import { syntheticBinary } from '../main/training/testing/synthetic';
import { type Bench, fmtMs } from './harness';

const THREADS = 2;
const ROUNDS = 100;
const root = join(import.meta.dirname, '..', '..');

interface Figures {
  readonly seconds: number;
  readonly auc: number;
  readonly peakMb: number;
}

type ReferenceData =
  | { kind: 'parquet'; train: string; valid: string; label: string; positive: string }
  | { kind: 'raw'; features: number; trainX: string; trainY: string; validX: string; validY: string };

function reference(library: 'lightgbm' | 'xgboost', data: ReferenceData, threads = THREADS): Figures {
  const python = execFileSync('bash', [join(root, 'scripts', 'python-env.sh')], { encoding: 'utf8' }).trim();
  const reply = execFileSync(python, [join(root, 'scripts', 'bench-gbdt-reference.py')], {
    input: JSON.stringify({ library, threads, rounds: ROUNDS, data }),
    encoding: 'utf8',
  });
  return JSON.parse(reply) as Figures;
}

/** Trains Lode's GBDT with LightGBM's defaults; times training only (binning included, as LightGBM's). */
async function lode(train: Dataset, valid: Dataset, threads = THREADS): Promise<Figures> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const start = performance.now();
  const { model } = await trainGbdt(train, null, gbdtParams('binary', { num_threads: threads, num_iterations: ROUNDS }), {
    onIteration: () => (peak = Math.max(peak, process.memoryUsage().rss)),
  });
  const seconds = (performance.now() - start) / 1000;
  const auc = binaryMetrics(valid.label, predict(model, valid)).auc;
  return { seconds, auc, peakMb: (peak - baseline) / 1024 ** 2 };
}

function line(name: string, ours: Figures, lgb: Figures, xgb: Figures): string {
  const ratio = ours.seconds / lgb.seconds;
  return (
    `${name}: lode ${fmtMs(ours.seconds * 1000)} AUC ${ours.auc.toFixed(4)} (+${ours.peakMb.toFixed(0)} MB); ` +
    `LightGBM ${fmtMs(lgb.seconds * 1000)} AUC ${lgb.auc.toFixed(4)} (+${lgb.peakMb.toFixed(0)} MB); ` +
    `XGBoost ${fmtMs(xgb.seconds * 1000)} AUC ${xgb.auc.toFixed(4)}; ` +
    `time ratio vs LightGBM ${ratio.toFixed(2)}x, AUC ${ours.auc - lgb.auc >= 0 ? '+' : ''}${(ours.auc - lgb.auc).toFixed(4)}` +
    (ours.auc >= lgb.auc - 0.003 ? '' : ' (AUC target of -0.003 MISSED)')
  );
}

async function writeRaw(data: Dataset, x: string, y: string): Promise<void> {
  const f = data.columns.length;
  const matrix = new Float64Array(data.rows * f);
  data.columns.forEach((c, j) => {
    if (c.kind !== 'numeric') throw new Error('raw export takes numeric columns');
    for (let r = 0; r < data.rows; r++) matrix[r * f + j] = c.values[r]!;
  });
  await writeFile(x, new Uint8Array(matrix.buffer));
  await writeFile(y, new Uint8Array(data.label.buffer));
}

/**
 * Issue 5: GBDT quality and speed against LightGBM (and XGBoost) on the same data, same defaults
 * (255 bins, 31 leaves, learning rate 0.1, 100 rounds), 2 threads each: AUC within 0.003 of
 * LightGBM's, and at most 2x its time on the generated 1M x 28 data set.
 */
export const gbdtBench: Bench = {
  name: 'gbdt',
  issue: 5,
  async run({ dir, report }) {
    for (const name of REFERENCE_DATASETS.filter((n) => n !== 'california')) {
      const split = await writeReferenceSplit(name, dir);
      const train = await loadDataset(split.train, { label: split.label });
      const valid = await loadDataset(split.valid, { label: split.label, like: train.schema });
      const positive = train.schema.target.kind === 'binary' ? train.schema.target.positive : '';
      const data: ReferenceData = { kind: 'parquet', train: split.train, valid: split.valid, label: split.label, positive };
      report(
        line(
          `${name} (${train.rows} x ${train.columns.length})`,
          await lode(train, valid),
          reference('lightgbm', data),
          reference('xgboost', data),
        ),
      );
    }
    const rows = 1_000_000;
    const train = syntheticBinary(rows, 28, 1);
    const valid = syntheticBinary(200_000, 28, 2);
    const files = {
      trainX: join(dir, 'train.x'),
      trainY: join(dir, 'train.y'),
      validX: join(dir, 'valid.x'),
      validY: join(dir, 'valid.y'),
    };
    await writeRaw(train, files.trainX, files.trainY);
    await writeRaw(valid, files.validX, files.validY);
    const ours = await lode(train, valid);
    const data: ReferenceData = { kind: 'raw', features: 28, ...files };
    const lgb = reference('lightgbm', data);
    report(line('generated 1M x 28', ours, lgb, reference('xgboost', data)));
    report(`generated 1M x 28: time target (at most 2x LightGBM): ${ours.seconds <= 2 * lgb.seconds ? 'met' : 'MISSED'}`);
    // OpenMP's spinning threads suffer most when other processes share the cores, so one thread
    // each is the steadier comparison on a busy machine.
    const single = await lode(train, valid, 1);
    const lgbSingle = reference('lightgbm', data, 1);
    report(
      `generated 1M x 28, 1 thread each: lode ${fmtMs(single.seconds * 1000)}, LightGBM ${fmtMs(lgbSingle.seconds * 1000)}; ` +
        `ratio ${(single.seconds / lgbSingle.seconds).toFixed(2)}x; 2-thread speed-up: lode ${(single.seconds / ours.seconds).toFixed(2)}x, ` +
        `LightGBM ${(lgbSingle.seconds / lgb.seconds).toFixed(2)}x`,
    );
    report(
      `generated 1M x 28: peak memory growth lode ${ours.peakMb.toFixed(0)} MB, LightGBM ${lgb.peakMb.toFixed(0)} MB, ratio ${(ours.peakMb / lgb.peakMb).toFixed(2)}x`,
    );
  },
};
