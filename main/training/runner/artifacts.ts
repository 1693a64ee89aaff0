import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LodeError } from '../../../shared/errors';
import { type RunCurves, type RunImportance, runCurves, runImportance } from '../../../shared/services/training';

/** curves.json and importance.json of a finished run folder, checked against the contract. */
export async function readRunArtifacts(folder: string): Promise<{ curves: RunCurves; importance: RunImportance | null }> {
  const curves = runCurves.safeParse(fromEarlierFormat(await readJson(folder, 'curves.json')));
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

/**
 * Runs trained before curves.json followed the contract wrote JSON nulls where a number was
 * infinite or undefined: the ROC curve's first threshold (+Infinity) and the rates of empty lift
 * groups and calibration bins. Read them as runs write them now (largest double; empty groups left
 * out), so their charts still show.
 */
function fromEarlierFormat(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const doc = { ...(raw as Record<string, unknown>) };
  for (const name of ['roc', 'pr', 'ks']) {
    const curve = doc[name] as { threshold?: unknown } | undefined;
    if (curve && Array.isArray(curve.threshold)) {
      doc[name] = { ...curve, threshold: curve.threshold.map((t: unknown) => (t === null ? Number.MAX_VALUE : t)) };
    }
  }
  for (const name of ['lift', 'calibration']) {
    const rows = doc[name];
    if (Array.isArray(rows))
      doc[name] = rows.filter((row: unknown) => typeof row === 'object' && row !== null && !Object.values(row).includes(null));
  }
  return doc;
}
