import { useEffect, useState } from 'react';
import { useLode } from '../../app/store-context';
import { Icon } from '../Icon';
import { ParamFields } from './ParamFields';
import { type TrainingAlgorithm, trainingAlgorithms } from '../../../../shared/services/training';
import { ALGORITHM_LABELS, changedParams } from './params';
import { SplitFields, splitFromDraft, type SplitDraft } from './SplitFields';
import { LabelFields, SnapshotSelect } from './DataFields';

/** Snapshot, label, features, parameters and split of a new run; Train starts it as a job. */
export function TrainForm() {
  const snapshots = useLode((s) => s.snapshots);
  const schema = useLode((s) => s.trainingSchema);
  const schemaFor = useLode((s) => s.trainingSchemaFor);
  const loadSchema = useLode((s) => s.loadTrainingSchema);
  const startTraining = useLode((s) => s.startTraining);
  const busy = useLode((s) => s.trainingJobId !== null);
  const [picked, setSnapshot] = useState('');
  const [label, setLabel] = useState('');
  const [positive, setPositive] = useState('');
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [algo, setAlgo] = useState<TrainingAlgorithm>('gbdt');
  const [params, setParams] = useState<Record<string, string>>({});
  const [split, setSplit] = useState<SplitDraft>({ kind: 'stratified', fraction: 0.2, column: '', valid: '', folds: 5 });
  const snapshot = picked || snapshots[0]?.id || '';

  useEffect(() => {
    if (snapshot && snapshot !== schemaFor) void loadSchema(snapshot);
  }, [snapshot, schemaFor, loadSchema]);

  const columns = schemaFor === snapshot ? schema : [];
  const chosenLabel = columns.some((c) => c.name === label) ? label : (columns.at(-1)?.name ?? '');
  const features = columns.filter((c) => c.name !== chosenLabel);
  const used = features.filter((c) => !excluded.has(c.name)).length;

  const toggle = (name: string) => {
    const next = new Set(excluded);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    setExcluded(next);
  };

  const submit = () => {
    void startTraining({
      data: snapshot,
      label: chosenLabel,
      algo,
      params: changedParams(algo, params),
      split: splitFromDraft(split),
      exclude: features.filter((c) => excluded.has(c.name)).map((c) => c.name),
      seed: 0,
      ...(positive.trim() ? { positive: positive.trim() } : {}),
    });
  };

  return (
    <form
      className="training-form"
      // The contract validates the run and says what is wrong; the browser's step checks would only block odd but valid values.
      noValidate
      data-testid="train-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <SnapshotSelect
        testId="train"
        snapshots={snapshots}
        value={snapshot}
        onChange={(id) => {
          setSnapshot(id);
          setExcluded(new Set());
        }}
      />
      <div className="training-row">
        <LabelFields testId="train" columns={columns} label={chosenLabel} onLabel={setLabel} positive={positive} onPositive={setPositive} />
        <label className="field">
          <span className="field-label">Algorithm</span>
          <select
            className="input"
            data-testid="train-algo"
            value={algo}
            onChange={(e) => {
              setAlgo(e.target.value as TrainingAlgorithm);
              // Parameters differ per algorithm (learning_rate of trees is not Adam's step size).
              setParams({});
            }}
          >
            {trainingAlgorithms.map((a) => (
              <option key={a} value={a}>
                {ALGORITHM_LABELS[a]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="training-fieldset" data-testid="train-features">
        <legend>
          Features ({used} of {features.length})
        </legend>
        {features.length === 0 ? (
          <p className="data-hint">Choose a snapshot to list its columns.</p>
        ) : (
          <div className="training-features">
            {features.map((c) => (
              <label key={c.name} className="checkbox" title={c.type}>
                <input
                  type="checkbox"
                  data-testid={`train-feature-${c.name}`}
                  checked={!excluded.has(c.name)}
                  onChange={() => toggle(c.name)}
                />
                {c.name}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <ParamFields algo={algo} values={params} onChange={(name, value) => setParams({ ...params, [name]: value })} />
      <SplitFields draft={split} onChange={setSplit} columns={columns} snapshots={snapshots} />
      <div className="toolbar">
        <button
          type="submit"
          className="button primary"
          data-testid="train-start"
          disabled={busy || !snapshot || !chosenLabel || used === 0}
        >
          <Icon name="training" size={12} /> Train
        </button>
      </div>
    </form>
  );
}
