import { LodeError } from '../../shared/errors';
import type { profileMethods } from '../../shared/services/data/profile';
import type { Host } from '../host/host';
import type { DataPart } from './parts';

const notYet = async (): Promise<never> => {
  throw new LodeError('internal', 'not implemented yet');
};

export function profilePart(_host: Host): DataPart<typeof profileMethods> {
  return {
    profileTable: notYet,
    setQualityRules: notYet,
    getQualityRules: notYet,
    checkQuality: notYet,
  };
}
