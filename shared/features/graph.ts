/**
 * Dependency order of features: Kahn's algorithm, keeping the template's order among features that
 * are free at the same time, so the compiled SQL does not change when nothing relevant changed.
 * Returns the order and the features that sit on a cycle.
 */
export function dependencyOrder(
  names: readonly string[],
  deps: ReadonlyMap<string, readonly string[]>,
): { order: string[]; cycles: string[][] } {
  const remaining = new Map(names.map((n) => [n, new Set((deps.get(n) ?? []).filter((d) => d !== n && names.includes(d)))]));
  const order: string[] = [];
  for (;;) {
    const ready = names.find((n) => remaining.get(n)?.size === 0);
    if (ready === undefined) break;
    remaining.delete(ready);
    order.push(ready);
    for (const waiting of remaining.values()) waiting.delete(ready);
  }
  const cycles: string[][] = [];
  const seen = new Set<string>();
  for (const start of names) {
    if (!remaining.has(start) || seen.has(start)) continue;
    const cycle = findCycle(start, deps, remaining);
    if (cycle) {
      cycle.forEach((n) => seen.add(n));
      cycles.push(cycle);
    }
  }
  // Self references are cycles too.
  for (const n of names) if ((deps.get(n) ?? []).includes(n) && !seen.has(n)) cycles.push([n]);
  return { order, cycles };
}

function findCycle(start: string, deps: ReadonlyMap<string, readonly string[]>, stuck: ReadonlyMap<string, unknown>): string[] | null {
  const path: string[] = [];
  const onPath = new Set<string>();
  const done = new Set<string>();
  const walk = (n: string): string[] | null => {
    if (onPath.has(n)) return path.slice(path.indexOf(n));
    if (done.has(n) || !stuck.has(n)) return null;
    path.push(n);
    onPath.add(n);
    for (const d of deps.get(n) ?? []) {
      const found = walk(d);
      if (found) return found;
    }
    path.pop();
    onPath.delete(n);
    done.add(n);
    return null;
  };
  return walk(start);
}
