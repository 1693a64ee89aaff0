import { LodeError } from '../../shared/errors';
import type { queryMethods } from '../../shared/services/data/query';
import type { Host } from '../host/host';
import type { DataPart } from './parts';

const notYet = async (): Promise<never> => {
  throw new LodeError('internal', 'not implemented yet');
};

export function queryPart(_host: Host): DataPart<typeof queryMethods> {
  return {
    browse: notYet,
    runSql: notYet,
    cancelSql: notYet,
    sqlHistory: notYet,
  };
}
