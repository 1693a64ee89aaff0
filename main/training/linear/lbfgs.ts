/**
 * A smooth objective: returns its value at `w` and writes its gradient into `grad`.
 */
export type Objective = (w: Float64Array, grad: Float64Array) => number;

export interface MinimizeOptions {
  /** L1 strength per coordinate (0 where a coordinate is not penalized, such as the intercept). */
  readonly l1?: Float64Array;
  readonly maxIterations?: number;
  /** Stop when the largest (pseudo-)gradient component falls below this. */
  readonly tolerance?: number;
  /** Correction pairs kept. */
  readonly memory?: number;
  readonly signal?: AbortSignal;
  /** After each accepted step, with the objective's value and the new point (do not keep `w`: it is the optimizer's). */
  readonly onIteration?: (iteration: number, value: number, w: Float64Array) => void;
}

export interface MinimizeResult {
  readonly w: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * The direction of steepest descent of f + sum(l1 |w|): the gradient where w is off zero, and
 * where it is zero the smallest subgradient in absolute value (OWL-QN's pseudo-gradient).
 */
function pseudoGradient(w: Float64Array, grad: Float64Array, l1: Float64Array | undefined, out: Float64Array): void {
  for (let i = 0; i < w.length; i++) {
    const lambda = l1?.[i] ?? 0;
    const g = grad[i]!;
    if (lambda === 0) out[i] = g;
    else if (w[i]! > 0) out[i] = g + lambda;
    else if (w[i]! < 0) out[i] = g - lambda;
    else if (g + lambda < 0) out[i] = g + lambda;
    else if (g - lambda > 0) out[i] = g - lambda;
    else out[i] = 0;
  }
}

function l1Norm(w: Float64Array, l1: Float64Array | undefined): number {
  if (!l1) return 0;
  let s = 0;
  for (let i = 0; i < w.length; i++) s += l1[i]! * Math.abs(w[i]!);
  return s;
}

/**
 * Minimizes f(w) + sum(l1_i |w_i|) from `w0` with L-BFGS (Nocedal and Wright, algorithm 7.4), or
 * OWL-QN when an L1 term is given (Andrew and Gao, "Scalable training of L1-regularized log-linear
 * models", ICML 2007): quasi-Newton steps kept within the orthant of the current point, with a
 * backtracking line search on the Armijo condition.
 */
export function minimize(f: Objective, w0: Float64Array, options: MinimizeOptions = {}): MinimizeResult {
  const n = w0.length;
  const m = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 1e-6;
  const l1 = options.l1;
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  let w = Float64Array.from(w0);
  let grad = new Float64Array(n);
  let value = f(w, grad) + l1Norm(w, l1);
  const pg = new Float64Array(n);
  const direction = new Float64Array(n);
  const alpha = new Float64Array(m);
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    if (options.signal?.aborted) break;
    pseudoGradient(w, grad, l1, pg);
    let largest = 0;
    for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(pg[i]!));
    if (largest <= tolerance) {
      converged = true;
      break;
    }
    // Two-loop recursion: direction = -H pg.
    for (let i = 0; i < n; i++) direction[i] = -pg[i]!;
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(s[k]!, direction);
      const yk = y[k]!;
      for (let i = 0; i < n; i++) direction[i]! -= alpha[k]! * yk[i]!;
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma = dot(s[last]!, y[last]!) / dot(y[last]!, y[last]!);
      for (let i = 0; i < n; i++) direction[i]! *= gamma;
    }
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k]! * dot(y[k]!, direction);
      const sk = s[k]!;
      for (let i = 0; i < n; i++) direction[i]! += (alpha[k]! - beta) * sk[i]!;
    }
    if (l1) {
      // Keep only components that descend along the pseudo-gradient.
      for (let i = 0; i < n; i++) if (direction[i]! * pg[i]! >= 0) direction[i] = 0;
    }
    if (dot(direction, pg) >= 0) {
      // Not a descent direction (curvature information went stale): restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -pg[i]!;
    }
    // The first step is scaled so that it moves by about one unit.
    let step = s.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(direction, direction))) : 1;
    const next = new Float64Array(n);
    const nextGrad = new Float64Array(n);
    let nextValue = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) {
        let v = w[i]! + step * direction[i]!;
        // OWL-QN: coordinates that would cross zero stop at zero.
        if (l1 && l1[i]! > 0) {
          const orthant = w[i]! !== 0 ? Math.sign(w[i]!) : -Math.sign(pg[i]!);
          if (Math.sign(v) !== orthant) v = 0;
        }
        next[i] = v;
      }
      nextValue = f(next, nextGrad) + l1Norm(next, l1);
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += pg[i]! * (next[i]! - w[i]!);
      if (nextValue <= value + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = next[i]! - w[i]!;
      yk[i] = nextGrad[i]! - grad[i]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      if (s.length === m) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    const previous = value;
    w = next;
    grad = nextGrad;
    value = nextValue;
    options.onIteration?.(iterations + 1, value, w);
    if (Math.abs(previous - value) <= 1e-12 * Math.max(1, Math.abs(value))) {
      converged = true;
      iterations++;
      break;
    }
  }
  return { w, value, iterations, converged };
}
