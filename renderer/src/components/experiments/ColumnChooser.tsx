import { useEffect, useRef, useState } from 'react';
import { useLode } from '../../app/store-context';
import type { RunColumn } from './run-columns';

const kindTitles: Record<RunColumn['kind'], string> = { run: 'Run', metric: 'Metrics', param: 'Parameters' };

/** Which run fields, metrics and parameters the table shows; a search box for long parameter lists. */
export function ColumnChooser({ available, shown }: { available: readonly RunColumn[]; shown: readonly RunColumn[] }) {
  const setColumns = useLode((s) => s.setRunsColumns);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const root = useRef<HTMLDivElement>(null);
  // Closes like a menu: a click elsewhere or Escape.
  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  const visible = new Set(shown.map((c) => c.key));
  const q = query.trim().toLowerCase();
  const matching = available.filter((c) => q === '' || c.label.toLowerCase().includes(q) || c.name.toLowerCase().includes(q));
  const toggle = (key: string) => {
    const next = new Set(visible);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setColumns(available.filter((c) => next.has(c.key)).map((c) => c.key));
  };

  return (
    <div className="runs-columns" ref={root}>
      <button
        type="button"
        className="button small"
        data-testid="runs-columns"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        title="Choose the columns"
      >
        Columns ({shown.length}/{available.length})
      </button>
      {open && (
        <div className="runs-columns-popover" role="dialog" aria-label="Columns" data-testid="runs-columns-popover">
          <div className="runs-columns-tools">
            <input
              className="input small"
              placeholder="Find a column"
              aria-label="Find a column"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
            <button type="button" className="button subtle small" onClick={() => setColumns(available.map((c) => c.key))}>
              All
            </button>
            <button type="button" className="button subtle small" onClick={() => setColumns(['run:id'])}>
              None
            </button>
            <button type="button" className="button subtle small" data-testid="runs-columns-reset" onClick={() => setColumns(null)}>
              Default
            </button>
          </div>
          <div className="runs-columns-list">
            {(['run', 'metric', 'param'] as const).map((kind) => {
              const list = matching.filter((c) => c.kind === kind);
              if (list.length === 0) return null;
              return (
                <fieldset key={kind}>
                  <legend>{kindTitles[kind]}</legend>
                  {list.map((c) => (
                    <label key={c.key} className="runs-columns-item">
                      <input
                        type="checkbox"
                        data-testid={`runs-column-${c.key}`}
                        checked={visible.has(c.key)}
                        onChange={() => toggle(c.key)}
                      />
                      {c.label}
                    </label>
                  ))}
                </fieldset>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
