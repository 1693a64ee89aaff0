import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join } from 'node:path';
import { LodeError } from '../../shared/errors';
import { NAME_RULE } from '../../shared/services/data/common';
import { snapshotManifest, type SnapshotManifest } from '../../shared/services/data/snapshots';
import { isAlive } from '../workspace/lock';
import { editDistance } from '../../shared/suggest';

/*
 * On disk (DESIGN.md, "Workspace on disk"), one folder per snapshot under its name, so that the
 * snapshots of one name sit together and the id maps to a path without a lookup:
 *
 *   snapshots/<name>/<YYYY-MM-DD>-<hash8>/manifest.json
 *   snapshots/<name>/<YYYY-MM-DD>-<hash8>/dt=YYYY-MM-DD/part-N.parquet
 *
 * for the snapshot `<name>@<YYYY-MM-DD>-<hash8>`. Work in progress lives in `snapshots/.tmp-<pid>-<random>`
 * and becomes visible only by one rename, so a snapshot folder always holds a complete snapshot.
 */

export const SNAPSHOTS_FOLDER = 'snapshots';
export const MANIFEST_FILE = 'manifest.json';
const TEMP_PREFIX = '.tmp-';

const ID_RULE = /^([a-z][a-z0-9_]{0,62})@(\d{4}-\d{2}-\d{2})-([0-9a-f]{8})$/;

export interface SnapshotIdParts {
  readonly name: string;
  readonly date: string;
  readonly hash8: string;
}

export function formatSnapshotId(name: string, date: string, contentHash: string): string {
  return `${name}@${date}-${contentHash.slice(0, 8)}`;
}

/** The parts of a well-formed id, or null; the rule also keeps ids from naming paths outside snapshots/. */
export function parseSnapshotId(id: string): SnapshotIdParts | null {
  const match = ID_RULE.exec(id);
  return match ? { name: match[1]!, date: match[2]!, hash8: match[3]! } : null;
}

export function snapshotsRoot(workspacePath: string): string {
  return join(workspacePath, SNAPSHOTS_FOLDER);
}

/** The folder of a snapshot, e.g. `snapshots/bank/2026-11-21-1a2b3c4d`. */
export function snapshotDir(workspacePath: string, id: string): string {
  const parts = parseSnapshotId(id);
  if (!parts) throw new LodeError('bad_input', `'${id}' is not a snapshot id.`, { field: 'id', hint: idFormatHint });
  return join(snapshotsRoot(workspacePath), parts.name, `${parts.date}-${parts.hash8}`);
}

/** Absolute paths of a snapshot's Parquet files, for readers such as training workers. */
export function snapshotFilePaths(workspacePath: string, manifest: SnapshotManifest): string[] {
  const dir = snapshotDir(workspacePath, manifest.id);
  return manifest.files.map((file) => join(dir, file.path));
}

const idFormatHint = 'A snapshot id looks like bank@2026-11-21-1a2b3c4d (`lode snapshot list` shows them).';

/** A fresh temp folder path under snapshots/, tagged with our pid so a live writer's folder is never swept. */
export function newTempDir(workspacePath: string): string {
  return join(snapshotsRoot(workspacePath), `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
}

/**
 * Removes what killed processes left: half-written snapshots and half-removed ones. Folders of
 * processes still alive (including other jobs of this one) are left alone.
 */
export async function sweepTempDirs(workspacePath: string): Promise<void> {
  const root = snapshotsRoot(workspacePath);
  for (const { name: entry } of await readdirOrEmpty(root)) {
    if (!entry.startsWith(TEMP_PREFIX)) continue;
    const pid = Number(entry.slice(TEMP_PREFIX.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    await rm(join(root, entry), { recursive: true, force: true });
  }
}

/** The entries of a folder; none when it does not exist (yet). */
export async function readdirOrEmpty(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
}

/** Reads and checks one manifest; null when the snapshot does not exist. */
export async function readManifest(workspacePath: string, id: string): Promise<SnapshotManifest | null> {
  if (!parseSnapshotId(id)) return null;
  return readManifestFile(join(snapshotDir(workspacePath, id), MANIFEST_FILE));
}

async function readManifestFile(file: string): Promise<SnapshotManifest | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let parsed;
  try {
    parsed = snapshotManifest.safeParse(JSON.parse(text));
  } catch (err) {
    throw corruptManifest(file, (err as Error).message);
  }
  if (!parsed.success) throw corruptManifest(file, parsed.error.issues[0]?.message ?? 'unexpected content');
  return parsed.data;
}

function corruptManifest(file: string, detail: string): LodeError {
  return new LodeError('corrupt_config', `the snapshot manifest ${file} cannot be read: ${detail}.`, {
    file,
    hint: 'Snapshots are immutable and their manifests are written by Lode only; restore the folder from a backup or delete it.',
  });
}

/** Every manifest under snapshots/ (optionally of one name), in no particular order. */
export async function readAllManifests(workspacePath: string, name?: string): Promise<SnapshotManifest[]> {
  const root = snapshotsRoot(workspacePath);
  const names =
    name !== undefined ? [name] : (await readdirOrEmpty(root)).filter((e) => e.isDirectory() && NAME_RULE.test(e.name)).map((e) => e.name);
  const manifests: SnapshotManifest[] = [];
  for (const snapshotName of names) {
    for (const entry of await readdirOrEmpty(join(root, snapshotName))) {
      if (!entry.isDirectory()) continue;
      const manifest = await readManifestFile(join(root, snapshotName, entry.name, MANIFEST_FILE));
      if (manifest) manifests.push(manifest);
    }
  }
  return manifests;
}

/** The manifest of an existing snapshot, or not_found naming the ids that look closest. */
export async function requireManifest(workspacePath: string, id: string, field = 'id'): Promise<SnapshotManifest> {
  const manifest = await readManifest(workspacePath, id);
  if (manifest) return manifest;
  const similar = similarIds(
    id,
    (await readAllManifests(workspacePath)).map((m) => m.id),
  );
  const known =
    similar.length > 0 ? `Did you mean ${similar.join(', ')}?` : 'There are no snapshots yet; create one with `lode snapshot create`.';
  throw new LodeError('not_found', `no snapshot with id '${id}'.`, {
    field,
    hint: parseSnapshotId(id) ? known : `${idFormatHint} ${similar.length > 0 ? known : ''}`.trim(),
  });
}

/** Up to five ids closest to what was typed: same name first, then by edit distance. */
export function similarIds(typed: string, ids: readonly string[]): string[] {
  const typedName = typed.split('@')[0] ?? typed;
  const tolerance = Math.max(3, Math.floor(typed.length / 3));
  return ids
    .map((id) => ({ id, sameName: id.split('@')[0] === typedName, distance: editDistance(typed, id, tolerance) }))
    .filter((c) => c.sameName || c.distance <= tolerance)
    .sort((a, b) => Number(b.sameName) - Number(a.sameName) || a.distance - b.distance || a.id.localeCompare(b.id))
    .slice(0, 5)
    .map((c) => c.id);
}
