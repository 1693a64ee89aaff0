import { readFile } from 'node:fs/promises';
import { LodeError } from '../../../shared/errors';

/** The setting that caps a training worker's memory, in megabytes. */
export const MEMORY_SETTING = 'LODE_WORKER_MEMORY_MB';

const MIN_MB = 16;
const MAX_MB = 1 << 20;

/**
 * The memory limit of training workers from the environment, or null for none. Read when a run
 * starts, so a bad value fails the run before any work, like a bad parameter.
 */
export function workerMemoryLimitMb(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env[MEMORY_SETTING]?.trim();
  if (raw === undefined || raw === '') return null;
  const mb = Number(raw);
  if (!Number.isInteger(mb) || mb < MIN_MB || mb > MAX_MB) {
    throw new LodeError('bad_input', `${MEMORY_SETTING}=${raw} is not a whole number of megabytes from ${MIN_MB} to ${MAX_MB}.`, {
      field: MEMORY_SETTING,
      hint: 'Set the most memory one training worker may use, such as 4096, or unset it for no limit.',
    });
  }
  return mb;
}

/** Resident memory of a process in megabytes (Linux /proc), or null where it cannot be read. */
export async function residentMb(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const kb = status ? /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] : undefined;
  return kb === undefined ? null : Number(kb) / 1024;
}

const OUT_OF_MEMORY =
  /heap out of memory|Array buffer allocation failed|Out of Memory Error|Invalid typed array length|Cannot allocate memory|std::bad_alloc/i;

/** Whether an error or a line of output says that memory ran out (V8, typed arrays, DuckDB, native code). */
export function saysOutOfMemory(text: string): boolean {
  return OUT_OF_MEMORY.test(text);
}

export function outOfMemoryError(limitMb: number | null, detail: string): LodeError {
  return new LodeError(
    'internal',
    `The training worker ran out of memory${limitMb === null ? '' : ` (limit ${limitMb} MB, ${MEMORY_SETTING})`}: ${detail}.`,
    {
      hint: `${limitMb === null ? `Free memory, or set ${MEMORY_SETTING} to bound it` : `Raise ${MEMORY_SETTING}`}; or train on fewer rows or columns (a sampled snapshot), or with a smaller model (max_bin, hidden_layers).`,
    },
  );
}
