import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatMs, formatRate, formatStat } from './numbers';

describe('figures in the data section', () => {
  it('groups counts and shortens sizes', () => {
    expect(formatCount(41188)).toBe('41,188');
    expect(formatCount(null)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(5 * 1024 * 1024 + 300_000)).toBe('5.3 MB');
    expect(formatBytes(300 * 1024)).toBe('300 KB');
  });

  it('shows statistics with a few significant digits', () => {
    expect(formatStat(40.02406)).toBe('40.02');
    expect(formatStat(1_000_000)).toBe('1,000,000');
    expect(formatStat(0.000012)).toBe('1.200e-5');
    expect(formatStat('2008-05-05')).toBe('2008-05-05');
    expect(formatRate(0.113)).toBe('11%');
    expect(formatRate(0.0456)).toBe('4.6%');
    expect(formatRate(0.0004)).toBe('<0.1%');
    expect(formatMs(42.4)).toBe('42 ms');
    expect(formatMs(1530)).toBe('1.53 s');
  });
});
