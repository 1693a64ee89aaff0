/** "Did you mean ...?" for names: the closest candidate by edit distance, if it is close enough. */

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidate a typo most likely meant: same letters ignoring case first, then the nearest. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const folded = c.replaceAll('_', '') === lower.replaceAll('_', '');
    // A short prefix of a longer word (agg, count_dist) is a shorthand, not a typo.
    const prefix = lower.length >= 3 && c.startsWith(lower);
    const score = folded ? 0 : prefix ? 1 : editDistance(lower, c);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (best === undefined) return undefined;
  // A third of the name, at least one and at most three edits: beyond that it is a different word.
  const allowed = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  return bestScore <= allowed ? best : undefined;
}

/** `did you mean user_id?`, or undefined when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const match = closest(name, candidates);
  return match === undefined ? undefined : `did you mean ${match}?`;
}
