/** "Did you mean ...?" for names: the closest candidate by edit distance, if it is close enough. */

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
 * Past `limit` the exact figure does not matter: names whose lengths differ by more than it return
 * `limit + 1` at once, so a name pasted by mistake (or sent by a hostile client) costs nothing
 * against short candidates; otherwise three rows of the table are kept, not all of it.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      // A typed-too-fast swap (coutn, amuont) is one mistake, not two.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, beforePrevious[j - 2]! + 1);
      current[j] = best;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidate a typo most likely meant: same letters ignoring case first, then the nearest. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  // A third of the name, at least one and at most three edits: beyond that it is a different word.
  const allowed = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const folded = c.replaceAll('_', '') === lower.replaceAll('_', '');
    // A short prefix of a longer word (agg, count_dist) is a shorthand, not a typo.
    const prefix = lower.length >= 3 && c.startsWith(lower);
    const score = folded ? 0 : prefix ? 1 : editDistance(lower, c, allowed);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best !== undefined && bestScore <= allowed ? best : undefined;
}

/** `did you mean user_id?`, or undefined when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const match = closest(name, candidates);
  return match === undefined ? undefined : `did you mean ${match}?`;
}
