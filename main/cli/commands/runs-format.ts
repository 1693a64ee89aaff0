import type { Reproduction, RunDiff, RunTable, TrackedRun } from '../../../shared/services/tracking';
import { csvLine, textTable } from '../format';

/** Text and CSV for `lode runs`: the table of runs, one run, a comparison and a re-run's verdict. */

const RUN_COLUMNS = [
  'id',
  'state',
  'created_at',
  'duration_ms',
  'algo',
  'label',
  'data',
  'template_version',
  'code_version',
  'experiment',
  'search_id',
  'trial',
  'tags',
] as const;

/** One value of the table per column, in RUN_COLUMNS order. */
function runCells(t: RunTable, i: number): (string | number | null)[] {
  return [
    t.id[i]!,
    t.state[i]!,
    t.createdAt[i]!,
    t.durationMs[i] ?? null,
    t.algo[i]!,
    t.label[i]!,
    t.data[i]!,
    t.templateVersion[i] ?? null,
    t.codeVersion[i]!,
    t.experiment[i] ?? null,
    t.searchId[i] ?? null,
    t.trial[i] ?? null,
    t.tags[i]!.join(';'),
  ];
}

/** Parameter columns are named `param.X` where X is also a run column or a metric, so no header repeats. */
function paramHeader(table: RunTable): string[] {
  const taken = new Set<string>([...RUN_COLUMNS, ...Object.keys(table.metrics)]);
  return Object.keys(table.params).map((p) => (taken.has(p) ? `param.${p}` : p));
}

export function runsCsv(table: RunTable): string {
  const metrics = Object.keys(table.metrics);
  const params = Object.keys(table.params);
  const lines = [csvLine([...RUN_COLUMNS, ...metrics, ...paramHeader(table)])];
  for (let i = 0; i < table.id.length; i++) {
    const cells = [
      ...runCells(table, i),
      ...metrics.map((m) => table.metrics[m]![i] ?? null),
      ...params.map((p) => table.params[p]![i] ?? null),
    ];
    lines.push(csvLine(cells.map((v) => (v === null ? null : String(v)))));
  }
  return lines.join('\n');
}

/** Runs as row objects for --json: easier to script against than columns. */
export function runsJson(table: RunTable): object[] {
  return table.id.map((id, i) => ({
    id,
    state: table.state[i],
    createdAt: table.createdAt[i],
    durationMs: table.durationMs[i],
    algo: table.algo[i],
    label: table.label[i],
    data: table.data[i],
    templateVersion: table.templateVersion[i],
    codeVersion: table.codeVersion[i],
    experiment: table.experiment[i],
    searchId: table.searchId[i],
    trial: table.trial[i],
    tags: table.tags[i],
    metrics: pickRow(table.metrics, i),
    params: pickRow(table.params, i),
  }));
}

function pickRow<T>(columns: Record<string, (T | null)[]>, i: number): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [name, values] of Object.entries(columns)) {
    const v = values[i];
    if (v !== null && v !== undefined) out[name] = v;
  }
  return out;
}

/** The terminal table: run columns that matter at a glance and the most common metrics. */
export function runsText(table: RunTable, more: boolean): string {
  if (table.id.length === 0) return 'No runs.';
  const filled = (values: readonly unknown[]) => values.filter((v) => v !== null).length;
  const metrics = Object.keys(table.metrics)
    // The most common metrics, in the order training lists them (headline first).
    .sort((a, b) => filled(table.metrics[b]!) - filled(table.metrics[a]!))
    .slice(0, 4);
  const rows = table.id.map((id, i) => [
    id,
    table.state[i]!,
    table.algo[i]!,
    table.data[i]!,
    table.experiment[i] ?? '',
    table.tags[i]!.join(','),
    duration(table.durationMs[i] ?? null),
    ...metrics.map((m) => number(table.metrics[m]![i] ?? null)),
  ]);
  const text = textTable(['run', 'state', 'algo', 'data', 'experiment', 'tags', 'took', ...metrics], rows);
  return more ? `${text}\n(more runs match; raise --limit to see them)` : text;
}

export function duration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

