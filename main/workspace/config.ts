import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, LineCounter, parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import { LodeError } from '../../shared/errors';
import { CONFIG_FILE, WORKSPACE_FORMAT } from './layout';

export const workspaceConfig = z
  .object({
    format: z.number().int().min(1),
    name: z.string().min(1),
    created_at: z.string().min(1),
    settings: z.record(z.string(), z.unknown()).default({}),
    remotes: z.record(z.string(), z.object({ url: z.string().url() }).loose()).default({}),
  })
  .loose();
export type WorkspaceConfig = z.infer<typeof workspaceConfig>;

export function renderConfig(config: WorkspaceConfig): string {
  return `# Lode workspace settings. Never put secrets here: they live in the OS keychain or the environment.\n${stringify(config)}`;
}

const fixHint = 'Fix the file by hand or restore it from version control, then open the workspace again.';

/** Reads lode.yaml, reporting any problem with the line and column where it is. */
export async function readConfig(dir: string): Promise<WorkspaceConfig> {
  const file = join(dir, CONFIG_FILE);
  const text = await readFile(file, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = syntax.linePos?.[0];
    throw new LodeError('corrupt_config', `${file} is not valid YAML: ${syntax.message.split('\n')[0]}`, {
      file,
      ...(pos ? { line: pos.line, column: pos.col } : {}),
      hint: fixHint,
    });
  }
  if (!isMap(doc.contents)) {
    throw new LodeError('corrupt_config', `${file} must be a mapping of settings (format, name, ...).`, {
      file,
      line: 1,
      column: 1,
      hint: fixHint,
    });
  }
  const parsed = workspaceConfig.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const node = doc.getIn(issue.path as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    const pos = node?.range ? lines.linePos(node.range[0]) : undefined;
    const field = issue.path.join('.');
    throw new LodeError('corrupt_config', `${file}: field '${field}': ${issue.message}`, {
      file,
      field,
      ...(pos ? { line: pos.line, column: pos.col } : {}),
      hint: fixHint,
    });
  }
  if (parsed.data.format > WORKSPACE_FORMAT) {
    throw new LodeError(
      'newer_format',
      `${dir} was written by a newer Lode (workspace format ${parsed.data.format}; this Lode reads format ${WORKSPACE_FORMAT} and older).`,
      { file, field: 'format', hint: 'Update Lode to open it; nothing was changed.' },
    );
  }
  return parsed.data;
}
