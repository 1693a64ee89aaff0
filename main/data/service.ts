import type { dataService as spec } from '../../shared/services/data';
import type { ServiceImpl } from '../../shared/contract/define';
import type { Host } from '../host/host';
import { importPart } from './imports';
import { profilePart } from './profile';
import { queryPart } from './query';
import { snapshotPart } from './snapshots';
import { tablePart } from './tables';

export function dataService(host: Host): ServiceImpl<typeof spec> {
  return { ...tablePart(host), ...importPart(host), ...queryPart(host), ...profilePart(host), ...snapshotPart(host) };
}
