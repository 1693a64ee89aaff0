import { basename, resolve } from 'node:path';
import { LodeError } from '../../../shared/errors';
import { importFormats, type ImportPreview, type ImportResult, type ReadOptions } from '../../../shared/services/data/imports';
import type { FlagValues } from '../args';
import type { Command } from '../command';
import { textTable } from '../format';
import { parseLayer, parseTableArg } from '../table-arg';
import { bytesText, count, describeText } from './tables';

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value);
  if (!found) throw new LodeError('bad_input', `--${flag} '${value}' is not one of ${allowed.join(', ')}.`, { field: flag });
  return found;
}

/** Shells make a tab hard to type: accept `\t` and `tab` for it. */
function delimiter(text: string): string {
  return text === '\\t' || text.toLowerCase() === 'tab' ? '\t' : text;
}

function typeOverrides(pairs: readonly string[]): Record<string, string> {
  const types: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) {
      throw new LodeError('bad_input', `--types '${pair}' should be COLUMN=TYPE, e.g. zip=VARCHAR.`, { field: 'types' });
    }
    types[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return types;
}

function readOptions(flags: FlagValues): ReadOptions {
  const str = (name: string) => flags[name] as string | undefined;
  const list = (name: string) => flags[name] as string[] | undefined;
  if (flags.header === true && flags['no-header'] === true) {
    throw new LodeError('bad_input', '--header and --no-header contradict each other.', { field: 'header' });
  }
  const options: ReadOptions = {};
  if (str('delim') !== undefined) options.delimiter = delimiter(str('delim')!);
  if (str('quote') !== undefined) options.quote = str('quote');
  if (str('escape') !== undefined) options.escape = str('escape');
  if (flags.header === true) options.header = true;
  if (flags['no-header'] === true) options.header = false;
  if (list('null')) options.nullStrings = list('null');
  if (flags['skip-rows'] !== undefined) options.skipRows = flags['skip-rows'] as number;
  if (list('types')) options.types = typeOverrides(list('types')!);
  if (str('date-format') !== undefined) options.dateFormat = str('date-format');
  if (str('timestamp-format') !== undefined) options.timestampFormat = str('timestamp-format');
  const decimal = oneOf(str('decimal-separator'), ['.', ','] as const, 'decimal-separator');
  if (decimal) options.decimalSeparator = decimal;
  const encoding = oneOf(str('encoding'), ['utf-8', 'utf-16', 'latin-1'] as const, 'encoding');
  if (encoding) options.encoding = encoding;
  return options;
}

const shownChar = (c: string) => (c === '' ? '(none)' : c === '\t' ? '\\t' : `'${c}'`);

function previewText(p: ImportPreview): string {
  const head = `${basename(p.path)}: ${p.format}${p.compression === 'gzip' ? ' (gzip)' : ''}, ${bytesText(p.sizeBytes)}`;
  const d = p.detected;
  const dialect = d
    ? [
        `delimiter ${shownChar(d.delimiter)}, quote ${shownChar(d.quote)}, escape ${shownChar(d.escape)}, header ${d.header ? 'yes' : 'no'}, skip ${d.skipRows}`,
        `null markers: ${d.nullStrings.map((n) => `'${n}'`).join(', ')}${d.dateFormat ? `, dates ${d.dateFormat}` : ''}${d.timestampFormat ? `, timestamps ${d.timestampFormat}` : ''}`,
      ]
    : [];
  const problems =
    p.problems.length === 0
      ? []
      : ['', 'Malformed rows in the sample:', ...p.problems.map((r) => `  line ${r.line ?? '?'}: ${r.message} | ${r.sample}`)];
  return [
    head,
    ...dialect,
    '',
    textTable(
      p.columns.map((c) => `${c.name} ${c.type}`),
      p.rows,
    ),
    ...problems,
  ].join('\n');
}

