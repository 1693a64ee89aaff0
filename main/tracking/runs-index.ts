import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LodeClient } from '../../shared/contract';
import type { RunInfo } from '../../shared/services/training';
import { inTransaction, withConnection } from '../data/table-catalog';
import { readdirOrEmpty } from '../data/snapshot-layout';
import type { Host } from '../host/host';
import { inProcessClient } from '../host/in-process';
import { recordRunsUsage } from '../features/registry';
import { isRunId, readRun, runDir, runsRoot } from '../training/runner/run-folder';
import { forgetRuns, indexedState, indexedStates, insertRuns, refreshRuns, unindexedUsageRuns } from './index-store';
import { indexRowOf, readAnnotationsFile, readParamsFile, runFolderOf, type IndexedRun } from './run-record';

const TEMP_PREFIX = '.tmp-';
export const TRASH_PREFIX = '.trash-';
/** Run folders read at once when many are new (a first listing of a copied-in runs/ folder). */
const READ_CONCURRENCY = 16;

/** The features a succeeded run used follow from its training snapshot (see recordRunsUsage). */
const succeeded = (runs: readonly IndexedRun[]) =>
  runs.filter((r) => r.state === 'succeeded').map((r) => ({ runId: r.id, snapshotId: r.data }));

/** `fn` over `items` with at most `limit` calls in flight; results in item order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      out[at] = await fn(items[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** What the runs/ folder holds: finished run ids, ids still in a temp folder, and leftovers of deletes. */
async function scanRunsFolder(workspacePath: string): Promise<{ finished: Set<string>; training: Set<string>; trash: string[] }> {
  const finished = new Set<string>();
  const training = new Set<string>();
  const trash: string[] = [];
  for (const entry of await readdirOrEmpty(runsRoot(workspacePath))) {
    if (!entry.isDirectory()) continue;
    if (entry.name.startsWith(TRASH_PREFIX)) trash.push(entry.name);
    else if (entry.name.startsWith(TEMP_PREFIX) && isRunId(entry.name.slice(TEMP_PREFIX.length)))
      training.add(entry.name.slice(TEMP_PREFIX.length));
    else if (isRunId(entry.name)) finished.add(entry.name);
  }
  for (const id of finished) training.delete(id);
  return { finished, training, trash };
}

/**
 * Keeps lode_meta.runs in step with the runs/ folder. The folder is the record; the index is what
 * lets 10,000 runs list and filter at once. Reconciling costs one readdir and one indexed query;
 * run.json is read only for runs the index has not seen or still holds as running.
 *
 * Writes go one after another (a queue), each in one transaction on a connection of its own, so
 * a listing, an annotation edit, a delete and a re-run's indexing never interleave.
 */
