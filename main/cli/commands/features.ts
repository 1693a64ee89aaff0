import { access } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { featureLogicVersions, formatDiagnostic, type Diagnostic } from '../../../shared/features';
import { LodeError } from '../../../shared/errors';
import type { BuildResult } from '../../../shared/services/features';
import { compileInWorkspace, type CompileOutcome } from '../../features/compile';
import { previewInWorkspace } from '../../features/preview';
import { parseFeatureRef } from '../../features/registry-show';
import type { Command, CommandContext } from '../command';
import { textTable } from '../format';

function diagnosticJson(d: Diagnostic, file: string) {
  return { file, line: d.range.start.line, column: d.range.start.column, ...d };
}

/**
 * Prints every diagnostic as `file:line:col: message` on stderr (with --json, also the list as one
 * JSON document on stdout) and fails with exit 1 when one is an error.
 */
function reportDiagnostics(ctx: CommandContext, outcome: CompileOutcome, shown: string): void {
  for (const d of outcome.diagnostics) process.stderr.write(`${formatDiagnostic(d, shown)}\n`);
  if (outcome.ok) return;
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
  if (ctx.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: false, file: shown, diagnostics: outcome.diagnostics.map((d) => diagnosticJson(d, shown)) }, null, 2)}\n`,
    );
  }
  const first = errors[0];
  throw new LodeError('bad_input', `${shown} has ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}.`, {
    file: outcome.file,
    ...(first ? { line: first.range.start.line, column: first.range.start.column } : {}),
    hint: 'Fix them and compile again.',
  });
}

/** TEMPLATE.yaml relative to the current folder, else to the workspace folder (`features/NAME.yaml`). */
async function templatePath(given: string, workspacePath: string): Promise<string> {
  const here = resolve(given);
  if (isAbsolute(given)) return here;
  try {
    await access(here);
    return here;
  } catch {
    return join(workspacePath, given);
  }
}

async function compileArgument(
  ctx: CommandContext,
  options: { spineLimit?: number } = {},
): Promise<{ outcome: CompileOutcome; shown: string }> {
  await ctx.openWorkspace();
  const shown = ctx.args.positionals[0]!;
  const { workspace } = ctx.host.requireWorkspace();
  return { outcome: await compileInWorkspace(workspace, await templatePath(shown, workspace.path), options), shown };
}

const featuresCompileCommand: Command = {
  name: 'features compile',
  summary: 'Check a feature template against the workspace and print its SQL (errors as file:line:col).',
  usage: 'TEMPLATE.yaml',
  flags: { online: { type: 'boolean', description: 'Print the online query (one entity at one time) instead' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const { outcome, shown } = await compileArgument(ctx);
    reportDiagnostics(ctx, outcome, shown);
    const batch = outcome.batch!;
    const online = outcome.online!;
    return {
      json: {
        ok: true,
        file: shown,
        name: outcome.resolved!.name,
        logicVersion: batch.logicVersion,
        featureVersions: featureLogicVersions(outcome.resolved!),
        sql: batch.sql,
        columns: batch.columns,
        online: { sql: online.sql, params: online.params },
        vocabularies: outcome.vocabularies,
        diagnostics: outcome.diagnostics.map((d) => diagnosticJson(d, shown)),
      },
      text: (ctx.args.flags.online ? online.sql : batch.sql).trimEnd(),
    };
  },
};

function cell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return String(Number(value.toPrecision(6)));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const featuresPreviewCommand: Command = {
  name: 'features preview',
  summary: 'Compute a feature template on a sample of its spine: the first rows and each feature’s null rate and mean.',
  usage: 'TEMPLATE.yaml',
  flags: {
    rows: { type: 'number', description: 'Rows to show (default 20)', value: 'N' },
    sample: { type: 'number', description: 'Spine rows to compute at most (default 100000)', value: 'N' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const rows = (ctx.args.flags.rows as number | undefined) ?? 20;
    const sample = (ctx.args.flags.sample as number | undefined) ?? 100_000;
    for (const [flag, value] of [
      ['rows', rows],
      ['sample', sample],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new LodeError('bad_input', `--${flag} must be a whole number of at least 1.`, { field: flag });
    }
    await ctx.openWorkspace();
    const shown = ctx.args.positionals[0]!;
    const { workspace } = ctx.host.requireWorkspace();
    const preview = await previewInWorkspace(workspace, await templatePath(shown, workspace.path), { rows, sample });
    reportDiagnostics(ctx, preview.outcome, shown);
    const names = preview.columns.map((c) => c.name);
    const stats = textTable(
      ['column', 'role', 'type', 'nulls', 'mean'],
      preview.stats.map((s) => [
        s.name,
        s.role,
        preview.columns.find((c) => c.name === s.name)?.type ?? '',
        `${Number((s.nullRate * 100).toPrecision(3))}%`,
        s.mean === null ? null : cell(s.mean),
      ]),
    );
    const head = `${shown}: ${preview.rowCount.toLocaleString('en-US')} rows${preview.sampled ? ` (the first ${sample.toLocaleString('en-US')} spine rows)` : ''}, logic version ${preview.outcome.batch!.logicVersion}`;
    return {
      json: {
        ok: true,
        file: shown,
        logicVersion: preview.outcome.batch!.logicVersion,
        columns: preview.columns,
        rows: preview.rows,
        stats: preview.stats,
        rowCount: preview.rowCount,
        sampled: preview.sampled,
      },
      text: [
        head,
        '',
        textTable(
          names,
          preview.rows.map((r) => names.map((n) => cell(r[n]))),
        ),
        '',
        stats,
      ].join('\n'),
    };
  },
};

const featuresBuildCommand: Command = {
  name: 'features build',
  summary: 'Materialize a template’s training set from a snapshot as a new snapshot (a job; Ctrl+C cancels).',
  usage: 'TEMPLATE.yaml --snapshot SNAP_ID',
  flags: {
    snapshot: { type: 'string', description: 'The snapshot to read the template’s table from', value: 'SNAP_ID' },
    name: { type: 'string', description: 'Name of the new snapshot (default: the template’s name)', value: 'NAME' },
    'acknowledge-leakage': { type: 'boolean', description: 'Build even when a feature alone predicts the label (AUC > 0.95)' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const snapshotId = ctx.args.flags.snapshot as string | undefined;
    if (snapshotId === undefined) {
      throw new LodeError('bad_input', 'give the snapshot to build from with --snapshot SNAP_ID.', {
        field: 'snapshot',
        hint: '`lode snapshot list` shows the snapshots.',
      });
    }
    await ctx.openWorkspace();
    const shown = ctx.args.positionals[0]!;
    const { workspace } = ctx.host.requireWorkspace();
    const { jobId } = await ctx.client.features.build({
      path: await templatePath(shown, workspace.path),
      snapshotId,
      name: ctx.args.flags.name as string | undefined,
      acknowledgeLeakage: ctx.args.flags['acknowledge-leakage'] === true,
    });
    const job = await ctx.followJob(jobId);
    if (job.state !== 'succeeded') return { json: job, text: `Build ${job.state}.` };
    const result = job.result as BuildResult;
    const warnings = result.leakage.map((f) => `warning (acknowledged): ${f.reason}`);
    return {
      json: result,
      text: [
        ...warnings,
        `Built ${result.snapshotId}: ${result.rows.toLocaleString('en-US')} rows from ${result.sourceSnapshotId}, logic version ${result.logicVersion}.`,
      ].join('\n'),
    };
  },
};

const featuresListCommand: Command = {
  name: 'features list',
  summary: 'Registered features (latest version of each), with the snapshots that used them.',
  usage: '',
  flags: {
    search: {
      type: 'string',
      description: 'Only features whose name, description, template, owner or sources contain TEXT',
      value: 'TEXT',
    },
    'all-versions': { type: 'boolean', description: 'Every version, not only the latest' },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    await ctx.openWorkspace();
    const { features } = await ctx.client.features.listFeatures({
      search: ctx.args.flags.search as string | undefined,
      allVersions: ctx.args.flags['all-versions'] === true,
    });
    const text =
      features.length === 0
        ? 'No registered features; save or build a template (`lode features build`) to register its features.'
        : textTable(
            ['id', 'version', 'kind', 'logic', 'owner', 'sources', 'snapshots', 'runs', 'description'],
            features.map((f) => [
              f.id,
              String(f.version),
              f.kind,
              f.logicVersion.slice(0, 12),
              f.owner,
              f.sources.join(', '),
              String(f.snapshots.length),
              String(f.runs.length),
              f.description,
            ]),
          );
    return { json: features, text };
  },
};

const featuresShowCommand: Command = {
  name: 'features show',
  summary: 'One registered feature version: registry fields, the snapshots and runs that used it, its definition and SQL.',
  usage: 'TEMPLATE.FEATURE[@VERSION]',
  flags: {},
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    // Parsed here so that a malformed version fails before the workspace opens; the detail comes from the service the app uses.
    const { id, version } = parseFeatureRef(ctx.args.positionals[0]!.trim());
    await ctx.openWorkspace();
    const f = await ctx.client.features.showFeature({ id, version: version ?? undefined });
    const list = (items: readonly string[]) => (items.length === 0 ? 'none' : items.join(', '));
    const lines = [
      `${f.id}@${f.version}${f.latest ? ' (latest)' : ` (latest is ${f.versions[0]!.version})`}`,
      ...(
        [
          ['kind', f.kind],
          ['logic version', f.logicVersion],
          ['template', `${f.template}${f.templateLogicVersion ? ` (template logic ${f.templateLogicVersion})` : ''}`],
          ['owner', f.owner],
          ['description', f.description],
          ['sources', list(f.sources)],
          ['update strategy', f.updateStrategy],
          ['created', f.createdAt],
          ['updated', f.updatedAt],
          ['snapshots', list(f.snapshots)],
          ['runs', list(f.runs)],
        ] as const
      ).map(([field, value]) => `  ${`${field}:`.padEnd(17)}${value}`),
      '',
      // Every version with where it was used, newest first: what changed when, and what it fed.
      'versions:',
      ...f.versions.flatMap((v) => [
        `  ${v.version} (${v.logicVersion})${v.version === f.version ? ' shown' : ''}, registered ${v.createdAt}`,
        `      snapshots: ${list(v.snapshots)}`,
        `      runs:      ${list(v.runs)}`,
      ]),
      '',
      f.definition
        ? `definition (${f.definitionFrom}):\n${JSON.stringify(f.definition, null, 2)}`
        : 'definition: not kept for this version (registered before definitions were stored) and the template file no longer computes it.',
      ...(f.sql ? ['', 'SQL:', f.sql.trimEnd()] : []),
    ];
    return { json: f, text: lines.join('\n') };
  },
};

export const featureCommands: readonly Command[] = [
  featuresCompileCommand,
  featuresPreviewCommand,
  featuresBuildCommand,
  featuresListCommand,
  featuresShowCommand,
];
