import { useLode } from '../../app/store-context';

/** The feature registry: the latest version of each feature, searchable; a feature opens in the detail panel. */
export function RegistryList() {
  const features = useLode((s) => s.featureRegistry);
  const search = useLode((s) => s.featureSearch);
  const searchFeatures = useLode((s) => s.searchFeatures);
  const openId = useLode((s) => s.featureDetailId);
  const openDetail = useLode((s) => s.openFeatureDetail);
  return (
    <section className="features-panel registry" aria-labelledby="registry-title" data-testid="feature-registry">
      <div className="features-panel-head">
        <h2 id="registry-title">Registry</h2>
      </div>
      <input
        className="input"
        type="search"
        placeholder="Search features"
        aria-label="Search registered features"
        data-testid="registry-search"
        value={search}
        onChange={(e) => void searchFeatures(e.target.value)}
      />
      {features.length === 0 ? (
        <p className="data-hint">{search ? 'No feature matches.' : 'Saved templates register their features here.'}</p>
      ) : (
        <ul className="features-list">
          {features.map((f) => (
            <li key={`${f.id}@${f.version}`} className="registry-item" data-testid={`registry-${f.id}`}>
              <button
                type="button"
                className="registry-open"
                aria-current={openId === f.id}
                aria-controls={openId === f.id ? 'feature-detail' : undefined}
                data-registry-open={f.id}
                onClick={() => void openDetail(f.id)}
              >
                <span className="registry-name">{f.id}</span>
                <span className="registry-meta">
                  v{f.version} · {f.kind} · {f.owner}
                  {f.snapshots.length > 0 && ` · ${f.snapshots.length} snapshot${f.snapshots.length === 1 ? '' : 's'}`}
                </span>
                {f.description && <span className="registry-meta">{f.description}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
