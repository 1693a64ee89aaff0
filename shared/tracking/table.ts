import type { RunTable } from '../services/tracking';

/** A table with no runs and no metric or parameter columns. */
export function emptyRunTable(): RunTable {
  return {
    id: [],
    state: [],
    createdAt: [],
    durationMs: [],
    algo: [],
    label: [],
    data: [],
    templateVersion: [],
    codeVersion: [],
    experiment: [],
    searchId: [],
    trial: [],
    tags: [],
    metrics: {},
    params: {},
  };
}

/**
 * The given rows of a table, in the given order. Metric and parameter columns that hold only nulls
 * in the result are dropped, so a filtered table shows the columns its runs have.
 */
export function takeRunRows(table: RunTable, rows: readonly number[]): RunTable {
  const pick = <T>(values: readonly T[]): T[] => rows.map((r) => values[r]!);
  const pickColumns = <T>(columns: Record<string, readonly (T | null)[]>): Record<string, (T | null)[]> => {
    const out: [string, (T | null)[]][] = [];
    for (const [name, values] of Object.entries(columns)) {
      const picked = rows.map((r) => values[r] ?? null);
      if (picked.some((v) => v !== null)) out.push([name, picked]);
    }
    // fromEntries defines own properties, so a parameter named __proto__ stays a column.
    return Object.fromEntries(out);
  };
  return {
    id: pick(table.id),
    state: pick(table.state),
    createdAt: pick(table.createdAt),
    durationMs: pick(table.durationMs),
    algo: pick(table.algo),
    label: pick(table.label),
    data: pick(table.data),
    templateVersion: pick(table.templateVersion),
    codeVersion: pick(table.codeVersion),
    experiment: pick(table.experiment),
    searchId: pick(table.searchId),
    trial: pick(table.trial),
    tags: pick(table.tags),
    metrics: pickColumns(table.metrics),
    params: pickColumns(table.params),
  };
}