export class RunsIndex {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly host: Host,
    private readonly client: LodeClient,
  ) {}

  /** Runs `work` after every earlier index write has finished. */
  serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** A reconcile queued and not yet started, which later callers share (a search box lists on every key). */
  private queuedReconcile: Promise<void> | null = null;

  reconcile(): Promise<void> {
    this.queuedReconcile ??= this.serial(() => {
      // From here on the folder may change again: the next caller queues a reconcile of its own.
      this.queuedReconcile = null;
      return this.reconcileNow();
    });
    return this.queuedReconcile;
  }

  private async reconcileNow(): Promise<void> {
    const { workspace } = this.host.requireWorkspace();
    const scan = await scanRunsFolder(workspace.path);
    const indexed = await indexedStates(workspace.sql);
    const added: IndexedRun[] = [];
    const changed: IndexedRun[] = [];
    const onDisk = [...scan.finished, ...scan.training];
    const toRead = onDisk.filter((id) => {
      const state = indexed.get(id);
      return state === undefined || state === 'running';
    });
    // One damaged run.json (not JSON, or not a run record) must not hide the other 9,999 runs: it
    // stays out of the index, and `getRun` on it reports what is wrong with the file. Any other
    // failure (permissions, too many open files) is not the run's fault and is reported.
    const rows = await mapLimit(toRead, READ_CONCURRENCY, (id) =>
      this.readRecord(id, scan.training.has(id)).catch((err: unknown) => {
        if (err instanceof SyntaxError) return null;
        throw err;
      }),
    );
    for (const row of rows) {
      if (!row) continue;
      if (!indexed.has(row.id)) added.push(row);
      else if (row.state !== 'running') changed.push(row);
    }
    const present = new Set(onDisk);
    const gone = [...indexed.keys()].filter((id) => !present.has(id));
    // Feature usage of runs that were never indexed and have no folder: deleted by an older Lode,
    // which left the rows, or in the moment between a run's end and its usage being recorded. The
    // folder is looked for again, since a run may have started after the readdir.
    const orphans: string[] = [];
    for (const id of await unindexedUsageRuns(workspace.sql)) {
      if (!present.has(id) && !(await runFolderOf(workspace.path, id))) orphans.push(id);
    }
    if (added.length > 0 || changed.length > 0 || gone.length > 0 || orphans.length > 0) {
      await withConnection(workspace, (conn) =>
        inTransaction(conn, async () => {
          await insertRuns(conn, added);
          await refreshRuns(conn, changed);
          await forgetRuns(conn, [...gone, ...orphans]);
          await recordRunsUsage(conn, succeeded([...added, ...changed]));
        }),
      );
    }
    // Folders a delete renamed but did not finish removing (the process stopped in between).
    for (const name of scan.trash) await rm(join(runsRoot(workspace.path), name), { recursive: true, force: true });
  }

  /** Indexes one run now if the index lacks it (a run started a moment ago). */
  ensure(id: string): Promise<void> {
    return this.serial(async () => {
      const { workspace } = this.host.requireWorkspace();
      const state = await indexedState(workspace.sql, id);
      if (state !== undefined && state !== 'running') return;
      const folder = await runFolderOf(workspace.path, id);
      if (!folder) return;
      const row = await this.readRecord(id, folder.endsWith(`${TEMP_PREFIX}${id}`));
      if (!row) return;
      await withConnection(workspace, (conn) =>
        inTransaction(conn, async () => {
          await (state !== undefined ? refreshRuns(conn, [row]) : insertRuns(conn, [row]));
          await recordRunsUsage(conn, succeeded([row]));
        }),
      );
    });
  }

  /** A run's record: a run still in its temp folder is asked of the training service, which knows if it is live. */
  private async readRecord(id: string, training: boolean): Promise<IndexedRun | null> {
    const { workspace } = this.host.requireWorkspace();
    let run: RunInfo | null;
    if (training) {
      try {
        run = await this.client.training.getRun({ runId: id });
      } catch {
        // It ended between the readdir and now, and its folder moved: read it where it is.
        run = await readRun(workspace.path, id);
      }
    } else {
      run = await readRun(workspace.path, id);
    }
    if (!run) return null;
    // A folder's name is its run's id, even for a folder copied in under another name.
    if (run.id !== id) run = { ...run, id };
    // A finished run is where the readdir saw it; a training one may have just been renamed.
    const folder = training ? await runFolderOf(workspace.path, id) : runDir(workspace.path, id);
    return indexRowOf(run, folder ? await readParamsFile(folder) : null, folder ? await readAnnotationsFile(folder) : null);
  }
}

const indexes = new WeakMap<Host, RunsIndex>();

/**
 * The host's one runs index. Tracking lists runs through it, and the feature registry reconciles
 * it before naming the runs that used a feature; sharing it keeps their writes in one queue.
 */
export function runsIndexOf(host: Host): RunsIndex {
  let index = indexes.get(host);
  if (!index) {
    index = new RunsIndex(host, inProcessClient(host));
    indexes.set(host, index);
  }
  return index;
}
