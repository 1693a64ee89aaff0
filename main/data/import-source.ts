import { open, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { LodeError } from '../../shared/errors';
import type { ImportFormat, ImportSource } from '../../shared/services/data/imports';

/** A file to import, after checking that it exists and deciding how DuckDB should read it. */
export interface ResolvedSource {
  readonly path: string;
  readonly format: ImportFormat;
  readonly compression: 'none' | 'gzip';
  readonly sizeBytes: number;
}

const EXTENSIONS: Record<string, ImportFormat> = {
  csv: 'csv',
  txt: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  parquet: 'parquet',
  pq: 'parquet',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
};

const HEAD_BYTES = 64 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];
const PARQUET_MAGIC = 'PAR1';

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function formatFromName(path: string): { format: ImportFormat | null; gzip: boolean } {
  const parts = basename(path).toLowerCase().split('.');
  const gzip = parts.at(-1) === 'gz' && parts.length > 1;
  if (gzip) parts.pop();
  const ext = parts.length > 1 ? parts.at(-1)! : '';
  return { format: EXTENSIONS[ext] ?? null, gzip };
}

function startsWith(head: Buffer, bytes: readonly number[]): boolean {
  return bytes.every((b, i) => head[i] === b);
}

function utf16Bom(head: Buffer): boolean {
  return startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]);
}

/**
 * Checks the file and decides format and compression: the analyst's choice, else the extension
 * (`.gz` means gzip), else the first bytes. Only the head of the file is looked at, to give a clear
 * message for binary or misnamed files before DuckDB's reader sees them; all reading is DuckDB's.
 */
export async function resolveSource(source: ImportSource): Promise<ResolvedSource> {
  const path = resolve(source.path);
  let info;
  let head: Buffer;
  try {
    info = await stat(path);
    head = info.isFile() ? await readHead(path) : Buffer.alloc(0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new LodeError('not_found', `${path} does not exist.`, { field: 'path', file: path, hint: 'Check the path and try again.' });
    }
    throw new LodeError('bad_input', `cannot read ${path}: ${(err as Error).message}`, { field: 'path', file: path });
  }
  if (!info.isFile()) {
    throw new LodeError('bad_input', `${path} is a folder, not a file.`, { field: 'path', file: path, hint: 'Choose one data file.' });
  }
  if (info.size === 0) {
    throw new LodeError('bad_input', `${path} is empty: there is nothing to import.`, { field: 'path', file: path });
  }
  const named = formatFromName(path);
  const isGzip = startsWith(head, GZIP_MAGIC);
  const isParquet = head.subarray(0, 4).toString('latin1') === PARQUET_MAGIC;
  if (named.gzip && !isGzip) {
    throw new LodeError('bad_input', `${path} ends in .gz but is not gzip-compressed.`, {
      field: 'path',
      file: path,
      hint: 'Rename the file without .gz, or compress it with gzip.',
    });
  }
  const format = source.format ?? named.format ?? (isParquet ? 'parquet' : 'csv');
  const compression = isGzip ? 'gzip' : 'none';
  if (format === 'parquet') {
    if (!isParquet) {
      throw new LodeError('bad_input', `${path} is not a Parquet file (it does not start with PAR1).`, {
        field: 'format',
        file: path,
        hint: 'Choose the format that matches the file, e.g. --format csv.',
      });
    }
    return { path, format, compression: 'none', sizeBytes: info.size };
  }
  if (isParquet) {
    throw new LodeError('bad_input', `${path} is a Parquet file, not ${format.toUpperCase()}.`, {
      field: 'format',
      file: path,
      hint: 'Import it with --format parquet.',
    });
  }
  if (compression === 'none') checkText(path, head, source.options.encoding);
  return { path, format, compression, sizeBytes: info.size };
}

/** Text files have no NUL bytes, except in UTF-16. */
function checkText(path: string, head: Buffer, encoding: string | undefined): void {
  if (encoding === 'utf-16') return;
  if (utf16Bom(head)) {
    throw new LodeError('bad_input', `${path} is UTF-16 text.`, {
      field: 'encoding',
      file: path,
      hint: "Set the encoding option to 'utf-16' (--encoding utf-16).",
    });
  }
  if (head.includes(0)) {
    throw new LodeError('bad_input', `${path} looks like a binary file, not text: it contains NUL bytes near the start.`, {
      field: 'path',
      file: path,
      hint: 'Import CSV, TSV, JSON, JSON Lines (plain or .gz) or Parquet files.',
    });
  }
}
