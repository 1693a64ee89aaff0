import { useLode } from '../app/store-context';
import { sectionInfo } from '../store/sections';
import { DataSection } from './data/DataSection';
import { ExperimentsSection } from './experiments/ExperimentsSection';
import { FeaturesSection } from './features/FeaturesSection';
import { Icon } from './Icon';
import { TrainingSection } from './training/TrainingSection';

/** The open section; those not built yet show what they will hold and how to reach it from the CLI. */
export function SectionView() {
  const section = sectionInfo(useLode((s) => s.section));
  if (section.id === 'data') return <DataSection />;
  if (section.id === 'features') return <FeaturesSection />;
  if (section.id === 'training') return <TrainingSection />;
  if (section.id === 'experiments') return <ExperimentsSection />;
  return (
    <main className="section" data-testid={`section-${section.id}`} aria-labelledby="section-title">
      <header className="section-header">
        <h1 id="section-title">{section.label}</h1>
      </header>
      <div className="empty-state" data-testid="empty-state">
        <div className="empty-icon">
          <Icon name={section.id} size={28} />
        </div>
        <h2>{section.emptyTitle}</h2>
        <p>{section.purpose}</p>
        <p className="empty-command">
          From a terminal: <code>{section.command}</code>
        </p>
      </div>
    </main>
  );
}
