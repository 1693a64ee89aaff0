import { CheckContext } from './check-context';
import { checkFeatures, type FeatureEnv } from './check-features';
import { checkLabel, checkSources, checkSpine } from './check-sources';
import { hasErrors, sortDiagnostics } from './diagnostics';
import { logicVersion } from './logic-version';
import type { CheckResult, SchemaCatalog } from './model';
import type { ParsedTemplate } from './parse';

/**
 * Checks a parsed template against the workspace's schemas: names exist, types fit, windows are
 * valid, nothing can see past the as-of time, no cycles or duplicate names. Every finding carries
 * a line and column; the resolved template (for the compiler) is returned only without errors.
 */
export function checkTemplate(parsed: ParsedTemplate, catalog: SchemaCatalog): CheckResult {
  const ctx = new CheckContext(parsed.sourceMap);
  ctx.diagnostics.push(...parsed.diagnostics);
  const t = parsed.template;
  if (!t || hasErrors(parsed.diagnostics)) return { diagnostics: ctx.diagnostics, resolved: null, sourceMap: parsed.sourceMap };

  const spine = checkSpine(ctx, t, catalog);
  const keys = spine ? t.entity.keys.map((k, i) => ctx.column(spine.set, k, ['entity', 'keys', i], 'the spine')) : [];
  keys.forEach((key, i) => {
    if (!key || !spine) return;
    if (keys.findIndex((k) => k?.name === key.name) < i) ctx.error(['entity', 'keys', i], 'duplicate_name', `${key.name} is listed twice`);
    if (key.name === spine.time.name)
      ctx.error(['entity', 'keys', i], 'conflict', `${key.name} is the as-of time; the keys say which entity a row is about`);
  });
  const sources = checkSources(ctx, t, catalog, spine?.set ?? null);
  const label = spine ? checkLabel(ctx, t, spine.set, sources) : null;
  const env: FeatureEnv | null =
    spine && keys.every((k) => k !== null)
      ? {
          spine: spine.set,
          keys: keys,
          time: spine.time,
          sources,
          label: t.label ? { name: t.label.name, column: label?.kind === 'column' ? label.column : null } : null,
        }
      : null;
  const features = env ? checkFeatures(ctx, t, env) : null;

  for (const [name] of sources) {
    const used =
      t.features.some((f) => 'source' in f && f.source === name) || t.features.some((f) => f.kind === 'column' && f.from === name);
    if (!used && t.label?.source !== name) ctx.warn(['sources', name], 'unused_source', `source '${name}' is not used by any feature`);
  }

  const diagnostics = sortDiagnostics(ctx.diagnostics);
  if (hasErrors(diagnostics) || !spine || !env || !features || (t.label && !label)) {
    return { diagnostics, resolved: null, sourceMap: parsed.sourceMap };
  }
  return {
    diagnostics,
    sourceMap: parsed.sourceMap,
    resolved: {
      name: t.name,
      template: t,
      logicVersion: logicVersion(t),
      keys: env.keys,
      spine: { table: t.spine.table ?? null, query: t.spine.query ?? null, time: spine.time, columns: spine.set.columns },
      sources: [...sources.values()].map(({ set: _set, ...source }) => source),
      features,
      label,
    },
  };
}
