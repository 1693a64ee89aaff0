import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { readAllManifests, readdirOrEmpty } from './snapshot-layout';

/** Something that depends on a snapshot and keeps it from being removed. */
export interface SnapshotReferrer {
  readonly kind: 'run' | 'snapshot';
  /** The run id or snapshot id that refers to it. */
  readonly id: string;
  /** The file that records the reference, relative to the workspace. */
  readonly file: string;
}

/** Property names under which runs record the snapshot they were trained on. */
const SNAPSHOT_KEYS = new Set(['snapshot', 'snapshotId', 'snapshot_id']);

/** The files of a run that may name its data snapshot (DESIGN.md, "Lineage: the five-tuple"). */
const RUN_FILES = ['params.json', 'lineage.json'];

/**
 * Everything in the workspace that refers to snapshot `id`: runs whose params.json or lineage.json
 * name it (as `snapshot`, `snapshotId` or `data.snapshotId`, at any depth), and snapshots built from
 * it (feature builds record their source snapshot id in their manifest's source). Later parts of
 * Lode (model registry, pipelines) add their own scanners here.
 */
export async function findReferrers(workspacePath: string, id: string): Promise<SnapshotReferrer[]> {
  const referrers = [...(await runReferrers(workspacePath, id)), ...(await snapshotReferrers(workspacePath, id))];
  return referrers.sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}

async function runReferrers(workspacePath: string, id: string): Promise<SnapshotReferrer[]> {
  const runsDir = join(workspacePath, 'runs');
  const found: SnapshotReferrer[] = [];
  const runs = (await readdirOrEmpty(runsDir)).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  for (const run of runs) {
    for (const name of RUN_FILES) {
      const file = join(runsDir, run, name);
      if (await runFileNames(file, id)) {
        found.push({ kind: 'run', id: run, file: relative(workspacePath, file).split(sep).join('/') });
        break;
      }
    }
  }
  return found;
}

async function snapshotReferrers(workspacePath: string, id: string): Promise<SnapshotReferrer[]> {
  const manifests = await readAllManifests(workspacePath);
  return manifests
    .filter((m) => m.id !== id && mentions(m.source, id))
    .map((m) => {
      const [name, suffix] = m.id.split('@') as [string, string];
      return { kind: 'snapshot' as const, id: m.id, file: `snapshots/${name}/${suffix}/manifest.json` };
    });
}

/** Whether a parsed JSON document records `id` under one of the snapshot keys. */
function namesSnapshot(value: unknown, id: string): boolean {
  if (Array.isArray(value)) return value.some((v) => namesSnapshot(v, id));
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, v]) => (SNAPSHOT_KEYS.has(key) && v === id) || namesSnapshot(v, id));
}

/** Whether any string in a value contains `id`; ids are distinctive enough (name@date-hash). */
function mentions(value: unknown, id: string): boolean {
  if (typeof value === 'string') return value.includes(id);
  if (Array.isArray(value)) return value.some((v) => mentions(v, id));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((v) => mentions(v, id));
  return false;
}

/**
 * Whether a run file names the snapshot. A file that is not valid JSON cannot vouch that it does
 * not use the snapshot, so it is searched as plain text instead.
 */
async function runFileNames(file: string, id: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text.includes(id);
  }
  return namesSnapshot(parsed, id);
}
