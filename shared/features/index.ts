/**
 * The feature-template language: parse YAML with positions, check it against the workspace's
 * schemas, compile it to point-in-time-correct DuckDB SQL (batch and online). Pure TypeScript.
 */
import { checkTemplate } from './check';
import type { Diagnostic } from './diagnostics';
import { hasErrors } from './diagnostics';
import type { CheckResult, SchemaCatalog } from './model';
import { parseTemplate } from './parse';

export { checkTemplate } from './check';
export { compileBatch, compileOnline, fitQueries, unfittedEncodings } from './compile';
export type { BatchOptions, CompiledOnline, CompiledQuery, FitQuery, OnlineParam, OutputColumn } from './compile';
export { formatDiagnostic, hasErrors, sortDiagnostics } from './diagnostics';
export type { Diagnostic, Position, Range, Severity } from './diagnostics';
export { FUNCTIONS } from './expr/functions';
export { featureTemplateJsonSchema, JSON_SCHEMA_PATH } from './json-schema';
export { featureLogicVersions, logicVersion, normalizedTemplate } from './logic-version';
export type {
  CheckResult,
  Column,
  ColumnInfo,
  ResolvedFeature,
  ResolvedLabel,
  ResolvedSource,
  ResolvedTemplate,
  SchemaCatalog,
} from './model';
export { parseTemplate } from './parse';
export type { ParsedTemplate } from './parse';
export { templateSchema } from './template';
export type { FeatureDef, LabelDef, SourceDef, Template } from './template';
export type { Vocabularies, Vocabulary } from './vocabulary';

/** Parse and check in one step: what the editor runs on every keystroke. */
export function checkTemplateText(
  text: string,
  catalog: SchemaCatalog,
): CheckResult & { readonly ok: boolean; readonly diagnostics: readonly Diagnostic[] } {
  const result = checkTemplate(parseTemplate(text), catalog);
  return { ...result, ok: !hasErrors(result.diagnostics) && result.resolved !== null };
}
