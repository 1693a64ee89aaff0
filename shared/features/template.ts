import { z } from 'zod';
import { DURATION_PATTERN, WINDOW_PATTERN } from './duration';

/**
 * The feature-template language: the shape of a template file. This schema is the one source of
 * truth for the parser (errors with line and column) and for the JSON Schema the editor uses
 * (resources/schemas/feature-template.schema.json, generated from it). Meaning that a shape cannot
 * express (names that exist, types, cycles, leakage) is the validator's job.
 */

export const FEATURE_KINDS = ['column', 'aggregation', 'ratio', 'formula', 'encoding', 'time', 'bucketize', 'cross'] as const;
export const AGGREGATE_FUNCTIONS = ['count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'stddev', 'first', 'last'] as const;
export const LABEL_AGGREGATES = ['any', 'count', 'sum', 'avg', 'min', 'max'] as const;
export const ENCODING_METHODS = ['one_hot', 'frequency', 'ordinal'] as const;
export const TIME_PARTS = ['hour', 'weekday', 'day', 'month', 'year', 'days_since'] as const;
export const CASTS = ['double', 'bigint', 'integer', 'varchar', 'boolean', 'date', 'timestamp'] as const;

export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];
export type LabelAggregate = (typeof LABEL_AGGREGATES)[number];
export type EncodingMethod = (typeof ENCODING_METHODS)[number];
export type TimePart = (typeof TIME_PARTS)[number];
export type Cast = (typeof CASTS)[number];

const NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,62}$';
const nameMessage = 'use letters, digits and underscores, starting with a letter or underscore (at most 63 characters)';

const featureName = z.string().regex(new RegExp(NAME_PATTERN), nameMessage).describe('The output column name.');
const sourceName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'use lowercase letters, digits and underscores, starting with a letter')
  .describe('The name of a source declared under `sources`.');
const columnName = z.string().min(1, 'a column name cannot be empty');
const tableName = z
  .string()
  .regex(/^[a-z]+\.[a-z][a-z0-9_]*$/, 'write LAYER.TABLE, e.g. ods.ratings')
  .describe('A workspace table or view as LAYER.NAME, e.g. `ods.ratings`.');
const expression = z
  .string()
  .min(1, 'the expression is empty')
  .describe("An expression in Lode's expression language, e.g. `safe_div(clicks_7d, views_7d)` or `rating >= 4`.");
const windowText = z
  .string()
  .regex(new RegExp(WINDOW_PATTERN), 'write a window as a whole number and a unit (30m, 12h, 7d, 2w), or all')
  .describe('How far back from the as-of time: `30m`, `12h`, `7d`, `2w`, or `all` for all history.');
const durationText = z
  .string()
  .regex(new RegExp(DURATION_PATTERN), 'write a horizon as a whole number and a unit (30m, 12h, 7d, 2w)')
  .describe('How far ahead of the as-of time: `30m`, `12h`, `7d`, `2w`.');
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const common = {
  name: featureName,
  description: z.string().optional().describe('What the feature means, for the registry and the editor.'),
  output: z.boolean().optional().describe('false: compute it for other features but leave it out of the training set.'),
};

const columnFeature = z
  .object({
    ...common,
    kind: z.literal('column'),
    column: columnName.describe('A column of the spine, or of the dimension source named in `from`.'),
    from: sourceName.optional().describe('A dimension source (one without `time`) to take the column from.'),
    cast: z.enum(CASTS).optional().describe('Convert the value; values that do not convert become null.'),
    clip: z
      .tuple([z.number().nullable(), z.number().nullable()])
      .optional()
      .describe('[min, max]: values below min become min, above max become max; null leaves a side open.'),
    fill: scalar.optional().describe('The value to use where the column is null.'),
  })
  .strict()
  .describe('A column of the spine or of a dimension table, with optional cast, clip and fill.');

const aggregationFeature = z
  .object({
    ...common,
    kind: z.literal('aggregation'),
    source: sourceName.describe('An event source (one with `time`).'),
    function: z.enum(AGGREGATE_FUNCTIONS).describe('count, count_distinct, sum, avg, min, max, stddev, first or last.'),
    column: columnName.optional().describe('The source column to aggregate (not needed for count).'),
    window: windowText.optional(),
    windows: z
      .array(windowText)
      .min(1)
      .optional()
      .describe('Several windows: one output column per window, named NAME_WINDOW (e.g. clicks_7d).'),
    filter: expression.optional().describe("Only events where this holds, e.g. `event = 'click'` (source columns only)."),
  })
  .strict()
  .describe('An aggregate of events before the as-of time, per entity, over one or more windows.');

const ratioFeature = z
  .object({
    ...common,
    kind: z.literal('ratio'),
    numerator: expression,
    denominator: expression,
  })
  .strict()
  .describe('numerator / denominator, null when the denominator is 0 or null (safe_div).');

