/** A small seeded generator (mulberry32): bagging, feature sampling and bin sampling repeat exactly for a seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `k` distinct indices of [0, n), ascending (selection sampling, one pass). */
  sampleSorted(n: number, k: number): Uint32Array {
    const out = new Uint32Array(Math.min(k, n));
    let needed = out.length;
    let at = 0;
    for (let i = 0; i < n && needed > 0; i++) {
      if (this.next() * (n - i) < needed) {
        out[at++] = i;
        needed--;
      }
    }
    return out;
  }
}
