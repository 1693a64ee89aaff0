import { useState } from 'react';
import type { RunImportance } from '../../../../shared/services/training';
import { seriesColour } from '../charts/palette';
import type { RunArtifacts } from '../../store/experiments-slice';
import { formatNumber } from './run-columns';

type Measure = 'gain' | 'splits' | 'coefficient' | 'permutation';
const TOP = 20;

/** One feature's importance in a run, by the chosen measure; coefficients by their size. */
function valuesOf(importance: RunImportance | null, measure: Measure): Map<string, number> {
  const out = new Map<string, number>();
  if (!importance) return out;
  if (measure === 'permutation') {
    for (const f of importance.permutation?.features ?? []) out.set(f.feature, f.drop);
    return out;
  }
  for (const f of importance.features) {
    const v = f[measure];
    if (v !== undefined) out.set(f.feature, measure === 'coefficient' ? Math.abs(v) : v);
  }
  return out;
}

/**
 * Feature importance side by side: the top features over all runs, one column per run, each
 * value as a bar scaled to that run's largest so differently scaled models compare by rank.
 */
export function ImportanceCompare({
  runIds,
  artifacts,
  colourOf,
}: {
  runIds: readonly string[];
  artifacts: Record<string, RunArtifacts>;
  colourOf: (id: string) => number;
}) {
  const available = (['gain', 'splits', 'coefficient', 'permutation'] as const).filter((m) =>
    runIds.some((id) => valuesOf(artifacts[id]?.importance ?? null, m).size > 0),
  );
  // Runs of different algorithms share only permutation importance: start with a measure every run has.
  const shared = available.find((m) => runIds.every((id) => valuesOf(artifacts[id]?.importance ?? null, m).size > 0));
  const [chosen, setChosen] = useState<Measure | null>(null);
  const measure = chosen && available.includes(chosen) ? chosen : (shared ?? available[0] ?? null);
  if (!measure) return <p className="muted">No feature importance recorded for these runs.</p>;

  const perRun = runIds.map((id) => valuesOf(artifacts[id]?.importance ?? null, measure));
  const peak = perRun.map((m) => Math.max(0, ...m.values()) || 1);
  const score = new Map<string, number>();
  perRun.forEach((m, r) => m.forEach((v, f) => score.set(f, Math.max(score.get(f) ?? 0, v / peak[r]!))));
  const features = [...score.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([f]) => f);

  return (
    <div className="importance-compare" data-testid="compare-importance" data-measure={measure}>
      <label>
        Measure{' '}
        <select className="input small" value={measure} onChange={(e) => setChosen(e.target.value as Measure)}>
          {available.map((m) => (
            <option key={m} value={m}>
              {m === 'permutation' ? 'permutation (metric drop)' : m === 'coefficient' ? '|coefficient|' : m}
            </option>
          ))}
        </select>
      </label>
      <table className="importance-table">
        <thead>
          <tr>
            <th>Feature</th>
            {runIds.map((id) => (
              <th key={id} className="mono" style={{ color: seriesColour(colourOf(id)) }}>
                {id}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {features.map((f) => (
            <tr key={f}>
              <td className="mono">{f}</td>
              {perRun.map((m, r) => {
                const v = m.get(f);
                return (
                  <td key={runIds[r]} className="importance-cell">
                    {v !== undefined && (
                      <>
                        <span
                          className="importance-bar"
                          style={{ width: `${Math.max(0, (v / peak[r]!) * 100)}%`, background: seriesColour(colourOf(runIds[r]!)) }}
                        />
                        <span className="importance-value">{formatNumber(v)}</span>
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
