// Only the editor API and the few contributions the console uses, not `monaco-editor`'s main entry
// (every language, the TypeScript worker): the console stays a small lazy chunk.
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/wordOperations/register';
import { conf, language } from 'monaco-editor/languages/definitions/sql/sql';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { TableInfo } from '../../../../shared/services/data/tables';
import { duckdbFunctions, duckdbKeywords, sqlCompletions, type CompletionKind } from '../../data/sql-completions';

export { monaco };
export const SQL_LANGUAGE = 'duckdb';

/** Lode's Monaco theme for the app's light or dark theme. */
export function monacoTheme(theme: 'light' | 'dark'): string {
  return theme === 'dark' ? 'lode-dark' : 'lode-light';
}

/** The options every Lode editor shares (SQL console, feature templates, search spaces). */
export function editorOptions(
  theme: 'light' | 'dark',
  ariaLabel: string,
  extra: monaco.editor.IStandaloneEditorConstructionOptions = {},
): monaco.editor.IStandaloneEditorConstructionOptions {
  return {
    theme: monacoTheme(theme),
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    lineNumbersMinChars: 3,
    scrollBeyondLastLine: false,
    fixedOverflowWidgets: true,
    tabSize: 2,
    renderLineHighlight: 'line',
    ariaLabel,
    ...extra,
  };
}

// The worker is a file of the bundle, so `worker-src 'self'` allows it (no blob, no eval).
self.MonacoEnvironment = { getWorker: () => new EditorWorker({ name: 'monaco-editor' }) };

monaco.languages.register({ id: SQL_LANGUAGE, aliases: ['DuckDB SQL'], extensions: ['.sql'] });
monaco.languages.setLanguageConfiguration(SQL_LANGUAGE, conf);
monaco.languages.setMonarchTokensProvider(SQL_LANGUAGE, {
  ...language,
  keywords: [...new Set([...language.keywords, ...duckdbKeywords])],
  builtinFunctions: [...new Set([...language.builtinFunctions, ...duckdbFunctions.map((f) => f.toUpperCase())])],
});

// Colours follow the app's themes (renderer/src/styles/theme.css).
monaco.editor.defineTheme('lode-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#ffffff', 'editorGutter.background': '#f5f6f8', 'editorLineNumber.foreground': '#868e99' },
});
monaco.editor.defineTheme('lode-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#1c1f24', 'editorGutter.background': '#181a1e', 'editorLineNumber.foreground': '#6e7681' },
});

const kinds: Record<CompletionKind, monaco.languages.CompletionItemKind> = {
  layer: monaco.languages.CompletionItemKind.Module,
  table: monaco.languages.CompletionItemKind.Struct,
  column: monaco.languages.CompletionItemKind.Field,
  name: monaco.languages.CompletionItemKind.Variable,
  keyword: monaco.languages.CompletionItemKind.Keyword,
  function: monaco.languages.CompletionItemKind.Function,
};

/** Completes `layer.table` names and columns from the workspace's tables as they are now. */
export function registerCompletions(tables: () => readonly TableInfo[]): monaco.IDisposable {
  return monaco.languages.registerCompletionItemProvider(SQL_LANGUAGE, {
    triggerCharacters: ['.'],
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const before = model.getValueInRange(new monaco.Range(1, 1, position.lineNumber, position.column));
      return {
        suggestions: sqlCompletions(before, model.getValue(), tables()).map((c, i) => ({
          label: c.label,
          kind: kinds[c.kind],
          detail: c.detail,
          insertText: c.insertText,
          range,
          // Tables and columns before keywords, in the order given.
          sortText: `${c.kind === 'keyword' || c.kind === 'function' ? 'z' : 'a'}${String(i).padStart(5, '0')}`,
        })),
      };
    },
  });
}
