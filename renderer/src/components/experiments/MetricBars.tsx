import { Bar, BarChart, Cell, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrackedRun } from '../../../../shared/services/tracking';
import { seriesColour } from '../charts/palette';
import { formatNumber } from './run-columns';

/** Headline metrics of the runs, one small bar chart per metric (scales differ: AUC against log loss or RMSE). */
export function MetricBars({ runs, colourOf }: { runs: readonly TrackedRun[]; colourOf: (id: string) => number }) {
  const names = [...new Set(runs.flatMap((r) => Object.keys(metricsOf(r))))].sort();
  if (names.length === 0) return <p className="muted">The runs have no metrics yet.</p>;
  return (
    <div className="metric-bars" data-testid="compare-metric-bars">
      {names.map((name) => {
        const data = runs.map((r) => ({ id: r.run.id, value: metricsOf(r)[name] ?? null }));
        return (
          <figure key={name} className="metric-bar" data-testid={`compare-metric-${name}`}>
            <figcaption>{name}</figcaption>
            <BarChart width={220} height={140} data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
              <XAxis dataKey="id" hide />
              {/* Bars start at zero so their lengths compare honestly; the labels carry the small differences. */}
              <YAxis width={44} fontSize={10} stroke="var(--text-muted)" domain={[0, 'auto']} tickFormatter={formatNumber} />
              <Tooltip formatter={(v) => (typeof v === 'number' ? formatNumber(v) : String(v))} />
              <Bar dataKey="value" isAnimationActive={false}>
                <LabelList
                  dataKey="value"
                  position="insideTop"
                  fontSize={10}
                  fill="#fff"
                  formatter={(v) => (typeof v === 'number' ? formatNumber(v) : '')}
                />
                {data.map((d) => (
                  <Cell key={d.id} fill={seriesColour(colourOf(d.id))} />
                ))}
              </Bar>
            </BarChart>
          </figure>
        );
      })}
    </div>
  );
}

export function metricsOf(run: TrackedRun): Record<string, number> {
  return run.lineage?.metrics ?? run.run.metrics ?? {};
}
