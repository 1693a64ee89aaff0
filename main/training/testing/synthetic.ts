import type { Dataset } from '../dataset';
import { Random } from '../gbdt/random';

/**
 * A generated binary data set for benchmarks and tests: `features` numeric columns, a few with
 * missing values, and a label from a noisy non-linear score with interactions, so trees have
 * structure to find (about a third positive).
 */
export function syntheticBinary(rows: number, features: number, seed: number): Dataset {
  const random = new Random(seed);
  const normal = (): number => {
    const u = Math.max(1e-12, random.next());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
  };
  const values = Array.from({ length: features }, () => new Float64Array(rows));
  const label = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let score = 0;
    for (let f = 0; f < features; f++) {
      const x = f % 3 === 2 ? Math.exp(normal() * 0.5) : normal();
      values[f]![r] = x;
      const w = 1 / (1 + f);
      score += f % 4 === 0 ? w * Math.sin(2 * x) : f % 4 === 1 ? w * x * x * 0.5 - w * 0.5 : w * x;
    }
    score += 0.8 * Math.tanh(values[0]![r]! * values[1]![r]!) + 0.5 * (values[2]![r]! > 1.5 ? 1 : 0);
    label[r] = score + normal() * 0.8 > 0.9 ? 1 : 0;
    // Missing values that carry signal: more often missing among positives.
    for (let f = 3; f < features; f += 7) if (random.next() < (label[r] === 1 ? 0.08 : 0.03)) values[f]![r] = Number.NaN;
  }
  return {
    schema: {
      label: 'y',
      target: { kind: 'binary', positive: '1', negative: '0', reason: 'generated' },
      features: values.map((_, f) => ({ name: `x${f}`, kind: 'numeric' as const })),
    },
    rows,
    label,
    columns: values.map((v, f) => ({ kind: 'numeric' as const, name: `x${f}`, values: v })),
    notices: [],
  };
}
