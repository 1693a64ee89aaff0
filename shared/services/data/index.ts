import { defineService } from '../../contract/define';
import { importMethods } from './imports';
import { profileMethods } from './profile';
import { queryMethods } from './query';
import { snapshotMethods } from './snapshots';
import { tableMethods } from './tables';

/** The data service: import, layered tables, browsing, the SQL console, profiling and snapshots. */
export const dataService = defineService(
  'data',
  { ...tableMethods, ...importMethods, ...queryMethods, ...profileMethods, ...snapshotMethods },
  {},
);
