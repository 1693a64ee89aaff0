// The SQL console's Monaco setup: themes, core contributions and the editor worker hook. The YAML
// worker is a file of the bundle too, so `worker-src 'self'` allows it (no blob, no eval).
import { editorOptions, monaco, monacoTheme } from '../data/monaco-setup';
import { configureMonacoYaml, type JSONSchema } from 'monaco-yaml';
import { conf, language } from 'monaco-editor/languages/definitions/yaml/yaml';
import YamlWorker from 'monaco-yaml/yaml.worker?worker';
import schemaJson from '../../../../resources/schemas/feature-template.schema.json';
import type { TableInfo } from '../../../../shared/services/data/tables';
import type { TemplateMarker } from '../../../../shared/services/features';
import { templateCompletions } from './template-completions';

export { editorOptions, monaco, monacoTheme };
export const YAML_LANGUAGE = 'yaml';
/** Template models live under this folder so that the schema's fileMatch finds them. */
export const TEMPLATE_URI_PREFIX = 'file:///features/';

// The published schema (generated from the parser's own definition, checked by json-schema.test.ts);
// TypeScript types the JSON file by its literal shape, which optional keys make unlike JSONSchema.
const schema: unknown = schemaJson;

interface LegacyWorkerOptions {
  readonly createData: unknown;
}

/**
 * monaco-yaml 5 asks Monaco for its worker the pre-0.55 way (`createWebWorker({ label, createData })`),
 * which Monaco 0.57 replaced by `createWebWorker({ worker })` with the create data as the worker's
 * first message. monaco-worker-manager's worker side spends one message on installing Monaco's
 * handler before that handler reads the create data, hence the data is posted twice.
 */
const yamlMonaco = {
  ...monaco,
  editor: {
    ...monaco.editor,
    createWebWorker: (options: LegacyWorkerOptions) => {
      const worker = new YamlWorker({ name: 'monaco-yaml' });
      worker.postMessage(options.createData);
      worker.postMessage(options.createData);
      return monaco.editor.createWebWorker({ worker });
    },
  },
} as unknown as typeof monaco;

configureMonacoYaml(yamlMonaco, {
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

/** Completes table names and the columns of the tables a template reads, from the workspace as it is now. */
export function registerTemplateCompletions(tables: () => readonly TableInfo[]): monaco.IDisposable {
  return monaco.languages.registerCompletionItemProvider(YAML_LANGUAGE, {
    triggerCharacters: [' ', '.', '[', ','],
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const lineBefore = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      // A table name includes its dot: replace from the start of `layer.`.
      const start = /[\w.]*$/.exec(lineBefore)?.[0].length ?? 0;
      const items = templateCompletions(lineBefore, model.getValue(), tables());
      return {
        suggestions: items.map((c, i) => ({
          label: c.label,
          kind: c.kind === 'table' ? monaco.languages.CompletionItemKind.Struct : monaco.languages.CompletionItemKind.Field,
          detail: c.detail,
          insertText: c.label,
          range: new monaco.Range(
            position.lineNumber,
            c.kind === 'table' ? position.column - start : word.startColumn,
            position.lineNumber,
            word.endColumn,
          ),
          sortText: `a${String(i).padStart(5, '0')}`,
        })),
      };
    },
  });
}