const formulaFeature = z
  .object({ ...common, kind: z.literal('formula'), expr: expression })
  .strict()
  .describe('An expression over other features and spine columns.');

const encodingFeature = z
  .object({
    ...common,
    kind: z.literal('encoding'),
    method: z.enum(ENCODING_METHODS).describe('one_hot: 0/1 columns; frequency: share of rows with the value; ordinal: rank 1..n.'),
    input: expression.describe('The categorical value to encode: a feature, a spine column, or an expression.'),
    top: z.number().int().min(1).max(10_000).optional().describe('Keep the k most frequent values (one_hot default 10, others 1000).'),
    values: z.array(scalar).min(1).optional().describe('The values to keep, in order (for ordinal: the rank order), instead of `top`.'),
  })
  .strict()
  .describe('An encoding of a categorical value, fitted on the spine rows when the training set is built.');

const timeFeature = z
  .object({
    ...common,
    kind: z.literal('time'),
    part: z.enum(TIME_PARTS).describe('hour, weekday (1 = Monday), day (of month), month, year, or days_since.'),
    column: columnName.optional().describe('A spine timestamp column (default: the spine time).'),
    source: sourceName.optional().describe('days_since: days since the latest event of this source before the as-of time.'),
    filter: expression.optional().describe('days_since an event: only events where this holds.'),
    window: windowText.optional().describe('days_since an event: look back this far only (default all).'),
  })
  .strict()
  .describe('A part of a timestamp, or the days since a timestamp or an event.');

const bucketizeFeature = z
  .object({
    ...common,
    kind: z.literal('bucketize'),
    input: expression,
    boundaries: z.array(z.number()).min(1).describe('Increasing boundaries: bucket 0 is below the first, bucket n at or above the last.'),
  })
  .strict()
  .describe('The bucket index of a number, by explicit boundaries.');

const crossFeature = z
  .object({
    ...common,
    kind: z.literal('cross'),
    inputs: z.array(expression).min(2).describe('Two or more categorical values.'),
  })
  .strict()
  .describe('The combination of categorical values as one text value, `a|b`; null when any is null.');

export const featureSchema = z.discriminatedUnion('kind', [
  columnFeature,
  aggregationFeature,
  ratioFeature,
  formulaFeature,
  encodingFeature,
  timeFeature,
  bucketizeFeature,
  crossFeature,
]);

export const labelSchema = z
  .object({
    name: featureName,
    description: z.string().optional(),
    column: columnName.optional().describe('A spine column holding the label.'),
    source: sourceName.optional().describe('An event source: the label comes from its events in [as_of, as_of + horizon).'),
    horizon: durationText.optional(),
    aggregate: z.enum(LABEL_AGGREGATES).optional().describe('any (default): 1 if an event happened, else 0; or count, sum, avg, min, max.'),
    value: columnName.optional().describe('The source column for sum, avg, min and max.'),
    filter: expression.optional().describe("Only events where this holds, e.g. `event = 'click'`."),
  })
  .strict()
  .describe('What the model predicts: a spine column, or what happens within a horizon after the as-of time.');

export const sourceSchema = z
  .object({
    table: tableName,
    time: columnName.optional().describe('The event time column. With it the source holds events; without it, a dimension.'),
    on: z
      .record(z.string(), columnName)
      .optional()
      .describe('Spine column: source column pairs to join on (default: the entity keys, same names).'),
    description: z.string().optional(),
  })
  .strict();

export const templateSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, 'use lowercase letters, digits and underscores, starting with a letter')
      .describe('The template name; the file is features/NAME.yaml.'),
    description: z.string().optional(),
    owner: z.string().optional().describe('Who answers questions about these features.'),
    entity: z
      .object({
        name: z.string().optional().describe('What one row is about, e.g. user.'),
        keys: z.array(columnName).min(1).describe('The spine columns that identify the entity.'),
      })
      .strict(),
    spine: z
      .object({
        table: tableName.optional(),
        query: z.string().min(1).optional().describe('A SELECT that returns the spine rows, instead of `table`.'),
        time: columnName.describe('The as-of time column: features use only data from before it.'),
      })
      .strict()
      .describe('The rows of the training set: one per entity and as-of time.'),
    sources: z.record(sourceName, sourceSchema).optional().describe('Tables that features read, by name.'),
    label: labelSchema.optional(),
    features: z.array(featureSchema).min(1, 'a template needs at least one feature'),
  })
  .strict()
  .describe('A Lode feature template.');

export type Template = z.infer<typeof templateSchema>;
export type FeatureDef = z.infer<typeof featureSchema>;
export type LabelDef = z.infer<typeof labelSchema>;
export type SourceDef = z.infer<typeof sourceSchema>;
export type FeatureKind = (typeof FEATURE_KINDS)[number];
