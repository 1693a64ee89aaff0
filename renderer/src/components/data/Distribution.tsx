import type { ColumnProfile } from '../../../../shared/services/data/profile';
import { formatCount, formatStat } from '../../data/numbers';

const WIDTH = 140;
const HEIGHT = 30;

/** Equal-width bins as SVG bars; no chart library for something this small. */
export function Histogram({ bins }: { bins: NonNullable<ColumnProfile['histogram']> }) {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const barWidth = WIDTH / Math.max(1, bins.length);
  return (
    <svg
      className="histogram"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label="Histogram"
      data-testid="histogram"
    >
      {bins.map((bin, i) => {
        const h = bin.count === 0 ? 0 : Math.max(1, (bin.count / max) * (HEIGHT - 2));
        return (
          <rect key={i} x={i * barWidth + 0.5} y={HEIGHT - h} width={Math.max(1, barWidth - 1)} height={h}>
            <title>
              {formatStat(bin.lo)} – {formatStat(bin.hi)}: {formatCount(bin.count)}
            </title>
          </rect>
        );
      })}
    </svg>
  );
}

/** The most frequent values with their share of rows. */
export function TopValues({ values, rows }: { values: NonNullable<ColumnProfile['topValues']>; rows: number }) {
  return (
    <ul className="top-values" data-testid="top-values">
      {values.slice(0, 3).map((entry, i) => {
        const share = rows > 0 ? entry.count / rows : 0;
        return (
          <li key={i} title={`${entry.value ?? 'NULL'}: ${formatCount(entry.count)} rows (${(share * 100).toFixed(1)}%)`}>
            <span className="top-bar" style={{ width: `${Math.max(2, share * 100)}%` }} />
            <span className={entry.value === null ? 'top-label null' : 'top-label'}>{entry.value ?? 'NULL'}</span>
            <span className="top-count">{(share * 100).toFixed(share < 0.1 ? 1 : 0)}%</span>
          </li>
        );
      })}
    </ul>
  );
}
