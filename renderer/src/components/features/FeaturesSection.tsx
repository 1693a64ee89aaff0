import { lazy, Suspense, useEffect } from 'react';
import { useLode } from '../../app/store-context';
import { ErrorMessage } from '../ErrorMessage';
import { BuildForm } from './BuildForm';
import { FeatureDetail } from './FeatureDetail';
import { FeatureResults } from './FeatureResults';
import { RegistryList } from './RegistryList';
import { TemplateList } from './TemplateList';
import { TemplateToolbar } from './TemplateToolbar';
import './features.css';

// Monaco and the YAML language server are large: they load with this section, not with the app.
const TemplateEditor = lazy(() => import('./TemplateEditor').then((m) => ({ default: m.TemplateEditor })));

/**
 * The Features section: templates and the registry on the left; the editor, its SQL, preview and
 * build in the middle; a registered feature's detail on the right when one is open.
 */
export function FeaturesSection() {
  const loadTemplates = useLode((s) => s.loadFeatureTemplates);
  const searchFeatures = useLode((s) => s.searchFeatures);
  const loadSnapshots = useLode((s) => s.loadSnapshots);
  const loadTables = useLode((s) => s.loadTables);
  const current = useLode((s) => s.featureName);
  const loadId = useLode((s) => s.featureLoadId);
  const error = useLode((s) => s.featureError);
  const reloadDetail = useLode((s) => s.reloadFeatureDetail);
  const detailOpen = useLode((s) => s.featureDetailId !== null);

  useEffect(() => {
    void loadTemplates();
    void searchFeatures('');
    void loadSnapshots();
    // Table and column names for completions.
    void loadTables();
    // A feature left open may have been built or trained on elsewhere (the CLI, the Training section) since.
    void reloadDetail();
  }, [loadTemplates, searchFeatures, loadSnapshots, loadTables, reloadDetail]);

  return (
    <main className="section features-section" data-testid="section-features" aria-labelledby="section-title">
      <header className="data-header">
        <h1 id="section-title">Features</h1>
      </header>
      <div className={`features-body${detailOpen ? ' with-detail' : ''}`}>
        <aside className="features-side">
          <TemplateList />
          <RegistryList />
        </aside>
        <div className="features-main">
          <TemplateToolbar key={loadId} />
          {error && <ErrorMessage error={error} />}
          <div className="features-work">
            <Suspense fallback={<p className="data-hint">Loading the template editor…</p>}>
              <TemplateEditor key={loadId} uri={`${current ?? 'new'}-${loadId}.yaml`} />
            </Suspense>
            <FeatureResults />
          </div>
          <BuildForm />
        </div>
        <FeatureDetail />
      </div>
    </main>
  );
}
