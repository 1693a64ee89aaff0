import type { SnapshotSummary } from '../../../../shared/services/data/snapshots';

/*
 * The data a model learns from, as the Training and Search forms ask for it: a snapshot, then its
 * label column and, for a binary label, an optional positive class. `testId` prefixes each
 * control's data-testid (`train`, `search`).
 */

export function SnapshotSelect(props: {
  readonly testId: string;
  readonly snapshots: readonly SnapshotSummary[];
  readonly value: string;
  readonly onChange: (id: string) => void;
}) {
  return (
    <label className="field">
      <span className="field-label">Snapshot</span>
      <select
        className="input"
        data-testid={`${props.testId}-snapshot`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.snapshots.length === 0 && <option value="">no snapshots yet</option>}
        {props.snapshots.map((s) => (
          <option key={s.id} value={s.id}>
            {s.id} ({s.rows.toLocaleString('en-US')} rows)
          </option>
        ))}
      </select>
    </label>
  );
}

export function LabelFields(props: {
  readonly testId: string;
  readonly columns: readonly { readonly name: string }[];
  readonly label: string;
  readonly onLabel: (name: string) => void;
  readonly positive: string;
  readonly onPositive: (value: string) => void;
}) {
  return (
    <>
      <label className="field">
        <span className="field-label">Label</span>
        <select className="input" data-testid={`${props.testId}-label`} value={props.label} onChange={(e) => props.onLabel(e.target.value)}>
          {props.columns.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Positive class (optional)</span>
        <input
          className="input"
          data-testid={`${props.testId}-positive`}
          placeholder="chosen from the values"
          value={props.positive}
          onChange={(e) => props.onPositive(e.target.value)}
        />
      </label>
    </>
  );
}
