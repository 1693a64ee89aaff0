import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Host } from '../host/host';
import type { Workspace } from '../workspace/workspace';
import { compileInWorkspace } from './compile';
import { USER_ACTIVITY } from './fixtures';
import { createSpine, loadMovielens, randomSpine, readMovielens, seeded } from './testing';

let root: string;
let host: Host;
let workspace: Workspace;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lode-features-'));
  host = new Host({ userDir: join(root, 'user') });
  workspace = await host.open(join(root, 'ws'), true);
  await loadMovielens(workspace.sql);
});

afterAll(async () => {
  await host.close();
  await rm(root, { recursive: true, force: true });
});

/**
 * Every value must be identical, floating point included: stddev (and sums and means of DOUBLE
 * columns) are added up in value order, so the join plan (one spine row online, many in batch)
 * cannot change the last bit.
 */
function sameRow(online: Record<string, unknown>, batch: Record<string, unknown> | undefined): string[] {
  if (!batch) return ['no batch row'];
  const problems: string[] = [];
  for (const [column, value] of Object.entries(batch)) {
    const got = online[column];
    if (!Object.is(got, value) && JSON.stringify(got) !== JSON.stringify(value))
      problems.push(`${column}: online ${JSON.stringify(got)}, batch ${JSON.stringify(value)}`);
  }
  return problems;
}

const timestampText = (seconds: number) => new Date(seconds * 1000).toISOString().replace('T', ' ').replace('Z', '');

describe('online parity', () => {
  it('computes one entity at one time exactly as the batch query does, for 1,000 random pairs', async () => {
    const { ratings } = await readMovielens(workspace.sql);
    const pairs = randomSpine(ratings, 1000, seeded(7)).slice(0, 1000);
    await createSpine(workspace.sql, 'ods.spine', pairs);
    await writeFile(join(workspace.path, 'features', 'user_activity.yaml'), USER_ACTIVITY);
    const outcome = await compileInWorkspace(workspace, 'features/user_activity.yaml');
    expect(outcome.ok).toBe(true);
    const online = outcome.online!;
    expect(online.params.map((p) => `$${p.name} ${p.role}`)).toEqual(['$entity key', '$as_of time', '$ctx_device context']);
    expect(online.columns.some((c) => c.role === 'label')).toBe(false);

    const names = online.columns.map((c) => c.name);
    const batch = (
      await workspace.sql.runAndReadAll(`SELECT ${names.map((n) => `"${n}"`).join(', ')} FROM (${outcome.batch!.sql})`)
    ).getRowObjectsJson();
    const batchRows = new Map(batch.map((row) => [JSON.stringify([row.user_id, row.as_of]), row]));

    const prepared = await workspace.sql.prepare(online.sql);
    let compared = 0;
    for (const pair of pairs) {
      const values: Record<string, DuckDBValue> = { entity: pair.userId, as_of: timestampText(pair.asOf), ctx_device: pair.device };
      prepared.bind(values);
      const rows = (await prepared.runAndReadAll()).getRowObjectsJson();
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      const expected = batchRows.get(JSON.stringify([row.user_id, row.as_of]));
      expect(Object.keys(row)).toEqual(Object.keys(expected ?? {}));
      expect(sameRow(row, expected)).toEqual([]);
      compared++;
    }
    expect(compared).toBe(1000);
  });
});
