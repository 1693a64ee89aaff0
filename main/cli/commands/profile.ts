import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LodeError } from '../../../shared/errors';
import {
  qualityRule,
  type ColumnProfile,
  type QualityRule,
  type RuleResult,
  type TableProfile,
} from '../../../shared/services/data/profile';
import type { Command } from '../command';
import { parseTableArg } from '../table-arg';
import { textTable } from '../format';

const count = (n: number): string => n.toLocaleString('en-US');

function figure(value: number | string | null): string | null {
  if (value === null) return null;
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : value;
}

function percent(rate: number): string {
  return `${Number((rate * 100).toPrecision(3))}%`;
}

/** The most telling figure after the extremes: the median for numbers, the commonest value otherwise. */
function typical(c: ColumnProfile): string | null {
  if (c.quantiles) return `p50 ${figure(c.quantiles.p50)}`;
  const top = c.topValues?.[0];
  return top ? `${top.value ?? 'NULL'} (${count(top.count)})` : null;
}

export function profileText(p: TableProfile): string {
  const approx = p.exactDistinct ? '' : '~';
  const header = `${p.table.layer}.${p.table.name}: ${count(p.rows)} rows, ${p.columns.length} columns; distinct counts ${p.exactDistinct ? 'exact' : 'approximate (~)'}`;
  const table = textTable(
    ['column', 'type', 'nulls', 'distinct', 'min', 'max', 'mean', 'std', 'median / top value'],
    p.columns.map((c) => [
      c.name,
      c.type,
      c.nulls === 0 ? '0' : `${count(c.nulls)} (${percent(c.nullRate)})`,
      `${approx}${count(c.distinct)}`,
      // Blank, not NULL: these figures do not apply to the column rather than being missing.
      ...[figure(c.min), figure(c.max), figure(c.mean), figure(c.std), typical(c)].map((v) => v ?? ''),
    ]),
  );
  const key = p.key
    ? `\nkey (${p.key.columns.join(', ')}): ${count(p.key.duplicateRows)} duplicate rows (${percent(p.key.duplicateRate)})`
    : '';
  return `${header}\n\n${table}${key}`;
}

export const profileCommand: Command = {
  name: 'profile',
  summary: 'Profile every column of a table: nulls, distinct, min, max, mean, std, quantiles, histogram or top values.',
  usage: 'LAYER.TABLE',
  flags: {
    key: { type: 'string', description: 'Key columns for the duplicate-key rate, comma-separated', value: 'COL,COL' },
    exact: { type: 'boolean', description: 'Exact distinct counts and quantiles even on large tables (slower)' },
  },
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace, followJob }) {
    const table = parseTableArg(args.positionals[0]!);
    const keyFlag = args.flags.key as string | undefined;
    const key = keyFlag?.split(',').map((k) => k.trim());
    await openWorkspace();
    const { jobId } = await client.data.profileTable({ table, key, distinct: args.flags.exact === true ? 'exact' : 'auto' });
    const job = await followJob(jobId);
    if (job.state !== 'succeeded') return { json: job, text: `Profile ${job.state}.` };
    const profile = job.result as TableProfile;
    return { json: profile, text: profileText(profile) };
  },
};

const rulesFile = z.union([
  z.array(qualityRule),
  z
    .object({ rules: z.array(qualityRule) })
    .strict()
    .transform((f) => f.rules),
]);

