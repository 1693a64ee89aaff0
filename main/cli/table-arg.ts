import { LodeError } from '../../shared/errors';
import { dataLayers, type DataLayer, type TableRef } from '../../shared/services/data/common';

/** A layer as typed on the command line. */
export function parseLayer(text: string): DataLayer {
  const layer = dataLayers.find((l) => l === text);
  if (!layer)
    throw new LodeError('bad_input', `there is no layer '${text}'.`, { field: 'layer', hint: `Use one of ${dataLayers.join(', ')}.` });
  return layer;
}

/** `ods.bank`, or `bank` in the given layer; the name itself is checked by the contract's rule. */
export function parseTableArg(text: string, defaultLayer: DataLayer = 'ods'): TableRef {
  const parts = text.split('.');
  if (parts.length > 2 || parts.some((p) => p === '')) {
    throw new LodeError('bad_input', `'${text}' is not a table name.`, {
      field: 'table',
      hint: 'Write LAYER.NAME, e.g. ods.bank_marketing.',
    });
  }
  return parts.length === 2 ? { layer: parseLayer(parts[0]!), name: parts[1]! } : { layer: defaultLayer, name: parts[0]! };
}
