import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdir, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { LodeError } from '../../shared/errors';
import type { WorkspaceInfo } from '../../shared/services/workspace';
import { tempSibling } from './atomic';
import { readConfig, renderConfig, type WorkspaceConfig } from './config';
import { CONFIG_FILE, DATABASE_FILE, WORKSPACE_FOLDERS, WORKSPACE_FORMAT } from './layout';
import { isAlive, WorkspaceLock } from './lock';
import { migrate } from './migrations';

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function openDatabase(file: string): Promise<{ db: DuckDBInstance; sql: DuckDBConnection }> {
  try {
    const db = await DuckDBInstance.create(file);
    return { db, sql: await db.connect() };
  } catch (err) {
    const message = (err as Error).message;
    const locked = /lock/i.test(message);
    throw new LodeError(locked ? 'workspace_locked' : 'corrupt_database', `cannot open ${file}: ${message.split('\n')[0]}`, {
      file,
      hint: locked
        ? 'Another program has the database open; close it and try again.'
        : 'The database file is damaged or not a DuckDB file. Restore it from a backup.',
    });
  }
}

/** Leftovers of a creation that was killed half way: they were never visible as a workspace. */
async function removeAbandonedTemps(target: string): Promise<void> {
  const prefix = `.${basename(target)}.tmp-`;
  const parent = dirname(target);
  for (const entry of await readdir(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    if (!isAlive(pid)) await rm(join(parent, entry), { recursive: true, force: true });
  }
}

/** An open workspace: its folder, settings, lock and DuckDB database. */
export class Workspace {
  private constructor(
    readonly path: string,
    readonly config: WorkspaceConfig,
    readonly db: DuckDBInstance,
    readonly sql: DuckDBConnection,
    readonly schemaVersion: number,
    private readonly lock: WorkspaceLock,
  ) {}

  /**
   * Creates the layout in a temporary sibling folder and renames it into place, so a crash at any
   * point leaves either no workspace or a complete one.
   */
  static async create(dir: string, name?: string): Promise<Workspace> {
    const path = resolve(dir);
    const existing = await statOrNull(path);
    if (existing && !existing.isDirectory()) {
      throw new LodeError('bad_input', `${path} is a file, not a folder.`, { field: 'path', hint: 'Choose a new or empty folder.' });
    }
    if (existing) {
      const entries = await readdir(path);
      if (entries.includes(CONFIG_FILE)) {
        throw new LodeError('already_exists', `${path} is already a Lode workspace.`, { field: 'path', hint: 'Open it instead.' });
      }
      if (entries.length > 0) {
        throw new LodeError('already_exists', `${path} is not empty.`, { field: 'path', hint: 'Choose a new or empty folder.' });
      }
    }
    await mkdir(dirname(path), { recursive: true });
    await removeAbandonedTemps(path);
    const temp = tempSibling(path);
    try {
      await mkdir(temp);
      for (const folder of WORKSPACE_FOLDERS) await mkdir(join(temp, folder));
      const config: WorkspaceConfig = {
        format: WORKSPACE_FORMAT,
        name: name ?? basename(path),
        created_at: new Date().toISOString(),
        settings: {},
        remotes: {},
      };
      const { db, sql } = await openDatabase(join(temp, DATABASE_FILE));
      try {
        await migrate(sql, join(path, DATABASE_FILE));
        await sql.run('CHECKPOINT');
      } finally {
        sql.closeSync();
        db.closeSync();
      }
      // lode.yaml last: a folder holding it is a workspace.
      await writeFile(join(temp, CONFIG_FILE), renderConfig(config));
      if (existing) await rmdir(path);
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { recursive: true, force: true });
      throw err;
    }
    return Workspace.open(path);
  }

  static async open(dir: string): Promise<Workspace> {
    const path = resolve(dir);
    const folder = await statOrNull(path);
    if (!folder) {
      throw new LodeError('not_found', `${path} does not exist.`, {
        field: 'path',
        hint: `Create a workspace there with \`lode init ${dir}\`.`,
      });
    }
    if (!folder.isDirectory() || !(await statOrNull(join(path, CONFIG_FILE)))) {
      throw new LodeError('not_a_workspace', `${path} is not a Lode workspace (it has no ${CONFIG_FILE}).`, {
        field: 'path',
        hint: `Choose a workspace folder, or create one with \`lode init ${dir}\`.`,
      });
    }
    const config = await readConfig(path);
    const dbFile = join(path, DATABASE_FILE);
    if (!(await statOrNull(dbFile))) {
      throw new LodeError('corrupt_database', `${dbFile} is missing.`, {
        file: dbFile,
        hint: 'Restore lode.duckdb from a backup; snapshots and runs in the folder are untouched.',
      });
    }
    const lock = await WorkspaceLock.acquire(path);
    try {
      const { db, sql } = await openDatabase(dbFile);
      try {
        const version = await migrate(sql, dbFile);
        for (const folderName of WORKSPACE_FOLDERS) await mkdir(join(path, folderName), { recursive: true });
        return new Workspace(path, config, db, sql, version, lock);
      } catch (err) {
        sql.closeSync();
        db.closeSync();
        throw err;
      }
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  private readonly extraConnections: DuckDBConnection[] = [];

  /**
   * Another connection to the workspace database, for work that must not share the main
   * connection's transactions. It is closed with the workspace: an open connection keeps DuckDB's
   * file lock even after the instance is closed.
   */
  async connect(): Promise<DuckDBConnection> {
    const connection = await this.db.connect();
    this.extraConnections.push(connection);
    return connection;
  }

  /** Closes a connection from connect() before the workspace closes. */
  disconnect(connection: DuckDBConnection): void {
    const at = this.extraConnections.indexOf(connection);
    if (at >= 0) this.extraConnections.splice(at, 1);
    connection.closeSync();
  }

  info(): WorkspaceInfo {
    return {
      path: this.path,
      name: this.config.name,
      format: this.config.format,
      schemaVersion: this.schemaVersion,
      createdAt: this.config.created_at,
    };
  }

  async close(): Promise<void> {
    try {
      for (const connection of this.extraConnections.splice(0)) connection.closeSync();
      this.sql.closeSync();
      this.db.closeSync();
    } finally {
      await this.lock.release();
    }
  }
}
