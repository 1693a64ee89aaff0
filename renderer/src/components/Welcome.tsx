import { RecentList } from './RecentList';
import { NewWorkspaceForm, OpenWorkspaceForm } from './WorkspaceForms';

/** What the analyst sees with no workspace open: create one, open one, or pick a recent one. */
export function Welcome() {
  return (
    <main className="welcome" data-testid="welcome">
      <div className="welcome-inner">
        <header className="welcome-header">
          <h1>Welcome to Lode</h1>
          <p>
            A workspace is a folder that holds your data tables, snapshots, feature templates, runs and models. Everything stays on this
            machine.
          </p>
        </header>
        <div className="welcome-forms">
          <NewWorkspaceForm />
          <OpenWorkspaceForm />
        </div>
        <RecentList />
      </div>
    </main>
  );
}
