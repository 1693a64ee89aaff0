import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { CurvePoint } from '../../store/training-slice';

interface Props {
  readonly points: readonly CurvePoint[];
  readonly metric: string;
}

/** Train and validation metric per iteration, as the run reports them. */
export function LearningCurve({ points, metric }: Props) {
  const hasValid = points.some((p) => p.valid !== null);
  return (
    <figure className="training-curve" data-testid="train-curve" aria-label={`Learning curve (${metric})`}>
      <LineChart width={560} height={240} data={[...points]} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis dataKey="iteration" stroke="var(--text-muted)" fontSize={11} />
        <YAxis
          stroke="var(--text-muted)"
          fontSize={11}
          domain={['auto', 'auto']}
          width={56}
          tickFormatter={(v: number) => v.toPrecision(3)}
        />
        <Tooltip />
        <Legend />
        <Line type="monotone" dataKey="train" name={`train ${metric}`} stroke="var(--accent)" dot={false} isAnimationActive={false} />
        {hasValid && (
          <Line type="monotone" dataKey="valid" name={`valid ${metric}`} stroke="var(--warning)" dot={false} isAnimationActive={false} />
        )}
      </LineChart>
    </figure>
  );
}
