import type { ColumnInfo } from '../../../../shared/services/data/common';
import type { SnapshotSummary } from '../../../../shared/services/data/snapshots';
import type { TrainingSplit } from '../../../../shared/services/training';

export type SplitKind = TrainingSplit['kind'];

export interface SplitDraft {
  kind: SplitKind;
  fraction: number;
  column: string;
  valid: string;
  folds: number;
}

export const SPLIT_LABELS: Record<SplitKind, string> = {
  stratified: 'Stratified holdout',
  random: 'Random holdout',
  time: 'Time: validate on the latest rows',
  snapshot: 'Validation snapshot',
  kfold: 'k-fold cross-validation',
};

/** The contract's split from the form's draft. */
export function splitFromDraft(d: SplitDraft): TrainingSplit {
  switch (d.kind) {
    case 'random':
    case 'stratified':
      return { kind: d.kind, fraction: d.fraction };
    case 'time':
      return { kind: 'time', fraction: d.fraction, column: d.column };
    case 'snapshot':
      return { kind: 'snapshot', valid: d.valid };
    case 'kfold':
      return { kind: 'kfold', folds: d.folds };
  }
}

interface Props {
  readonly draft: SplitDraft;
  readonly onChange: (draft: SplitDraft) => void;
  readonly columns: readonly ColumnInfo[];
  readonly snapshots: readonly SnapshotSummary[];
}

/** How rows are held out for validation: a fraction, the latest rows by time, another snapshot or k folds. */
export function SplitFields({ draft, onChange, columns, snapshots }: Props) {
  const set = (patch: Partial<SplitDraft>) => onChange({ ...draft, ...patch });
  return (
    <fieldset className="training-fieldset" data-testid="train-split">
      <legend>Validation</legend>
      <label className="field">
        <span className="field-label">Split</span>
        <select
          className="input"
          data-testid="train-split-kind"
          value={draft.kind}
          onChange={(e) => set({ kind: e.target.value as SplitKind })}
        >
          {(Object.keys(SPLIT_LABELS) as SplitKind[]).map((k) => (
            <option key={k} value={k}>
              {SPLIT_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      {(draft.kind === 'random' || draft.kind === 'stratified' || draft.kind === 'time') && (
        <label className="field">
          <span className="field-label">Validation fraction</span>
          <input
            className="input"
            type="number"
            min={0.01}
            max={0.99}
            step="any"
            data-testid="train-split-fraction"
            value={draft.fraction}
            onChange={(e) => set({ fraction: e.target.valueAsNumber })}
          />
        </label>
      )}
      {draft.kind === 'time' && (
        <label className="field">
          <span className="field-label">Time column</span>
          <select className="input" data-testid="train-split-column" value={draft.column} onChange={(e) => set({ column: e.target.value })}>
            <option value="">choose a column</option>
            {columns.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name} ({c.type})
              </option>
            ))}
          </select>
        </label>
      )}
      {draft.kind === 'snapshot' && (
        <label className="field">
          <span className="field-label">Validation snapshot</span>
          <select className="input" data-testid="train-split-valid" value={draft.valid} onChange={(e) => set({ valid: e.target.value })}>
            <option value="">choose a snapshot</option>
            {snapshots.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}
              </option>
            ))}
          </select>
        </label>
      )}
      {draft.kind === 'kfold' && (
        <label className="field">
          <span className="field-label">Folds</span>
          <input
            className="input"
            type="number"
            min={2}
            max={20}
            step={1}
            data-testid="train-split-folds"
            value={draft.folds}
            onChange={(e) => set({ folds: e.target.valueAsNumber })}
          />
        </label>
      )}
    </fieldset>
  );
}
