/** Windows and horizons: a whole number and a unit (`30m`, `12h`, `7d`, `2w`), or `all` for a window. */

export const DURATION_PATTERN = '^[1-9][0-9]*(m|h|d|w)$';
export const WINDOW_PATTERN = '^([1-9][0-9]*(m|h|d|w)|all)$';

export type DurationUnit = 'm' | 'h' | 'd' | 'w';

export interface Duration {
  readonly amount: number;
  readonly unit: DurationUnit;
  readonly text: string;
}

/** A window is a duration, or all history before the as-of time. */
export interface AllHistory {
  readonly all: true;
  readonly text: 'all';
}
export type Window = Duration | AllHistory;

export function isAll(window: Window): window is AllHistory {
  return 'all' in window;
}

const SECONDS: Record<DurationUnit, number> = { m: 60, h: 3600, d: 86_400, w: 604_800 };

export function parseDuration(text: string): Duration | null {
  const match = new RegExp(DURATION_PATTERN).exec(text);
  if (!match) return null;
  const amount = Number(text.slice(0, -1));
  return Number.isSafeInteger(amount) ? { amount, unit: match[1] as DurationUnit, text } : null;
}

export function parseWindow(text: string): Window | null {
  return text === 'all' ? { all: true, text: 'all' } : parseDuration(text);
}

export function durationSeconds(d: Duration): number {
  return d.amount * SECONDS[d.unit];
}

/** Longer windows sort last; `all` is the longest. */
export function windowSeconds(w: Window): number {
  return isAll(w) ? Infinity : durationSeconds(w);
}

/** `INTERVAL 7 DAY`; weeks become days so the SQL reads in one unit DuckDB always accepts. */
export function intervalSql(d: Duration): string {
  switch (d.unit) {
    case 'm':
      return `INTERVAL ${d.amount} MINUTE`;
    case 'h':
      return `INTERVAL ${d.amount} HOUR`;
    case 'd':
      return `INTERVAL ${d.amount} DAY`;
    case 'w':
      return `INTERVAL ${d.amount * 7} DAY`;
  }
}
