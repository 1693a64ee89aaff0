import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../workspace/atomic';
import type { LodeErrorData } from '../../shared/errors';
import type { Lineage } from '../../shared/services/tracking';
import type { RunInfo, RunState, TrainingAlgorithm } from '../../shared/services/training';

/*
 * What tracking reads from a run folder. run.json says what the run is (state, metrics, tags given at
 * start); params.json, written before the worker starts, says what it depends on (the lineage).
 */

const snapshotRef = z.object({ snapshot: z.string(), contentHash: z.string().nullable() });

/** params.json as the training runner writes it (main/training/runner/service.ts). */
export const paramsFile = z.object({
  algo: z.string(),
  label: z.string(),
  positive: z.string().nullable().default(null),
  exclude: z.array(z.string()).default([]),
  split: z.unknown(),
  seed: z.number(),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  lineage: z.object({
    data: snapshotRef,
    valid: snapshotRef.nullable().default(null),
    templateLogicVersion: z.string().nullable().default(null),
    template: z.object({ name: z.string(), logicVersion: z.string() }).loose().nullable().default(null),
    code: z.object({ version: z.string(), commit: z.string().nullable() }),
  }),
});
export type ParamsFile = z.infer<typeof paramsFile>;

/** One row of lode_meta.runs. */
export interface IndexedRun {
  readonly id: string;
  readonly state: RunState;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  readonly algo: TrainingAlgorithm;
  readonly label: string;
  readonly data: string;
  readonly valid: string | null;
  readonly templateVersion: string | null;
  readonly codeVersion: string;
  readonly params: Record<string, number | string>;
  readonly metrics: Record<string, number> | null;
  readonly error: LodeErrorData | null;
  readonly experiment: string | null;
  readonly searchId: string | null;
  readonly trial: number | null;
  readonly rerunOf: string | null;
  readonly tags: readonly string[];
  readonly notes: string;
}

export { runFolderOf } from '../training/runner/run-folder';

/** params.json of a run folder, or null when it is missing or not in a format this version reads. */
export async function readParamsFile(folder: string): Promise<ParamsFile | null> {
  let text: string;
  try {
    text = await readFile(join(folder, 'params.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = paramsFile.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** `0.4.0`, or `0.4.0+1a2b3c4d5e6f` when the app ran from a git checkout (as in the ONNX metadata). */
export function codeVersionText(code: { version: string; commit: string | null }): string {
  return code.commit ? `${code.version}+${code.commit.slice(0, 12)}` : code.version;
}

export function durationOf(run: Pick<RunInfo, 'createdAt' | 'finishedAt'>): number | null {
  if (!run.finishedAt) return null;
  const ms = Date.parse(run.finishedAt) - Date.parse(run.createdAt);
  return Number.isFinite(ms) ? ms : null;
}

/** The index row of a run as recorded in its folder; the annotations start as run.json has them. */
export function indexRowOf(run: RunInfo, params: ParamsFile | null, annotations: AnnotationsFile | null = null): IndexedRun {
  return {
    id: run.id,
    state: run.state,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    durationMs: durationOf(run),
    algo: run.algo,
    label: run.label,
    data: run.data,
    valid: run.valid,
    templateVersion: params?.lineage.template?.logicVersion ?? params?.lineage.templateLogicVersion ?? null,
    codeVersion: params ? codeVersionText(params.lineage.code) : 'unknown',
    // The seed decides the split and the model as much as any algorithm parameter does.
    params: params ? { seed: params.seed, ...run.params } : run.params,
    metrics: run.metrics,
    error: run.error,
    experiment: annotations ? annotations.experiment : run.experiment,
    searchId: run.search?.id ?? null,
    trial: run.search?.trial ?? null,
    rerunOf: run.rerunOf,
    tags: annotations ? annotations.tags : run.tags,
    notes: annotations ? annotations.notes : '',
  };
}

/** The five-tuple of a run; null when params.json is missing (a folder from before lineage was kept). */
export function lineageOf(run: RunInfo, params: ParamsFile | null): Lineage | null {
  if (!params) return null;
  const template = params.lineage.template
    ? { name: params.lineage.template.name, logicVersion: params.lineage.template.logicVersion }
    : params.lineage.templateLogicVersion
      ? { name: '', logicVersion: params.lineage.templateLogicVersion }
      : null;
  return {
    data: params.lineage.data,
    valid: params.lineage.valid,
    template,
    params: {
      ...params.params,
      algo: params.algo,
      label: params.label,
      positive: params.positive,
      exclude: params.exclude,
      split: params.split,
      seed: params.seed,
    },
    code: params.lineage.code,
    metrics: run.metrics,
  };
}

/** Files of a run folder, relative to it, sorted. */
export async function listArtifacts(folder: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, prefix: string) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      if (e.isDirectory()) await walk(join(dir, e.name), `${prefix}${e.name}/`);
      else out.push(`${prefix}${e.name}`);
    }
  };
  await walk(folder, '');
  return out.sort();
}

/**
 * annotations.json of a run folder: the editable part of a run (experiment, tags, notes) as last
 * saved. The index is where they are read and edited; this copy lets a rebuilt index row, or a run
 * folder copied to another workspace, keep them.
 */
export const ANNOTATIONS_FILE = 'annotations.json';
const annotationsFile = z.object({ experiment: z.string().nullable(), tags: z.array(z.string()), notes: z.string() });
export type AnnotationsFile = z.infer<typeof annotationsFile>;

export async function writeAnnotationsFile(folder: string, annotations: AnnotationsFile): Promise<void> {
  await writeFileAtomic(join(folder, ANNOTATIONS_FILE), `${JSON.stringify(annotationsFile.parse(annotations), null, 2)}\n`);
}

/** The saved annotations of a run folder, or null when there are none (never edited) or the file is damaged. */
export async function readAnnotationsFile(folder: string): Promise<AnnotationsFile | null> {
  let text: string;
  try {
    text = await readFile(join(folder, ANNOTATIONS_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const parsed = annotationsFile.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
