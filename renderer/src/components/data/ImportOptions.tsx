import type { ImportPreview } from '../../../../shared/services/data/imports';
import { useLode } from '../../app/store-context';
import { showChar } from '../../store/import-draft';

function Detected({ field, value }: { field: string; value: string | null }) {
  return value === null ? null : (
    <span className="detected" data-testid={`detected-${field}`} data-value={value}>
      detected {value}
    </span>
  );
}

/** CSV reader options: each empty field means "as DuckDB detects it", shown beside it. */
export function ImportOptions({ preview }: { preview: ImportPreview | null }) {
  const draft = useLode((s) => s.importDraft);
  const update = useLode((s) => s.updateImportDraft);
  const detected = preview?.detected ?? null;
  const isText = draft.format === 'auto' ? preview === null || preview.detected !== null : draft.format === 'csv' || draft.format === 'tsv';
  if (!isText) return null;

  return (
    <fieldset className="import-options" data-testid="import-options">
      <legend>Reader options</legend>
      <label className="field compact">
        <span className="field-label">
          Delimiter <Detected field="delimiter" value={detected && showChar(detected.delimiter)} />
        </span>
        <input
          data-testid="import-delimiter"
          value={draft.delimiter}
          placeholder={detected ? showChar(detected.delimiter) : 'detect'}
          onChange={(e) => update({ delimiter: e.target.value })}
          maxLength={4}
          spellCheck={false}
          title="One to four characters; \t or tab for a tab. Empty: detect."
        />
      </label>
      <label className="field compact">
        <span className="field-label">
          Quote <Detected field="quote" value={detected && showChar(detected.quote)} />
        </span>
        <input
          data-testid="import-quote"
          value={draft.quote}
          placeholder={detected ? showChar(detected.quote) : 'detect'}
          onChange={(e) => update({ quote: e.target.value })}
          maxLength={1}
          spellCheck={false}
        />
      </label>
      <label className="field compact">
        <span className="field-label">
          Header <Detected field="header" value={detected && (detected.header ? 'yes' : 'no')} />
        </span>
        <select
          data-testid="import-header"
          value={draft.header}
          onChange={(e) => update({ header: e.target.value as 'auto' | 'yes' | 'no' })}
        >
          <option value="auto">Detect</option>
          <option value="yes">First row is the header</option>
          <option value="no">No header</option>
        </select>
      </label>
      <label className="field compact wide">
        <span className="field-label">
          Null markers{' '}
          <Detected
            field="nulls"
            value={
              detected && (detected.nullStrings.length ? detected.nullStrings.map((n) => (n === '' ? '(empty)' : n)).join(', ') : 'none')
            }
          />
        </span>
        <input
          data-testid="import-nulls"
          value={draft.nullStrings}
          placeholder='e.g. ?, NA, "" for the empty field'
          onChange={(e) => update({ nullStrings: e.target.value })}
          spellCheck={false}
          title='Comma-separated values read as NULL; "" stands for the empty field.'
        />
      </label>
      <label className="field compact">
        <span className="field-label">
          Skip rows <Detected field="skip" value={detected && String(detected.skipRows)} />
        </span>
        <input
          data-testid="import-skip"
          type="number"
          min={0}
          value={draft.skipRows}
          placeholder={detected ? String(detected.skipRows) : '0'}
          onChange={(e) => update({ skipRows: e.target.value })}
        />
      </label>
    </fieldset>
  );
}
