import type { RunImportance, TrainingAlgorithm } from '../../../shared/services/training';
import type { Dataset, TaskKind } from '../dataset';
import { importance as gbdtImportance, predict as predictGbdt } from '../gbdt/model';
import { type GbdtObjective, type GbdtParams, gbdtParams } from '../gbdt/params';
import { trainGbdt } from '../gbdt/train';
import { linearImportance, predictLinear } from '../linear/model';
import { linearParams, trainLinear } from '../linear/train';
import { predictMlp } from '../mlp/model';
import { type MlpParams, mlpParams, trainMlp } from '../mlp/train';
import { exportGbdt } from '../onnx/gbdt-export';
import { exportLinear } from '../onnx/linear-export';
import { exportMlp } from '../onnx/mlp-export';

/** One point of a learning curve: a GBDT round, an L-BFGS iteration or an MLP epoch. */
export interface LearningPoint {
  readonly iteration: number;
  readonly train: number;
  readonly valid: number | null;
  readonly elapsedMs: number;
}

/** A trained model behind one interface, whatever the algorithm. */
export interface Fit {
  readonly history: readonly LearningPoint[];
  /** The learning curve's metric. */
  readonly metric: string | null;
  /** The iteration kept (early stopping), used to size the k-fold refit. */
  readonly bestIteration: number;
  /** Facts for metrics.json (`training`) and the log. */
  readonly summary: Record<string, number | boolean>;
  readonly predict: (data: Dataset) => Float64Array;
  readonly onnx: (producerVersion: string, metadata: Record<string, string>) => Uint8Array;
  readonly importance: () => RunImportance['features'];
}

export interface Learner {
  readonly algo: TrainingAlgorithm;
  /** One line for the log and the progress phase. */
  readonly describe: string;
  /** Iterations one fit may take (early stopping and convergence may end sooner). */
  readonly iterations: number;
  readonly fit: (train: Dataset, valid: Dataset | null, onIteration: (point: LearningPoint & { metric: string }) => void) => Promise<Fit>;
  /** The learner of the final k-fold fit on every row, sized by the folds' best iterations, without early stopping. */
  readonly refit: (folds: readonly Fit[]) => Learner;
}

/**
 * Every parameter of a run after defaults, checked, in the form run.json keeps (numbers and text).
 * Runs on the host before any work starts, so absurd values fail at once.
 */
export function resolveParams(
  algo: TrainingAlgorithm,
  task: TaskKind,
  given: Record<string, number | string>,
  seed: number,
): Record<string, number | string> {
  switch (algo) {
    case 'gbdt': {
      const objective = (typeof given.objective === 'string' ? given.objective : task) as GbdtObjective;
      return { ...gbdtParams(objective, { seed, ...given }) };
    }
    case 'linear':
      return { ...linearParams(given) };
    case 'mlp': {
      const params = mlpParams({ seed, ...given });
      return { ...params, hidden_layers: params.hidden_layers.join(',') };
    }
  }
}

/** The learner of a run, from its resolved parameters. */
export function learnerFor(algo: TrainingAlgorithm, task: TaskKind, params: Record<string, number | string>): Learner {
  switch (algo) {
    case 'gbdt':
      return gbdtLearner(gbdtParams((params.objective ?? task) as GbdtObjective, params));
    case 'linear': {
      const parsed = linearParams(params);
      return {
        algo,
        describe: `training ${task === 'binary' ? 'logistic' : 'linear'} regression (penalty ${parsed.penalty}, ${task === 'binary' ? `C ${parsed.C}` : `alpha ${parsed.alpha}`}, L-BFGS up to ${parsed.max_iter} iterations)`,
        iterations: parsed.max_iter,
        fit: async (train, valid, onIteration) => {
          const result = trainLinear(train, parsed, {
            valid,
            onIteration: (r) =>
              onIteration({ iteration: r.iteration, metric: r.metric, train: r.train, valid: r.valid ?? null, elapsedMs: r.elapsedMs }),
          });
          const model = result.model;
          return {
            history: result.history.map((r) => ({
              iteration: r.iteration,
              train: r.train,
              valid: r.valid ?? null,
              elapsedMs: r.elapsedMs,
            })),
            metric: result.history.at(-1)?.metric ?? null,
            bestIteration: result.iterations,
            summary: { iterations: result.iterations, converged: result.converged },
            predict: (data) => predictLinear(model, data),
            onnx: (version, metadata) => exportLinear(model, version, metadata),
            importance: () => linearImportance(model),
          };
        },
        // A convex objective has one optimum: the refit runs to convergence like the folds.
        refit: () => learnerFor(algo, task, params),
      };
    }
    case 'mlp':
      return mlpLearner(mlpParams(params), task);
  }
}

