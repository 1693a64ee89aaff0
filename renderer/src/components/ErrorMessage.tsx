import type { LodeErrorData } from '../../../shared/errors';
import { Icon } from './Icon';

/** Renders `code` spans written with backticks, as hints quote commands that way. */
export function WithCode({ text }: { text: string }) {
  const parts = text.split('`');
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

/** A host error as the analyst should see it: what failed, then what to do. */
export function ErrorMessage({ error, onDismiss }: { error: LodeErrorData; onDismiss?: () => void }) {
  return (
    <div className="error-message" role="alert" data-testid="error-message" data-code={error.code}>
      <Icon name="alert" />
      <div className="error-body">
        <p className="error-text">
          <WithCode text={capitalize(error.message)} />
        </p>
        {error.hint && (
          <p className="error-hint">
            <WithCode text={error.hint} />
          </p>
        )}
      </div>
      {onDismiss && (
        <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss" title="Dismiss">
          <Icon name="close" size={14} />
        </button>
      )}
    </div>
  );
}

function capitalize(text: string): string {
  return text.length > 0 && !text.startsWith('/') ? text[0]!.toUpperCase() + text.slice(1) : text;
}
