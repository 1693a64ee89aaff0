import type { DuckDBConnection } from '@duckdb/node-api';
import { featureLogicVersions, type ResolvedTemplate } from '../../shared/features';
import type { RegisteredFeature } from '../../shared/services/features';
import { storeDefinition } from './registry-versions';
import { osUser } from './user';

export const REGISTRY = 'lode_meta.feature_registry';
export const USAGE = 'lode_meta.feature_usage';

/** What a registration keeps of the template beside the registry rows (see registry-versions.ts). */
export interface RegisteredDefinition {
  readonly workspacePath: string;
  readonly text: string;
  readonly sql: string;
}

/** DuckDB's optimistic concurrency: a transaction that touched rows another one committed first fails at write or commit. */
function isConflict(err: unknown): boolean {
  return err instanceof Error && /conflict|PRIMARY KEY|duplicate key/i.test(err.message);
}

const ATTEMPTS = 8;

/**
 * Records every output feature of a compiled template. A feature's id is `template.feature`; when
 * its logic version differs from the latest registered one, a new version is added (the old rows
 * stay, so a snapshot built from them still resolves). Returns the number of new versions.
 *
 * One transaction per registration, on the caller's own connection: reading the latest version
 * and inserting the next one happen together. When another registration commits the same feature
 * first, DuckDB fails this transaction instead of letting two rows share a version number; it is
 * rolled back and read again, so the later save becomes the next version (or, with the same logic,
 * an update).
 */
export async function registerTemplate(
  conn: DuckDBConnection,
  resolved: ResolvedTemplate,
  templatePath: string,
  definition?: RegisteredDefinition,
  now = new Date(),
): Promise<number> {
  // The definition file is keyed by content, so writing it before the rows is safe to repeat.
  if (definition) await storeDefinition(definition.workspacePath, resolved, templatePath, definition.text, definition.sql, now);
  for (let attempt = 1; ; attempt++) {
    await conn.run('BEGIN TRANSACTION');
    try {
      const added = await registerRows(conn, resolved, templatePath, now);
      await conn.run('COMMIT');
      return added;
    } catch (err) {
      // When COMMIT itself failed there is no transaction left to roll back; the first error is the one to report.
      await conn.run('ROLLBACK').catch(() => undefined);
      if (!isConflict(err) || attempt === ATTEMPTS) throw err;
      // Let the transaction that won commit before reading again.
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
    }
  }
}

async function registerRows(conn: DuckDBConnection, resolved: ResolvedTemplate, templatePath: string, now: Date): Promise<number> {
  const template = resolved.template;
  const versions = featureLogicVersions(resolved);
  const at = now.toISOString();
  let added = 0;
  for (const f of resolved.features) {
    if (!f.output) continue;
    const id = `${template.name}.${f.name}`;
    const logic = versions[f.name];
    if (logic === undefined) continue;
    const written = template.features[f.index]!;
    const sources =
      'source' in f && typeof f.source === 'string' ? [resolved.sources.find((s) => s.name === f.source)?.table ?? f.source] : [];
    if (sources.length === 0 && (f.spineRefs.length > 0 || f.kind === 'column')) sources.push(template.spine.table ?? 'spine query');
    const latest = (
      await conn.runAndReadAll(`SELECT version, logic_version FROM ${REGISTRY} WHERE id = $1 ORDER BY version DESC LIMIT 1`, [id])
    ).getRows()[0] as [number, string] | undefined;
    const description = written.description ?? '';
    const owner = template.owner ?? osUser();
    if (latest && latest[1] === logic) {
      await conn.run(`UPDATE ${REGISTRY} SET updated_at = $1, description = $2, owner = $3, template = $4 WHERE id = $5 AND version = $6`, [
        at,
        description,
        owner,
        templatePath,
        id,
        latest[0],
      ]);
      continue;
    }
    await conn.run(`INSERT INTO ${REGISTRY} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`, [
      id,
      (latest?.[0] ?? 0) + 1,
      f.name,
      templatePath,
      owner,
      description,
      written.kind,
      JSON.stringify(sources),
      logic,
      // Features are computed as of each spine row when a training set is built.
      'batch (point in time)',
      at,
    ]);
    added++;
  }
  return added;
}

/** Links the latest version of each named feature of a template to a snapshot built from it. */
export async function recordUsage(
  conn: DuckDBConnection,
  templateName: string,
  features: readonly string[],
  snapshotId: string,
): Promise<void> {
  for (const name of features) {
    const id = `${templateName}.${name}`;
    await conn.run(
      `INSERT INTO ${USAGE} SELECT id, max(version), $2, NULL FROM ${REGISTRY} WHERE id = $1 GROUP BY id
        HAVING NOT EXISTS (SELECT 1 FROM ${USAGE} u WHERE u.feature_id = $1 AND u.snapshot_id = $2)`,
      [id, snapshotId],
    );
  }
}

