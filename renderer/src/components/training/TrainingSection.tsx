import { useEffect } from 'react';
import { useLode } from '../../app/store-context';
import { sectionInfo } from '../../store/sections';
import { ErrorMessage } from '../ErrorMessage';
import { LiveRun } from './LiveRun';
import { RunResult } from './RunResult';
import { RunsList } from './RunsList';
import { TrainForm } from './TrainForm';
import './training.css';

/** The Training section: the new-run form on the left; the live run, its result and past runs on the right. */
export function TrainingSection() {
  const loadSnapshots = useLode((s) => s.loadSnapshots);
  const loadRuns = useLode((s) => s.loadTrainingRuns);
  const error = useLode((s) => s.trainingError);

  useEffect(() => {
    void loadSnapshots();
    void loadRuns();
  }, [loadSnapshots, loadRuns]);

  return (
    <main className="section training-section" data-testid="section-training" aria-labelledby="section-title">
      <header className="data-header">
        <h1 id="section-title">Training</h1>
        <p className="data-hint">{sectionInfo('training').purpose}</p>
      </header>
      {error && <ErrorMessage error={error} />}
      <div className="training-body">
        <TrainForm />
        <div className="training-side">
          <LiveRun />
          <RunResult />
          <RunsList />
        </div>
      </div>
    </main>
  );
}
