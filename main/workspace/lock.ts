import { hostname } from 'node:os';
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LodeError } from '../../shared/errors';
import { writeFileAtomic } from './atomic';
import { LOCK_FILE } from './layout';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/** Whether a process with this pid exists on this machine. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? (owner as LockOwner) : null;
  } catch {
    return null;
  }
}

/**
 * `.lode.lock` marks the one process that may write a workspace. A lock whose process is gone on
 * this machine is stale and is taken over; a live one is refused with its pid.
 */
export class WorkspaceLock {
  private constructor(private readonly file: string) {}

  static async acquire(dir: string): Promise<WorkspaceLock> {
    const file = join(dir, LOCK_FILE);
    const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    const body = JSON.stringify(me);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const handle = await open(file, 'wx');
        await handle.writeFile(body);
        await handle.close();
        return new WorkspaceLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = await readOwner(file);
      if (owner && owner.pid === process.pid && owner.host === me.host) {
        throw new LodeError('workspace_locked', `workspace ${dir} is already open in this process (${process.pid}).`, {
          hint: 'Close it before opening it again.',
        });
      }
      if (owner && (owner.host !== me.host || isAlive(owner.pid))) {
        const where = owner.host === me.host ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.host}`;
        throw new LodeError('workspace_locked', `workspace ${dir} is open in ${where} since ${owner.since}.`, {
          file,
          hint: 'Close it there first. If that process is gone, delete .lode.lock in the workspace folder.',
        });
      }
      // Stale (dead process) or unreadable: take it over atomically, then confirm we own it.
      await writeFileAtomic(file, body);
      const now = await readOwner(file);
      if (now?.pid === me.pid && now.host === me.host) return new WorkspaceLock(file);
    }
    throw new LodeError('workspace_locked', `could not take the lock of ${dir}: another process keeps taking it.`, { file });
  }

  async release(): Promise<void> {
    const owner = await readOwner(this.file);
    if (owner?.pid === process.pid) await rm(this.file, { force: true });
  }
}
