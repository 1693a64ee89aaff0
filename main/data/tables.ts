import { LodeError } from '../../shared/errors';
import type { tableMethods } from '../../shared/services/data/tables';
import type { Host } from '../host/host';
import type { DataPart } from './parts';

const notYet = async (): Promise<never> => {
  throw new LodeError('internal', 'not implemented yet');
};

export function tablePart(_host: Host): DataPart<typeof tableMethods> {
  return {
    listTables: notYet,
    describeTable: notYet,
    dropTable: notYet,
    saveQuery: notYet,
  };
}
