import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunInfo, runInfo } from '../../../shared/services/training';
import { readdirOrEmpty } from '../../data/snapshot-layout';
import { writeFileAtomic } from '../../workspace/atomic';

/*
 * On disk (DESIGN.md, "Workspace on disk"):
 *
 *   runs/<run_id>/{run.json, params.json, model.onnx, metrics.json, curves.json, importance.json,
 *                  predictions.bin, log}
 *
 * predictions.bin holds the validation predictions: float64 little-endian, one per validation row
 * in validation row order (k-fold: the out-of-fold prediction of every row, in the snapshot's row
 * order). A re-run's identity check compares it byte for byte.
 *
 * A run works in `runs/.tmp-<run_id>` and becomes `runs/<run_id>` by one rename when it ends, so a
 * run folder is always complete: a finished run has every artifact, a failed or cancelled one its
 * log and run.json saying why.
 */

export const RUNS_FOLDER = 'runs';
export const RUN_FILE = 'run.json';
export const TEMP_PREFIX = '.tmp-';
const RUN_ID_RULE = /^\d{8}-\d{6}-\d{3}-[0-9a-f]{6}$/;

/** Sortable by creation time: `YYYYMMDD-HHMMSS-mmm-<random6>` in UTC. */
export function newRunId(now = new Date()): string {
  const iso = now.toISOString(); // 2026-11-21T23:56:10.123Z
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${iso.slice(20, 23)}`;
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function isRunId(id: string): boolean {
  return RUN_ID_RULE.test(id);
}

export function runsRoot(workspacePath: string): string {
  return join(workspacePath, RUNS_FOLDER);
}

export function runDir(workspacePath: string, id: string): string {
  return join(runsRoot(workspacePath), id);
}

export function tempRunDir(workspacePath: string, id: string): string {
  return join(runsRoot(workspacePath), `${TEMP_PREFIX}${id}`);
}

export async function createTempRunDir(workspacePath: string, id: string): Promise<string> {
  const dir = tempRunDir(workspacePath, id);
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function writeRunJson(folder: string, info: RunInfo): Promise<void> {
  await writeFileAtomic(join(folder, RUN_FILE), `${JSON.stringify(info, null, 2)}\n`);
}

export async function writeJson(folder: string, name: string, value: unknown): Promise<void> {
  await writeFile(join(folder, name), `${JSON.stringify(value, null, 2)}\n`);
}

/** Makes a run folder visible under its id. */
export async function publishRunDir(workspacePath: string, id: string): Promise<string> {
  const target = runDir(workspacePath, id);
  await rename(tempRunDir(workspacePath, id), target);
  return target;
}

/**
 * A run as recorded on disk, or null. A run still in its temp folder that no live job owns was
 * cut short by the host stopping (crash or kill): it reads as failed.
 */
export async function readRun(workspacePath: string, id: string): Promise<RunInfo | null> {
  if (!isRunId(id)) return null;
  const done = await readRunFile(join(runDir(workspacePath, id), RUN_FILE));
  if (done) return done;
  const interrupted = await readRunFile(join(tempRunDir(workspacePath, id), RUN_FILE));
  if (!interrupted || interrupted.state !== 'running') return interrupted;
  return {
    ...interrupted,
    state: 'failed',
    workerPid: null,
    error: { code: 'internal', message: INTERRUPTED_MESSAGE },
  };
}

/** What an interrupted run says about itself. */
export const INTERRUPTED_MESSAGE = 'The run was interrupted: Lode stopped (crashed, was killed or lost power) while it was training.';

export async function readRunFile(file: string): Promise<RunInfo | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed = runInfo.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

/** Ids of every run folder, finished or not, newest first. */
export async function listRunIds(workspacePath: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const entry of await readdirOrEmpty(runsRoot(workspacePath))) {
    if (!entry.isDirectory()) continue;
    const id = entry.name.startsWith(TEMP_PREFIX) ? entry.name.slice(TEMP_PREFIX.length) : entry.name;
    if (isRunId(id)) ids.add(id);
  }
  return [...ids].sort().reverse();
}

/** The folder of a run: `runs/<id>` once it ended, `runs/.tmp-<id>` while it trains; null when neither exists. */
export async function runFolderOf(workspacePath: string, id: string): Promise<string | null> {
  for (const dir of [runDir(workspacePath, id), tempRunDir(workspacePath, id)]) {
    try {
      if ((await stat(dir)).isDirectory()) return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return null;
}
