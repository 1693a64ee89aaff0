import type { DuckDBConnection } from '@duckdb/node-api';
import { LodeError } from '../../shared/errors';
import { DATA_LAYERS, META_SCHEMA } from './layout';

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly statements: readonly string[];
}

/**
 * Metadata schema versions, oldest first. A migration never changes once released: add a new one.
 * Each runs in its own transaction together with the row that records it.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'data layers and the jobs table',
    statements: [
      ...DATA_LAYERS.map((layer) => `CREATE SCHEMA IF NOT EXISTS ${layer}`),
      `CREATE TABLE ${META_SCHEMA}.jobs (
        id VARCHAR PRIMARY KEY,
        kind VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        state VARCHAR NOT NULL,
        progress DOUBLE NOT NULL,
        message VARCHAR NOT NULL,
        created_at VARCHAR NOT NULL,
        finished_at VARCHAR,
        error VARCHAR,
        result VARCHAR
      )`,
    ],
  },
  {
    version: 2,
    description: 'table sources, SQL history and data-quality rules',
    statements: [
      `CREATE TABLE ${META_SCHEMA}.table_sources (
        layer VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        source_file VARCHAR,
        imported_at VARCHAR,
        options VARCHAR,
        PRIMARY KEY (layer, name)
      )`,
      `CREATE TABLE ${META_SCHEMA}.sql_history (
        ran_at VARCHAR NOT NULL,
        sql VARCHAR NOT NULL,
        elapsed_ms DOUBLE,
        ok BOOLEAN NOT NULL,
        error VARCHAR,
        row_count BIGINT
      )`,
      `CREATE TABLE ${META_SCHEMA}.quality_rules (
        layer VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        rules VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL,
        PRIMARY KEY (layer, name)
      )`,
    ],
  },
  {
    version: 3,
    description: 'feature registry and feature usage',
    statements: [
      // One row per feature version; a changed logic version is a new version, old ones stay.
      `CREATE TABLE ${META_SCHEMA}.feature_registry (
        id VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        name VARCHAR NOT NULL,
        template VARCHAR NOT NULL,
        owner VARCHAR NOT NULL,
        description VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        sources VARCHAR NOT NULL,
        logic_version VARCHAR NOT NULL,
        update_strategy VARCHAR NOT NULL,
        created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL,
        PRIMARY KEY (id, version)
      )`,
      `CREATE TABLE ${META_SCHEMA}.feature_usage (
        feature_id VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        snapshot_id VARCHAR,
        run_id VARCHAR
      )`,
    ],
  },
  {
    version: 4,
    description: 'run tracking, experiments and hyperparameter searches',
    statements: [
      // An index of runs/<id>/run.json for fast listing and filtering. The run folder stays the
      // record of a finished run; tags, notes and the experiment are the editable part and live here.
      `CREATE TABLE ${META_SCHEMA}.runs (
        id VARCHAR PRIMARY KEY,
        state VARCHAR NOT NULL,
        created_at VARCHAR NOT NULL,
        finished_at VARCHAR,
        duration_ms DOUBLE,
        algo VARCHAR NOT NULL,
        label VARCHAR NOT NULL,
        data_snapshot VARCHAR NOT NULL,
        valid_snapshot VARCHAR,
        template_version VARCHAR,
        code_version VARCHAR NOT NULL,
        params VARCHAR NOT NULL,
        metrics VARCHAR,
        error VARCHAR,
        experiment VARCHAR,
        search_id VARCHAR,
        trial INTEGER,
        rerun_of VARCHAR,
        tags VARCHAR NOT NULL,
        notes VARCHAR NOT NULL
      )`,
      `CREATE TABLE ${META_SCHEMA}.experiments (
        name VARCHAR PRIMARY KEY,
        description VARCHAR NOT NULL,
        created_at VARCHAR NOT NULL
      )`,
      // A search's definition; its trials are runs (runs.search_id) plus the driver's view of each.
      `CREATE TABLE ${META_SCHEMA}.searches (
        id VARCHAR PRIMARY KEY,
        created_at VARCHAR NOT NULL,
        finished_at VARCHAR,
        state VARCHAR NOT NULL,
        spec VARCHAR NOT NULL,
        best_run VARCHAR,
        best_value DOUBLE,
        error VARCHAR
      )`,
      `CREATE TABLE ${META_SCHEMA}.search_trials (
        search_id VARCHAR NOT NULL,
        trial INTEGER NOT NULL,
        run_id VARCHAR,
        state VARCHAR NOT NULL,
        params VARCHAR NOT NULL,
        value DOUBLE,
        pruned_at INTEGER,
        PRIMARY KEY (search_id, trial)
      )`,
    ],
  },
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;

export async function schemaVersion(sql: DuckDBConnection): Promise<number> {
  const reader = await sql.runAndReadAll(`SELECT coalesce(max(version), 0)::INTEGER AS v FROM ${META_SCHEMA}.schema_version`);
  return Number(reader.getRows()[0]![0]);
}

/** Brings the metadata tables up to the latest version; refuses a database from a newer Lode. */
export async function migrate(sql: DuckDBConnection, file: string): Promise<number> {
  await sql.run(`CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA}`);
  await sql.run(
    `CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.schema_version (version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at VARCHAR NOT NULL)`,
  );
  const current = await schemaVersion(sql);
  if (current > LATEST_SCHEMA_VERSION) {
    throw new LodeError('newer_format', `${file} has metadata schema version ${current}; this Lode knows up to ${LATEST_SCHEMA_VERSION}.`, {
      file,
      hint: 'Update Lode to open this workspace; nothing was changed.',
    });
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    await sql.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements) await sql.run(statement);
      await sql.run(`INSERT INTO ${META_SCHEMA}.schema_version VALUES ($1, $2, $3)`, [
        migration.version,
        migration.description,
        new Date().toISOString(),
      ]);
      await sql.run('COMMIT');
    } catch (err) {
      await sql.run('ROLLBACK');
      throw new LodeError(
        'corrupt_database',
        `migrating ${file} to schema version ${migration.version} failed: ${(err as Error).message}`,
        {
          file,
          hint: 'The workspace was left at its previous version. Report this with the message above.',
        },
      );
    }
  }
  return schemaVersion(sql);
}
