import type { ServiceImpl } from '../../../shared/contract/define';
import { LodeError } from '../../../shared/errors';
import type { searchService as spec } from '../../../shared/services/tracking';
import type { Host } from '../../host/host';

const notYet = (): never => {
  throw new LodeError('internal', 'hyperparameter search is not implemented yet.');
};

/** The search driver: trials as runs in parallel worker processes, grid/random/TPE, median pruning. */
export function searchServiceImpl(_host: Host): ServiceImpl<typeof spec> {
  return { start: notYet, resume: notYet, get: notYet, list: notYet, checkSpace: notYet };
}
