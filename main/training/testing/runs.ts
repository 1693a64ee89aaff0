import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { LodeClient } from '../../../shared/contract';
import { type RunCurves, type RunImportance, type RunInfo, runCurves, runImportance } from '../../../shared/services/training';
import { quoteLiteral } from '../../data/sql';
import type { Host } from '../../host/host';
import { adultColumns, dataset } from '../../testing/datasets';

/** DuckDB's reader of an adult file (`, `-separated, `?` for null, no header) with the label named `income`. */
export function adultCsv(file: string, skip = 0): string {
  const names = adultColumns('income').map(quoteLiteral).join(', ');
  return `read_csv(${quoteLiteral(dataset(`uci_adult/${file}`))}, delim = ', ', header = false, ${skip > 0 ? `skip = ${skip}, ` : ''}nullstr = '?', names = [${names}])`;
}

/** Creates a snapshot from a query and waits for it; returns its id. */
export async function createSnapshot(host: Host, client: LodeClient, name: string, sql: string): Promise<string> {
  const { jobId } = await client.data.createSnapshot({ name, source: { sql } });
  const job = await host.requireWorkspace().jobs.wait(jobId);
  if (job.state !== 'succeeded') throw new Error(job.error?.message ?? job.state);
  return (job.result as { id: string }).id;
}

/** Trains and waits; the run must succeed. */
export async function trainRun(host: Host, client: LodeClient, input: Parameters<LodeClient['training']['train']>[0]): Promise<RunInfo> {
  const { jobId, runId } = await client.training.train(input);
  const job = await host.requireWorkspace().jobs.wait(jobId);
  expect(job.error).toBeNull();
  expect(job.state).toBe('succeeded');
  return client.training.getRun({ runId });
}

/**
 * curves.json and importance.json of a run, parsed with the contract's schemas exactly as written
 * (a value the schema would have to drop or default, such as a null, fails here).
 */
export async function readCheckedArtifacts(folder: string): Promise<{ curves: RunCurves; importance: RunImportance }> {
  const raw = async (name: string) => JSON.parse(await readFile(join(folder, name), 'utf8')) as Record<string, unknown>;
  const curvesRaw = await raw('curves.json');
  const importanceRaw = await raw('importance.json');
  const curves = runCurves.parse(curvesRaw);
  const importance = runImportance.parse(importanceRaw);
  // Nothing of the contract's part was dropped or defaulted.
  for (const key of Object.keys(curves) as (keyof RunCurves)[]) expect(curvesRaw[key]).toEqual(curves[key]);
  expect(importanceRaw).toEqual(importance);
  return { curves, importance };
}

/** The validation predictions of a run (predictions.bin: float64 little-endian, one per validation row). */
export async function readPredictions(folder: string): Promise<Float64Array> {
  const bytes = await readFile(join(folder, 'predictions.bin'));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float64Array.from({ length: bytes.byteLength / 8 }, (_, i) => view.getFloat64(i * 8, true));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Children of a process running the training worker (Linux /proc). */
export async function workerChild(pid: number): Promise<number | null> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  for (const child of children.split(' ').filter(Boolean)) {
    const cmdline = await readFile(`/proc/${child}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('worker.mjs')) return Number(child);
  }
  return null;
}

/** Polls until `check` gives a truthy value; gives up after 20 s. */
export async function waitFor<T>(check: () => T | Promise<T>): Promise<NonNullable<T>> {
  for (let i = 0; i < 400; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('gave up waiting');
}
