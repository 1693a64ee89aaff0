import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { seriesColour, seriesDash } from './palette';
import { thin, type Series } from './series';

interface Props {
  readonly title: string;
  readonly testId: string;
  readonly series: readonly Series[];
  readonly xLabel: string;
  readonly yLabel: string;
  /** Fixed axes for curves that live in the unit square (ROC, PR, gain). */
  readonly unit?: boolean;
  /** The chance line (ROC, gain): y = x. */
  readonly diagonal?: boolean;
  /** Colour index per series id, so a run keeps its colour across charts. */
  readonly colourOf: (id: string) => number;
  readonly width?: number;
  readonly height?: number;
}

const MAX_LEGEND = 4;

const tick = (v: number) => (Math.abs(v) >= 1000 ? v.toLocaleString('en-US') : String(Number(v.toPrecision(3))));

/**
 * Curves of several runs over one numeric x axis, one colour per run and a legend. Each line
 * carries its own points, since runs have curves of different lengths and thresholds.
 */
export function OverlayChart({ title, testId, series, xLabel, yLabel, unit, diagonal, colourOf, width = 420, height = 280 }: Props) {
  const drawn = series.filter((s) => s.points.length > 0);
  return (
    <figure className="overlay-chart" data-testid={testId} data-series={drawn.map((s) => s.id).join(' ')} data-series-count={drawn.length}>
      <figcaption>{title}</figcaption>
      {drawn.length === 0 ? (
        <p className="muted">No run has this curve.</p>
      ) : (
        <LineChart width={width} height={height} margin={{ top: 8, right: 16, bottom: 18, left: 4 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            domain={unit ? [0, 1] : ['auto', 'auto']}
            stroke="var(--text-muted)"
            fontSize={11}
            tickFormatter={tick}
            allowDuplicatedCategory={false}
            label={{ value: xLabel, position: 'insideBottom', offset: -10, fontSize: 11, fill: 'var(--text-muted)' }}
          />
          <YAxis
            type="number"
            domain={unit ? [0, 1] : ['auto', 'auto']}
            stroke="var(--text-muted)"
            fontSize={11}
            width={52}
            tickFormatter={tick}
            label={{ value: yLabel, angle: -90, position: 'insideLeft', fontSize: 11, fill: 'var(--text-muted)' }}
          />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? tick(v) : String(v))}
            labelFormatter={(v) => `${xLabel} ${tick(Number(v))}`}
          />
          {/* Beyond a few runs a legend per chart would crowd out the curves; the view's shared legend names them. */}
          {drawn.length <= MAX_LEGEND && <Legend verticalAlign="top" wrapperStyle={{ fontSize: 11, paddingBottom: 4 }} />}
          {diagonal && (
            <ReferenceLine
              segment={[
                { x: 0, y: 0 },
                { x: 1, y: 1 },
              ]}
              stroke="var(--text-faint)"
              strokeDasharray="4 4"
            />
          )}
          {drawn.map((s) => (
            <Line
              key={s.id}
              className={`overlay-line run-${s.id}`}
              data={thin(s.points)}
              dataKey="y"
              name={s.label}
              type="linear"
              stroke={seriesColour(colourOf(s.id))}
              strokeDasharray={seriesDash(colourOf(s.id))}
              strokeWidth={1.8}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </figure>
  );
}
