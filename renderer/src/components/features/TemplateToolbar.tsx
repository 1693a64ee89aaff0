import { useState } from 'react';
import { useLode } from '../../app/store-context';
import { Icon } from '../Icon';

const NAME_RULE = /^[a-z][a-z0-9_]{0,62}$/;

/** The file name, save and preview; keyed by the opened template so the name starts from it. */
export function TemplateToolbar() {
  const current = useLode((s) => s.featureName);
  const compiled = useLode((s) => s.featureCompiled);
  const markers = useLode((s) => s.featureMarkers);
  const saving = useLode((s) => s.featureSaving);
  const savedPath = useLode((s) => s.featureSavedPath);
  const previewing = useLode((s) => s.featurePreviewing);
  const save = useLode((s) => s.saveFeatureTemplate);
  const preview = useLode((s) => s.previewFeatures);
  const [name, setName] = useState(current ?? '');
  const errors = markers.filter((m) => m.severity === 'error').length;
  // An unnamed file takes the template's own name.
  const fileName = name || compiled?.name || '';
  const nameOk = NAME_RULE.test(fileName);

  return (
    <div className="toolbar features-toolbar">
      <label className="field inline">
        <span className="field-label">features/</span>
        <input
          className="input"
          data-testid="template-name"
          value={name}
          placeholder={compiled?.name ?? 'name'}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={(fileName !== '' && !nameOk) || undefined}
          spellCheck={false}
        />
        <span className="field-label">.yaml</span>
      </label>
      <button
        type="button"
        className="button small"
        data-testid="template-save"
        disabled={saving || !nameOk}
        onClick={() => void save(fileName)}
        title="Write features/NAME.yaml and register its features"
      >
        <Icon name="save" size={12} /> {saving ? 'Saving…' : 'Save'}
      </button>
      <button
        type="button"
        className="button primary small"
        data-testid="template-preview"
        disabled={previewing}
        onClick={() => void preview()}
        title="Compute the first 100 rows and per-feature stats on a sample of the spine"
      >
        <Icon name="play" size={12} /> {previewing ? 'Computing…' : 'Preview'}
      </button>
      <span className="features-status" data-testid="template-status" data-errors={errors}>
        {errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : compiled ? `logic version ${compiled.logicVersion}` : ''}
        {savedPath && <span data-testid="template-saved"> · saved to {savedPath}</span>}
      </span>
    </div>
  );
}
