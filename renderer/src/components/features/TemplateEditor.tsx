import { useEffect, useRef } from 'react';
import { useLode, useLodeStore } from '../../app/store-context';
import {
  editorOptions,
  monaco,
  monacoTheme,
  registerTemplateCompletions,
  TEMPLATE_URI_PREFIX,
  toMonacoMarkers,
  YAML_LANGUAGE,
} from './yaml-setup';

/** How long typing must pause before the template is checked against the workspace. */
const CHECK_DELAY_MS = 400;

/**
 * Monaco with monaco-yaml: the language's JSON Schema gives validation, completion and hover docs;
 * the compiler's findings (unknown columns, types, leakage, cycles) arrive as markers after a pause.
 * `key` the component by template so that each template gets a fresh model.
 */
export function TemplateEditor({ uri }: { uri: string }) {
  const store = useLodeStore();
  const theme = useLode((s) => s.theme);
  const markers = useLode((s) => s.featureMarkers);
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const { featureText, setFeatureText, checkFeatureText } = store.getState();
    const model = monaco.editor.createModel(featureText, YAML_LANGUAGE, monaco.Uri.parse(`${TEMPLATE_URI_PREFIX}${uri}`));
    const editor = monaco.editor.create(host.current, editorOptions(store.getState().theme, 'Feature template editor (YAML)', { model }));
    editorRef.current = editor;
    const completions = registerTemplateCompletions(() => store.getState().tables);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changes = editor.onDidChangeModelContent(() => {
      setFeatureText(editor.getValue());
      clearTimeout(timer);
      timer = setTimeout(() => void checkFeatureText(), CHECK_DELAY_MS);
    });
    void checkFeatureText();
    editor.focus();
    return () => {
      clearTimeout(timer);
      changes.dispose();
      completions.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
  }, [store, uri]);

  useEffect(() => {
    monaco.editor.setTheme(monacoTheme(theme));
  }, [theme]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) monaco.editor.setModelMarkers(model, 'lode', toMonacoMarkers(markers));
  }, [markers]);

  return <div ref={host} className="template-editor" data-testid="template-editor" />;
}
