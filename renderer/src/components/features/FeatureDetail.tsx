import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { FeatureDetail as Detail, FeatureVersionUsage } from '../../../../shared/services/features';
import { useLode } from '../../app/store-context';
import { ErrorMessage } from '../ErrorMessage';
import { formatWhen } from '../format';
import { Icon } from '../Icon';

/** The registered feature opened from the registry list: its fields, every version and where each was used. */
export function FeatureDetail() {
  const id = useLode((s) => s.featureDetailId);
  if (id === null) return null;
  // A fresh panel per feature, so focus lands on the new one's heading.
  return <FeatureDetailPanel key={id} id={id} />;
}

/** The registry entry that opened a feature, to give it focus back when the panel closes. */
function registryButton(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-registry-open="${CSS.escape(id)}"]`);
}

function FeatureDetailPanel({ id }: { id: string }) {
  const detail = useLode((s) => (s.featureDetail?.id === id ? s.featureDetail : null));
  const loading = useLode((s) => s.featureDetailLoading);
  const error = useLode((s) => s.featureDetailError);
  const open = useLode((s) => s.openFeatureDetail);
  const retry = useLode((s) => s.retryFeatureDetail);
  const closeDetail = useLode((s) => s.closeFeatureDetail);
  const heading = useRef<HTMLHeadingElement>(null);

  // Opened from its registry entry, the panel takes focus; reopened with the section, it leaves focus where it is.
  useEffect(() => {
    if (document.activeElement === registryButton(id)) heading.current?.focus();
  }, [id]);

  const close = () => {
    const back = registryButton(id);
    closeDetail();
    back?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    close();
  };

  return (
    <aside
      id="feature-detail"
      className="feature-detail"
      aria-labelledby="feature-detail-title"
      aria-busy={loading}
      data-testid="feature-detail"
      data-feature-id={id}
      data-state={loading ? 'loading' : error ? 'error' : 'ready'}
      onKeyDown={onKeyDown}
    >
      <header className="feature-detail-header">
        <h2 id="feature-detail-title" className="mono" tabIndex={-1} ref={heading}>
          {id}
        </h2>
        {detail && (
          <span className="badge" data-testid="feature-detail-version">
            v{detail.version}
            {detail.latest ? ' · latest' : ''}
          </span>
        )}
        <button type="button" className="icon-button" aria-label="Close the feature" title="Close (Esc)" onClick={close}>
          <Icon name="close" size={14} />
        </button>
      </header>
      {error && (
        <>
          <ErrorMessage error={error} />
          <button type="button" className="button small" onClick={() => void retry()}>
            Try again
          </button>
        </>
      )}
      {loading && (
        <p className="data-hint" role="status">
          Loading the feature…
        </p>
      )}
      {detail && <FeatureBody detail={detail} onVersion={(version) => void open(id, version)} />}
    </aside>
  );
}

function FeatureBody({ detail, onVersion }: { detail: Detail; onVersion: (version: number) => void }) {
  const fields: [string, string][] = [
    ['Kind', detail.kind],
    ['Owner', detail.owner],
    ['Description', detail.description || '—'],
    ['Sources', detail.sources.join(', ') || '—'],
    ['Update', detail.updateStrategy],
    ['Template', detail.template],
    ['Logic', detail.logicVersion],
    ['Created', formatWhen(detail.createdAt)],
    ['Updated', formatWhen(detail.updatedAt)],
  ];
  return (
    <>
      <dl className="feature-detail-fields" data-testid="feature-detail-fields">
        {fields.map(([label, value]) => (
          <div key={label} className="feature-detail-field">
            <dt>{label}</dt>
            <dd className={label === 'Logic' || label === 'Template' || label === 'Sources' ? 'mono' : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
      <h3 id="feature-versions-title">Versions</h3>
      <ol className="feature-versions" aria-labelledby="feature-versions-title" data-testid="feature-versions">
        {detail.versions.map((v) => (
          <VersionItem key={v.version} version={v} shown={v.version === detail.version} onOpen={() => onVersion(v.version)} />
        ))}
      </ol>
      {detail.definition ? (
        <details className="feature-detail-code">
          <summary>Definition of v{detail.version}</summary>
          <pre data-testid="feature-definition">{JSON.stringify(detail.definition, null, 2)}</pre>
        </details>
      ) : (
        <p className="data-hint">
          The definition of v{detail.version} was not kept when it was registered, and the template no longer computes it.
        </p>
      )}
      {detail.sql && (
        <details className="feature-detail-code">
          <summary>Template SQL at v{detail.version}</summary>
          <pre>{detail.sql.trimEnd()}</pre>
        </details>
      )}
    </>
  );
}

function VersionItem({ version: v, shown, onOpen }: { version: FeatureVersionUsage; shown: boolean; onOpen: () => void }) {
  const openRunDetail = useLode((s) => s.openRunDetail);
  const setExperimentsView = useLode((s) => s.setExperimentsView);
  const selectSection = useLode((s) => s.selectSection);
  // The run panel lives beside the Experiments section's runs table.
  const openRun = async (runId: string) => {
    await openRunDetail(runId);
    setExperimentsView('runs');
    selectSection('experiments');
  };
  return (
    <li className="feature-version" aria-current={shown} data-testid={`feature-version-${v.version}`}>
      <button
        type="button"
        className="feature-version-open"
        title={shown ? 'Shown' : `Show version ${v.version}`}
        disabled={shown}
        onClick={onOpen}
      >
        <span className="registry-name">v{v.version}</span> <span className="mono registry-meta">{v.logicVersion}</span>
      </button>
      <span className="registry-meta">
        created {formatWhen(v.createdAt)}
        {v.updatedAt !== v.createdAt && ` · updated ${formatWhen(v.updatedAt)}`} · <span className="mono">{v.template}</span>
      </span>
      <UsageList label="Snapshots" testId={`feature-version-${v.version}-snapshots`} items={v.snapshots} />
      <UsageList label="Runs" testId={`feature-version-${v.version}-runs`} items={v.runs} onOpen={(runId) => void openRun(runId)} />
    </li>
  );
}

function UsageList({
  label,
  testId,
  items,
  onOpen,
}: {
  label: string;
  testId: string;
  items: readonly string[];
  onOpen?: (item: string) => void;
}) {
  return (
    <div className="feature-usage" data-testid={testId}>
      <span className="feature-usage-label">{label}</span>
      {items.length === 0 ? (
        <span className="registry-meta">none</span>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item} className="mono">
              {onOpen ? (
                <button type="button" className="link-button mono" title={`Open ${item} in Experiments`} onClick={() => onOpen(item)}>
                  {item}
                </button>
              ) : (
                item
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
