import { dataLayers, type DataLayer } from '../../../../shared/services/data/common';
import { useLode } from '../../app/store-context';
import { NAME_RULE_TEXT, nameProblem } from '../../data/table-key';

/** Where the rows go: layer and table name (checked against the naming rule as it is typed), and what to do with bad rows. */
export function ImportTarget() {
  const draft = useLode((s) => s.importDraft);
  const update = useLode((s) => s.updateImportDraft);
  const exists = useLode((s) => s.tables.some((t) => t.layer === draft.layer && t.name === draft.name));
  const problem = draft.name === '' ? null : nameProblem(draft.name);

  return (
    <fieldset className="import-target">
      <legend>Import into</legend>
      <label className="field compact">
        <span className="field-label">Layer</span>
        <select data-testid="import-layer" value={draft.layer} onChange={(e) => update({ layer: e.target.value as DataLayer })}>
          {dataLayers.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label className="field compact wide">
        <span className="field-label">Table name</span>
        <input
          data-testid="import-name"
          value={draft.name}
          onChange={(e) => update({ name: e.target.value })}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problem !== null || undefined}
          aria-describedby="import-name-rule"
        />
        <span id="import-name-rule" className={problem ? 'field-note invalid' : 'field-note'} data-testid="import-name-rule">
          {problem ?? (exists ? `${draft.layer}.${draft.name} exists: importing asks before replacing it.` : `Names: ${NAME_RULE_TEXT}.`)}
        </span>
      </label>
      <div className="field compact" role="radiogroup" aria-label="Malformed rows">
        <span className="field-label">Malformed rows</span>
        <label className="radio">
          <input
            type="radio"
            name="on-error"
            data-testid="import-on-error-abort"
            checked={draft.onError === 'abort'}
            onChange={() => update({ onError: 'abort' })}
          />
          Stop the import
        </label>
        <label className="radio">
          <input
            type="radio"
            name="on-error"
            data-testid="import-on-error-skip"
            checked={draft.onError === 'skip'}
            onChange={() => update({ onError: 'skip' })}
          />
          Skip them into a rejects table
        </label>
      </div>
    </fieldset>
  );
}
