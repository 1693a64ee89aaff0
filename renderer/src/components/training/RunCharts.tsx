import type { RunCurves } from '../../../../shared/services/training';
import { OverlayChart } from '../charts/OverlayChart';
import { type Point, type Series, zipPoints } from '../charts/series';
import { LiftBars } from './LiftBars';

const WIDTH = 280;
const HEIGHT = 220;

/** Colour by position in the chart's own list of series. */
function colours(series: readonly Series[]): (id: string) => number {
  return (id) =>
    Math.max(
      0,
      series.findIndex((s) => s.id === id),
    );
}

function Chart(props: {
  title: string;
  testId: string;
  series: Series[];
  xLabel: string;
  yLabel: string;
  unit?: boolean;
  diagonal?: boolean;
}) {
  return <OverlayChart {...props} colourOf={colours(props.series)} width={WIDTH} height={HEIGHT} />;
}

/** Share of rows (x) against share of positives found (y), highest scores first, from the decile table. */
export function gainPoints(lift: NonNullable<RunCurves['lift']>): Point[] {
  const total = lift.reduce((n, row) => n + row.count, 0);
  const points: Point[] = [{ x: 0, y: 0 }];
  let seen = 0;
  for (const row of lift) {
    seen += row.count;
    points.push({ x: total === 0 ? 0 : seen / total, y: row.cumulativeGain });
  }
  return points;
}

/** The learning curve of a stored run: train and validation metric per iteration. */
export function StoredLearningCurve({ curves }: { readonly curves: RunCurves }) {
  if (curves.learning.length === 0) return null;
  const series: Series[] = [
    { id: 'train', label: `train ${curves.metric ?? ''}`, points: curves.learning.map((p) => ({ x: p.iteration, y: p.train })) },
  ];
  const valid = curves.learning.flatMap((p) => (p.valid === null ? [] : [{ x: p.iteration, y: p.valid }]));
  if (valid.length > 0) series.push({ id: 'valid', label: `valid ${curves.metric ?? ''}`, points: valid });
  return <Chart title="Learning curve" testId="train-chart-learning" series={series} xLabel="iteration" yLabel={curves.metric ?? ''} />;
}

/** ROC, PR, KS, cumulative gain, lift and calibration of a binary model on its validation rows. */
export function BinaryCharts({ curves }: { readonly curves: RunCurves }) {
  const { roc, pr, ks, lift, calibration } = curves;
  return (
    <div className="training-charts" data-testid="train-charts">
      {roc && (
        <Chart
          title="ROC"
          testId="train-chart-roc"
          series={[{ id: 'roc', label: 'ROC', points: zipPoints(roc.fpr, roc.tpr) }]}
          xLabel="false positive rate"
          yLabel="true positive rate"
          unit
          diagonal
        />
      )}
      {pr && (
        <Chart
          title="Precision-recall"
          testId="train-chart-pr"
          series={[{ id: 'pr', label: 'precision', points: zipPoints(pr.recall, pr.precision) }]}
          xLabel="recall"
          yLabel="precision"
          unit
        />
      )}
      {ks && (
        <Chart
          title="KS: true and false positive rates"
          testId="train-chart-ks"
          series={[
            { id: 'tpr', label: 'true positive rate', points: zipPoints(ks.population, ks.tpr) },
            { id: 'fpr', label: 'false positive rate', points: zipPoints(ks.population, ks.fpr) },
          ]}
          xLabel="share of rows, highest scores first"
          yLabel="rate"
          unit
        />
      )}
      {lift && lift.length > 0 && (
        <Chart
          title="Cumulative gain"
          testId="train-chart-gain"
          series={[{ id: 'gain', label: 'share of positives found', points: gainPoints(lift) }]}
          xLabel="share of rows, highest scores first"
          yLabel="share of positives"
          unit
          diagonal
        />
      )}
      {lift && lift.length > 0 && <LiftBars lift={lift} width={WIDTH} height={HEIGHT} />}
      {calibration && calibration.length > 0 && (
        <Chart
          title="Calibration"
          testId="train-chart-calibration"
          series={[
            {
              id: 'calibration',
              label: 'observed rate',
              points: calibration.map((b) => ({ x: b.meanPredicted ?? 0, y: b.fractionPositive ?? 0 })),
            },
          ]}
          xLabel="mean predicted probability"
          yLabel="observed positive rate"
          unit
          diagonal
        />
      )}
    </div>
  );
}
