import { join } from 'node:path';

/** The shared real datasets (../shared/datasets beside the repository). */
export const DATASETS = join(import.meta.dirname, '..', '..', '..', 'shared', 'datasets');

export function dataset(relative: string): string {
  return join(DATASETS, relative);
}

/**
 * Column names of UCI adult (adult.data, adult.test), which has no header row; the last column is
 * the income class (`<=50K`/`>50K`, with a trailing period in adult.test), named `label`.
 */
export function adultColumns(label = 'income'): string[] {
  return [
    'age',
    'workclass',
    'fnlwgt',
    'education',
    'education_num',
    'marital_status',
    'occupation',
    'relationship',
    'race',
    'sex',
    'capital_gain',
    'capital_loss',
    'hours_per_week',
    'native_country',
    label,
  ];
}
