import type { ServiceImpl } from '../../shared/contract/define';
import { LodeError } from '../../shared/errors';
import type { trackingService as spec } from '../../shared/services/tracking';
import type { Host } from '../host/host';

const notYet = (): never => {
  throw new LodeError('internal', 'run tracking is not implemented yet.');
};

/** Run tracking: the runs index, lineage, annotations, compare and re-run. */
export function trackingServiceImpl(_host: Host): ServiceImpl<typeof spec> {
  return {
    listRuns: notYet,
    getRun: notYet,
    updateRun: notYet,
    deleteRuns: notYet,
    compare: notYet,
    rerun: notYet,
    listExperiments: notYet,
    createExperiment: notYet,
  };
}
