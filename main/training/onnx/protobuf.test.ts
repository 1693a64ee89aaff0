import { describe, expect, it } from 'vitest';
import { ProtoWriter } from './protobuf';

const bytes = (w: ProtoWriter): number[] => Array.from(w.finish());

describe('protobuf writer', () => {
  it('encodes varints, negative int64 in ten bytes, floats, strings and packed runs as the wire format defines', () => {
    expect(bytes(new ProtoWriter().int(1, 150))).toEqual([0x08, 0x96, 0x01]);
    expect(bytes(new ProtoWriter().int(2, -1))).toEqual([0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(bytes(new ProtoWriter().int(1, 2 ** 40))).toEqual([0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
    expect(bytes(new ProtoWriter().float(2, 1))).toEqual([0x15, 0x00, 0x00, 0x80, 0x3f]);
    expect(bytes(new ProtoWriter().string(2, 'testing'))).toEqual([0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
    expect(bytes(new ProtoWriter().packedInts(4, [3, 270, 86942]))).toEqual([0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05]);
    expect(bytes(new ProtoWriter().packedInts(4, []))).toEqual([]);
    const inner = new ProtoWriter().int(1, 150);
    expect(bytes(new ProtoWriter().message(3, inner))).toEqual([0x1a, 0x03, 0x08, 0x96, 0x01]);
  });

  it('grows its buffer for large messages', () => {
    const w = new ProtoWriter().packedFloats(1, new Float32Array(100_000).fill(0.5));
    expect(w.finish().length).toBe(1 + 3 + 400_000);
  });
});
