import { useLode } from '../../app/store-context';
import { sectionInfo } from '../../store/sections';
import { Icon } from '../Icon';

/** The templates in features/, and a new one. */
export function TemplateList() {
  const templates = useLode((s) => s.featureTemplates);
  const current = useLode((s) => s.featureName);
  const open = useLode((s) => s.openFeatureTemplate);
  const startNew = useLode((s) => s.newFeatureTemplate);
  return (
    <section className="features-panel" aria-labelledby="templates-title" data-testid="template-list">
      <div className="features-panel-head">
        <h2 id="templates-title">Templates</h2>
        <button type="button" className="button small" data-testid="template-new" onClick={startNew} title="A new template">
          <Icon name="plus" size={12} /> New
        </button>
      </div>
      {templates.length === 0 ? (
        <div className="data-hint" data-testid="empty-state">
          <p>{sectionInfo('features').purpose}</p>
          <p>No templates yet: write one and save it.</p>
        </div>
      ) : (
        <ul className="features-list">
          {templates.map((t) => (
            <li key={t.path}>
              <button
                type="button"
                className="features-item"
                aria-current={t.name === current || undefined}
                data-testid={`template-${t.name}`}
                onClick={() => void open(t.name)}
              >
                {t.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
