import type { ServiceImpl } from '../../shared/contract/define';
import type { dataService } from '../../shared/services/data';

/** The data service's implementation type; each file of main/data/ implements a slice of it. */
export type DataImpl = ServiceImpl<typeof dataService>;
export type DataPart<M> = Pick<DataImpl, keyof M & keyof DataImpl>;
