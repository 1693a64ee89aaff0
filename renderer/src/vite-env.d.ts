// Module shapes that Vite provides at build time (the renderer's tsconfig loads no vite/client types).

declare module '*?worker' {
  const WorkerFactory: new (options?: { name?: string }) => Worker;
  export { WorkerFactory as default };
}

declare module 'monaco-editor/languages/definitions/sql/sql' {
  import type { languages } from 'monaco-editor/editor/editor.api';
  export const conf: languages.LanguageConfiguration;
  export const language: languages.IMonarchLanguage & { keywords: string[]; builtinFunctions: string[] };
}
