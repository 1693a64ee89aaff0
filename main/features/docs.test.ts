import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTemplateText, compileBatch, compileOnline, formatDiagnostic, unfittedEncodings } from '../../shared/features';
import { CATALOG, HEAD } from '../../shared/features/testing';

/** Features the reference's fragments refer to, added when a fragment does not define them itself. */
const PRELUDE = [
  `- { name: clicks, kind: aggregation, source: events, function: count, windows: [7d, 30d], filter: "event = 'click'" }`,
  `- { name: views_30d, kind: aggregation, source: events, function: count, window: 30d, filter: "event = 'view'" }`,
  `- { name: plan, kind: column, from: users, column: plan }`,
];

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

function asTemplate(block: string): string {
  if (block.startsWith('name:')) return block;
  const defined = new Set([...block.matchAll(/name: (\w+)/g)].map((m) => m[1]));
  const prelude = PRELUDE.filter((p) => !defined.has(/name: (\w+)/.exec(p)![1])).join('\n');
  if (block.startsWith('label:')) return `${HEAD}${block}features:\n${indent(prelude)}\n`;
  return `${HEAD}features:\n${indent(block)}\n${indent(prelude)}\n`;
}

describe('the language reference (docs/features.md)', () => {
  it('has examples that all check and compile', async () => {
    const text = await readFile(join(import.meta.dirname, '..', '..', 'docs', 'features.md'), 'utf8');
    const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(11);
    for (const block of blocks) {
      const result = checkTemplateText(asTemplate(block), CATALOG);
      const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d));
      expect(errors, block).toEqual([]);
      const resolved = result.resolved!;
      const vocabularies = Object.fromEntries(
        unfittedEncodings(resolved).map((n) => [n, { values: ['a', 'b'], counts: [2, 1], total: 3 }]),
      );
      expect(compileBatch(resolved, { vocabularies }).sql).toMatch(/^WITH\n/);
      expect(compileOnline(resolved, vocabularies).sql).toMatch(/^WITH\n/);
    }
  });
});
