import { useEffect, useRef } from 'react';
import { useLode, useLodeStore } from '../../app/store-context';
import type { SpaceCheck } from '../../store/search-slice';
import { editorOptions, monaco, monacoTheme, YAML_LANGUAGE } from '../features/yaml-setup';

/** Outside the feature templates' folder, so their schema does not judge a search space. */
const SPACE_URI_PREFIX = 'file:///search-spaces/';
let nextModel = 1;

/** The host's problems as markers from their line and column to the end of the word there. */
function spaceMarkers(model: monaco.editor.ITextModel, check: SpaceCheck): monaco.editor.IMarkerData[] {
  return check.problems.map((p) => {
    const line = Math.min(Math.max(1, p.line), model.getLineCount());
    const column = Math.min(Math.max(1, p.column), model.getLineMaxColumn(line));
    const word = model.getWordAtPosition({ lineNumber: line, column });
    return {
      severity: monaco.MarkerSeverity.Error,
      message: p.hint ? `${p.message} (${p.hint})` : p.message,
      startLineNumber: line,
      startColumn: column,
      endLineNumber: line,
      // A zero-width range would be invisible.
      endColumn: Math.max(column + 1, word?.endColumn ?? 0),
    };
  });
}

/**
 * Monaco with the YAML setup of the Features section; the text is the parent's, and the host's
 * check of it (search.checkSpace) arrives as markers.
 */
export function SearchSpaceEditor({ value, onChange }: { value: string; onChange: (text: string) => void }) {
  const store = useLodeStore();
  const theme = useLode((s) => s.theme);
  const check = useLode((s) => s.searchSpaceCheck);
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);
  const initial = useRef(value);

  useEffect(() => {
    if (!host.current) return;
    const model = monaco.editor.createModel(
      initial.current,
      YAML_LANGUAGE,
      monaco.Uri.parse(`${SPACE_URI_PREFIX}space-${nextModel++}.yaml`),
    );
    const editor = monaco.editor.create(host.current, editorOptions(store.getState().theme, 'Search space editor (YAML)', { model }));
    editorRef.current = editor;
    const changes = editor.onDidChangeModelContent(() => onChangeRef.current(editor.getValue()));
    return () => {
      changes.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
  }, [store]);

  // A new default (another algorithm or strategy) replaces the text from outside.
  useEffect(() => {
    const editor = editorRef.current;
    if (editor && editor.getValue() !== value) editor.setValue(value);
  }, [value]);

  useEffect(() => {
    monaco.editor.setTheme(monacoTheme(theme));
  }, [theme]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    // Markers belong to the text they were computed for; stale ones would point at the wrong place.
    const current = check && check.space === model.getValue() ? spaceMarkers(model, check) : [];
    monaco.editor.setModelMarkers(model, 'lode-search', current);
  }, [check, value]);

  return <div ref={host} className="search-space-editor" data-testid="search-space-editor" />;
}
