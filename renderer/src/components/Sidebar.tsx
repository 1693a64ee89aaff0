import { useLode } from '../app/store-context';
import { modKeyLabel } from '../app/shortcuts';
import { sections } from '../store/sections';
import { Icon } from './Icon';
import { isMac } from './platform';

export function Sidebar() {
  const current = useLode((s) => s.section);
  const selectSection = useLode((s) => s.selectSection);
  const mod = modKeyLabel(isMac);

  return (
    <nav className="sidebar" aria-label="Sections">
      <ul>
        {sections.map((section, i) => (
          <li key={section.id}>
            <button
              type="button"
              className="nav-item"
              data-testid={`nav-${section.id}`}
              aria-current={current === section.id ? 'page' : undefined}
              onClick={() => selectSection(section.id)}
              title={`${section.label} (${mod}+${i + 1})`}
            >
              <Icon name={section.id} />
              <span className="nav-label">{section.label}</span>
              <kbd className="nav-shortcut" aria-hidden="true">
                {mod === '⌘' ? `⌘${i + 1}` : `${mod}+${i + 1}`}
              </kbd>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
