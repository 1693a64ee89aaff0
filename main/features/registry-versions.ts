import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { featureLogicVersions, type FeatureDef, type ResolvedTemplate } from '../../shared/features';
import { writeFileAtomic } from '../workspace/atomic';

/**
 * The definitions behind registry versions. The registry rows say which logic version a feature
 * had; to show an old version's definition and SQL later, each registration also keeps the template
 * as it was, in `features/.versions/TEMPLATE@LOGIC.json` (LOGIC: the template's logic version).
 * The files are keyed by content, written once and never changed, so writing one again is harmless
 * and a registration that is retried or races another writes the same bytes.
 */
export const VERSIONS_FOLDER = join('features', '.versions');

export interface StoredDefinition {
  /** The template's name and path when it was registered. */
  readonly template: string;
  readonly path: string;
  /** The template's logic version; each feature's is in `featureVersions`. */
  readonly logicVersion: string;
  readonly featureVersions: Readonly<Record<string, string>>;
  /** Each output feature's entry as written in the template (a windowed entry gives several features). */
  readonly definitions: Readonly<Record<string, FeatureDef>>;
  readonly text: string;
  /** The batch SQL as compiled when the version was registered. */
  readonly sql: string;
  readonly registeredAt: string;
}

const fileName = (template: string, logicVersion: string) => `${template}@${logicVersion}.json`;

export async function storeDefinition(
  workspacePath: string,
  resolved: ResolvedTemplate,
  path: string,
  text: string,
  sql: string,
  now: Date,
): Promise<void> {
  const dir = join(workspacePath, VERSIONS_FOLDER);
  const file = join(dir, fileName(resolved.name, resolved.logicVersion));
  if (await readStored(file)) return;
  const featureVersions = featureLogicVersions(resolved);
  const definitions: Record<string, FeatureDef> = {};
  for (const f of resolved.features) if (f.output) definitions[f.name] = resolved.template.features[f.index]!;
  const stored: StoredDefinition = {
    template: resolved.name,
    path,
    logicVersion: resolved.logicVersion,
    featureVersions,
    definitions,
    text,
    sql,
    registeredAt: now.toISOString(),
  };
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(stored, null, 2)}\n`);
}

async function readStored(file: string): Promise<StoredDefinition | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StoredDefinition;
  } catch {
    // Missing, or cut short by a crash before the rename: either way not a stored definition.
    return null;
  }
}

/**
 * The earliest stored template in which `feature` of `template` had logic version `logic`, or null
 * when none was stored (versions registered before definitions were kept).
 */
export async function findDefinition(
  workspacePath: string,
  template: string,
  feature: string,
  logic: string,
): Promise<StoredDefinition | null> {
  const dir = join(workspacePath, VERSIONS_FOLDER);
  const names = await readdir(dir).catch(() => [] as string[]);
  let found: StoredDefinition | null = null;
  for (const name of names.filter((n) => n.startsWith(`${template}@`) && n.endsWith('.json')).sort()) {
    const stored = await readStored(join(dir, name));
    if (stored?.template !== template || stored.featureVersions[feature] !== logic) continue;
    if (!found || stored.registeredAt < found.registeredAt) found = stored;
  }
  return found;
}
