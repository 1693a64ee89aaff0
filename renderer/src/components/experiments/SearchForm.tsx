import { lazy, Suspense, useEffect, useState } from 'react';
import { searchStrategies, type SearchInput } from '../../../../shared/services/tracking';
import { trainingAlgorithms, type TrainingAlgorithm } from '../../../../shared/services/training';
import { useLode } from '../../app/store-context';
import { ErrorMessage } from '../ErrorMessage';
import { Icon } from '../Icon';
import { ALGORITHM_LABELS } from '../training/params';
import { SplitFields, splitFromDraft, type SplitDraft } from '../training/SplitFields';
import { LabelFields, SnapshotSelect } from '../training/DataFields';
import type { SpaceCheck } from '../../store/search-slice';
import { defaultSpace, isDefaultSpace } from './search-defaults';

// Monaco is large; it loads when the form first opens, as in the Features section.
const SearchSpaceEditor = lazy(() => import('./SearchSpaceEditor').then((m) => ({ default: m.SearchSpaceEditor })));

/** How long typing must pause before the space is checked by the host. */
const CHECK_DELAY_MS = 300;

type Strategy = SearchInput['strategy'];

const STRATEGY_LABELS: Record<Strategy, string> = {
  tpe: 'TPE (learns from finished trials)',
  random: 'Random',
  grid: 'Grid (every combination)',
};

/** A number typed in a field, or undefined when empty or not a number (the host then says what is wrong). */
const numberOf = (text: string): number | undefined => (text.trim() === '' || !Number.isFinite(Number(text)) ? undefined : Number(text));

