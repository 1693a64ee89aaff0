import type { DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import { featureLogicVersions, type FeatureDef } from '../../shared/features';
import { LodeError } from '../../shared/errors';
import type { FeatureDetail, RegisteredFeature } from '../../shared/services/features';
import { closest } from '../../shared/suggest';
import { compileText } from './compile';
import { readTemplateFile } from './files';
import { featureIds, featureVersions } from './registry';
import { findDefinition } from './registry-versions';

/**
 * One registered feature version with what it was computed from: the contract's FeatureDetail, with
 * the definition typed as the template language's feature entry.
 */
export interface FeatureVersionDetail extends Omit<FeatureDetail, 'definition'> {
  readonly definition: FeatureDef | null;
}

/** A feature id (`TEMPLATE.FEATURE`) and a version, or null for the latest. */
export interface FeatureRef {
  readonly id: string;
  readonly version?: number | null | undefined;
}

/** `TEMPLATE.FEATURE` or `TEMPLATE.FEATURE@VERSION`. */
export function parseFeatureRef(ref: string): FeatureRef {
  const at = ref.lastIndexOf('@');
  if (at < 0) return { id: ref, version: null };
  const id = ref.slice(0, at);
  const version = ref.slice(at + 1);
  if (!/^[1-9][0-9]*$/.test(version)) {
    throw new LodeError('bad_input', `'${version}' in ${ref} is not a version number.`, {
      field: 'feature',
      hint: 'Give ID@VERSION with a whole version number, such as churn.clicks_7d@2, or the id alone for the latest.',
    });
  }
  return { id, version: Number(version) };
}

/**
 * The registered id a mistyped one meant. Within a template that exists, only the feature's name is
 * compared: the shared template prefix would otherwise make any name look close (nope -> age).
 */
export function closestId(id: string, ids: readonly string[]): string | undefined {
  const dot = id.indexOf('.');
  const prefix = dot > 0 ? id.slice(0, dot + 1) : null;
  const siblings = prefix ? ids.filter((candidate) => candidate.startsWith(prefix)) : [];
  if (siblings.length === 0) return closest(id, ids);
  const name = closest(
    id.slice(prefix!.length),
    siblings.map((candidate) => candidate.slice(prefix!.length)),
  );
  return name === undefined ? undefined : `${prefix}${name}`;
}

async function unknownFeature(conn: DuckDBConnection, id: string): Promise<LodeError> {
  const ids = await featureIds(conn);
  // A feature name without its template is the likeliest slip.
  const byName = ids.filter((candidate) => candidate.endsWith(`.${id}`));
  const suggestion = byName.length === 1 ? byName[0] : closestId(id, ids);
  return new LodeError('not_found', `no registered feature ${id}${suggestion ? ` (did you mean ${suggestion}?)` : ''}.`, {
    field: 'id',
    hint:
      ids.length === 0
        ? 'Save or build a template to register its features.'
        : 'Ids are TEMPLATE.FEATURE; `lode features list` shows them.',
  });
}

/** The definition of a version: as kept at registration, else from the template file if it still computes it. */
async function definitionOf(
  conn: DuckDBConnection,
  workspacePath: string,
  row: RegisteredFeature,
): Promise<Pick<FeatureVersionDetail, 'definition' | 'templateText' | 'templateLogicVersion' | 'sql' | 'definitionFrom'>> {
  const template = row.id.slice(0, row.id.length - row.name.length - 1);
  const stored = await findDefinition(workspacePath, template, row.name, row.logicVersion);
  if (stored) {
    return {
      definition: stored.definitions[row.name] ?? null,
      templateText: stored.text,
      templateLogicVersion: stored.logicVersion,
      sql: stored.sql,
      definitionFrom: 'registered',
    };
  }
  const none = { definition: null, templateText: null, templateLogicVersion: null, sql: null, definitionFrom: null };
  const file = join(workspacePath, row.template);
  let text: string;
  try {
    text = await readTemplateFile(file);
  } catch {
    return none;
  }
  const outcome = await compileText(conn, text, file, { spineLimit: 1000 });
  if (!outcome.resolved || featureLogicVersions(outcome.resolved)[row.name] !== row.logicVersion) return none;
  const feature = outcome.resolved.features.find((f) => f.name === row.name);
  return {
    definition: feature ? outcome.resolved.template.features[feature.index]! : null,
    templateText: text,
    templateLogicVersion: outcome.resolved.logicVersion,
    sql: outcome.batch?.sql ?? null,
    definitionFrom: 'current template',
  };
}

/**
 * One registered version (the latest when `ref` names none), with every version's usage and this
 * version's definition. `ref` is `TEMPLATE.FEATURE[@VERSION]` as typed on the command line, or an id
 * and version; the CLI and the features service both come here.
 */
export async function showFeature(conn: DuckDBConnection, workspacePath: string, ref: FeatureRef): Promise<FeatureVersionDetail> {
  const id = ref.id.trim();
  const version = ref.version ?? null;
  const rows = await featureVersions(conn, id);
  if (rows.length === 0) throw await unknownFeature(conn, id);
  const row = version === null ? rows[0] : rows.find((r) => r.version === version);
  if (!row) {
    const known = rows.map((r) => r.version).reverse();
    throw new LodeError('not_found', `feature ${id} has no version ${version}; its versions are ${known.join(', ')}.`, {
      field: 'version',
      hint: `Give one of them, such as ${id}@${known[known.length - 1]}, or the id alone for the latest.`,
    });
  }
  return {
    ...row,
    latest: row.version === rows[0]!.version,
    versions: rows.map(({ version, logicVersion, template, createdAt, updatedAt, snapshots, runs }) => ({
      version,
      logicVersion,
      template,
      createdAt,
      updatedAt,
      snapshots,
      runs,
    })),
    ...(await definitionOf(conn, workspacePath, row)),
  };
}
