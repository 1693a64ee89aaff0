import { ExprSyntaxError } from './expr/lexer';
import { parseExpr } from './expr/parser';
import { canonicalText } from './expr/print';
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
