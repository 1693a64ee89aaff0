import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LodeError } from '../../../shared/errors';
import { type RunCurves, type RunImportance, runCurves, runImportance } from '../../../shared/services/training';

/** curves.json and importance.json of a finished run folder, checked against the contract. */
export async function readRunArtifacts(folder: string): Promise<{ curves: RunCurves; importance: RunImportance | null }> {
  const curves = runCurves.safeParse(await readJson(folder, 'curves.json'));
  if (!curves.success) {
    throw new LodeError(
      'corrupt_config',
      `curves.json in ${folder} does not have the expected shape: ${curves.error.issues[0]?.message ?? ''}`,
      {
        file: join(folder, 'curves.json'),
        hint: 'The run folder was changed by hand or by another tool; re-run the run to write it again.',
      },
    );
  }
  const rawImportance = await readJson(folder, 'importance.json', true);
  const importance = rawImportance === undefined ? null : runImportance.safeParse(rawImportance);
  return { curves: curves.data, importance: importance?.success ? importance.data : null };
}

async function readJson(folder: string, name: string, optional = false): Promise<unknown> {
  const file = join(folder, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (optional && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LodeError('not_found', `the run folder has no ${name}.`, { file, hint: 'Re-run the run to write its artifacts again.' });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new LodeError('corrupt_config', `${name} is not valid JSON.`, { file, hint: 'Re-run the run to write it again.' });
  }
}
