import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { LodeError } from '../../shared/errors';
import type { Workspace } from '../workspace/workspace';

/** A template path as given: absolute, or relative to the workspace folder (`features/NAME.yaml`). */
export function templateFile(workspace: Workspace, templatePath: string): string {
  return isAbsolute(templatePath) ? templatePath : resolve(workspace.path, templatePath);
}

export async function readTemplateFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new LodeError(code === 'ENOENT' ? 'not_found' : 'bad_input', `cannot read ${file}: ${(err as Error).message}`, {
      file,
      ...(code === 'ENOENT' ? { hint: 'Check the path; templates usually live in features/NAME.yaml.' } : {}),
    });
  }
}
