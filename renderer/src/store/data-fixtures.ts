import type { ImportPreview } from '../../../shared/services/data/imports';
import type { FakeHost } from './fake-host';
import { connectedStore } from './test-store';

export const bankColumns = [
  { name: 'age', type: 'BIGINT' },
  { name: 'job', type: 'VARCHAR' },
  { name: 'y', type: 'VARCHAR' },
];

export const bankRows = Array.from({ length: 450 }, (_, i) => [
  20 + (i % 60),
  i % 3 === 0 ? 'admin.' : 'technician',
  i % 9 === 0 ? 'yes' : 'no',
]);

export const bankPreview: ImportPreview = {
  path: '/data/bank-additional-full.csv',
  format: 'csv',
  compression: 'none',
  sizeBytes: 5_834_924,
  detected: {
    delimiter: ';',
    quote: '"',
    escape: '"',
    header: true,
    skipRows: 0,
    nullStrings: [''],
    dateFormat: null,
    timestampFormat: null,
  },
  columns: bankColumns,
  rows: [
    ['56', 'housemaid', 'no'],
    ['57', null, 'no'],
  ],
  problems: [],
};

/** A connected store with a workspace open, the bank file importable and, optionally, ods.bank imported. */
export async function dataStore(options: { imported?: boolean; setup?: (host: FakeHost) => void } = {}) {
  const { store, host } = await connectedStore((h) => {
    h.folders.add('/w/bank');
    h.data.files.set(bankPreview.path, { preview: bankPreview, rows: bankRows });
    if (options.imported) h.data.addTable({ layer: 'ods', name: 'bank' }, bankColumns, bankRows);
    options.setup?.(h);
  });
  await store.getState().openWorkspace('/w/bank');
  return { store, host };
}
