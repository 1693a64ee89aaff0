import { useEffect } from 'react';
import { useLode } from '../../app/store-context';
import { formatStat } from '../../data/numbers';
import { parseTableKey } from '../../data/table-key';
import { qualityDirty } from '../../store/profile-slice';
import { selectedTableInfo } from '../../store/tables-slice';
import { ErrorMessage } from '../ErrorMessage';
import { Icon } from '../Icon';
import { describeRule, RuleForm } from './RuleForm';

/** Data-quality rules of the selected table: edit, save, check now. Snapshots check them too. */
export function QualityTab() {
  const table = useLode(selectedTableInfo);
  const key = useLode((s) => s.selectedTable ?? '');
  const entry = useLode((s) => s.quality[key]);
  const load = useLode((s) => s.loadQualityRules);
  const edit = useLode((s) => s.editQualityRules);
  const save = useLode((s) => s.saveQualityRules);
  const check = useLode((s) => s.checkQuality);
  const ref = parseTableKey(key);
  const loaded = entry?.loaded ?? false;

  useEffect(() => {
    if (ref && !loaded) void load(ref);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once per table; ref is rebuilt each render.
  }, [key, loaded, load]);

  if (!table || !ref) return null;
  const rules = entry?.rules ?? [];
  const dirty = entry ? qualityDirty(entry) : false;
  const busy = entry?.busy ?? null;

  return (
    <div className="quality" data-testid="quality">
      <RuleForm columns={table.columns} onAdd={(rule) => edit(ref, [...rules, rule])} />
      {entry?.error && <ErrorMessage error={entry.error} />}
      {rules.length === 0 ? (
        <p className="data-hint">{loaded ? `No rules for ${key} yet. Add one above.` : 'Loading rules…'}</p>
      ) : (
        <ul className="rule-list" data-testid="rule-list">
          {rules.map((rule, i) => {
            const result = entry?.results?.[i];
            return (
              <li
                key={i}
                className="rule-item"
                data-testid="rule-item"
                data-result={result ? (result.passed ? 'pass' : 'fail') : 'unchecked'}
              >
                {result ? (
                  <span className={`badge ${result.passed ? 'badge-succeeded' : 'badge-failed'}`} data-testid="rule-badge">
                    {result.passed ? 'Pass' : 'Fail'}
                  </span>
                ) : (
                  <span className="badge">Not checked</span>
                )}
                <span className="rule-text">{describeRule(rule)}</span>
                {result && (
                  <span className="rule-result muted" title={result.message}>
                    observed {formatStat(result.observed)} · {result.message}
                  </span>
                )}
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove rule ${describeRule(rule)}`}
                  onClick={() =>
                    edit(
                      ref,
                      rules.filter((_, j) => j !== i),
                    )
                  }
                >
                  <Icon name="trash" size={13} />
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="toolbar">
        <button
          type="button"
          className="button small"
          data-testid="quality-save"
          disabled={!dirty || busy !== null}
          onClick={() => void save(ref)}
        >
          <Icon name="save" size={12} /> {busy === 'saving' ? 'Saving…' : dirty ? 'Save rules' : 'Saved'}
        </button>
        <button
          type="button"
          className="button primary small"
          data-testid="quality-check"
          disabled={rules.length === 0 || busy !== null}
          onClick={() => void check(ref)}
        >
          <Icon name="check" size={12} /> {busy === 'checking' ? 'Checking…' : 'Check now'}
        </button>
        {dirty && <span className="muted">Unsaved changes; checking saves them first.</span>}
      </div>
    </div>
  );
}
