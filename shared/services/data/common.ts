import { z } from 'zod';

export const dataLayers = ['ods', 'dwd', 'dws', 'ads'] as const;
export type DataLayer = (typeof dataLayers)[number];
export const dataLayer = z.enum(dataLayers);

/** Table, view and snapshot names: lowercase letters, digits and underscores, starting with a letter. */
export const NAME_RULE = /^[a-z][a-z0-9_]{0,62}$/;
export const objectName = z
  .string()
  .regex(NAME_RULE, 'use lowercase letters, digits and underscores, starting with a letter (at most 63 characters), e.g. bank_marketing');

/** A table or view addressed by layer and name, e.g. `ods.bank_marketing`. */
export const tableRef = z.object({ layer: dataLayer, name: objectName }).strict();
export type TableRef = z.infer<typeof tableRef>;

/** Arrow IPC stream bytes: how tables cross the process boundary. */
export const arrowBytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected Arrow IPC bytes');

export const columnInfo = z.object({ name: z.string(), type: z.string() });
export type ColumnInfo = z.infer<typeof columnInfo>;
