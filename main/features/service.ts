import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServiceImpl } from '../../shared/contract/define';
import { featureLogicVersions, type Diagnostic } from '../../shared/features';
import { LodeError } from '../../shared/errors';
import type { CompiledTemplate, TemplateMarker, featuresService as spec } from '../../shared/services/features';
import type { Host } from '../host/host';
import { runsIndexOf } from '../tracking/runs-index';
import { writeFileAtomic } from '../workspace/atomic';
import type { Workspace } from '../workspace/workspace';
import { buildTrainingSet } from './build';
import { checkText, compileText, type CompileOutcome } from './compile';
import { readTemplateFile, templateFile } from './files';
import { previewText } from './preview';
import { listFeatures, registerTemplate } from './registry';
import { showFeature } from './registry-show';

export const FEATURES_FOLDER = 'features';

export function toMarker(d: Diagnostic): TemplateMarker {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
    path: d.path,
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
  };
}

export function compiledOf(outcome: CompileOutcome): CompiledTemplate {
  return {
    ok: outcome.ok,
    name: outcome.resolved?.name ?? null,
    sql: outcome.batch?.sql ?? null,
    onlineSql: outcome.online?.sql ?? null,
    logicVersion: outcome.batch?.logicVersion ?? null,
    featureVersions: outcome.resolved ? featureLogicVersions(outcome.resolved) : {},
    columns: outcome.batch ? outcome.batch.columns.map(({ name, role }) => ({ name, role })) : [],
    markers: outcome.diagnostics.map(toMarker),
  };
}

/** Text and file name of a template given as text or as a path. */
async function templateText(workspace: Workspace, input: { text?: string | undefined; path?: string | undefined }) {
  if (input.text !== undefined) return { text: input.text, file: 'template' };
  const file = templateFile(workspace, input.path!);
  return { text: await readTemplateFile(file), file };
}

async function withConnection<T>(workspace: Workspace, run: (conn: Awaited<ReturnType<Workspace['connect']>>) => Promise<T>): Promise<T> {
  const conn = await workspace.connect();
  try {
    return await run(conn);
  } finally {
    workspace.disconnect(conn);
  }
}

export function featuresServiceImpl(host: Host): ServiceImpl<typeof spec> {
  return {
    compile: async (input) => {
      const { workspace } = host.requireWorkspace();
      const { text, file } = await templateText(workspace, input);
      return withConnection(workspace, async (conn) => compiledOf(await compileText(conn, text, file)));
    },

    check: async ({ text }) => {
      const { workspace } = host.requireWorkspace();
      // Schemas only: nothing runs on the data while the analyst types.
      const outcome = await withConnection(workspace, (conn) => checkText(conn, text));
      return { ok: outcome.ok, markers: outcome.diagnostics.map(toMarker) };
    },

    preview: async (input) => {
      const { workspace } = host.requireWorkspace();
      const { text, file } = await templateText(workspace, input);
      const preview = await withConnection(workspace, (conn) => previewText(conn, text, file, { rows: input.rows, sample: input.sample }));
      return {
        compiled: compiledOf(preview.outcome),
        columns: preview.page?.columns ?? [],
        arrow: preview.page?.arrow ?? new Uint8Array(),
        rowCount: preview.page?.rowCount ?? 0,
        totalRows: preview.rowCount,
        sampled: preview.sampled,
        stats: [...preview.stats],
      };
    },

    save: async ({ name, text }) => {
      const { workspace } = host.requireWorkspace();
      const dir = join(workspace.path, FEATURES_FOLDER);
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${name}.yaml`);
      const path = `${FEATURES_FOLDER}/${name}.yaml`;
      // Saved even with errors: an analyst keeps work in progress; only a clean template is registered.
      await writeFileAtomic(file, text);
      return withConnection(workspace, async (conn) => {
        const outcome = await compileText(conn, text, file, { spineLimit: 1000 });
        const registered =
          outcome.ok && outcome.resolved
            ? await registerTemplate(conn, outcome.resolved, path, { workspacePath: workspace.path, text, sql: outcome.batch!.sql })
            : 0;
        return { path, markers: outcome.diagnostics.map(toMarker), registered };
      });
    },

    listTemplates: async () => {
      const { workspace } = host.requireWorkspace();
      const dir = join(workspace.path, FEATURES_FOLDER);
      const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [] as string[];
        throw err;
      });
      const templates = await Promise.all(
        names
          .filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'))
          .sort()
          .map(async (n) => {
            const s = await stat(join(dir, n));
            return { name: n.replace(/\.ya?ml$/, ''), path: `${FEATURES_FOLDER}/${n}`, bytes: s.size, modifiedAt: s.mtime.toISOString() };
          }),
      );
      return { templates };
    },

    readTemplate: async ({ name }) => {
      const { workspace } = host.requireWorkspace();
      const path = `${FEATURES_FOLDER}/${name}.yaml`;
      const text = await readTemplateFile(join(workspace.path, path));
      return { name, path, text };
    },

    build: async (request) => {
      const { workspace, jobs } = host.requireWorkspace();
      const info = await jobs.start('features-build', `Build training set from ${request.path}`, async (job) =>
        // A connection of its own, so that cancelling interrupts this build and nothing else.
        withConnection(workspace, (conn) => buildTrainingSet(workspace, request, conn, job)),
      );
      return { jobId: info.id };
    },

    listFeatures: async ({ search, allVersions }) => {
      const { workspace } = host.requireWorkspace();
      if (search !== undefined && search.length > 200)
        throw new LodeError('bad_input', 'the search text is too long.', { field: 'search' });
      // The runs that used each feature, as of now: folders deleted by hand drop out, runs not yet indexed count.
      await runsIndexOf(host).reconcile();
      return { features: await listFeatures(workspace.sql, search, allVersions) };
    },

    showFeature: async ({ id, version }) => {
      const { workspace } = host.requireWorkspace();
      await runsIndexOf(host).reconcile();
      // A connection of its own: an old version's definition may be recompiled from the template file.
      return withConnection(workspace, (conn) => showFeature(conn, workspace.path, { id, version }));
    },
  };
}
