import { appendFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunInfo } from '../../../shared/services/training';
import { readdirOrEmpty } from '../../data/snapshot-layout';
import {
  INTERRUPTED_MESSAGE,
  RUN_FILE,
  TEMP_PREFIX,
  isRunId,
  publishRunDir,
  readRunFile,
  runDir,
  runsRoot,
  tempRunDir,
  writeRunJson,
} from './run-folder';

/**
 * Publishes the temp folders of runs that no live run owns as failed runs. Such a folder is left
 * when the process that trained it stopped without finishing (a crash, a kill, a power cut); the
 * workspace lock guarantees that no other process is training into this workspace, so a folder
 * that is not live here is not live anywhere. The log is kept and says what happened; a folder
 * without run.json (stopped before the run was recorded) holds nothing and is removed. Returns the
 * ids of the runs published.
 */
export async function sweepInterruptedRuns(workspacePath: string, isLive: (id: string) => boolean): Promise<string[]> {
  const published: string[] = [];
  for (const entry of await readdirOrEmpty(runsRoot(workspacePath))) {
    if (!entry.isDirectory() || !entry.name.startsWith(TEMP_PREFIX)) continue;
    const id = entry.name.slice(TEMP_PREFIX.length);
    if (!isRunId(id) || isLive(id)) continue;
    const temp = tempRunDir(workspacePath, id);
    const files = await readdir(temp).catch(() => [] as string[]);
    if (!files.includes(RUN_FILE)) {
      await rm(temp, { recursive: true, force: true });
      continue;
    }
    const stored = await readRunFile(join(temp, RUN_FILE));
    // run.json unreadable, or the final folder already there (a rename that half happened): leave it for a person to look at.
    if (!stored || (await readdirOrEmpty(runDir(workspacePath, id))).length > 0) continue;
    const now = new Date().toISOString();
    const info: RunInfo = {
      ...stored,
      state: stored.state === 'running' ? 'failed' : stored.state,
      workerPid: null,
      finishedAt: stored.finishedAt ?? now,
      folder: runDir(workspacePath, id),
      error:
        stored.state === 'running'
          ? { code: 'internal', message: INTERRUPTED_MESSAGE, hint: 'Train it again; the log in the run folder shows how far it got.' }
          : stored.error,
    };
    await appendFile(join(temp, 'log'), `${now} run failed: interrupted; found unfinished when the workspace was next used\n`);
    await writeRunJson(temp, info);
    await publishRunDir(workspacePath, id);
    published.push(id);
  }
  return published;
}
