import { z } from 'zod';
import { method } from '../../contract/define';
import { tableRef } from './common';

const scalar = z.union([z.number(), z.string()]).nullable();

export const columnProfile = z.object({
  name: z.string(),
  type: z.string(),
  nulls: z.number().int(),
  nullRate: z.number(),
  distinct: z.number().int(),
  min: scalar,
  max: scalar,
  mean: z.number().nullable(),
  std: z.number().nullable(),
  quantiles: z
    .object({ p01: z.number(), p05: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p95: z.number(), p99: z.number() })
    .nullable(),
  /** Numeric columns: equal-width bins from min to max. */
  histogram: z.array(z.object({ lo: z.number(), hi: z.number(), count: z.number().int() })).nullable(),
  /** Other columns: the most frequent values. */
  topValues: z.array(z.object({ value: z.string().nullable(), count: z.number().int() })).nullable(),
});
export type ColumnProfile = z.infer<typeof columnProfile>;

export const tableProfile = z.object({
  table: tableRef,
  rows: z.number().int(),
  columns: z.array(columnProfile),
  /** Whether distinct counts are exact (small tables) or HyperLogLog estimates (large ones). */
  exactDistinct: z.boolean(),
  key: z.object({ columns: z.array(z.string()), duplicateRows: z.number().int(), duplicateRate: z.number() }).nullable(),
  profiledAt: z.string(),
});
export type TableProfile = z.infer<typeof tableProfile>;

export const qualityRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('max_null_rate'), column: z.string().min(1), max: z.number().min(0).max(1) }).strict(),
  z.object({ kind: z.literal('unique'), columns: z.array(z.string().min(1)).min(1) }).strict(),
  z.object({ kind: z.literal('allowed_values'), column: z.string().min(1), values: z.array(z.string()).min(1) }).strict(),
  z
    .object({ kind: z.literal('range'), column: z.string().min(1), min: z.number().optional(), max: z.number().optional() })
    .strict()
    .refine((r) => r.min !== undefined || r.max !== undefined, 'give min, max or both'),
]);
export type QualityRule = z.infer<typeof qualityRule>;

export const ruleResult = z.object({
  rule: qualityRule,
  passed: z.boolean(),
  /** The measured figure: a null rate, a count of duplicates or of offending rows. */
  observed: z.number(),
  message: z.string(),
});
export type RuleResult = z.infer<typeof ruleResult>;

export const profileMethods = {
  profileTable: method(
    'Profile every column of a table as a job (result: TableProfile); key columns add a duplicate-key rate.',
    z
      .object({
        table: tableRef,
        key: z.array(z.string().min(1)).optional(),
        distinct: z.enum(['auto', 'exact', 'approximate']).default('auto'),
      })
      .strict(),
    z.object({ jobId: z.string() }),
  ),
  setQualityRules: method(
    'Replace the data-quality rules of a table; they are checked on demand and when a snapshot is taken.',
    z.object({ table: tableRef, rules: z.array(qualityRule).max(200) }).strict(),
    z.object({ rules: z.array(qualityRule) }),
  ),
  getQualityRules: method(
    'The data-quality rules of a table.',
    z.object({ table: tableRef }).strict(),
    z.object({ rules: z.array(qualityRule) }),
  ),
  checkQuality: method(
    'Evaluate the rules of a table now.',
    z.object({ table: tableRef }).strict(),
    z.object({ results: z.array(ruleResult) }),
  ),
} as const;
