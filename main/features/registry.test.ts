import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LodeClient } from '../../shared/contract';
import { LodeError } from '../../shared/errors';
import { Host } from '../host/host';
import { inProcessClient } from '../host/in-process';
import { tempDir } from '../testing/temp';
import { checkText, compileText } from './compile';
import { featureVersions, recordRunUsage, recordUsage, registerTemplate } from './registry';
import { parseFeatureRef, showFeature } from './registry-show';
import { VERSIONS_FOLDER } from './registry-versions';
import { loadMovielens } from './testing';

const TEMPLATE = `name: raters
owner: analyst
entity: { keys: [user_id] }
spine: { table: ods.spine, time: as_of }
sources:
  ratings: { table: ods.ratings, time: rated_at, on: { user_id: userId } }
features:
  - { name: n_ratings, kind: aggregation, source: ratings, function: count, windows: [7d, 30d] }
  - { name: avg_rating_30d, kind: aggregation, source: ratings, function: avg, column: rating, window: 30d, description: Mean rating }
`;

/** The same template with the average's logic changed: only ratings of at least `min` count. */
const withFilter = (min: number) => TEMPLATE.replace('window: 30d, description', `window: 30d, filter: rating >= ${min}, description`);

let host: Host;
let client: LodeClient;
let dir: string;

beforeEach(async () => {
  const root = await tempDir();
  host = new Host({ userDir: join(root, 'user') });
  dir = join(root, 'ws');
  const workspace = await host.open(dir, true);
  await loadMovielens(workspace.sql);
  await workspace.sql.run(`CREATE TABLE ods.spine AS
    SELECT userId AS user_id, max(rated_at) - INTERVAL 30 DAY AS as_of FROM ods.ratings GROUP BY userId`);
  client = inProcessClient(host);
});

afterEach(async () => {
  await host.close();
});

/** A feature shown as `lode features show` reads its argument: TEMPLATE.FEATURE[@VERSION]. */
const show = async (ref: string) => showFeature(host.requireWorkspace().workspace.sql, dir, parseFeatureRef(ref));

const errorOf = async (run: () => Promise<unknown>): Promise<LodeError> => {
  try {
    await run();
  } catch (err) {
    if (err instanceof LodeError) return err;
    throw err;
  }
  throw new Error('expected a LodeError');
};

describe('feature registry', () => {
  it('saves of changed logic at the same time each get their own version number', async () => {
    const { workspace } = host.requireWorkspace();
    await client.features.save({ name: 'raters', text: TEMPLATE });
    // Six analysts change the average at once, each registering through a connection of their own.
    const variants = [1, 2, 3, 4, 5, 6].map(withFilter);
    const conns = await Promise.all(variants.map(() => workspace.connect()));
    try {
      const resolved = await Promise.all(variants.map(async (text, i) => (await checkText(conns[i]!, text)).resolved!));
      const added = await Promise.all(resolved.map((r, i) => registerTemplate(conns[i]!, r, 'features/raters.yaml')));
      expect(added).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      conns.forEach((c) => workspace.disconnect(c));
    }
    const versions = await featureVersions(workspace.sql, 'raters.avg_rating_30d');
    expect(versions.map((v) => v.version)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(new Set(versions.map((v) => v.logicVersion)).size).toBe(7);
    // The features whose logic did not change keep their single version.
    expect((await featureVersions(workspace.sql, 'raters.n_ratings_7d')).map((v) => v.version)).toEqual([1]);
  });

  it('two saves through the service at the same time both register', async () => {
    await client.features.save({ name: 'raters', text: TEMPLATE });
    const saved = await Promise.all([
      client.features.save({ name: 'raters', text: withFilter(4) }),
      client.features.save({ name: 'raters', text: withFilter(5) }),
    ]);
    expect(saved.map((s) => s.registered)).toEqual([1, 1]);
    const versions = await featureVersions(host.requireWorkspace().workspace.sql, 'raters.avg_rating_30d');
    expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it('show gives one version with its usage, definition and SQL; old versions stay resolvable', async () => {
    const { workspace } = host.requireWorkspace();
    await client.features.save({ name: 'raters', text: TEMPLATE });
    await recordUsage(workspace.sql, 'raters', ['avg_rating_30d'], 'raters@2026-11-21-00000001');
    await recordRunUsage(workspace.sql, 'raters@2026-11-21-00000001', 'run-1');
    await client.features.save({ name: 'raters', text: withFilter(4) });

    const latest = await show('raters.avg_rating_30d');
    expect(latest).toMatchObject({ id: 'raters.avg_rating_30d', version: 2, latest: true, owner: 'analyst', kind: 'aggregation' });
    expect(latest.definition).toMatchObject({ function: 'avg', filter: 'rating >= 4' });
    expect(latest.definitionFrom).toBe('registered');
    expect(latest.snapshots).toEqual([]);
    expect(latest.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(latest.sql).toContain('e."rating" >= 4');

    const first = await show('raters.avg_rating_30d@1');
    expect(first).toMatchObject({ version: 1, latest: false, description: 'Mean rating', sources: ['ods.ratings'] });
    expect(first.snapshots).toEqual(['raters@2026-11-21-00000001']);
    expect(first.runs).toEqual(['run-1']);
    expect(first.definition).not.toHaveProperty('filter');
    expect(first.templateText).toBe(TEMPLATE);
    expect(first.logicVersion).toBe(first.versions[1]!.logicVersion);
    expect(first.sql).not.toContain('"rating" >= 4');
    // A feature whose logic never changed is found in any stored template that computes it.
    expect((await show('raters.n_ratings_7d@1')).definition).toMatchObject({ windows: ['7d', '30d'] });
  });

  it('show falls back to the template file when a version was registered without its definition', async () => {
    const { workspace } = host.requireWorkspace();
    await client.features.save({ name: 'raters', text: TEMPLATE });
    await client.features.save({ name: 'raters', text: withFilter(4) });
    await rm(join(dir, VERSIONS_FOLDER), { recursive: true });
    const latest = await show('raters.avg_rating_30d@2');
    expect(latest.definitionFrom).toBe('current template');
    expect(latest.definition).toMatchObject({ filter: 'rating >= 4' });
    const compiled = await compileText(workspace.sql, withFilter(4), 'raters.yaml');
    expect(latest.templateLogicVersion).toBe(compiled.batch!.logicVersion);
    const old = await show('raters.avg_rating_30d@1');
    expect(old).toMatchObject({ version: 1, definition: null, sql: null, definitionFrom: null });
  });

  it('show names an unknown feature or version and suggests what exists', async () => {
    await client.features.save({ name: 'raters', text: TEMPLATE });
    const typo = await errorOf(() => show('raters.avg_ratnig_30d'));
    expect(typo.code).toBe('not_found');
    expect(typo.message).toBe('no registered feature raters.avg_ratnig_30d (did you mean raters.avg_rating_30d?).');
    const bare = await errorOf(() => show('n_ratings_30d'));
    expect(bare.message).toContain('did you mean raters.n_ratings_30d?');
    const version = await errorOf(() => show('raters.n_ratings_7d@3'));
    expect(version.message).toBe('feature raters.n_ratings_7d has no version 3; its versions are 1.');
    const format = await errorOf(() => show('raters.n_ratings_7d@latest'));
    expect(format.code).toBe('bad_input');
  });
});
