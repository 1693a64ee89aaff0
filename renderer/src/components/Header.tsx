import { useLode } from '../app/store-context';
import { Icon } from './Icon';

function Brand() {
  return (
    <div className="brand">
      <svg className="brand-mark" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
        <rect width="20" height="20" rx="5" fill="var(--accent)" />
        <path d="M6.5 5v10h7" fill="none" stroke="var(--accent-contrast)" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span className="brand-name">Lode</span>
    </div>
  );
}

export function ThemeToggle() {
  const theme = useLode((s) => s.theme);
  const toggleTheme = useLode((s) => s.toggleTheme);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="icon-button"
      data-testid="theme-toggle"
      onClick={toggleTheme}
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
    >
      <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
    </button>
  );
}

export function Header() {
  const workspace = useLode((s) => s.workspace);
  const closeWorkspace = useLode((s) => s.closeWorkspace);
  const pending = useLode((s) => s.workspacePending);
  const toggleShortcuts = useLode((s) => s.toggleShortcuts);

  return (
    <header className="app-header">
      <Brand />
      {workspace && (
        <>
          <span className="header-separator" aria-hidden="true">
            /
          </span>
          <span className="workspace-name" data-testid="workspace-name" title={workspace.path}>
            {workspace.name}
          </span>
        </>
      )}
      <div className="header-actions">
        <button
          type="button"
          className="icon-button"
          data-testid="shortcuts-toggle"
          onClick={() => toggleShortcuts()}
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
        >
          <Icon name="keyboard" />
        </button>
        <ThemeToggle />
        {workspace && (
          <button
            type="button"
            className="button subtle"
            data-testid="close-workspace"
            onClick={() => void closeWorkspace()}
            disabled={pending !== null}
            title={`Close ${workspace.name} and release its lock`}
          >
            Close workspace
          </button>
        )}
      </div>
    </header>
  );
}