/** Snapshot, label, algorithm, strategy, budget and the search space; Start runs the search as a job. */
export function SearchForm() {
  const snapshots = useLode((s) => s.snapshots);
  const loadSnapshots = useLode((s) => s.loadSnapshots);
  const schema = useLode((s) => s.trainingSchema);
  const schemaFor = useLode((s) => s.trainingSchemaFor);
  const loadSchema = useLode((s) => s.loadTrainingSchema);
  const check = useLode((s) => s.searchSpaceCheck);
  const checkSpace = useLode((s) => s.checkSearchSpace);
  const startSearch = useLode((s) => s.startSearch);
  const starting = useLode((s) => s.searchStarting);
  const error = useLode((s) => s.searchError);
  const close = useLode((s) => s.setSearchFormOpen);
  const [picked, setSnapshot] = useState('');
  const [label, setLabel] = useState('');
  const [positive, setPositive] = useState('');
  const [algo, setAlgo] = useState<TrainingAlgorithm>('gbdt');
  const [strategy, setStrategy] = useState<Strategy>('tpe');
  const [trials, setTrials] = useState('20');
  const [parallel, setParallel] = useState('1');
  const [minutes, setMinutes] = useState('');
  const [pruning, setPruning] = useState(true);
  const [seed, setSeed] = useState('0');
  const [experiment, setExperiment] = useState('');
  const [space, setSpace] = useState(() => defaultSpace('gbdt', 'tpe'));
  const [split, setSplit] = useState<SplitDraft>({ kind: 'stratified', fraction: 0.2, column: '', valid: '', folds: 5 });
  const snapshot = picked || snapshots[0]?.id || '';

  useEffect(() => {
    void loadSnapshots();
  }, [loadSnapshots]);
  useEffect(() => {
    if (snapshot && snapshot !== schemaFor) void loadSchema(snapshot);
  }, [snapshot, schemaFor, loadSchema]);
  useEffect(() => {
    const timer = setTimeout(() => void checkSpace(space, algo), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [space, algo, checkSpace]);

  const columns = schemaFor === snapshot ? schema : [];
  const chosenLabel = columns.some((c) => c.name === label) ? label : (columns.at(-1)?.name ?? '');
  const current = check && check.space === space && check.algo === algo ? check : null;
  const problems = current?.problems ?? [];
  const gridless = strategy === 'grid' && current !== null && problems.length === 0 && current.gridSize === null;

  // An untouched starting space follows the algorithm and strategy; an edited one is the analyst's.
  const choose = (nextAlgo: TrainingAlgorithm, nextStrategy: Strategy) => {
    if (isDefaultSpace(space)) setSpace(defaultSpace(nextAlgo, nextStrategy));
    setAlgo(nextAlgo);
    setStrategy(nextStrategy);
  };

  const submit = () => {
    const budget = numberOf(minutes);
    void startSearch({
      data: snapshot,
      label: chosenLabel,
      algo,
      space,
      strategy,
      trials: numberOf(trials) ?? 20,
      parallel: numberOf(parallel) ?? 1,
      pruning,
      exclude: [],
      // Every trial is judged on the same validation rows (docs/search.md).
      split: splitFromDraft(split),
      seed: numberOf(seed) ?? 0,
      ...(budget !== undefined ? { budgetMinutes: budget } : {}),
      ...(positive.trim() ? { positive: positive.trim() } : {}),
      ...(experiment.trim() ? { experiment: experiment.trim() } : {}),
    });
  };

  return (
    <form
      className="search-form"
      noValidate
      data-testid="search-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h2>New search</h2>
      {error && <ErrorMessage error={error} />}
      <div className="search-form-row">
        <SnapshotSelect testId="search" snapshots={snapshots} value={snapshot} onChange={setSnapshot} />
        <LabelFields
          testId="search"
          columns={columns}
          label={chosenLabel}
          onLabel={setLabel}
          positive={positive}
          onPositive={setPositive}
        />
      </div>
      <div className="search-form-row">
        <label className="field">
          <span className="field-label">Algorithm</span>
          <select
            className="input"
            data-testid="search-algo"
            value={algo}
            onChange={(e) => choose(e.target.value as TrainingAlgorithm, strategy)}
          >
            {trainingAlgorithms.map((a) => (
              <option key={a} value={a}>
                {ALGORITHM_LABELS[a]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Strategy</span>
          <select
            className="input"
            data-testid="search-strategy"
            value={strategy}
            onChange={(e) => choose(algo, e.target.value as Strategy)}
          >
            {searchStrategies.map((s) => (
              <option key={s} value={s}>
                {STRATEGY_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Experiment (optional)</span>
          <input className="input" data-testid="search-experiment" value={experiment} onChange={(e) => setExperiment(e.target.value)} />
        </label>
      </div>
      <div className="search-form-row">
        <NumberField label="Trials" testId="search-trials" value={trials} onChange={setTrials} />
        <NumberField label="In parallel" testId="search-parallel-trials" value={parallel} onChange={setParallel} />
        <NumberField label="Minutes (optional)" testId="search-minutes" value={minutes} onChange={setMinutes} placeholder="no limit" />
        <NumberField label="Seed" testId="search-seed" value={seed} onChange={setSeed} />
        <label className="checkbox search-pruning" title="Stop trials worse than the median of earlier ones at the same iteration">
          <input type="checkbox" data-testid="search-pruning" checked={pruning} onChange={(e) => setPruning(e.target.checked)} />
          Median pruning
        </label>
      </div>
      <SplitFields draft={split} onChange={setSplit} columns={columns} snapshots={snapshots} />
      <div className="search-space">
        <span className="field-label">Search space (YAML)</span>
        <Suspense fallback={<p className="muted">Loading the editor…</p>}>
          <SearchSpaceEditor value={space} onChange={setSpace} />
        </Suspense>
        <SpaceStatus check={current} strategy={strategy} />
      </div>
      <div className="toolbar">
        <button
          type="submit"
          className="button primary"
          data-testid="search-start"
          disabled={starting || !snapshot || !chosenLabel || current === null || problems.length > 0 || gridless}
        >
          <Icon name="play" size={12} /> Start search
        </button>
        <button type="button" className="button subtle" data-testid="search-form-close" onClick={() => close(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function NumberField(props: { label: string; testId: string; value: string; onChange: (v: string) => void; placeholder?: string }) {
  return (
    <label className="field search-number">
      <span className="field-label">{props.label}</span>
      <input
        className="input"
        inputMode="numeric"
        data-testid={props.testId}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

/** Under the editor: the problems with where they are, or what the space searches. */
function SpaceStatus({ check, strategy }: { check: SpaceCheck | null; strategy: Strategy }) {
  if (!check) return <p className="muted search-space-status">Checking the space…</p>;
  if (check.problems.length > 0) {
    return (
      <ul className="search-space-problems" data-testid="search-space-problems" role="alert" data-count={check.problems.length}>
        {check.problems.map((p, i) => (
          <li key={i} data-line={p.line} data-column={p.column}>
            <span className="mono">
              {p.line}:{p.column}
            </span>{' '}
            {p.message}
            {p.hint ? ` · ${p.hint}` : ''}
          </li>
        ))}
      </ul>
    );
  }
  const names = check.parameters.map((p) => p.name).join(', ');
  return (
    <p className="muted search-space-status" data-testid="search-space-ok" data-grid-size={check.gridSize ?? ''}>
      {check.parameters.length} parameters ({names})
      {strategy === 'grid' &&
        (check.gridSize === null
          ? ' · not a finite grid: give each range a step or list its values'
          : ` · grid of ${check.gridSize.toLocaleString('en-US')} points`)}
    </p>
  );
}
