import { useState } from 'react';

export interface Axis {
  readonly name: string;
  /** One value per line; null where the line has none (a conditional parameter). */
  readonly values: readonly (number | string | null)[];
  /** Log scale for parameters searched log-uniformly (learning rate, regularization). */
  readonly log?: boolean;
}

interface Props {
  readonly testId: string;
  readonly axes: readonly Axis[];
  /** The value that colours each line (the optimised metric); its axis is usually the last one. */
  readonly colourBy: readonly (number | null)[];
  readonly higherIsBetter: boolean;
  readonly lineIds: readonly string[];
  readonly width?: number;
  readonly height?: number;
}

interface Scale {
  readonly at: (v: number | string | null) => number | null;
  readonly ticks: readonly { label: string; at: number }[];
}

function fmt(v: number): string {
  return Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 0.01) ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

/** Maps an axis's values to [0, 1]: numbers linearly (or on a log scale), words evenly in sorted order. */
function scaleOf(axis: Axis): Scale {
  const numbers = axis.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const words = [...new Set(axis.values.filter((v): v is string => typeof v === 'string'))].sort();
  if (words.length > 0) {
    const all: (string | number)[] = [...[...new Set(numbers)].sort((a, b) => a - b), ...words];
    const pos = (i: number) => (all.length === 1 ? 0.5 : i / (all.length - 1));
    return {
      at: (v) => (v === null ? null : all.indexOf(v) < 0 ? null : pos(all.indexOf(v))),
      ticks: all.map((v, i) => ({ label: typeof v === 'number' ? fmt(v) : v, at: pos(i) })),
    };
  }
  const log = axis.log === true && numbers.every((v) => v > 0);
  const f = (v: number) => (log ? Math.log10(v) : v);
  const lo = numbers.length > 0 ? Math.min(...numbers.map(f)) : 0;
  const hi = numbers.length > 0 ? Math.max(...numbers.map(f)) : 1;
  const span = hi - lo || 1;
  const at = (v: number | string | null) => (typeof v === 'number' && Number.isFinite(v) ? (hi === lo ? 0.5 : (f(v) - lo) / span) : null);
  const ticks = [0, 0.5, 1].map((t) => ({ label: fmt(log ? 10 ** (lo + t * span) : lo + t * span), at: hi === lo ? 0.5 : t }));
  return { at, ticks: hi === lo ? [{ label: fmt(numbers[0] ?? 0), at: 0.5 }] : ticks };
}

/**
 * Parallel coordinates in plain SVG (recharts has none): one vertical axis per parameter and
 * one for the metric, one polyline per trial coloured from worst (pale) to best (strong).
 * Hovering a line brings it forward and names it.
 */
export function ParallelCoordinates({ testId, axes, colourBy, higherIsBetter, lineIds, width = 760, height = 300 }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const pad = { top: 24, bottom: 36, left: 40, right: 40 };
  const innerH = height - pad.top - pad.bottom;
  const step = axes.length > 1 ? (width - pad.left - pad.right) / (axes.length - 1) : 0;
  const scales = axes.map(scaleOf);
  const scores = colourBy.filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = Math.min(...scores);
  const hi = Math.max(...scores);
  const strength = (v: number | null) => {
    if (v === null || !Number.isFinite(v) || hi === lo) return 0.5;
    const t = (v - lo) / (hi - lo);
    return higherIsBetter ? t : 1 - t;
  };
  const y = (t: number) => pad.top + (1 - t) * innerH;
  const x = (i: number) => pad.left + i * step;
  const order = lineIds.map((_, i) => i).sort((a, b) => strength(colourBy[a] ?? null) - strength(colourBy[b] ?? null));

  return (
    <figure className="parallel-chart" data-testid={testId} data-lines={lineIds.length} data-axes={axes.map((a) => a.name).join(' ')}>
      <svg width={width} height={height} role="img" aria-label={`Parallel coordinates of ${axes.map((a) => a.name).join(', ')}`}>
        {order.map((line) => {
          const points: string[] = [];
          axes.forEach((_, a) => {
            const t = scales[a]!.at(axes[a]!.values[line] ?? null);
            if (t !== null) points.push(`${x(a)},${y(t)}`);
          });
          const s = strength(colourBy[line] ?? null);
          return (
            <polyline
              key={lineIds[line]}
              className="parallel-line"
              data-line={lineIds[line]}
              points={points.join(' ')}
              fill="none"
              stroke={hover === line ? 'var(--danger)' : 'var(--accent)'}
              strokeOpacity={hover === line ? 1 : 0.15 + 0.75 * s}
              strokeWidth={hover === line ? 2.5 : 1 + s}
              onMouseEnter={() => setHover(line)}
              onMouseLeave={() => setHover(null)}
            >
              <title>{lineIds[line]}</title>
            </polyline>
          );
        })}
        {axes.map((axis, a) => (
          <g key={axis.name} className="parallel-axis">
            <line x1={x(a)} x2={x(a)} y1={pad.top} y2={pad.top + innerH} stroke="var(--text-muted)" />
            {scales[a]!.ticks.map((t) => (
              <text key={`${t.label}-${t.at}`} x={x(a) + 4} y={y(t.at) + 3} fontSize={10} fill="var(--text-muted)">
                {t.label}
              </text>
            ))}
            <text x={x(a)} y={height - 14} fontSize={11} textAnchor="middle" fill="var(--text)">
              {axis.name}
            </text>
          </g>
        ))}
      </svg>
      {hover !== null && <figcaption className="muted mono">{lineIds[hover]}</figcaption>}
    </figure>
  );
}
