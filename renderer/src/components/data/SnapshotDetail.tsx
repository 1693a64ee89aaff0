import type { SnapshotDiff, SnapshotManifest } from '../../../../shared/services/data/snapshots';
import { formatBytes, formatCount, formatStat } from '../../data/numbers';
import { describeRule } from './RuleForm';

/** The manifest of one snapshot: where its rows came from, schema with per-column stats, quality results. */
export function ManifestView({ manifest }: { manifest: SnapshotManifest }) {
  const stats = new Map(manifest.columns.map((c) => [c.name, c]));
  const { source } = manifest;
  return (
    <div className="snapshot-detail" data-testid="snapshot-manifest">
      <h3 className="detail-title mono">{manifest.id}</h3>
      <dl className="facts">
        <dt>Rows</dt>
        <dd data-testid="manifest-rows">{formatCount(manifest.rows)}</dd>
        <dt>Size</dt>
        <dd>
          {formatBytes(manifest.bytes)} in {manifest.files.length} file{manifest.files.length === 1 ? '' : 's'}
        </dd>
        <dt>Created</dt>
        <dd>
          {new Date(manifest.createdAt).toLocaleString()} by {manifest.createdBy}
        </dd>
        <dt>Content hash</dt>
        <dd className="mono">{manifest.contentHash}</dd>
        <dt>Source</dt>
        <dd>
          {source.table ?? 'query'}
          {source.dtColumn && ` · ${source.dtColumn} from ${source.from ?? '…'} to ${source.to ?? '…'}`}
          {source.partitionByDay && ' · partitioned by day'}
          <pre className="table-definition">{source.sql}</pre>
        </dd>
      </dl>
      <table className="stats-table">
        <thead>
          <tr>
            <th>Column</th>
            <th>Type</th>
            <th className="num">Nulls</th>
            <th className="num">Distinct</th>
            <th className="num">Min</th>
            <th className="num">Max</th>
            <th className="num">Mean</th>
            <th className="num">Std</th>
          </tr>
        </thead>
        <tbody>
          {manifest.schema.map((column) => {
            const s = stats.get(column.name);
            return (
              <tr key={column.name}>
                <th scope="row">{column.name}</th>
                <td className="mono muted">{column.type}</td>
                <td className="num">{formatCount(s?.nulls)}</td>
                <td className="num">{formatCount(s?.distinct)}</td>
                <td className="num">{formatStat(s?.min)}</td>
                <td className="num">{formatStat(s?.max)}</td>
                <td className="num">{formatStat(s?.mean)}</td>
                <td className="num">{formatStat(s?.std)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {manifest.quality.length > 0 && (
        <ul className="rule-list">
          {manifest.quality.map((result, i) => (
            <li key={i} className="rule-item">
              <span className={`badge ${result.passed ? 'badge-succeeded' : 'badge-failed'}`}>{result.passed ? 'Pass' : 'Fail'}</span>
              <span className="rule-text">{describeRule(result.rule)}</span>
              <span className="rule-result muted">{result.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function signed(n: number | null): string {
  if (n === null) return '';
  return `${n > 0 ? '+' : ''}${formatStat(n)}`;
}

/** What changed from snapshot a to snapshot b. */
export function DiffView({ diff }: { diff: SnapshotDiff }) {
  const { schema } = diff;
  const schemaSame = schema.added.length + schema.removed.length + schema.typeChanged.length === 0;
  return (
    <div className="snapshot-detail" data-testid="snapshot-diff">
      <h3 className="detail-title">
        <span className="mono">{diff.a}</span> → <span className="mono">{diff.b}</span>
      </h3>
      <dl className="facts">
        <dt>Rows</dt>
        <dd data-testid="diff-rows">
          {formatCount(diff.rows.a)} → {formatCount(diff.rows.b)}{' '}
          <strong className={diff.rows.delta < 0 ? 'delta-down' : diff.rows.delta > 0 ? 'delta-up' : ''} data-testid="diff-rows-delta">
            ({diff.rows.delta > 0 ? '+' : ''}
            {formatCount(diff.rows.delta)})
          </strong>
        </dd>
        <dt>Content</dt>
        <dd data-testid="diff-same">{diff.sameContent ? 'Same rows (same content hash)' : 'Different rows'}</dd>
        <dt>Schema</dt>
        <dd className="diff-schema" data-testid="diff-schema">
          {schemaSame && 'Unchanged'}
          {schema.added.map((c) => (
            <div key={`+${c.name}`} className="delta-up">
              + {c.name} {c.type}
            </div>
          ))}
          {schema.removed.map((c) => (
            <div key={`-${c.name}`} className="delta-down">
              − {c.name} {c.type}
            </div>
          ))}
          {schema.typeChanged.map((c) => (
            <div key={`~${c.name}`}>
              ~ {c.name}: {c.from} → {c.to}
            </div>
          ))}
        </dd>
      </dl>
      {diff.columns.length > 0 && (
        <table className="stats-table" data-testid="diff-stats">
          <thead>
            <tr>
              <th>Column</th>
              <th>Statistic</th>
              <th className="num">A</th>
              <th className="num">B</th>
              <th className="num">Change</th>
            </tr>
          </thead>
          <tbody>
            {diff.columns.map((c, i) => (
              <tr key={i}>
                <th scope="row">{c.name}</th>
                <td className="muted">{c.stat}</td>
                <td className="num">{formatStat(c.a)}</td>
                <td className="num">{formatStat(c.b)}</td>
                <td className={`num ${c.delta !== null && c.delta < 0 ? 'delta-down' : c.delta ? 'delta-up' : ''}`}>{signed(c.delta)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
