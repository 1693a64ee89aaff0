import { useState, type FormEvent } from 'react';
import { useLode } from '../app/store-context';
import { ErrorMessage } from './ErrorMessage';
import { Icon } from './Icon';

export function NewWorkspaceForm() {
  const createWorkspace = useLode((s) => s.createWorkspace);
  const pending = useLode((s) => s.workspacePending);
  const error = useLode((s) => (s.workspaceError?.form === 'create' ? s.workspaceError : null));
  const dismiss = useLode((s) => s.dismissWorkspaceError);
  const [path, setPath] = useState('');
  const [name, setName] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void createWorkspace(path, name);
  };

  return (
    <form className="card workspace-form" onSubmit={submit} aria-labelledby="new-workspace-title">
      <h2 id="new-workspace-title" className="card-title">
        <Icon name="plus" /> New workspace
      </h2>
      <p className="card-text">Creates the folder with its settings, database and layout, then opens it.</p>
      <label className="field">
        <span className="field-label">Folder</span>
        <input
          data-testid="new-workspace-path"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="/home/me/projects/churn"
          spellCheck={false}
          autoComplete="off"
          required
          aria-invalid={error?.field === 'path' || undefined}
        />
      </label>
      <label className="field">
        <span className="field-label">
          Name <span className="field-optional">optional</span>
        </span>
        <input
          data-testid="new-workspace-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Defaults to the folder name"
          autoComplete="off"
          maxLength={120}
        />
      </label>
      {error && <ErrorMessage error={error} onDismiss={dismiss} />}
      <div className="form-actions">
        <button
          type="submit"
          className="button primary"
          data-testid="new-workspace-submit"
          disabled={pending !== null || path.trim() === ''}
        >
          {pending === 'create' ? 'Creating…' : 'Create workspace'}
        </button>
      </div>
    </form>
  );
}

export function OpenWorkspaceForm() {
  const openWorkspace = useLode((s) => s.openWorkspace);
  const pending = useLode((s) => s.workspacePending);
  const error = useLode((s) => (s.workspaceError?.form === 'open' ? s.workspaceError : null));
  const dismiss = useLode((s) => s.dismissWorkspaceError);
  const [path, setPath] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void openWorkspace(path, 'open');
  };

  return (
    <form className="card workspace-form" onSubmit={submit} aria-labelledby="open-workspace-title">
      <h2 id="open-workspace-title" className="card-title">
        <Icon name="folder" /> Open workspace
      </h2>
      <p className="card-text">
        Opens a folder that holds a lode.yaml, for example one made with <code>lode init</code>.
      </p>
      <label className="field">
        <span className="field-label">Folder</span>
        <input
          data-testid="open-workspace-path"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="/home/me/projects/churn"
          spellCheck={false}
          autoComplete="off"
          required
          aria-invalid={error?.field === 'path' || undefined}
        />
      </label>
      {error && <ErrorMessage error={error} onDismiss={dismiss} />}
      <div className="form-actions">
        <button type="submit" className="button" data-testid="open-workspace-submit" disabled={pending !== null || path.trim() === ''}>
          {pending === 'open' ? 'Opening…' : 'Open workspace'}
        </button>
      </div>
    </form>
  );
}
