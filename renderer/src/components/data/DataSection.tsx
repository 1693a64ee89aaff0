import { lazy, Suspense } from 'react';
import { useLode } from '../../app/store-context';
import { sectionInfo } from '../../store/sections';
import { tableTabs, type DataTab } from '../../store/tables-slice';
import { Icon } from '../Icon';
import { BrowseTab } from './BrowseTab';
import { ImportDialog } from './ImportDialog';
import { ImportNotice } from './ImportNotice';
import { ProfileTab } from './ProfileTab';
import { QualityTab } from './QualityTab';
import { SnapshotsTab } from './SnapshotsTab';
import { TableDetails } from './TableDetails';
import { TableList } from './TableList';

// Monaco is large: it loads with the console tab, not with the app.
const SqlConsole = lazy(() => import('./SqlConsole').then((m) => ({ default: m.SqlConsole })));

const tabLabels: Record<DataTab, string> = {
  browse: 'Browse',
  profile: 'Profile',
  quality: 'Quality',
  sql: 'SQL console',
  snapshots: 'Snapshots',
};

function EmptyData() {
  const info = sectionInfo('data');
  const openImport = useLode((s) => s.openImport);
  return (
    <div className="empty-state" data-testid="empty-state">
      <div className="empty-icon">
        <Icon name="data" size={28} />
      </div>
      <h2>{info.emptyTitle}</h2>
      <p>{info.purpose}</p>
      <button type="button" className="button primary" onClick={openImport}>
        <Icon name="upload" size={14} /> Import a file
      </button>
      <p className="empty-command">
        From a terminal: <code>{info.command}</code>
      </p>
    </div>
  );
}

function TabPanel({ tab }: { tab: DataTab }) {
  const hasTables = useLode((s) => s.tables.length > 0);
  const selected = useLode((s) => s.selectedTable);
  if (tableTabs.includes(tab) && !selected) {
    return hasTables ? <p className="data-hint">Select a table on the left to browse, profile or check it.</p> : <EmptyData />;
  }
  switch (tab) {
    case 'browse':
      return <BrowseTab key={selected} />;
    case 'profile':
      return <ProfileTab key={selected} />;
    case 'quality':
      return <QualityTab key={selected} />;
    case 'sql':
      return (
        <Suspense fallback={<p className="data-hint">Loading the SQL editor…</p>}>
          <SqlConsole />
        </Suspense>
      );
    case 'snapshots':
      return <SnapshotsTab />;
  }
}

/** The Data section: tables by layer on the left, the selected table's tabs and the section's tools on the right. */
export function DataSection() {
  const tab = useLode((s) => s.dataTab);
  const setTab = useLode((s) => s.setDataTab);
  const openImport = useLode((s) => s.openImport);
  const importOpen = useLode((s) => s.importOpen);
  const selected = useLode((s) => s.selectedTable);

  return (
    <main className="section data-section" data-testid="section-data" aria-labelledby="section-title">
      <header className="data-header">
        <h1 id="section-title">Data</h1>
        <div className="data-header-actions">
          <button type="button" className="button primary small" data-testid="import-open" onClick={openImport}>
            <Icon name="upload" size={13} /> Import file…
          </button>
        </div>
      </header>
      <ImportNotice />
      <div className="data-body">
        <TableList />
        <div className="data-main">
          <div className="data-tabs" role="tablist" aria-label="Data views">
            {(Object.keys(tabLabels) as DataTab[]).map((id) => (
              <button
                key={id}
                type="button"
                role="tab"
                id={`data-tab-${id}`}
                className="data-tab"
                data-testid={`data-tab-${id}`}
                aria-selected={tab === id}
                aria-controls="data-panel"
                onClick={() => setTab(id)}
              >
                {tabLabels[id]}
                {tableTabs.includes(id) && id === 'browse' && selected && <span className="data-tab-table">{selected}</span>}
              </button>
            ))}
          </div>
          {tableTabs.includes(tab) && selected && <TableDetails />}
          <div className="data-panel" id="data-panel" role="tabpanel" aria-labelledby={`data-tab-${tab}`} data-testid={`data-panel-${tab}`}>
            <TabPanel tab={tab} />
          </div>
        </div>
      </div>
      {importOpen && <ImportDialog />}
    </main>
  );
}
