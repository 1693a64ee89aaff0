import { join } from 'node:path';

/** The shared real datasets (../shared/datasets beside the repository). */
export const DATASETS = join(import.meta.dirname, '..', '..', '..', 'shared', 'datasets');

export function dataset(relative: string): string {
  return join(DATASETS, relative);
}
