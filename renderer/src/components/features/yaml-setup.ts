// The SQL console's Monaco setup first (themes, core contributions, its worker hook), so that the
// worker hook below, which serves both editors, is the one that stays.
import { monaco } from '../data/monaco-setup';
import { configureMonacoYaml, type JSONSchema } from 'monaco-yaml';
import { conf, language } from 'monaco-editor/languages/definitions/yaml/yaml';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import YamlWorker from 'monaco-yaml/yaml.worker?worker';
import schemaJson from '../../../../resources/schemas/feature-template.schema.json';
import type { TemplateMarker } from '../../../../shared/services/features';

export { monaco };
export const YAML_LANGUAGE = 'yaml';
/** Template models live under this folder so that the schema's fileMatch finds them. */
export const TEMPLATE_URI_PREFIX = 'file:///features/';

// Both workers are files of the bundle, so `worker-src 'self'` allows them (no blob, no eval).
self.MonacoEnvironment = {
  getWorker: (_moduleId: string, label: string) =>
    label === 'yaml' ? new YamlWorker({ name: 'monaco-yaml' }) : new EditorWorker({ name: 'monaco-editor' }),
};

// The published schema (generated from the parser's own definition, checked by json-schema.test.ts);
// TypeScript types the JSON file by its literal shape, which optional keys make unlike JSONSchema.
const schema: unknown = schemaJson;

configureMonacoYaml(monaco, {
  // Offline: the schema is bundled, never fetched.
  enableSchemaRequest: false,
  format: { enable: false },
  schemas: [
    {
      uri: 'https://lode.local/schemas/feature-template.schema.json',
      fileMatch: [`${TEMPLATE_URI_PREFIX}*`],
      schema: schema as JSONSchema,
    },
  ],
});
monaco.languages.setLanguageConfiguration(YAML_LANGUAGE, conf);
monaco.languages.setMonarchTokensProvider(YAML_LANGUAGE, language);

/** The compiler's findings as Monaco markers (its own owner, beside the schema's). */
export function toMonacoMarkers(markers: readonly TemplateMarker[]): monaco.editor.IMarkerData[] {
  return markers.map((m) => ({
    severity: m.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: m.hint ? `${m.message} (${m.hint})` : m.message,
    code: m.code,
    startLineNumber: m.line,
    startColumn: m.column,
    endLineNumber: m.endLine,
    // A zero-width range would be invisible.
    endColumn: m.endLine === m.line && m.endColumn <= m.column ? m.column + 1 : m.endColumn,
  }));
}
