import type { LodeErrorData } from '../../../shared/errors';
import { WithCode } from './ErrorMessage';

/** Full-page message when there is no host to talk to; nothing else in the app can work then. */
export function NotConnected({ lost, error }: { lost: boolean; error: LodeErrorData | null }) {
  return (
    <main className="not-connected" role="alert" data-testid="not-connected">
      <div className="card not-connected-card">
        <h1>{lost ? 'The connection to the Lode host was lost' : 'Not connected to the Lode host'}</h1>
        <p>
          {lost ? (
            <WithCode text="The `lode web` process may have stopped. Start it again and open the URL it prints (it carries the access token)." />
          ) : (
            <WithCode text="Not connected to the Lode host: open the URL that `lode web` printed (it carries the access token)." />
          )}
        </p>
        {error && (
          <p className="muted">
            <WithCode text={`Details: ${error.message}`} />
          </p>
        )}
      </div>
    </main>
  );
}
