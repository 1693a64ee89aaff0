import { Bar, BarChart, CartesianGrid, ErrorBar, Tooltip, XAxis, YAxis } from 'recharts';
import type { RunImportance } from '../../../../shared/services/training';
import { seriesColour } from '../charts/palette';

/** Features shown per chart; the rest are in importance.json. */
const TOP = 15;

interface Bars {
  readonly testId: string;
  readonly title: string;
  readonly valueLabel: string;
  readonly rows: readonly { feature: string; value: number; spread?: number }[];
  readonly colour: number;
}

function HorizontalBars({ testId, title, valueLabel, rows, colour }: Bars) {
  const shown = rows.slice(0, TOP);
  const height = 40 + shown.length * 18;
  return (
    <figure className="overlay-chart" data-testid={testId} data-features={shown.length}>
      <figcaption>
        {title}
        {rows.length > TOP ? ` (top ${TOP} of ${rows.length})` : ''}
      </figcaption>
      <BarChart width={560} height={height} data={[...shown]} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" stroke="var(--text-muted)" fontSize={11} tickFormatter={(v: number) => String(Number(v.toPrecision(3)))} />
        <YAxis type="category" dataKey="feature" stroke="var(--text-muted)" fontSize={11} width={170} interval={0} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))} />
        <Bar dataKey="value" name={valueLabel} fill={seriesColour(colour)} isAnimationActive={false}>
          {shown.some((r) => r.spread !== undefined) && <ErrorBar dataKey="spread" width={4} stroke="var(--text-muted)" direction="x" />}
        </Bar>
      </BarChart>
    </figure>
  );
}

/**
 * What the model leans on: gain of the trees' splits or coefficients of a linear model (on the
 * standardized scale, so sizes compare), and for any model the drop of the validation metric when
 * a feature is shuffled (permutation importance, with its spread over repeats).
 */
export function ImportanceCharts({ importance }: { readonly importance: RunImportance }) {
  const model =
    importance.kind === 'gbdt'
      ? {
          title: 'Gain of the splits on each feature',
          label: 'gain',
          rows: importance.features.map((f) => ({ feature: f.feature, value: f.gain ?? 0 })),
        }
      : importance.kind === 'linear'
        ? {
            title: 'Coefficients (standardized scale), largest first',
            label: 'coefficient',
            rows: importance.features.map((f) => ({ feature: f.feature, value: f.coefficient ?? 0 })),
          }
        : null;
  const permutation = importance.permutation;
  return (
    <div className="training-importance" data-testid="train-importance">
      {model && model.rows.length > 0 && (
        <HorizontalBars testId="train-chart-importance" title={model.title} valueLabel={model.label} rows={model.rows} colour={0} />
      )}
      {importance.kind === 'mlp' && (
        <p className="data-hint">A neural network has no per-feature weight to read; permutation importance below speaks for it.</p>
      )}
      {permutation && (
        <HorizontalBars
          testId="train-chart-permutation"
          title={`Permutation importance: drop of ${permutation.metric} when a feature is shuffled (${permutation.rows.toLocaleString('en-US')} validation rows)`}
          valueLabel={`${permutation.metric} drop`}
          rows={permutation.features.map((f) => ({ feature: f.feature, value: f.drop, spread: f.std }))}
          colour={1}
        />
      )}
    </div>
  );
}
