import type { DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import { featureLogicVersions, type FeatureDef } from '../../shared/features';
import { LodeError } from '../../shared/errors';
import type { RegisteredFeature } from '../../shared/services/features';
import { closest } from '../../shared/suggest';
import { compileText } from './compile';
import { readTemplateFile } from './files';
import { featureIds, featureVersions } from './registry';
import { findDefinition } from './registry-versions';

/** One registered feature version with what it was computed from. */
export interface FeatureVersionDetail extends RegisteredFeature {
  readonly latest: boolean;
  /** Every version of the feature, newest first. */
  readonly versions: readonly { readonly version: number; readonly logicVersion: string; readonly createdAt: string }[];
  /** The feature's entry as written in the template, the template text and its batch SQL at that version. */
  readonly definition: FeatureDef | null;
  readonly templateText: string | null;
  readonly templateLogicVersion: string | null;
  readonly sql: string | null;
  /**
   * `registered`: kept when the version was registered; `current template`: the template file as it
   * is now still computes this version; null: neither (a version registered before definitions were kept).
   */
  readonly definitionFrom: 'registered' | 'current template' | null;
}

/** `TEMPLATE.FEATURE` or `TEMPLATE.FEATURE@VERSION`. */
export function parseFeatureRef(ref: string): { id: string; version: number | null } {
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

async function unknownFeature(conn: DuckDBConnection, id: string): Promise<LodeError> {
  const ids = await featureIds(conn);
  // A feature name without its template is the likeliest slip.
  const byName = ids.filter((candidate) => candidate.endsWith(`.${id}`));
  const suggestion = byName.length === 1 ? byName[0] : closest(id, ids);
  return new LodeError('not_found', `no registered feature ${id}${suggestion ? ` (did you mean ${suggestion}?)` : ''}.`, {
    field: 'feature',
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

/** One registered version (the latest when `ref` has none), with its usage and definition. */
export async function showFeature(conn: DuckDBConnection, workspacePath: string, ref: string): Promise<FeatureVersionDetail> {
  const { id, version } = parseFeatureRef(ref.trim());
  const rows = await featureVersions(conn, id);
  if (rows.length === 0) throw await unknownFeature(conn, id);
  const row = version === null ? rows[0] : rows.find((r) => r.version === version);
  if (!row) {
    const known = rows.map((r) => r.version).reverse();
    throw new LodeError('not_found', `feature ${id} has no version ${version}; its versions are ${known.join(', ')}.`, {
      field: 'feature',
      hint: `Give one of them, such as ${id}@${known[known.length - 1]}, or the id alone for the latest.`,
    });
  }
  return {
    ...row,
    latest: row.version === rows[0]!.version,
    versions: rows.map((r) => ({ version: r.version, logicVersion: r.logicVersion, createdAt: r.createdAt })),
    ...(await definitionOf(conn, workspacePath, row)),
  };
}
