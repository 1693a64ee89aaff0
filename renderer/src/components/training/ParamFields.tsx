import { GBDT_FORM_PARAMS } from './params';

interface Props {
  readonly values: Readonly<Record<string, string>>;
  readonly onChange: (name: string, value: string) => void;
}

/** The curated GBDT parameters, each with its default and a line of help. */
export function ParamFields({ values, onChange }: Props) {
  return (
    <fieldset className="training-fieldset" data-testid="train-params">
      <legend>GBDT parameters</legend>
      <div className="training-params">
        {GBDT_FORM_PARAMS.map((p) => (
          <label key={p.name} className="field training-param" title={p.help}>
            <span className="field-label">{p.name}</span>
            <input
              className="input"
              type="number"
              step={p.step}
              data-testid={`train-param-${p.name}`}
              value={values[p.name] ?? ''}
              placeholder={String(p.value)}
              onChange={(e) => onChange(p.name, e.target.value)}
            />
            <span className="training-help">
              {p.help} Default {p.value}.
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
