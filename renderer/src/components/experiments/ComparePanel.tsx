import { useState } from 'react';
import { useLode } from '../../app/store-context';
import { OverlayChart } from '../charts/OverlayChart';
import { seriesColour } from '../charts/palette';
import type { Point, Series } from '../charts/series';
import type { RunCurves } from '../../../../shared/services/training';
import { gainPoints, ksPoints, learningPoints, prPoints, rocPoints } from './curves';
import { ImportanceCompare } from './ImportanceCompare';
import { MetricBars } from './MetricBars';
import { RunDiffView } from './RunDiffView';

/** The selected runs side by side: curves overlaid, metrics, importance, and what changed between two runs. */
export function ComparePanel() {
  const comparison = useLode((s) => s.comparison);
  const loading = useLode((s) => s.comparisonLoading);
  const artifacts = useLode((s) => s.comparisonArtifacts);
  const missing = useLode((s) => s.comparisonMissing);
  const [against, setAgainst] = useState(0);

  if (loading)
    return (
      <p className="muted" data-testid="compare-loading">
        Loading the comparison…
      </p>
    );
  if (!comparison) return <p className="muted">Select two or more runs in the table and press Compare.</p>;

  const ids = comparison.runs.map((r) => r.run.id);
  const colourOf = (id: string) => Math.max(0, ids.indexOf(id));
  const series = (of: (curves: RunCurves) => Point[]): Series[] =>
    ids.map((id) => ({ id, label: id, points: artifacts[id] ? of(artifacts[id].curves) : [] }));
  const learningMetric = ids.map((id) => artifacts[id]?.curves.metric).find((m) => m) ?? 'metric';
  const diff = comparison.diffs[Math.min(against, comparison.diffs.length - 1)];

  return (
    <div className="compare-panel" data-testid="compare-panel" data-runs={ids.join(' ')}>
      <ul className="compare-legend">
        {ids.map((id) => (
          <li key={id} data-testid="compare-run" data-run-id={id}>
            <span className="compare-swatch" style={{ background: seriesColour(colourOf(id)) }} />
            <span className="mono">{id}</span>
            {missing[id] && <span className="muted"> · no curves: {missing[id]}</span>}
          </li>
        ))}
      </ul>
      <section aria-label="Curves">
        <h3>Curves</h3>
        <div className="compare-charts">
          <OverlayChart
            title="ROC"
            testId="compare-roc"
            series={series(rocPoints)}
            xLabel="false positive rate"
            yLabel="true positive rate"
            unit
            diagonal
            colourOf={colourOf}
          />
          <OverlayChart
            title="Precision–recall"
            testId="compare-pr"
            series={series(prPoints)}
            xLabel="recall"
            yLabel="precision"
            unit
            colourOf={colourOf}
          />
          <OverlayChart
            title="KS (TPR − FPR)"
            testId="compare-ks"
            series={series(ksPoints)}
            xLabel="population share"
            yLabel="TPR − FPR"
            unit
            colourOf={colourOf}
          />
          <OverlayChart
            title="Cumulative gain"
            testId="compare-gain"
            series={series(gainPoints)}
            xLabel="population share"
            yLabel="positives captured"
            unit
            diagonal
            colourOf={colourOf}
          />
          <OverlayChart
            title={`Learning curves (${learningMetric})`}
            testId="compare-learning"
            series={series(learningPoints)}
            xLabel="iteration"
            yLabel={learningMetric}
            colourOf={colourOf}
          />
        </div>
      </section>
      <div className="compare-pair">
        <section aria-label="Diff" className="compare-diff">
          <h3>
            What changed{' '}
            {comparison.diffs.length > 1 && (
              <select
                className="input small"
                data-testid="compare-diff-to"
                value={against}
                onChange={(e) => setAgainst(Number(e.target.value))}
              >
                {comparison.diffs.map((d, i) => (
                  <option key={d.to} value={i}>
                    {d.from} → {d.to}
                  </option>
                ))}
              </select>
            )}
          </h3>
          {diff ? <RunDiffView diff={diff} /> : <p className="muted">Nothing to compare against.</p>}
        </section>
        <section aria-label="Metrics">
          <h3>Metrics</h3>
          <MetricBars runs={comparison.runs} colourOf={colourOf} />
        </section>
      </div>
      <section aria-label="Feature importance">
        <h3>Feature importance</h3>
        <ImportanceCompare runIds={ids} artifacts={artifacts} colourOf={colourOf} />
      </section>
    </div>
  );
}
