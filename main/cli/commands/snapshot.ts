import { LodeError } from '../../../shared/errors';
import type { RowSource } from '../../../shared/services/data/query';
import type { SnapshotDiff, SnapshotManifest } from '../../../shared/services/data/snapshots';
import type { Command } from '../command';
import { parseTableArg } from '../table-arg';
import { textTable } from '../format';

function bytesLabel(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

const count = (n: number) => n.toLocaleString('en-US');

function scalarLabel(value: number | string | null): string | null {
  if (value === null) return null;
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : value;
}

function qualityLine(manifest: SnapshotManifest): string {
  if (manifest.quality.length === 0) return 'no data-quality rules';
  const failed = manifest.quality.filter((r) => !r.passed).length;
  return `data-quality rules: ${manifest.quality.length - failed} passed, ${failed} failed`;
}

function manifestText(m: SnapshotManifest): string {
  const range = m.source.dtColumn
    ? ` by ${m.source.dtColumn}${m.source.from || m.source.to ? ` from ${m.source.from ?? '…'} to ${m.source.to ?? '…'}` : ''}`
    : '';
  const lines = [
    `${m.id}`,
    `  ${count(m.rows)} rows, ${m.schema.length} columns, ${m.files.length} ${m.files.length === 1 ? 'file' : 'files'}, ${bytesLabel(m.bytes)}`,
    `  source: ${m.source.table ?? m.source.sql}${range}${m.source.partitionByDay ? ', partitioned by day' : ''}`,
    `  created ${m.createdAt} by ${m.createdBy}`,
    `  content hash ${m.contentHash}`,
    `  ${qualityLine(m)}`,
    '',
    textTable(
      ['column', 'type', 'nulls', 'distinct', 'min', 'max', 'mean', 'std'],
      m.columns.map((c) => [
        c.name,
        c.type,
        count(c.nulls),
        count(c.distinct),
        scalarLabel(c.min),
        scalarLabel(c.max),
        scalarLabel(c.mean),
        scalarLabel(c.std),
      ]),
    ),
  ];
  for (const result of m.quality) lines.push(`${result.passed ? 'pass' : 'FAIL'}  ${result.message}`);
  return lines.join('\n');
}

function diffText(d: SnapshotDiff): string {
  const lines = [`${d.a} -> ${d.b}${d.sameContent ? ' (same content)' : ''}`];
  lines.push(`rows: ${count(d.rows.a)} -> ${count(d.rows.b)} (${d.rows.delta >= 0 ? '+' : ''}${count(d.rows.delta)})`);
  for (const c of d.schema.added) lines.push(`+ column ${c.name} ${c.type}`);
  for (const c of d.schema.removed) lines.push(`- column ${c.name} ${c.type}`);
  for (const c of d.schema.typeChanged) lines.push(`~ column ${c.name} ${c.from} -> ${c.to}`);
  if (d.columns.length > 0) {
    lines.push(
      '',
      textTable(
        ['column', 'stat', 'a', 'b', 'delta'],
        d.columns.map((s) => [s.name, s.stat, scalarLabel(s.a), scalarLabel(s.b), scalarLabel(s.delta)]),
      ),
    );
  } else if (!d.sameContent) {
    lines.push('no column stat moved');
  }
  return lines.join('\n');
}

export const snapshotCreateCommand: Command = {
  name: 'snapshot create',
  summary: 'Freeze the rows of a table or query to Parquet as an immutable, content-hashed snapshot.',
  usage: 'NAME',
  flags: {
    table: { type: 'string', description: 'Table to freeze, e.g. ods.bank_marketing', value: 'LAYER.T' },
    query: { type: 'string', description: 'Query whose rows to freeze', value: 'SQL' },
    'dt-column': { type: 'string', description: 'Date or timestamp column for --from/--to and days', value: 'C' },
    from: { type: 'string', description: 'First day to keep, inclusive', value: 'YYYY-MM-DD' },
    to: { type: 'string', description: 'Last day to keep, inclusive', value: 'YYYY-MM-DD' },
    'partition-by-day': { type: 'boolean', description: 'One dt=YYYY-MM-DD folder per day of --dt-column' },
  },
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace, followJob }) {
    const { table, query } = args.flags as { table?: string; query?: string };
    if ((table === undefined) === (query === undefined)) {
      throw new LodeError('bad_input', 'give either --table LAYER.T or --query SQL.', { field: 'source' });
    }
    const source: RowSource = table !== undefined ? { table: parseTableArg(table) } : { sql: query! };
    await openWorkspace();
    const { jobId } = await client.data.createSnapshot({
      name: args.positionals[0]!,
      source,
      dtColumn: args.flags['dt-column'] as string | undefined,
      from: args.flags.from as string | undefined,
      to: args.flags.to as string | undefined,
      partitionByDay: args.flags['partition-by-day'] === true,
    });
    const job = await followJob(jobId);
    if (job.state !== 'succeeded') return { json: job, text: `Snapshot ${job.state}.` };
    const manifest = job.result as SnapshotManifest;
    return { json: manifest, text: manifestText(manifest) };
  },
};

export const snapshotListCommand: Command = {
  name: 'snapshot list',
  summary: 'Snapshots of the workspace, newest first.',
  usage: '',
  flags: { name: { type: 'string', description: 'Only snapshots of this name', value: 'N' } },
  positionals: { min: 0, max: 0 },
  async run({ args, client, openWorkspace }) {
    await openWorkspace();
    const { snapshots } = await client.data.listSnapshots({ name: args.flags.name as string | undefined });
    const text =
      snapshots.length === 0
        ? 'No snapshots yet; create one with `lode snapshot create NAME --table LAYER.T`.'
        : textTable(
            ['id', 'rows', 'size', 'created', 'source'],
            snapshots.map((s) => [s.id, count(s.rows), bytesLabel(s.bytes), s.createdAt, s.source.table ?? s.source.sql]),
          );
    return { json: snapshots, text };
  },
};

export const snapshotShowCommand: Command = {
  name: 'snapshot show',
  summary: 'The manifest of a snapshot: source, schema, per-column stats and quality results.',
  usage: 'ID',
  flags: {},
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace }) {
    await openWorkspace();
    const manifest = await client.data.showSnapshot({ id: args.positionals[0]! });
    return { json: manifest, text: manifestText(manifest) };
  },
};

export const snapshotDiffCommand: Command = {
  name: 'snapshot diff',
  summary: 'Schema changes, row counts and per-column stat shifts from snapshot A to snapshot B.',
  usage: 'A B',
  flags: {},
  positionals: { min: 2, max: 2 },
  async run({ args, client, openWorkspace }) {
    await openWorkspace();
    const diff = await client.data.diffSnapshots({ a: args.positionals[0]!, b: args.positionals[1]! });
    return { json: diff, text: diffText(diff) };
  },
};

export const snapshotRemoveCommand: Command = {
  name: 'snapshot rm',
  summary: 'Delete a snapshot and its files (refused while a run refers to it).',
  usage: 'ID',
  flags: {},
  positionals: { min: 1, max: 1 },
  async run({ args, client, openWorkspace }) {
    await openWorkspace();
    const id = args.positionals[0]!;
    const result = await client.data.removeSnapshot({ id });
    return { json: { id, ...result }, text: `Removed snapshot ${id}.` };
  },
};

export const snapshotCommands: readonly Command[] = [
  snapshotCreateCommand,
  snapshotListCommand,
  snapshotShowCommand,
  snapshotDiffCommand,
  snapshotRemoveCommand,
];
