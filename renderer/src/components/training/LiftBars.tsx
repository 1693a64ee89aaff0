import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { RunCurves } from '../../../../shared/services/training';
import { seriesColour } from '../charts/palette';

interface Props {
  readonly lift: NonNullable<RunCurves['lift']>;
  readonly width: number;
  readonly height: number;
}

/** Lift of each score decile and cumulative lift, against the overall rate (lift 1). */
export function LiftBars({ lift, width, height }: Props) {
  const data = lift.map((row, i) => ({ decile: i + 1, lift: row.lift, cumulative: row.cumulativeLift }));
  return (
    <figure className="overlay-chart" data-testid="train-chart-lift" data-groups={data.length}>
      <figcaption>Lift by decile</figcaption>
      <BarChart width={width} height={height} data={data} margin={{ top: 8, right: 16, bottom: 18, left: 4 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis
          dataKey="decile"
          stroke="var(--text-muted)"
          fontSize={11}
          label={{ value: 'decile, highest scores first', position: 'insideBottom', offset: -10, fontSize: 11, fill: 'var(--text-muted)' }}
        />
        <YAxis stroke="var(--text-muted)" fontSize={11} width={40} tickFormatter={(v: number) => String(Number(v.toPrecision(3)))} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(2) : String(v))} />
        <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 11 }} />
        <ReferenceLine y={1} stroke="var(--text-faint)" strokeDasharray="4 4" />
        <Bar dataKey="lift" name="lift" fill={seriesColour(0)} isAnimationActive={false} />
        <Bar dataKey="cumulative" name="cumulative lift" fill={seriesColour(1)} isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}
