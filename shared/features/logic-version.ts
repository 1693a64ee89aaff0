import { ExprSyntaxError } from './expr/lexer';
import { parseExpr } from './expr/parser';
import { canonicalText } from './expr/print';
import type { ResolvedTemplate } from './model';
import { sha256Hex } from './sha256';
import type { Template } from './template';

/** Keys that document a template without changing what it computes. */
const DOCUMENTATION = new Set(['description', 'owner']);

/** Keys whose values are expressions: compared by meaning, so `a>=4` and `a >= 4` are one logic. */
const EXPRESSIONS = new Set(['filter', 'expr', 'numerator', 'denominator', 'input', 'inputs']);

function normalizeExpression(text: string): string {
  try {
    return canonicalText(parseExpr(text));
  } catch (err) {
    if (err instanceof ExprSyntaxError) return text.trim();
    throw err;
  }
}

function normalize(value: unknown, key: string | null): unknown {
  if (key !== null && EXPRESSIONS.has(key)) {
    if (typeof value === 'string') return normalizeExpression(value);
    if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'string' ? normalizeExpression(v) : v));
  }
  if (Array.isArray(value)) return value.map((v: unknown) => normalize(v, null));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      if (DOCUMENTATION.has(k)) continue;
      // The entity's name is a label for people; keys are what join.
      if (key === 'entity' && k === 'name') continue;
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = normalize(v, k);
    }
    return out;
  }
  return value;
}

/**
 * The normalized template: documentation dropped, expressions in canonical form, keys sorted. Two
 * templates that compute the same thing, however they are formatted, normalize to the same text.
 */
export function normalizedTemplate(template: Template): string {
  return JSON.stringify(normalize(template, null));
}

/** The template's logic version: the first 12 hex digits of the SHA-256 of its normalized form. */
export function logicVersion(template: Template): string {
  return sha256Hex(normalizedTemplate(template)).slice(0, 12);
}

/**
 * A logic version per feature, for the registry: what the feature reads and computes (its
 * definition, the sources and spine columns it reads, the entity keys, the as-of column and the
 * versions of the features it uses), so editing one feature re-versions it and its dependants only.
 */
export function featureLogicVersions(t: ResolvedTemplate): Record<string, string> {
  const versions: Record<string, string> = {};
  const template = t.template;
  for (const f of t.features) {
    const written = template.features[f.index]!;
    // One of several windows is its own feature: clicks_7d does not change when 30d becomes 90d.
    const def =
      f.kind === 'aggregation' && written.kind === 'aggregation' ? { ...written, windows: undefined, window: f.window.text } : written;
    const sourceNames = [...new Set(['source' in def ? def.source : undefined, def.kind === 'column' ? def.from : undefined])].filter(
      (n): n is string => n !== undefined,
    );
    const readsSpine =
      f.spineRefs.length > 0 || (f.kind === 'column' && f.source === null) || f.kind === 'time_part' || f.kind === 'days_since_column';
    const payload = {
      name: f.name,
      definition: normalize(def, null),
      sources: Object.fromEntries(sourceNames.map((n) => [n, normalize(template.sources?.[n], null)])),
      entity: template.entity.keys,
      asOf: template.spine.time,
      spine: readsSpine ? normalize({ table: template.spine.table, query: template.spine.query }, null) : null,
      uses: Object.fromEntries(f.deps.map((d) => [d, versions[d]])),
    };
    versions[f.name] = sha256Hex(JSON.stringify(payload)).slice(0, 12);
  }
  return versions;
}
