import { LodeError } from '../../shared/errors';
import type { snapshotMethods } from '../../shared/services/data/snapshots';
import type { Host } from '../host/host';
import type { DataPart } from './parts';

const notYet = async (): Promise<never> => {
  throw new LodeError('internal', 'not implemented yet');
};

export function snapshotPart(_host: Host): DataPart<typeof snapshotMethods> {
  return {
    createSnapshot: notYet,
    listSnapshots: notYet,
    showSnapshot: notYet,
    diffSnapshots: notYet,
    removeSnapshot: notYet,
  };
}
