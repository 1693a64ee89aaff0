import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from './frames';

describe('WebSocket frames', () => {
  it('stay JSON text when a message carries no bytes', () => {
    const message = { kind: 'result', id: 1, ok: true, value: { rows: [1, 2], name: 'x' } };
    const frame = encodeFrame(message);
    expect(typeof frame).toBe('string');
    expect(decodeFrame(frame)).toEqual(message);
  });

  it('carry Uint8Array values byte for byte in a binary frame', () => {
    const a = new Uint8Array([1, 2, 3, 250]);
    const b = new Uint8Array(100_000).map((_, i) => i % 251);
    const message = { kind: 'result', id: 9, ok: true, value: { arrow: a, pages: [{ arrow: b }], note: 'é' } };
    const frame = encodeFrame(message);
    expect(frame).toBeInstanceOf(Uint8Array);
    expect(decodeFrame(frame)).toEqual(message);
  });

  it('reject truncated or inconsistent binary frames', () => {
    const frame = encodeFrame({ bytes: new Uint8Array([1, 2, 3]) }) as Uint8Array;
    expect(() => decodeFrame(frame.subarray(0, 2))).toThrow('too short');
    expect(() => decodeFrame(frame.subarray(0, frame.byteLength - 1))).toThrow('shorter');
  });
});
