import { ErrorMessage } from '../components/ErrorMessage';
import { Header } from '../components/Header';
import { JobsPanel } from '../components/JobsPanel';
import { NotConnected } from '../components/NotConnected';
import { SectionView } from '../components/SectionView';
import { ShortcutsHelp } from '../components/ShortcutsHelp';
import { Sidebar } from '../components/Sidebar';
import { StatusBar } from '../components/StatusBar';
import { Welcome } from '../components/Welcome';
import { useLode } from './store-context';

function Workbench() {
  const jobsOpen = useLode((s) => s.jobsPanelOpen);
  const closeError = useLode((s) => (s.workspaceError?.form === 'close' ? s.workspaceError : null));
  const dismiss = useLode((s) => s.dismissWorkspaceError);
  return (
    <div className={jobsOpen ? 'workbench with-jobs' : 'workbench'}>
      <Sidebar />
      <div className="workbench-main">
        {closeError && (
          <div className="banner">
            <ErrorMessage error={closeError} onDismiss={dismiss} />
          </div>
        )}
        <SectionView />
      </div>
      {jobsOpen && <JobsPanel />}
    </div>
  );
}

export function App() {
  const status = useLode((s) => s.connectionStatus);
  const connectionError = useLode((s) => s.connectionError);
  const ready = useLode((s) => s.ready);
  const workspaceOpen = useLode((s) => s.workspace !== null);
  const shortcutsOpen = useLode((s) => s.shortcutsOpen);

  if (status === 'failed' || status === 'disconnected') {
    return <NotConnected lost={status === 'disconnected'} error={connectionError} />;
  }
  if (!ready) {
    return (
      <div className="loading" role="status">
        Connecting to the Lode host…
      </div>
    );
  }
  return (
    <div className="app">
      <Header />
      {workspaceOpen ? <Workbench /> : <Welcome />}
      <StatusBar />
      {shortcutsOpen && <ShortcutsHelp />}
    </div>
  );
}
