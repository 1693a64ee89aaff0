import { ESLint } from 'eslint';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
// Type information is not needed for import rules, and lets the files below exist only as text.
const eslint = new ESLint({ cwd: root, overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], ...tseslint.configs.disableTypeChecked }] });

/** The layer rule errors (no-restricted-imports) for a file with the given text at the given path. */
async function layerErrors(path: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: join(root, path) });
  const fatal = result!.messages.find((m) => m.fatal);
  if (fatal) throw new Error(fatal.message);
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' && m.severity === 2).map((m) => m.message);
}

describe('the layer rules of DESIGN.md are lint errors', () => {
  it('keep shared/ free of Node, Electron and the other layers', async () => {
    expect(await layerErrors('shared/x.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n")).toHaveLength(1);
    expect(await layerErrors('shared/x.ts', "import { Host } from '../main/host/host';\nexport const h = Host;\n")).toHaveLength(1);
    expect(await layerErrors('shared/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toHaveLength(0);
  });

  it('keep electron inside main/app and renderer away from main', async () => {
    expect(await layerErrors('main/host/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await layerErrors('main/app/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(0);
    expect(await layerErrors('renderer/src/x.ts', "import { Host } from '../../main/host/host';\nexport const h = Host;\n")).toHaveLength(
      1,
    );
    expect(await layerErrors('main/host/x.ts', "import { App } from '../../renderer/src/app/App';\nexport const a = App;\n")).toHaveLength(
      1,
    );
  });

  it('keep DuckDB and Electron out of the model server', async () => {
    expect(
      await layerErrors('main/serving/x.ts', "import { DuckDBInstance } from '@duckdb/node-api';\nexport const d = DuckDBInstance;\n"),
    ).toHaveLength(1);
  });
});
