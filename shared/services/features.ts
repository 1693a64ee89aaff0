import { z } from 'zod';
import { defineService, method } from '../contract/define';
import { arrowBytes, columnInfo, objectName } from './data/common';

/** Template text as typed in the editor, or a template file (absolute, or relative to the workspace). */
const templateFields = z.object({
  text: z.string().optional(),
  path: z.string().trim().min(1, 'give a template path such as features/churn.yaml').optional(),
});
function exactlyOne(t: { text?: string | undefined; path?: string | undefined }): boolean {
  return (t.text === undefined) !== (t.path === undefined);
}
const exactlyOneError = { message: 'give either text or path', path: ['text'] };
const templateInput = templateFields.strict().refine(exactlyOne, exactlyOneError);
export type TemplateInput = z.infer<typeof templateInput>;

/** One compiler finding, placed in the YAML (1-based line and column) for editor markers. */
export const templateMarker = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  path: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int(),
  endColumn: z.number().int(),
});
export type TemplateMarker = z.infer<typeof templateMarker>;

export const outputColumn = z.object({
  name: z.string(),
  role: z.enum(['key', 'time', 'feature', 'label']),
});

export const compiledTemplate = z.object({
  ok: z.boolean(),
  name: z.string().nullable(),
  /** The batch SQL; null when the template has errors. */
  sql: z.string().nullable(),
  onlineSql: z.string().nullable(),
  logicVersion: z.string().nullable(),
  /** Each feature's own logic version (the registry's version key). */
  featureVersions: z.record(z.string(), z.string()),
  columns: z.array(outputColumn),
  markers: z.array(templateMarker),
});
export type CompiledTemplate = z.infer<typeof compiledTemplate>;

export const featureStats = z.object({
  name: z.string(),
  role: z.enum(['key', 'time', 'feature', 'label']),
  nullRate: z.number(),
  mean: z.number().nullable(),
});

export const templatePreview = z.object({
  compiled: compiledTemplate,
  columns: z.array(columnInfo),
  /** The first rows as an Arrow IPC stream. */
  arrow: arrowBytes,
  rowCount: z.number().int(),
  /** Rows computed (at most `sample` spine rows). */
  totalRows: z.number().int(),
  sampled: z.boolean(),
  stats: z.array(featureStats),
});
export type TemplatePreview = z.infer<typeof templatePreview>;

export const templateSummary = z.object({ name: z.string(), path: z.string(), bytes: z.number().int(), modifiedAt: z.string() });
export type TemplateSummary = z.infer<typeof templateSummary>;

/** A feature in the registry: one row per (id, version); a new logic version is a new version. */
export const registeredFeature = z.object({
  id: z.string(),
  version: z.number().int(),
  name: z.string(),
  template: z.string(),
  owner: z.string(),
  description: z.string(),
  kind: z.string(),
  sources: z.array(z.string()),
  logicVersion: z.string(),
  updateStrategy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  snapshots: z.array(z.string()),
  runs: z.array(z.string()),
});
export type RegisteredFeature = z.infer<typeof registeredFeature>;

/** One version of a feature: its logic, when it was registered, and the snapshots and runs that used it. */
export const featureVersionUsage = registeredFeature.pick({
  version: true,
  logicVersion: true,
  template: true,
  createdAt: true,
  updatedAt: true,
  snapshots: true,
  runs: true,
});
export type FeatureVersionUsage = z.infer<typeof featureVersionUsage>;

/**
 * A feature's registry entry at one version (the latest unless one is asked for), every version of
 * it, and how that version is computed.
 */
export const featureDetail = registeredFeature.extend({
  latest: z.boolean(),
  /** Every version, newest first. */
  versions: z.array(featureVersionUsage),
  /** The feature's entry as written in the template; kept as plain JSON so that older language versions still show. */
  definition: z.record(z.string(), z.unknown()).nullable(),
  /**
   * `registered`: kept when the version was registered; `current template`: the template file as it
   * is now still computes this version; null: neither (registered before definitions were kept).
   */
  definitionFrom: z.enum(['registered', 'current template']).nullable(),
  templateText: z.string().nullable(),
  templateLogicVersion: z.string().nullable(),
  /** The template's batch SQL at this version. */
  sql: z.string().nullable(),
});
export type FeatureDetail = z.infer<typeof featureDetail>;

