import { useState } from 'react';
import { useLode } from '../../app/store-context';
import { Grid } from '../grid/Grid';

type Pane = 'sql' | 'preview' | 'stats';
const paneLabels: Record<Pane, string> = { sql: 'SQL', preview: 'Preview', stats: 'Stats' };

function formatStat(value: number | null): string {
  return value === null ? '—' : String(Number(value.toPrecision(4)));
}

/** The live SQL of the template, and its preview: the first rows and each feature's null rate and mean. */
export function FeatureResults() {
  const compiled = useLode((s) => s.featureCompiled);
  const preview = useLode((s) => s.featurePreview);
  const [chosen, setPane] = useState<Pane>('sql');
  // A new preview is what the analyst asked for: show it.
  const [seen, setSeen] = useState<string | null>(null);
  const pane: Pane = preview && preview.key !== seen && chosen === 'sql' ? 'preview' : chosen;
  const choose = (p: Pane) => {
    setSeen(preview?.key ?? null);
    setPane(p);
  };

  return (
    <div className="features-results">
      <div className="data-tabs" role="tablist" aria-label="Template results">
        {(Object.keys(paneLabels) as Pane[]).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            className="data-tab"
            data-testid={`features-pane-${id}`}
            aria-selected={pane === id}
            onClick={() => choose(id)}
          >
            {paneLabels[id]}
          </button>
        ))}
      </div>
      <div className="features-pane" role="tabpanel" data-testid={`features-panel-${pane}`}>
        {pane === 'sql' &&
          (compiled?.sql ? (
            <pre className="features-sql" data-testid="features-sql">
              {compiled.sql}
            </pre>
          ) : (
            <p className="data-hint">The generated SQL shows here once the template has no errors.</p>
          ))}
        {pane === 'preview' &&
          (preview ? (
            <>
              <p className="data-hint" data-testid="preview-summary">
                {preview.totalRows.toLocaleString('en-US')} rows computed{preview.sampled ? ' (a sample of the spine)' : ''}; showing the
                first {preview.rowCount}.
              </p>
              <Grid
                testId="features-grid"
                label="Preview of the training set"
                columns={preview.columns}
                rowCount={preview.rowCount}
                cell={(row, column) => preview.rows.text(row, column)}
                resetKey={preview.key}
              />
            </>
          ) : (
            <p className="data-hint">Preview computes the first 100 rows on a sample of the spine.</p>
          ))}
        {pane === 'stats' &&
          (preview ? (
            <table className="features-stats" data-testid="features-stats">
              <thead>
                <tr>
                  <th>Column</th>
                  <th>Role</th>
                  <th>Nulls</th>
                  <th>Mean</th>
                </tr>
              </thead>
              <tbody>
                {preview.stats.map((s) => (
                  <tr key={s.name}>
                    <td>{s.name}</td>
                    <td>{s.role}</td>
                    <td>{formatStat(s.nullRate * 100)}%</td>
                    <td>{formatStat(s.mean)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="data-hint">Preview first to see each feature’s null rate and mean.</p>
          ))}
      </div>
    </div>
  );
}
