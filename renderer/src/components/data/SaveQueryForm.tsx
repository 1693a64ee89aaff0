import { useState, type FormEvent } from 'react';
import { dataLayers, type DataLayer } from '../../../../shared/services/data/common';
import { useLode } from '../../app/store-context';
import { nameProblem, NAME_RULE_TEXT } from '../../data/table-key';
import { ErrorMessage } from '../ErrorMessage';

/** Saves the query (selection or all) as a view or a table in a layer. */
export function SaveQueryForm({ sql, onDone }: { sql: () => string; onDone: (saved: string | null) => void }) {
  const saveQuery = useLode((s) => s.saveQuery);
  const error = useLode((s) => s.sqlSaveError);
  const tables = useLode((s) => s.tables);
  const [layer, setLayer] = useState<DataLayer>('dwd');
  const [name, setName] = useState('');
  const [as, setAs] = useState<'view' | 'table'>('view');
  const [replace, setReplace] = useState(false);
  const [saving, setSaving] = useState(false);
  const problem = name === '' ? null : nameProblem(name);
  const exists = tables.some((t) => t.layer === layer && t.name === name);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (problem || name === '' || (exists && !replace)) return;
    setSaving(true);
    const info = await saveQuery({ sql: sql(), layer, name, as, replace });
    setSaving(false);
    if (info) onDone(`${info.layer}.${info.name}`);
  };

  return (
    <form className="save-query" data-testid="save-query" onSubmit={(e) => void submit(e)}>
      <span className="toolbar-label">Save as</span>
      <select
        className="input small"
        value={as}
        onChange={(e) => setAs(e.target.value as 'view' | 'table')}
        aria-label="Save as"
        data-testid="save-as"
      >
        <option value="view">view</option>
        <option value="table">table</option>
      </select>
      <span className="toolbar-label">in</span>
      <select
        className="input small"
        value={layer}
        onChange={(e) => setLayer(e.target.value as DataLayer)}
        aria-label="Layer"
        data-testid="save-layer"
      >
        {dataLayers.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
      <input
        className="input small"
        data-testid="save-name"
        placeholder="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        aria-invalid={problem !== null || undefined}
        title={problem ?? `Names: ${NAME_RULE_TEXT}.`}
        spellCheck={false}
      />
      {exists && (
        <label className="radio">
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} data-testid="save-replace" />
          replace {layer}.{name}
        </label>
      )}
      <button
        type="submit"
        className="button primary small"
        data-testid="save-submit"
        disabled={saving || name === '' || problem !== null || (exists && !replace)}
      >
        {saving ? 'Saving…' : 'Save'}
      </button>
      <button type="button" className="button subtle small" onClick={() => onDone(null)}>
        Cancel
      </button>
      {problem && <span className="field-note invalid">{problem}</span>}
      {error && <ErrorMessage error={error} />}
    </form>
  );
}
