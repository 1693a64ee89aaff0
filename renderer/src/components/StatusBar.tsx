import { useLode } from '../app/store-context';
import { modKeyLabel } from '../app/shortcuts';
import { runningCount } from '../store/job-merge';
import { Icon } from './Icon';
import { isMac } from './platform';

const transportLabels = { ipc: 'Electron IPC', websocket: 'WebSocket' } as const;

export function StatusBar() {
  const status = useLode((s) => s.connectionStatus);
  const transport = useLode((s) => s.transport);
  const hostInfo = useLode((s) => s.hostInfo);
  const workspace = useLode((s) => s.workspace);
  const running = useLode((s) => runningCount(s.jobs));
  const panelOpen = useLode((s) => s.jobsPanelOpen);
  const toggleJobsPanel = useLode((s) => s.toggleJobsPanel);
  const connected = status === 'connected';

  return (
    <footer className="status-bar" aria-label="Status">
      <span className="status-item" data-testid="status-connection" title={connected ? 'Connected to the Lode host' : 'Not connected'}>
        <span className={`status-dot ${connected ? 'ok' : 'off'}`} aria-hidden="true" />
        {connected ? 'Connected' : 'Disconnected'}
        {transport && ` · ${transportLabels[transport]}`}
      </span>
      {hostInfo && (
        <span className="status-item" data-testid="status-version" title={hostInfo.commit ? `Commit ${hostInfo.commit}` : undefined}>
          Lode {hostInfo.version}
          {hostInfo.commit && ` (${hostInfo.commit.slice(0, 7)})`}
        </span>
      )}
      {workspace && (
        <span className="status-item status-path" data-testid="status-path" title={workspace.path}>
          {workspace.path}
        </span>
      )}
      {workspace && (
        <button
          type="button"
          className="status-button"
          data-testid="jobs-toggle"
          aria-pressed={panelOpen}
          aria-controls={panelOpen ? 'jobs-panel' : undefined}
          onClick={() => toggleJobsPanel()}
          title={`Show or hide jobs (${modKeyLabel(isMac)}+J)`}
        >
          <Icon name="jobs" size={12} />
          {running > 0 ? <span data-testid="running-count">{running} running</span> : 'Jobs'}
        </button>
      )}
    </footer>
  );
}
