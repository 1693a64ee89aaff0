import { describe, expect, it } from 'vitest';
import { checkTemplateText } from './index';
import { featureLogicVersions, logicVersion } from './logic-version';
import { parseTemplate } from './parse';
import { CATALOG } from './testing';
import { sha256Hex } from './sha256';

const version = (text: string) => {
  const parsed = parseTemplate(text);
  if (!parsed.template) throw new Error(JSON.stringify(parsed.diagnostics));
  return logicVersion(parsed.template);
};

const BLOCK = `name: churn
description: Churn features
owner: growth
entity:
  name: user
  keys: [user_id]
spine:
  table: ods.spine
  time: as_of
sources:
  events: { table: ods.events, time: ts }
features:
  - name: clicks
    kind: aggregation
    source: events
    function: count
    windows: [7d, 30d]
    filter: "event = 'click'"
  - name: share
    kind: formula
    expr: safe_div(clicks_7d, clicks_30d)
`;

// The same logic: flow style, other key order, comments, spacing in expressions, other documentation.
const REFORMATTED = `# Reformatted by hand
features:
  - { kind: aggregation, name: clicks, function: count, source: events, filter: "event='click'", windows: [7d, 30d] }
  - { expr: "SAFE_DIV( clicks_7d , clicks_30d )", kind: formula, name: share, description: share of recent clicks }
spine: { time: as_of, table: ods.spine }
entity: { keys: [user_id], name: customer }
sources:
  events:
    time: ts     # event time
    table: ods.events
name: churn
owner: someone else
`;

describe('the logic version of a template', () => {
  it('is 12 hex digits that ignore formatting, key order, comments and documentation', () => {
    expect(version(BLOCK)).toMatch(/^[0-9a-f]{12}$/);
    expect(version(REFORMATTED)).toBe(version(BLOCK));
  });

  it('changes when what the template computes changes', () => {
    const v = version(BLOCK);
    expect(version(BLOCK.replace('[7d, 30d]', '[7d, 90d]'))).not.toBe(v);
    expect(version(BLOCK.replace("event = 'click'", "event = 'view'"))).not.toBe(v);
    expect(version(BLOCK.replace('safe_div(clicks_7d, clicks_30d)', 'safe_div(clicks_30d, clicks_7d)'))).not.toBe(v);
    expect(version(BLOCK.replace('keys: [user_id]', 'keys: [account_id]'))).not.toBe(v);
  });
});

describe('the logic version of each feature', () => {
  const versions = (text: string) => featureLogicVersions(checkTemplateText(text, CATALOG).resolved!);

  it('changes for the edited feature and the features that use it, not for the others', () => {
    const before = versions(BLOCK);
    expect(Object.keys(before)).toEqual(['clicks_7d', 'clicks_30d', 'share']);
    expect(versions(REFORMATTED)).toEqual(before);
    const after = versions(BLOCK.replace('[7d, 30d]', '[7d, 90d]').replace('clicks_30d)', 'clicks_90d)'));
    expect(after.clicks_7d).toBe(before.clicks_7d);
    expect(after.share).not.toBe(before.share);
    const refiltered = versions(BLOCK.replace("event = 'click'", "event = 'buy'"));
    expect(refiltered.clicks_7d).not.toBe(before.clicks_7d);
  });
});

describe('sha256', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(sha256Hex('é'.repeat(100))).toBe(sha256Hex('é'.repeat(100)));
  });
});