function resultText(r: ImportResult, file: string): string {
  const t = r.table;
  const lines = [`Imported ${count(t.rows ?? 0)} rows × ${t.columns.length} columns from ${basename(file)} into ${t.layer}.${t.name}.`];
  if (r.rejected > 0) {
    const first = r.rejectSample[0];
    lines.push(
      `Skipped ${count(r.rejected)} malformed row${r.rejected === 1 ? '' : 's'} into ${r.rejectsTable}${first ? ` (first: line ${first.line}: ${first.message})` : ''}.`,
    );
  }
  return [...lines, '', describeText(t)].join('\n');
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import a CSV, TSV, Parquet, JSON or JSON Lines file (plain or .gz) into a layer, read by DuckDB.',
  usage: 'FILE',
  flags: {
    as: { type: 'string', description: 'Table to create: NAME or LAYER.NAME', value: 'TABLE' },
    layer: { type: 'string', description: 'Layer: ods (default), dwd, dws or ads', value: 'LAYER' },
    format: { type: 'string', description: `File format (default: from the extension): ${importFormats.join(', ')}`, value: 'F' },
    delim: { type: 'string', description: "Field delimiter, up to 4 characters (e.g. ';', ', ', \\t)", value: 'D' },
    quote: { type: 'string', description: "Quote character ('' for none)", value: 'Q' },
    escape: { type: 'string', description: 'Escape character', value: 'E' },
    header: { type: 'boolean', description: 'The first line holds column names' },
    'no-header': { type: 'boolean', description: 'The first line is data' },
    null: { type: 'string', description: 'A text that means missing, e.g. ? or NA (repeatable)', value: 'S', repeatable: true },
    types: { type: 'string', description: 'Force a column type, e.g. zip=VARCHAR (repeatable)', value: 'COL=TYPE', repeatable: true },
    'skip-rows': { type: 'number', description: 'Lines to skip at the top', value: 'N' },
    encoding: { type: 'string', description: 'utf-8 (default), utf-16 or latin-1', value: 'E' },
    'date-format': { type: 'string', description: 'Date format, e.g. %d/%m/%Y', value: 'F' },
    'timestamp-format': { type: 'string', description: 'Timestamp format, e.g. %d/%m/%Y %H:%M', value: 'F' },
    'decimal-separator': { type: 'string', description: "'.' (default) or ','", value: 'C' },
    'on-error': { type: 'string', description: 'Malformed rows: abort (default) or skip into LAYER.TABLE_rejects', value: 'abort|skip' },
    replace: { type: 'boolean', description: 'Overwrite the table if it exists' },
    preview: { type: 'boolean', description: 'Show how DuckDB reads the file, import nothing' },
    rows: { type: 'number', description: 'Rows to show with --preview (default 10)', value: 'N' },
  },
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace, followJob }) {
    const flags = args.flags;
    const path = resolve(args.positionals[0]!);
    const format = oneOf(flags.format as string | undefined, importFormats, 'format');
    const options = readOptions(flags);
    const source = { path, options, ...(format ? { format } : {}) };
    if (flags.preview === true) {
      await openWorkspace();
      const preview = await client.data.previewImport({ ...source, rows: (flags.rows as number | undefined) ?? 10 });
      return { json: preview, text: previewText(preview) };
    }
    if (typeof flags.as !== 'string') {
      throw new LodeError('bad_input', 'name the table to import into with --as NAME (or --preview to only look).', { field: 'as' });
    }
    const layer = flags.layer === undefined ? 'ods' : parseLayer(String(flags.layer));
    const table = parseTableArg(flags.as, layer);
    if (flags.layer !== undefined && table.layer !== layer) {
      throw new LodeError('bad_input', `--as ${flags.as} and --layer ${layer} name different layers.`, { field: 'layer' });
    }
    const onError = oneOf(flags['on-error'] as string | undefined, ['abort', 'skip'] as const, 'on-error') ?? 'abort';
    await openWorkspace();
    const { jobId } = await client.data.importFile({ ...source, table, onError, replace: flags.replace === true });
    const job = await followJob(jobId);
    if (job.state !== 'succeeded') return { json: job, text: `Import ${job.state}; the workspace was not changed.` };
    const result = job.result as ImportResult;
    return { json: result, text: resultText(result, path) };
  },
};

export const importCommands: readonly Command[] = [importCommand];
