import type { RunTable } from '../../../../shared/services/tracking';
import { formatWhen } from '../format';

/** The run fields a column can show, in the order the column chooser lists them. */
export const runFields = [
  'id',
  'state',
  'createdAt',
  'durationMs',
  'algo',
  'label',
  'data',
  'templateVersion',
  'codeVersion',
  'experiment',
  'searchId',
  'trial',
  'tags',
] as const;
export type RunField = (typeof runFields)[number];

const fieldLabels: Record<RunField, string> = {
  id: 'Run',
  state: 'State',
  createdAt: 'Started',
  durationMs: 'Duration',
  algo: 'Algorithm',
  label: 'Label',
  data: 'Snapshot',
  templateVersion: 'Template version',
  codeVersion: 'Code version',
  experiment: 'Experiment',
  searchId: 'Search',
  trial: 'Trial',
  tags: 'Tags',
};

const numericFields = new Set<RunField>(['durationMs', 'trial']);
const fieldWidths: Partial<Record<RunField, number>> = { id: 215, createdAt: 120, data: 200, state: 96, algo: 96, tags: 160 };

/** A column of the runs table: a run field, a metric or a parameter. Keys are `run:id`, `metric:auc`, `param:num_leaves`. */
export interface RunColumn {
  readonly key: string;
  readonly kind: 'run' | 'metric' | 'param';
  readonly name: string;
  readonly label: string;
  readonly numeric: boolean;
  readonly width: number;
}

export const columnKey = (kind: RunColumn['kind'], name: string) => `${kind}:${name}`;

/** Every column the table could show: run fields, then metrics, then parameters. */
export function availableColumns(table: RunTable): RunColumn[] {
  const fields = runFields.map((f): RunColumn => ({
    key: columnKey('run', f),
    kind: 'run',
    name: f,
    label: fieldLabels[f],
    numeric: numericFields.has(f),
    width: fieldWidths[f] ?? 120,
  }));
  const metrics = Object.keys(table.metrics)
    .sort()
    .map((m): RunColumn => ({ key: columnKey('metric', m), kind: 'metric', name: m, label: m, numeric: true, width: columnWidthFor(m) }));
  const params = Object.keys(table.params)
    .sort()
    .map((p): RunColumn => ({
      key: columnKey('param', p),
      kind: 'param',
      name: p,
      label: p,
      numeric: table.params[p]!.some((v) => typeof v === 'number'),
      width: columnWidthFor(p),
    }));
  return [...fields, ...metrics, ...params];
}

function columnWidthFor(name: string): number {
  return Math.round(Math.min(220, Math.max(96, name.length * 7.5 + 40)));
}

const defaultFields: readonly RunField[] = ['id', 'state', 'createdAt', 'algo', 'data', 'experiment', 'tags'];
const MAX_DEFAULT_PARAMS = 6;

/**
 * What an analyst first wants to see: who ran what on which data, every metric, and the
 * parameters that actually differ between runs (a search's dimensions), not the fixed defaults.
 */
export function defaultColumnKeys(table: RunTable): string[] {
  const varying = Object.keys(table.params)
    .sort()
    .filter((p) => distinctAtLeast(table.params[p]!, 2))
    .slice(0, MAX_DEFAULT_PARAMS);
  return [
    ...defaultFields.map((f) => columnKey('run', f)),
    ...Object.keys(table.metrics)
      .sort()
      .map((m) => columnKey('metric', m)),
    ...varying.map((p) => columnKey('param', p)),
  ];
}

function distinctAtLeast(values: readonly unknown[], n: number): boolean {
  const seen = new Set<unknown>();
  for (const v of values) {
    seen.add(v);
    if (seen.size >= n) return true;
  }
  return false;
}

export type CellValue = number | string | null;

/** One column's values, one per run, without copying; tags read as their joined text. */
export function columnValues(table: RunTable, column: RunColumn): readonly (CellValue | readonly string[])[] {
  if (column.kind === 'metric') return table.metrics[column.name] ?? [];
  if (column.kind === 'param') return table.params[column.name] ?? [];
  return table[column.name as RunField];
}

export function cellValue(table: RunTable, column: RunColumn, row: number): CellValue {
  const value = columnValues(table, column)[row];
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.join(', ');
  return value as CellValue;
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A cell as the table shows it. */
export function cellText(table: RunTable, column: RunColumn, row: number): string {
  const value = cellValue(table, column, row);
  if (value === null) return '';
  if (column.kind === 'run' && column.name === 'createdAt') return formatWhen(String(value));
  if (column.kind === 'run' && column.name === 'durationMs' && typeof value === 'number') return formatDuration(value);
  return typeof value === 'number' ? formatNumber(value) : value;
}
