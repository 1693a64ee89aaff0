import { useEffect, useRef } from 'react';
import { useLode } from '../app/store-context';
import { shortcutHelp } from '../app/shortcuts';
import { Icon } from './Icon';
import { isMac } from './platform';

export function ShortcutsHelp() {
  const toggleShortcuts = useLode((s) => s.toggleShortcuts);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);

  return (
    <div className="overlay" onClick={() => toggleShortcuts(false)}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        data-testid="shortcuts-help"
        onClick={(e) => e.stopPropagation()}
      >
        <header className="panel-header">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <div className="panel-actions">
            <button ref={closeRef} type="button" className="icon-button" onClick={() => toggleShortcuts(false)} aria-label="Close">
              <Icon name="close" size={14} />
            </button>
          </div>
        </header>
        <dl className="shortcut-list">
          {shortcutHelp(isMac).map((entry) => (
            <div key={entry.keys} className="shortcut">
              <dt>
                <kbd>{entry.keys}</kbd>
              </dt>
              <dd>{entry.does}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
