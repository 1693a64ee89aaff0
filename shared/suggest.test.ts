import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './suggest';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions, and a swap of neighbours as one', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('coutn', 'count')).toBe(1);
    expect(editDistance('amuont', 'amount')).toBe(1);
    expect(editDistance('ca', 'abc')).toBe(3);
  });

  it('stops at the limit when the lengths alone exceed it', () => {
    expect(editDistance('a'.repeat(40), 'a', 3)).toBe(4);
    // Within the limit's reach, the exact figure.
    expect(editDistance('abcd', 'abcdefg', 3)).toBe(3);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
  });
});

describe('closest', () => {
  const columns = ['user_id', 'amount', 'event_time', 'country'];
  it('suggests a near name, and nothing for a different word', () => {
    expect(closest('usr_id', columns)).toBe('user_id');
    expect(closest('UserId', columns)).toBe('user_id');
    expect(closest('amt', ['amount_usd'])).toBeUndefined();
    expect(closest('amo', columns)).toBe('amount');
    expect(closest('weather', columns)).toBeUndefined();
    expect(didYouMean('countyr', columns)).toBe('did you mean country?');
  });

  it('answers a name of a million characters without comparing it letter by letter', () => {
    // The table of a full comparison would hold 8 million numbers per candidate.
    expect(closest('x'.repeat(1_000_000), columns)).toBeUndefined();
    expect(closest(`${'x'.repeat(1_000_000)}user_id`, columns)).toBeUndefined();
  });
});