function gbdtLearner(params: GbdtParams): Learner {
  return {
    algo: 'gbdt',
    describe: `training gbdt (${params.num_iterations} rounds, ${params.num_leaves} leaves, learning rate ${params.learning_rate})`,
    iterations: params.num_iterations,
    fit: async (train, valid, onIteration) => {
      const result = await trainGbdt(train, valid, params, {
        onIteration: (r) =>
          onIteration({ iteration: r.iteration, metric: r.metric, train: r.train, valid: r.valid ?? null, elapsedMs: r.elapsedMs }),
      });
      const model = result.model;
      return {
        history: result.history.map((h) => ({ iteration: h.iteration, train: h.train, valid: h.valid ?? null, elapsedMs: h.elapsedMs })),
        metric: result.history.at(-1)?.metric ?? null,
        bestIteration: result.bestIteration,
        summary: { trees: model.trees.length, bestIteration: result.bestIteration, stoppedEarly: result.stoppedEarly },
        predict: (data) => predictGbdt(model, data),
        onnx: (version, metadata) => exportGbdt(model, version, metadata),
        importance: () => gbdtImportance(model),
      };
    },
    refit: (folds) => {
      const rounds =
        params.early_stopping_rounds > 0 ? Math.max(1, Math.round(average(folds.map((f) => f.bestIteration)))) : params.num_iterations;
      return gbdtLearner({ ...params, num_iterations: rounds, early_stopping_rounds: 0 });
    },
  };
}

function mlpLearner(params: MlpParams, task: TaskKind): Learner {
  return {
    algo: 'mlp',
    describe: `training mlp (hidden layers ${params.hidden_layers.join(',')}, up to ${params.max_epochs} epochs, batches of ${params.batch_size}, Adam ${params.learning_rate})`,
    iterations: params.max_epochs,
    fit: async (train, valid, onIteration) => {
      const result = await trainMlp(train, valid, params, {
        onEpoch: (r) =>
          onIteration({ iteration: r.epoch, metric: r.metric, train: r.train, valid: r.valid ?? null, elapsedMs: r.elapsedMs }),
      });
      const model = result.model;
      return {
        history: result.history.map((h) => ({ iteration: h.epoch, train: h.train, valid: h.valid ?? null, elapsedMs: h.elapsedMs })),
        metric: result.history.at(-1)?.metric ?? null,
        bestIteration: result.bestEpoch,
        summary: { epochs: result.history.length, bestEpoch: result.bestEpoch, stoppedEarly: result.stoppedEarly },
        predict: (data) => predictMlp(model, data),
        onnx: (version, metadata) => exportMlp(model, version, metadata),
        // A network has no per-feature weight to read; permutation importance speaks for it.
        importance: () => [],
      };
    },
    refit: (folds) =>
      mlpLearner(
        {
          ...params,
          max_epochs:
            params.early_stopping_rounds > 0 ? Math.max(1, Math.round(average(folds.map((f) => f.bestIteration)))) : params.max_epochs,
          early_stopping_rounds: 0,
        },
        task,
      ),
  };
}

export function average(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}
