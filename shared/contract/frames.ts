/**
 * WebSocket framing. Messages are JSON text, except when they carry bytes (Arrow IPC pages): then
 * the frame is binary, [u32 header length][header JSON][bytes...], and each Uint8Array in the
 * message is replaced in the header by a placeholder naming its slot. Over IPC nothing of this is
 * needed: structured clone moves Uint8Array as it is.
 */
const SLOT = '__lode_bytes__';

function extract(value: unknown, buffers: Uint8Array[]): unknown {
  if (value instanceof Uint8Array) {
    buffers.push(value);
    return { [SLOT]: buffers.length - 1 };
  }
  if (Array.isArray(value)) return value.map((v) => extract(v, buffers));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = extract(v, buffers);
    return out;
  }
  return value;
}

function restore(value: unknown, buffers: readonly Uint8Array[]): unknown {
  if (Array.isArray(value)) return value.map((v) => restore(v, buffers));
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const slot = record[SLOT];
    if (typeof slot === 'number' && Object.keys(record).length === 1) {
      const bytes = buffers[slot];
      if (!bytes) throw new Error(`frame refers to missing byte slot ${slot}`);
      return bytes;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) out[k] = restore(v, buffers);
    return out;
  }
  return value;
}

export function encodeFrame(message: unknown): string | Uint8Array {
  const buffers: Uint8Array[] = [];
  const body = extract(message, buffers);
  if (buffers.length === 0) return JSON.stringify(message);
  const header = new TextEncoder().encode(JSON.stringify({ body, lengths: buffers.map((b) => b.byteLength) }));
  const total = 4 + header.byteLength + buffers.reduce((n, b) => n + b.byteLength, 0);
  const frame = new Uint8Array(total);
  new DataView(frame.buffer).setUint32(0, header.byteLength, true);
  frame.set(header, 4);
  let at = 4 + header.byteLength;
  for (const b of buffers) {
    frame.set(b, at);
    at += b.byteLength;
  }
  return frame;
}

/** Decodes a text or binary frame; throws on a malformed one. */
export function decodeFrame(data: string | Uint8Array): unknown {
  if (typeof data === 'string') return JSON.parse(data) as unknown;
  if (data.byteLength < 4) throw new Error('binary frame too short');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > data.byteLength) throw new Error('binary frame header overruns the frame');
  const header = JSON.parse(new TextDecoder().decode(data.subarray(4, 4 + headerLength))) as { body: unknown; lengths: unknown };
  if (!Array.isArray(header.lengths) || !header.lengths.every((n) => Number.isInteger(n) && (n as number) >= 0)) {
    throw new Error('binary frame has a bad length table');
  }
  const buffers: Uint8Array[] = [];
  let at = 4 + headerLength;
  for (const length of header.lengths as number[]) {
    if (at + length > data.byteLength) throw new Error('binary frame is shorter than its length table');
    // Copy, so each value owns its bytes (Arrow readers keep the buffer alive).
    buffers.push(data.slice(at, at + length));
    at += length;
  }
  return restore(header.body, buffers);
}