/** A feature that predicts the label too well on its own, found when a training set is built. */
export const leakageFinding = z.object({
  feature: z.string(),
  /**
   * Single-feature AUC against a binary label, oriented so that 0.5 is chance and 1 is perfect; for
   * a numeric label, the absolute correlation.
   */
  auc: z.number(),
  reason: z.string(),
});
export type LeakageFinding = z.infer<typeof leakageFinding>;

/** The result of a build job. */
export const buildResult = z.object({
  snapshotId: z.string(),
  sourceSnapshotId: z.string(),
  logicVersion: z.string(),
  rows: z.number().int(),
  leakage: z.array(leakageFinding),
});
export type BuildResult = z.infer<typeof buildResult>;

export const featuresService = defineService(
  'features',
  {
    compile: method(
      'Check and compile a template against the workspace: SQL, logic version, columns and markers.',
      templateInput,
      compiledTemplate,
    ),
    check: method(
      'Check template text against the workspace’s schemas; what the editor runs as the analyst types.',
      z.object({ text: z.string() }).strict(),
      z.object({ ok: z.boolean(), markers: z.array(templateMarker) }),
    ),
    preview: method(
      'Compute a template on a sample of its spine: the first rows as Arrow and each feature’s null rate and mean.',
      templateFields
        .extend({ rows: z.number().int().min(1).max(10_000).default(100), sample: z.number().int().min(1).default(100_000) })
        .strict()
        .refine(exactlyOne, exactlyOneError),
      templatePreview,
    ),
    save: method(
      'Write features/NAME.yaml atomically and register its features (a changed logic gets a new version).',
      z.object({ name: objectName, text: z.string() }).strict(),
      z.object({ path: z.string(), markers: z.array(templateMarker), registered: z.number().int() }),
    ),
    listTemplates: method('Templates in features/, by name.', z.object({}).strict(), z.object({ templates: z.array(templateSummary) })),
    readTemplate: method(
      'The text of features/NAME.yaml.',
      z.object({ name: objectName }).strict(),
      z.object({ name: z.string(), path: z.string(), text: z.string() }),
    ),
    build: method(
      'Materialize a template’s training set from a snapshot as a new snapshot, as a job (result: BuildResult).',
      z
        .object({
          path: z.string().trim().min(1, 'give a template path such as features/churn.yaml'),
          snapshotId: z.string().trim().min(1, 'give a snapshot id such as events@2026-11-21-1a2b3c4d'),
          name: objectName.optional(),
          acknowledgeLeakage: z.boolean().default(false),
        })
        .strict(),
      z.object({ jobId: z.string() }),
    ),
    listFeatures: method(
      'Registered features, newest version first; search matches name, description, template, owner and sources.',
      z.object({ search: z.string().optional(), allVersions: z.boolean().default(false) }).strict(),
      z.object({ features: z.array(registeredFeature) }),
    ),
    showFeature: method(
      'One registered feature at a version (the latest by default): its registry fields, every version with the snapshots and runs that used it, and the definition and SQL of that version.',
      z
        .object({
          // Template and feature names are far shorter (63 characters, plus a window suffix). The bound keeps an
          // unknown id's did-you-mean (edit distance, quadratic in the id's length) cheap for the host.
          id: z
            .string()
            .trim()
            .min(1, 'give a feature id such as churn.clicks_7d (TEMPLATE.FEATURE)')
            .max(200, 'a feature id (TEMPLATE.FEATURE) is at most 200 characters'),
          version: z.number().int().min(1).optional(),
        })
        .strict(),
      featureDetail,
    ),
  },
  {},
);
