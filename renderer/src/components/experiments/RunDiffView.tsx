import type { RunDiff } from '../../../../shared/services/tracking';
import { lowerIsBetter } from '../../store/experiments-slice';
import { formatNumber } from './run-columns';

const parts = [
  ['data', 'Data'],
  ['template', 'Template'],
  ['params', 'Parameters'],
  ['code', 'Code'],
] as const;

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (value === null) return '—';
  if (typeof value === 'number') return formatNumber(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What changed from one run to another, in the five-tuple's terms, and how far each metric moved. */
export function RunDiffView({ diff }: { diff: RunDiff }) {
  const unchanged = parts.filter(([key]) => diff[key].length === 0).map(([, label]) => label.toLowerCase());
  return (
    <div className="run-diff" data-testid="run-diff" data-from={diff.from} data-to={diff.to}>
      <p className="muted">
        From <span className="mono">{diff.from}</span> to <span className="mono">{diff.to}</span>
        {unchanged.length > 0 ? ` · same ${unchanged.join(', ')}` : ''}
      </p>
      {parts.map(([key, label]) =>
        diff[key].length === 0 ? null : (
          <section key={key} className="run-diff-part" data-testid={`run-diff-${key}`}>
            <h4>{label}</h4>
            <table>
              <tbody>
                {diff[key].map((c) => (
                  <tr key={c.key} data-key={c.key}>
                    <th className="mono">{c.key}</th>
                    <td className="run-diff-from mono">{show(c.from)}</td>
                    <td aria-hidden="true">→</td>
                    <td className="run-diff-to mono">{show(c.to)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ),
      )}
      {diff.metrics.length > 0 && (
        <section className="run-diff-part" data-testid="run-diff-metrics">
          <h4>Metrics</h4>
          <table>
            <tbody>
              {diff.metrics.map((m) => {
                const better = m.delta === null || m.delta === 0 ? null : lowerIsBetter(m.metric) ? m.delta < 0 : m.delta > 0;
                return (
                  <tr key={m.metric} data-key={m.metric} data-delta={m.delta ?? ''}>
                    <th className="mono">{m.metric}</th>
                    <td className="mono">{m.from === null ? '—' : formatNumber(m.from)}</td>
                    <td aria-hidden="true">→</td>
                    <td className="mono">{m.to === null ? '—' : formatNumber(m.to)}</td>
                    <td className={`mono run-diff-delta${better === null ? '' : better ? ' better' : ' worse'}`}>
                      {m.delta === null ? '' : `${m.delta > 0 ? '+' : ''}${formatNumber(m.delta)}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