/** Reads a JSON or YAML rules file (a list, or `rules:` holding one); errors name the rule and field. */
export async function readRulesFile(file: string): Promise<QualityRule[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new LodeError('not_found', `cannot read ${file}: ${(err as Error).message}`, { file });
  }
  let data: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both.
    data = parseYaml(text);
  } catch (err) {
    throw new LodeError('bad_input', `${file} is neither JSON nor YAML: ${(err as Error).message.split('\n')[0]}`, { file });
  }
  const parsed = rulesFile.safeParse(data);
  if (parsed.success) return parsed.data;
  const list = Array.isArray(data) ? data : (data as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list)) {
    throw new LodeError('bad_input', `${file} holds no list of rules.`, {
      file,
      hint: 'Write a list of rules, e.g. [{"kind": "max_null_rate", "column": "age", "max": 0.01}], or put it under `rules:`.',
    });
  }
  // Report the first bad rule by its own position, not the union's.
  for (const [index, rule] of list.entries()) {
    const one = qualityRule.safeParse(rule);
    if (one.success) continue;
    const issue = one.error.issues[0]!;
    const field = [`rules[${index}]`, ...issue.path.map(String)].join('.');
    throw new LodeError('bad_input', `${file}: ${field}: ${issue.message}`, {
      file,
      field,
      hint: 'Rule kinds: max_null_rate (column, max), unique (columns), allowed_values (column, values), range (column, min and/or max).',
    });
  }
  throw new LodeError('bad_input', `${file}: ${parsed.error.issues[0]!.message}`, { file });
}

function ruleLine(rule: QualityRule): string {
  switch (rule.kind) {
    case 'max_null_rate':
      return `${rule.column}: null rate at most ${percent(rule.max)}`;
    case 'unique':
      return `${rule.columns.join(', ')}: unique`;
    case 'allowed_values':
      return `${rule.column}: one of ${rule.values.join(', ')}`;
    case 'range':
      return `${rule.column}: within [${rule.min ?? '-inf'}, ${rule.max ?? 'inf'}]`;
  }
}

const qualitySetCommand: Command = {
  name: 'quality set',
  summary: 'Replace the data-quality rules of a table with those of a JSON or YAML file.',
  usage: 'LAYER.TABLE',
  flags: { rules: { type: 'string', description: 'The rules file (JSON or YAML; an empty list removes the rules)', value: 'FILE' } },
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace }) {
    const table = parseTableArg(args.positionals[0]!);
    const file = args.flags.rules as string | undefined;
    if (!file)
      throw new LodeError('bad_input', '--rules FILE is required.', { field: 'rules', hint: 'Give a JSON or YAML file of rules.' });
    const rules = await readRulesFile(file);
    await openWorkspace();
    const saved = await client.data.setQualityRules({ table, rules });
    return { json: saved, text: `${saved.rules.length} rules saved for ${table.layer}.${table.name}.` };
  },
};

const qualityShowCommand: Command = {
  name: 'quality show',
  summary: 'The data-quality rules of a table.',
  usage: 'LAYER.TABLE',
  flags: {},
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace }) {
    const table = parseTableArg(args.positionals[0]!);
    await openWorkspace();
    const { rules } = await client.data.getQualityRules({ table });
    const text = rules.length === 0 ? `${table.layer}.${table.name} has no data-quality rules.` : rules.map(ruleLine).join('\n');
    return { json: { rules }, text };
  },
};

function resultsText(results: readonly RuleResult[]): string {
  if (results.length === 0) return 'No data-quality rules; set some with `lode quality set TABLE --rules FILE`.';
  return results.map((r) => `${r.passed ? 'pass' : 'FAIL'}  ${r.message}`).join('\n');
}

const qualityCheckCommand: Command = {
  name: 'quality check',
  summary: 'Evaluate the data-quality rules of a table now; exits 1 when a rule fails.',
  usage: 'LAYER.TABLE',
  flags: {},
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace }) {
    const table = parseTableArg(args.positionals[0]!);
    await openWorkspace();
    const { results } = await client.data.checkQuality({ table });
    const failed = results.filter((r) => !r.passed).length;
    const reason = `${failed} of ${results.length} data-quality rules failed on ${table.layer}.${table.name}.`;
    return { json: { results }, text: resultsText(results), ...(failed > 0 ? { exitCode: 1, reason } : {}) };
  },
};

export const profileCommands: readonly Command[] = [profileCommand, qualitySetCommand, qualityShowCommand, qualityCheckCommand];