/**
 * Records that a training run used a snapshot: every feature version built into that snapshot is
 * linked to the run. For training (main/training) to call when a run starts on a snapshot.
 */
export async function recordRunUsage(conn: DuckDBConnection, snapshotId: string, runId: string): Promise<number> {
  return recordRunsUsage(conn, [{ runId, snapshotId }]);
}

/**
 * recordRunUsage for many runs in one statement. Run tracking calls it for every succeeded run it
 * indexes, so a run whose usage was never recorded (the process stopped between the run's end and
 * the record) gets it on the next listing; runs already recorded are left as they are. The table has
 * no key, so a listing indexing a run in the same moment as its training records it can write a row
 * twice; every reader takes distinct runs (featureRows), so a duplicate changes nothing shown.
 */
export async function recordRunsUsage(
  conn: DuckDBConnection,
  runs: readonly { readonly runId: string; readonly snapshotId: string }[],
): Promise<number> {
  if (runs.length === 0) return 0;
  const reader = await conn.runAndReadAll(
    `INSERT INTO ${USAGE}
     SELECT DISTINCT u.feature_id, u.version, u.snapshot_id, p.run_id
       FROM ${USAGE} u
       JOIN (SELECT unnest(json_transform($1, '[{"runId":"VARCHAR","snapshotId":"VARCHAR"}]'), recursive := true)) AS p(run_id, snapshot_id)
         ON u.snapshot_id = p.snapshot_id
      WHERE u.run_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM ${USAGE} r WHERE r.feature_id = u.feature_id AND r.version = u.version AND r.run_id = p.run_id)
     RETURNING feature_id`,
    [JSON.stringify(runs)],
  );
  return reader.currentRowCount;
}

/**
 * Forgets that these runs used any feature (the runs were deleted). For run tracking to call in the
 * same transaction that drops the runs' index rows, so the registry never lists a run that is gone.
 */
export async function deleteRunUsage(conn: DuckDBConnection, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 0) return;
  await conn.run(`DELETE FROM ${USAGE} WHERE run_id IN (SELECT unnest(json_transform($1, '["VARCHAR"]')))`, [JSON.stringify(runIds)]);
}

/** Registered features, the latest version of each unless `allVersions`, filtered by `search`. */
export async function listFeatures(conn: DuckDBConnection, search?: string, allVersions = false): Promise<RegisteredFeature[]> {
  const pattern = `%${(search ?? '').toLowerCase().replace(/[\\_%]/g, (c) => `\\${c}`)}%`;
  return featureRows(
    conn,
    `($2 OR r.latest) AND lower(concat_ws(' ', r.id, r.description, r.template, r.owner, r.sources, r.kind)) LIKE $1 ESCAPE '\\'`,
    [pattern, allVersions],
  );
}

/** Every registered version of one feature, newest first. */
export function featureVersions(conn: DuckDBConnection, id: string): Promise<RegisteredFeature[]> {
  return featureRows(conn, 'r.id = $1', [id]);
}

/** Every registered feature id, for suggestions. */
export async function featureIds(conn: DuckDBConnection): Promise<string[]> {
  return (await conn.runAndReadAll(`SELECT DISTINCT id FROM ${REGISTRY} ORDER BY id`)).getRows().map(([id]) => String(id));
}

/** Registry rows with the snapshots and runs that used each version; `where` reads `r` (with `r.latest`). */
async function featureRows(conn: DuckDBConnection, where: string, params: (string | boolean)[]): Promise<RegisteredFeature[]> {
  const reader = await conn.runAndReadAll(
    `WITH r AS (
       SELECT *, version = max(version) OVER (PARTITION BY id) AS latest FROM ${REGISTRY}
     )
     SELECT r.id, r.version, r.name, r.template, r.owner, r.description, r.kind, r.sources, r.logic_version,
            r.update_strategy, r.created_at, r.updated_at,
            coalesce(list(DISTINCT u.snapshot_id) FILTER (WHERE u.snapshot_id IS NOT NULL), []) AS snapshots,
            coalesce(list(DISTINCT u.run_id) FILTER (WHERE u.run_id IS NOT NULL), []) AS runs
       FROM r LEFT JOIN ${USAGE} u ON u.feature_id = r.id AND u.version = r.version
      WHERE ${where}
      GROUP BY ALL
      ORDER BY r.id, r.version DESC`,
    params,
  );
  type Row = [string, number, string, string, string, string, string, string, string, string, string, string, string[], string[]];
  return (reader.getRowsJson() as unknown as Row[]).map((row) => {
    const [id, version, name, template, owner, description, kind, sources, logicVersion, updateStrategy, createdAt, updatedAt] = row;
    return {
      id,
      version: Number(version),
      name,
      template,
      owner,
      description,
      kind,
      sources: JSON.parse(sources) as string[],
      logicVersion,
      updateStrategy,
      createdAt,
      updatedAt,
      snapshots: row[12] ?? [],
      runs: row[13] ?? [],
    };
  });
}
