import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { ResolvedSource } from './import-source';

/** How much of a large file the preview scans for malformed rows. */
export const SAMPLE_BYTES = 1024 * 1024;

export interface HeadSample {
  /** A file holding the first whole lines of the source (the source itself when it is small). */
  readonly path: string;
  /** Whether the sample stops before the end of the file. */
  readonly cut: boolean;
  readonly dispose: () => Promise<void>;
}

async function plainHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function gunzipHead(path: string): Promise<{ bytes: Buffer; whole: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const input = createReadStream(path);
  const gunzip = createGunzip();
  try {
    for await (const chunk of input.pipe(gunzip) as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= SAMPLE_BYTES) return { bytes: Buffer.concat(chunks).subarray(0, SAMPLE_BYTES), whole: false };
    }
    return { bytes: Buffer.concat(chunks), whole: true };
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

/**
 * DuckDB only records rejected rows once a scan has read its input to the end, and a LIMIT stops it
 * early. So the preview hands DuckDB the head of a large file, cut at a line end, to read whole; line
 * numbers stay those of the file. UTF-16 files are not cut (a byte-wise cut could split a character);
 * null means the file is too large to scan for the preview.
 */
export async function headSample(source: ResolvedSource, encoding: string | undefined): Promise<HeadSample | null> {
  const none = async () => undefined;
  if (source.compression === 'none' && source.sizeBytes <= SAMPLE_BYTES) return { path: source.path, cut: false, dispose: none };
  if (encoding === 'utf-16') return null;
  let bytes: Buffer;
  let cut = true;
  if (source.compression === 'gzip') {
    const head = await gunzipHead(source.path);
    bytes = head.bytes;
    cut = !head.whole;
  } else {
    bytes = await plainHead(source.path);
  }
  if (cut) bytes = bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1);
  const dir = await mkdtemp(join(tmpdir(), 'lode-preview-'));
  const path = join(dir, 'head.csv');
  await writeFile(path, bytes);
  return { path, cut, dispose: () => rm(dir, { recursive: true, force: true }) };
}
