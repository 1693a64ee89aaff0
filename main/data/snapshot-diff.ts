import type { SnapshotColumnStats, SnapshotDiff, SnapshotManifest } from '../../shared/services/data/snapshots';

type Stat = SnapshotDiff['columns'][number]['stat'];
type Scalar = number | string | null;

const STATS: readonly Stat[] = ['nullRate', 'distinct', 'min', 'max', 'mean', 'std'];

function statOf(column: SnapshotColumnStats, rows: number, stat: Stat): Scalar {
  if (stat === 'nullRate') return rows === 0 ? 0 : column.nulls / rows;
  return column[stat];
}

/**
 * What changed from snapshot a to snapshot b, from their manifests alone (no data is read):
 * columns added, removed or retyped, row counts, and every stat that moved for columns in both.
 * Unchanged stats are left out, so the list reads as the shifts.
 */
export function diffManifests(a: SnapshotManifest, b: SnapshotManifest): SnapshotDiff {
  const aSchema = new Map(a.schema.map((c) => [c.name, c]));
  const bSchema = new Map(b.schema.map((c) => [c.name, c]));
  const aStats = new Map(a.columns.map((c) => [c.name, c]));
  const bStats = new Map(b.columns.map((c) => [c.name, c]));

  const columns: SnapshotDiff['columns'] = [];
  for (const column of a.schema) {
    const before = aStats.get(column.name);
    const after = bStats.get(column.name);
    if (!before || !after) continue;
    for (const stat of STATS) {
      const va = statOf(before, a.rows, stat);
      const vb = statOf(after, b.rows, stat);
      if (va === vb) continue;
      const delta = typeof va === 'number' && typeof vb === 'number' ? vb - va : null;
      columns.push({ name: column.name, stat, a: va, b: vb, delta });
    }
  }

  return {
    a: a.id,
    b: b.id,
    schema: {
      added: b.schema.filter((c) => !aSchema.has(c.name)),
      removed: a.schema.filter((c) => !bSchema.has(c.name)),
      typeChanged: a.schema.flatMap((c) => {
        const other = bSchema.get(c.name);
        return other && other.type !== c.type ? [{ name: c.name, from: c.type, to: other.type }] : [];
      }),
    },
    rows: { a: a.rows, b: b.rows, delta: b.rows - a.rows },
    sameContent: a.contentHash === b.contentHash,
    columns,
  };
}
