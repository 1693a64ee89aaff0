import { useState, type FormEvent } from 'react';
import type { ColumnInfo } from '../../../../shared/services/data/common';
import { qualityRule, type QualityRule } from '../../../../shared/services/data/profile';
import { Icon } from '../Icon';

type Kind = QualityRule['kind'];

const kindLabels: Record<Kind, string> = {
  max_null_rate: 'Max null rate',
  unique: 'Unique key',
  allowed_values: 'Allowed values',
  range: 'Range',
};

/** One line of the rule as an analyst would say it. */
export function describeRule(rule: QualityRule): string {
  switch (rule.kind) {
    case 'max_null_rate':
      return `${rule.column}: at most ${(rule.max * 100).toFixed(2).replace(/\.?0+$/, '')}% nulls`;
    case 'unique':
      return `(${rule.columns.join(', ')}) is unique`;
    case 'allowed_values':
      return `${rule.column} in {${rule.values.join(', ')}}`;
    case 'range':
      return `${rule.column} between ${rule.min ?? '−∞'} and ${rule.max ?? '+∞'}`;
  }
}

/** A small form that adds one rule; it is checked with the contract's schema before it is added. */
export function RuleForm({ columns, onAdd }: { columns: readonly ColumnInfo[]; onAdd: (rule: QualityRule) => void }) {
  const [kind, setKind] = useState<Kind>('max_null_rate');
  const [column, setColumn] = useState(columns[0]?.name ?? '');
  const [unique, setUnique] = useState<string[]>([]);
  const [maxPercent, setMaxPercent] = useState('1');
  const [values, setValues] = useState('');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const build = (): unknown => {
    switch (kind) {
      case 'max_null_rate':
        return { kind, column, max: Number(maxPercent) / 100 };
      case 'unique':
        return { kind, columns: unique.length ? unique : [column] };
      case 'allowed_values':
        return {
          kind,
          column,
          values: values
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean),
        };
      case 'range':
        return { kind, column, ...(min.trim() ? { min: Number(min) } : {}), ...(max.trim() ? { max: Number(max) } : {}) };
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = qualityRule.safeParse(build());
    if (!parsed.success) return setProblem(parsed.error.issues.map((i) => i.message).join('; '));
    setProblem(null);
    onAdd(parsed.data);
    setUnique([]);
  };

  return (
    <form className="rule-form" onSubmit={submit} data-testid="rule-form">
      <select
        className="input small"
        data-testid="rule-kind"
        value={kind}
        onChange={(e) => setKind(e.target.value as Kind)}
        aria-label="Rule"
      >
        {(Object.keys(kindLabels) as Kind[]).map((k) => (
          <option key={k} value={k}>
            {kindLabels[k]}
          </option>
        ))}
      </select>
      <select
        className="input small"
        data-testid="rule-column"
        value={column}
        onChange={(e) => setColumn(e.target.value)}
        aria-label="Column"
      >
        {columns.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </select>
      {kind === 'max_null_rate' && (
        <label className="inline-field">
          ≤
          <input
            className="input small narrow"
            data-testid="rule-max-rate"
            type="number"
            min={0}
            max={100}
            step="any"
            value={maxPercent}
            onChange={(e) => setMaxPercent(e.target.value)}
          />
          %
        </label>
      )}
      {kind === 'unique' && (
        <>
          <button type="button" className="button small" onClick={() => !unique.includes(column) && setUnique([...unique, column])}>
            Add to key
          </button>
          <span className="muted">{unique.length ? `key: ${unique.join(', ')}` : `key: ${column}`}</span>
        </>
      )}
      {kind === 'allowed_values' && (
        <input
          className="input small"
          data-testid="rule-values"
          placeholder="yes, no"
          value={values}
          onChange={(e) => setValues(e.target.value)}
          aria-label="Allowed values, comma-separated"
        />
      )}
      {kind === 'range' && (
        <>
          <input
            className="input small narrow"
            data-testid="rule-min"
            placeholder="min"
            value={min}
            onChange={(e) => setMin(e.target.value)}
            aria-label="Minimum"
          />
          <input
            className="input small narrow"
            data-testid="rule-max"
            placeholder="max"
            value={max}
            onChange={(e) => setMax(e.target.value)}
            aria-label="Maximum"
          />
        </>
      )}
      <button type="submit" className="button small" data-testid="rule-add">
        <Icon name="plus" size={12} /> Add rule
      </button>
      {problem && <span className="field-note invalid">{problem}</span>}
    </form>
  );
}
