import { LodeError } from '../../shared/errors';
import type { importMethods } from '../../shared/services/data/imports';
import type { Host } from '../host/host';
import type { DataPart } from './parts';

const notYet = async (): Promise<never> => {
  throw new LodeError('internal', 'not implemented yet');
};

export function importPart(_host: Host): DataPart<typeof importMethods> {
  return {
    previewImport: notYet,
    importFile: notYet,
  };
}