function number(v: number | null): string {
  return v === null ? '' : String(Number(v.toPrecision(5)));
}

function value(v: unknown): string {
  if (v === null || v === undefined) return '(none)';
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
}

export function runText(t: TrackedRun): string {
  const r = t.run;
  const l = t.lineage;
  const lines = [
    `${r.id}  ${r.state}${t.durationMs !== null ? ` in ${duration(t.durationMs)}` : ''}`,
    `  ${r.algo} on ${r.data}, label ${r.label}, created ${r.createdAt}`,
  ];
  if (r.experiment) lines.push(`  experiment ${r.experiment}`);
  if (r.search) lines.push(`  trial ${r.search.trial} of search ${r.search.id}`);
  if (r.rerunOf) lines.push(`  re-run of ${r.rerunOf}`);
  if (r.tags.length) lines.push(`  tags ${r.tags.join(', ')}`);
  if (t.notes) lines.push(`  notes: ${t.notes}`);
  if (r.error) lines.push(`  error: ${r.error.message}`);
  lines.push('', 'Lineage');
  if (!l) {
    lines.push('  (not recorded: this run folder has no params.json)');
  } else {
    lines.push(`  data      ${l.data.snapshot} (content hash ${l.data.contentHash ?? 'unknown'})`);
    if (l.valid) lines.push(`  valid     ${l.valid.snapshot} (content hash ${l.valid.contentHash ?? 'unknown'})`);
    lines.push(
      `  template  ${l.template ? `${l.template.name || '(unnamed)'} logic ${l.template.logicVersion}` : '(none: a table snapshot)'}`,
    );
    lines.push(`  code      ${l.code.version}${l.code.commit ? ` commit ${l.code.commit}` : ''}`);
    lines.push('  params');
    for (const [k, v] of Object.entries(l.params).sort(([a], [b]) => a.localeCompare(b))) lines.push(`    ${k} = ${value(v)}`);
  }
  lines.push('', 'Metrics');
  const metrics = Object.entries(r.metrics ?? {});
  if (metrics.length === 0) lines.push('  (none)');
  const width = Math.max(0, ...metrics.map(([k]) => k.length));
  for (const [k, v] of metrics) lines.push(`  ${k.padEnd(width)}  ${v}`);
  if (r.notices.length > 0) lines.push('', 'Notices', ...r.notices.map((n) => `  ${n.message}`));
  lines.push('', `Artifacts in ${r.folder}`, ...t.artifacts.map((a) => `  ${a}`));
  return lines.join('\n');
}

export function diffText(d: RunDiff): string {
  const lines = [`${d.from} -> ${d.to}`];
  const section = (title: string, changes: RunDiff['params']) => {
    if (changes.length === 0) return lines.push(`  ${title}: same`);
    lines.push(`  ${title}:`);
    for (const c of changes) lines.push(`    ${c.key}: ${value(c.from)} -> ${value(c.to)}`);
  };
  section('data', d.data);
  section('template', d.template);
  section('params', d.params);
  section('code', d.code);
  lines.push(
    '  metrics:',
    ...textTable(
      ['metric', 'from', 'to', 'delta'],
      d.metrics.map((m) => [m.metric, number(m.from), number(m.to), m.delta === null ? '' : signed(m.delta)]),
    )
      .split('\n')
      .map((line) => `    ${line}`),
  );
  return lines.join('\n');
}

function signed(v: number): string {
  const text = number(v);
  return v > 0 ? `+${text}` : text;
}

export function reproductionText(r: Reproduction): string {
  const verdict = r.identical
    ? `Re-run ${r.rerun} of ${r.original} is identical: every metric and every validation prediction matches bit for bit.`
    : `Re-run ${r.rerun} of ${r.original} is NOT identical (metrics ${r.metricsIdentical ? 'identical' : 'differ'}, predictions ${r.predictionsIdentical ? 'identical' : 'differ'}${r.maxPredictionDiff !== null && !r.predictionsIdentical ? `, by at most ${r.maxPredictionDiff}` : ''}).`;
  return [verdict, ...r.reasons.map((reason) => `  - ${reason}`)].join('\n');
}
