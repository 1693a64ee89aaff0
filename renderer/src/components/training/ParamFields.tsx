import type { TrainingAlgorithm } from '../../../../shared/services/training';
import { ALGORITHM_LABELS, FORM_PARAMS } from './params';

interface Props {
  readonly algo: TrainingAlgorithm;
  readonly values: Readonly<Record<string, string>>;
  readonly onChange: (name: string, value: string) => void;
}

/** The curated parameters of an algorithm, each with its default and a line of help. */
export function ParamFields({ algo, values, onChange }: Props) {
  return (
    <fieldset className="training-fieldset" data-testid="train-params" data-algo={algo}>
      <legend>{ALGORITHM_LABELS[algo]}: parameters</legend>
      <div className="training-params">
        {FORM_PARAMS[algo].map((p) => (
          <label key={p.name} className="field training-param" title={p.help}>
            <span className="field-label">{p.name}</span>
            {p.options ? (
              <select
                className="input"
                data-testid={`train-param-${p.name}`}
                value={values[p.name] ?? String(p.value)}
                onChange={(e) => onChange(p.name, e.target.value)}
              >
                {p.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                className="input"
                type={typeof p.value === 'number' ? 'number' : 'text'}
                step={p.step}
                data-testid={`train-param-${p.name}`}
                value={values[p.name] ?? ''}
                placeholder={String(p.value)}
                onChange={(e) => onChange(p.name, e.target.value)}
              />
            )}
            <span className="training-help">
              {p.help} Default {p.value}.
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
