import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { sortDiagnostics, type Diagnostic, type Range } from './diagnostics';
import { SourceMap, pathText, type Path } from './source-map';
import { didYouMean } from '../suggest';
import { FEATURE_KINDS, featureSchema, labelSchema, sourceSchema, templateSchema, type Template } from './template';

export interface ParsedTemplate {
  /** The template, when its shape is valid (there may still be warnings). */
  readonly template: Template | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly sourceMap: SourceMap;
  readonly text: string;
}

/** The keys each mapping of the language accepts, for "did you mean" on unknown keys. */
function allowedKeys(path: Path, raw: unknown): readonly string[] {
  const shape = (schema: z.ZodObject) => Object.keys(schema.shape);
  if (path.length === 0) return shape(templateSchema);
  if (path.length === 1 && path[0] === 'entity') return ['name', 'keys'];
  if (path.length === 1 && path[0] === 'spine') return ['table', 'query', 'time'];
  if (path.length === 1 && path[0] === 'label') return shape(labelSchema);
  if (path.length === 2 && path[0] === 'sources') return shape(sourceSchema);
  if (path.length === 2 && path[0] === 'features') {
    const kind = valueAt(raw, [...path, 'kind']);
    const option = featureSchema.options.find((o) => o.shape.kind.value === kind);
    return option ? Object.keys(option.shape) : [];
  }
  return [];
}

function valueAt(raw: unknown, path: Path): unknown {
  let value = raw;
  for (const step of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value}'`;
  return JSON.stringify(value);
}

const expectedLabel: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  array: 'a list',
  tuple: 'a list',
  record: 'a mapping',
};

function issueDiagnostic(issue: z.core.$ZodIssue, raw: unknown, map: SourceMap): Diagnostic {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const at = (range: Range, message: string, code: string, hint?: string, where: Path = path): Diagnostic => ({
    severity: 'error',
    code,
    message,
    range,
    path: pathText(where),
    ...(hint ? { hint } : {}),
  });
  const value = valueAt(raw, path);
  const last = path[path.length - 1];
  const lastKey = [...path].reverse().find((p) => typeof p === 'string');
  const field = lastKey ?? 'template';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const hint = didYouMean(key, allowedKeys(path, raw));
      const where = path.length === 0 ? 'the template' : pathText(path);
      return at(map.keyRange(path, key), `unknown key '${key}' in ${where}`, 'unknown_key', hint, [...path, key]);
    }
    case 'invalid_union': {
      if (last === 'kind') {
        if (value === undefined) {
          const parent = path.slice(0, -1);
          return at(map.range(parent), 'this feature has no kind', 'missing_key', `add kind: one of ${FEATURE_KINDS.join(', ')}`, parent);
        }
        const hint = typeof value === 'string' ? didYouMean(value, FEATURE_KINDS) : undefined;
        return at(
          map.range(path),
          `unknown feature kind ${describeValue(value)}`,
          'unknown_kind',
          hint ?? `kinds: ${FEATURE_KINDS.join(', ')}`,
        );
      }
      return at(map.range(path), `${field} is not valid here`, 'invalid_value');
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const hint = typeof value === 'string' ? didYouMean(value, options) : undefined;
      return at(map.range(path), `${field} must be one of ${options.join(', ')}, not ${describeValue(value)}`, 'invalid_value', hint);
    }
    case 'invalid_type': {
      if (value === undefined) {
        const parent = path.slice(0, -1);
        return at(map.range(parent), `missing ${field}`, 'missing_key', `add ${field}: ...`, path);
      }
      const wanted = expectedLabel[issue.expected] ?? issue.expected;
      return at(map.range(path), `${field} must be ${wanted}, not ${describeValue(value)}`, 'invalid_type');
    }
    case 'invalid_key': {
      const key = String(last);
      const inner = issue.issues[0]?.message ?? 'invalid name';
      return at(map.keyRange(path.slice(0, -1), key), `'${key}' is not a valid name: ${inner}`, 'invalid_name');
    }
    case 'too_small':
      if (issue.origin === 'array')
        return at(
          map.range(path),
          issue.message.startsWith('Too small') ? `${field} needs at least ${issue.minimum as number} item(s)` : issue.message,
          'too_small',
        );
      return at(map.range(path), `${field}: ${issue.message}`, 'too_small');
    case 'invalid_format':
      return at(map.range(path), `${field} ${describeValue(value)} is not valid: ${issue.message}`, 'invalid_format');
    default:
      return at(map.range(path), `${field}: ${issue.message}`, 'invalid_value');
  }
}

/**
 * Parses template text: YAML syntax first (with positions), then the language's shape. Never
 * throws on bad input; every problem comes back as a diagnostic with a line and column.
 */
export function parseTemplate(text: string): ParsedTemplate {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const map = new SourceMap(text, doc, lines);
  const diagnostics: Diagnostic[] = [];
  for (const error of doc.errors) {
    const message = error.code === 'DUPLICATE_KEY' ? 'this key is written twice in the same mapping' : error.message.split('\n')[0]!;
    diagnostics.push({ severity: 'error', code: 'yaml_syntax', message, range: map.rangeOfOffsets(error.pos[0], error.pos[1]), path: '' });
  }
  for (const warning of doc.warnings) {
    diagnostics.push({
      severity: 'warning',
      code: 'yaml_warning',
      message: warning.message.split('\n')[0]!,
      range: map.rangeOfOffsets(warning.pos[0], warning.pos[1]),
      path: '',
    });
  }
  if (diagnostics.some((d) => d.severity === 'error'))
    return { template: null, diagnostics: sortDiagnostics(diagnostics), sourceMap: map, text };
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  if (raw === null || raw === undefined || typeof raw !== 'object' || Array.isArray(raw)) {
    diagnostics.push({
      severity: 'error',
      code: 'not_a_template',
      message: 'a template is a mapping with name, entity, spine and features',
      range: map.range([]),
      path: '',
      hint: 'see docs/features.md for an example',
    });
    return { template: null, diagnostics, sourceMap: map, text };
  }
  const result = templateSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) diagnostics.push(issueDiagnostic(issue, raw, map));
    return { template: null, diagnostics: sortDiagnostics(dedupe(diagnostics)), sourceMap: map, text };
  }
  return { template: result.data, diagnostics: sortDiagnostics(diagnostics), sourceMap: map, text };
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.range.start.line}:${d.range.start.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
