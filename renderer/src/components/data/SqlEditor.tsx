import { useEffect, useRef } from 'react';
import { useLode, useLodeStore } from '../../app/store-context';
import type { EditorOrigin, SqlError } from '../../store/sql-slice';
import { editorOptions, monaco, monacoTheme, registerCompletions, SQL_LANGUAGE } from './monaco-setup';

/** What the console asks of the editor. */
export interface SqlEditorApi {
  /** The selection when there is one, else everything, with where it starts. */
  runText(): { sql: string; origin: EditorOrigin };
  setText(text: string): void;
  focus(): void;
}

/** Monaco with DuckDB highlighting and completions; Ctrl+Enter runs, errors show as markers. */
export function SqlEditor({ onRun, onReady, error }: { onRun: () => void; onReady: (api: SqlEditorApi) => void; error: SqlError | null }) {
  const store = useLodeStore();
  const theme = useLode((s) => s.theme);
  const setSqlText = useLode((s) => s.setSqlText);
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const onRunRef = useRef(onRun);
  useEffect(() => {
    onRunRef.current = onRun;
  });

  useEffect(() => {
    if (!host.current) return;
    const editor = monaco.editor.create(
      host.current,
      editorOptions(store.getState().theme, 'SQL editor. Ctrl+Enter runs the selection or everything.', {
        value: store.getState().sqlText,
        language: SQL_LANGUAGE,
        // Aliases and CTE names come from sqlCompletions, which knows SQL, rather than from any word.
        wordBasedSuggestions: 'off',
      }),
    );
    editorRef.current = editor;
    const completions = registerCompletions(() => store.getState().tables);
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => onRunRef.current());
    const changes = editor.onDidChangeModelContent(() => {
      setSqlText(editor.getValue());
      const model = editor.getModel();
      if (model) monaco.editor.setModelMarkers(model, 'lode', []);
    });
    onReady({
      runText() {
        const model = editor.getModel();
        const selection = editor.getSelection();
        if (model && selection && !selection.isEmpty()) {
          return { sql: model.getValueInRange(selection), origin: { line: selection.startLineNumber, column: selection.startColumn } };
        }
        return { sql: editor.getValue(), origin: { line: 1, column: 1 } };
      },
      setText(text) {
        editor.setValue(text);
        editor.focus();
      },
      focus: () => editor.focus(),
    });
    editor.focus();
    return () => {
      changes.dispose();
      completions.dispose();
      editor.dispose();
      editorRef.current = null;
    };
  }, [store, setSqlText, onReady]);

  useEffect(() => {
    monaco.editor.setTheme(monacoTheme(theme));
  }, [theme]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    if (!error?.at || error.at.line > model.getLineCount()) return monaco.editor.setModelMarkers(model, 'lode', []);
    const { line, column } = error.at;
    const word = model.getWordAtPosition({ lineNumber: line, column });
    const end = word && word.startColumn <= column ? word.endColumn : Math.min(column + 1, model.getLineMaxColumn(line));
    monaco.editor.setModelMarkers(model, 'lode', [
      {
        severity: monaco.MarkerSeverity.Error,
        message: error.message,
        startLineNumber: line,
        startColumn: column,
        endLineNumber: line,
        endColumn: Math.max(end, column + 1),
      },
    ]);
    editorRef.current?.revealPositionInCenterIfOutsideViewport({ lineNumber: line, column });
  }, [error]);

  return <div ref={host} className="sql-editor" data-testid="sql-editor" />;
}
