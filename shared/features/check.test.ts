import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from './diagnostics';
import { checkTemplateText } from './index';
import { CATALOG, HEAD } from './testing';

function check(text: string) {
  return checkTemplateText(text, CATALOG);
}

/** `line:col code message (hint)` of every error, for compact assertions. */
function errors(text: string): string[] {
  return check(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d: Diagnostic) => formatDiagnostic(d, '').slice(1));
}

const withFeatures = (yaml: string, extra = '') => `${HEAD}${extra}features:\n${yaml}`;

describe('validating a template against the workspace schemas', () => {
  it('accepts a correct template and resolves its features in dependency order', () => {
    const result = check(
      withFeatures(`  - { name: share, kind: ratio, numerator: clicks_7d, denominator: views_7d }
  - { name: clicks, kind: aggregation, source: events, function: count, windows: [7d, 30d], filter: "event = 'click'" }
  - { name: views, kind: aggregation, source: events, function: count, windows: [7d], filter: "event = 'view'" }
  - { name: plan, kind: column, from: users, column: plan }
`),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.resolved!.features.map((f) => f.name)).toEqual(['clicks_7d', 'clicks_30d', 'views_7d', 'share', 'plan']);
  });

  it('reports YAML syntax and shape errors with line and column', () => {
    expect(errors(`${HEAD}features:\n  - { name: a, kind: aggregation, source: events, function: count, window: 7d\n`)[0]).toMatch(
      /^\d+:\d+: /,
    );
    expect(errors(withFeatures(`  - name: a\n    kind: agregation\n`))).toEqual([
      "16:11: unknown feature kind 'agregation' (did you mean aggregation?)",
    ]);
    expect(errors(withFeatures(`  - name: a\n    kind: column\n    colum: age\n`))).toEqual([
      '15:5: missing column (add column: ...)',
      "17:5: unknown key 'colum' in features.0 (did you mean column?)",
    ]);
    expect(errors(withFeatures(`  - name: a\n    kind: column\n`))).toEqual(['15:5: missing column (add column: ...)']);
    expect(errors(withFeatures(`  - { name: a, kind: aggregation, source: events, function: coutn, window: 7d }\n`))).toEqual([
      "15:61: function must be one of count, count_distinct, sum, avg, min, max, stddev, first, last, not 'coutn' (did you mean count?)",
    ]);
  });

  it('finds unknown tables and columns and suggests the closest name', () => {
    const text = HEAD.replace('table: ods.events', 'table: ods.event') + 'features:\n  - { name: a, kind: column, column: countyr }\n';
    expect(errors(text)).toEqual([
      '9:12: there is no table or view ods.event in the workspace (did you mean ods.events?)',
      "15:38: the spine has no column 'countyr' (did you mean country?)",
    ]);
    expect(errors(withFeatures(`  - { name: a, kind: aggregation, source: events, function: sum, column: amout, window: 7d }\n`))).toEqual([
      "15:74: ods.events has no column 'amout' (did you mean amount?)",
    ]);
    expect(errors(`${HEAD.replace('keys: [user_id]', 'keys: [userid_]')}features:\n  - { name: a, kind: column, column: age }\n`)).toEqual([
      "3:10: the spine has no column 'userid_' (did you mean user_id?)",
    ]);
  });

  it('refuses an entity key listed twice or that is the as-of time', () => {
    const text = `${HEAD.replace('keys: [user_id]', 'keys: [user_id, user_id, as_of]')}features:\n  - { name: a, kind: column, column: age }\n`;
    expect(errors(text)).toEqual([
      '3:19: user_id is listed twice',
      '3:28: as_of is the as-of time; the keys say which entity a row is about',
    ]);
  });

  it('fills a time column with a written timestamp, and nothing else', () => {
    expect(errors(withFeatures(`  - { name: s, kind: column, column: signup_at, fill: '2020-01-01 00:00:00' }\n`))).toEqual([]);
    expect(errors(withFeatures(`  - { name: s, kind: column, column: signup_at, fill: 0 }\n`))).toEqual([
      '15:55: fill must be a timestamp like the column, not a number',
    ]);
  });

  it('suggests the join when a source names the entity key differently', () => {
    const text = HEAD.replace('    on: { user_id: id }\n', '') + 'features:\n  - { name: plan, kind: column, from: users, column: plan }\n';
    expect(errors(text)).toEqual(["12:5: ods.users has no column 'user_id' to join the entity key on (add on: {user_id: COLUMN})"]);
  });

  it('checks types: sums of text, filters that are not conditions, arithmetic on text', () => {
    expect(errors(withFeatures(`  - { name: a, kind: aggregation, source: events, function: sum, column: item, window: 7d }\n`))).toEqual([
      '15:74: sum needs a number column, but item is VARCHAR',
    ]);
    expect(
      errors(withFeatures(`  - { name: a, kind: aggregation, source: events, function: count, window: 7d, filter: amount * 2 }\n`)),
    ).toEqual(["15:88: a filter must be a condition (true/false), but this is a number (e.g. event = 'click')"]);
    expect(errors(withFeatures(`  - { name: a, kind: formula, expr: "country + 1" }\n`))).toEqual([
      "15:38: '+' needs a number, but this is text",
    ]);
    expect(errors(withFeatures(`  - { name: a, kind: column, column: country, clip: [0, 1] }\n`))).toEqual([
      '15:53: clip needs a number, but country is text (add cast: double)',
    ]);
  });

  it('rejects bad windows and duplicate windows', () => {
    expect(
      errors(withFeatures(`  - { name: a, kind: aggregation, source: events, function: count, windows: [7d, 0d, 3 days] }\n`)),
    ).toEqual([
      "15:82: windows '0d' is not valid: write a window as a whole number and a unit (30m, 12h, 7d, 2w), or all",
      "15:86: windows '3 days' is not valid: write a window as a whole number and a unit (30m, 12h, 7d, 2w), or all",
    ]);
    expect(errors(withFeatures(`  - { name: a, kind: aggregation, source: events, function: count, windows: [7d, 7d] }\n`))).toEqual([
      '15:82: window 7d is listed twice',
    ]);
    expect(errors(withFeatures(`  - { name: a, kind: aggregation, source: events, function: count }\n`))).toEqual([
      '15:5: aggregation a needs a window (add window: 7d (or windows: [7d, 30d]))',
    ]);
  });

  it('points at unknown functions and names inside a formula', () => {
    const text = withFeatures(`  - { name: n, kind: aggregation, source: events, function: count, window: 7d }
  - name: f
    kind: formula
    expr: safe_dvi(n, 2) + nn
`);
    expect(errors(text)).toEqual([
      "18:11: unknown function 'safe_dvi' (did you mean safe_div?)",
      "18:28: unknown name 'nn': not a feature or a spine column (did you mean n?)",
    ]);
    expect(errors(withFeatures(`  - { name: f, kind: formula, expr: "abs(age, 2)" }\n`))).toEqual([
      '15:38: abs takes 1 arguments, got 2 (abs(x): absolute value)',
    ]);
  });

  it('reports cycles and duplicate names', () => {
    expect(
      errors(
        withFeatures(`  - { name: a, kind: formula, expr: b + 1 }
  - { name: b, kind: formula, expr: a * 2 }
  - { name: c, kind: formula, expr: c }
`),
      ),
    ).toEqual([
      '15:13: feature a depends on itself: a -> b -> a (break the cycle)',
      '16:13: feature b depends on itself: b -> a -> b (break the cycle)',
      '17:13: feature c depends on itself: c -> c (break the cycle)',
    ]);
    expect(
      errors(
        withFeatures(`  - { name: n_7d, kind: formula, expr: age }
  - { name: n, kind: aggregation, source: events, function: count, windows: [7d] }
  - { name: User_Id, kind: formula, expr: age }
`),
      ),
    ).toEqual([
      '16:13: the name n_7d is already used by the feature on line 15 (names are compared ignoring case, as DuckDB does)',
      '17:13: feature User_Id has the same name as the entity key user_id (rename the feature)',
    ]);
  });

  it('refuses features that can see past the as-of time', () => {
    const label = 'label: { name: churned, column: churned }\n';
    expect(
      errors(
        withFeatures(
          `  - { name: last_event, kind: column, from: events, column: event }
  - { name: leak, kind: formula, expr: "case when churned then 1 else 0 end" }
  - { name: also, kind: column, column: churned }
`,
          label,
        ),
      ),
    ).toEqual([
      "16:45: source 'events' holds events (time: ts); a plain column of it can come from after the as-of time (use an aggregation such as last over a window)",
      "17:51: 'churned' is the label: a feature computed from it leaks the answer into the training set",
      '18:41: spine column churned is the label; as a feature it leaks the answer',
    ]);
  });

  it('checks an event label: source with time, horizon, value type', () => {
    expect(
      errors(
        withFeatures(
          `  - { name: a, kind: column, column: age }\n`,
          'label: { name: buys, source: events, aggregate: sum, value: item }\n',
        ),
      ),
    ).toEqual(['14:8: an event label needs a horizon (add horizon: 7d)', '14:61: sum needs a number column, but item is VARCHAR']);
    expect(
      errors(withFeatures(`  - { name: a, kind: column, column: age }\n`, 'label: { name: buys, source: users, horizon: 7d }\n')),
    ).toEqual(["14:30: source 'users' has no time column, so nothing happens after the as-of time (add time: COLUMN to the source)"]);
  });

  it('reads a feature’s own name in its own input as the spine column it encodes', () => {
    const result = check(
      withFeatures(`  - { name: country, kind: encoding, method: frequency, input: country }
  - { name: rare_country, kind: formula, expr: country < 0.01 }
`),
    );
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.resolved!.features.map((f) => [f.name, f.deps, f.spineRefs])).toEqual([
      ['country', [], ['country']],
      ['rare_country', ['country'], []],
    ]);
  });

  it('warns about sources nothing uses', () => {
    const result = check(withFeatures(`  - { name: a, kind: column, column: age }\n`));
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => `${d.severity} ${d.message}`)).toEqual([
      "warning source 'events' is not used by any feature",
      "warning source 'users' is not used by any feature",
    ]);
  });
});
