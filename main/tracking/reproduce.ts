import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reproduction } from '../../shared/services/tracking';
import type { RunInfo } from '../../shared/services/training';
import { metricChanges } from './compare';
import { codeVersionText, type ParamsFile } from './run-record';

/** The validation predictions a run keeps for this check: float64 little-endian, in validation-row order. */
export const PREDICTIONS_FILE = 'predictions.bin';

export interface RunSide {
  readonly run: RunInfo;
  readonly folder: string;
  readonly params: ParamsFile;
}

/**
 * Whether a re-run repeated its original exactly: every headline metric bit for bit, and the bytes
 * of predictions.bin. The reasons name what differs in the lineage, so a difference is explained
 * (new code, a changed snapshot) rather than only reported.
 */
export async function reproduction(original: RunSide, rerun: RunSide): Promise<Reproduction> {
  const reasons: string[] = [];
  const a = original.params.lineage;
  const b = rerun.params.lineage;
  if (a.data.snapshot !== b.data.snapshot) reasons.push(`the re-run read snapshot ${b.data.snapshot}, not ${a.data.snapshot}`);
  if (a.data.contentHash !== b.data.contentHash) {
    reasons.push(`the snapshot's content hash changed from ${a.data.contentHash ?? 'none'} to ${b.data.contentHash ?? 'none'}`);
  }
  if ((a.valid?.contentHash ?? null) !== (b.valid?.contentHash ?? null)) reasons.push("the validation snapshot's content hash changed");
  const codeA = codeVersionText(a.code);
  const codeB = codeVersionText(b.code);
  if (a.code.version !== b.code.version || a.code.commit !== b.code.commit) {
    reasons.push(`the code version differs: ${codeA} made the original, ${codeB} the re-run`);
  }
  const templateA = a.template?.logicVersion ?? a.templateLogicVersion;
  const templateB = b.template?.logicVersion ?? b.templateLogicVersion;
  if (templateA !== templateB)
    reasons.push(`the template's logic version differs: ${templateA ?? 'none'} then, ${templateB ?? 'none'} now`);

  const metrics = metricChanges(original.run.metrics ?? {}, rerun.run.metrics ?? {});
  const moved = metrics.filter((m) => m.from === null || m.to === null || !Object.is(m.from, m.to));
  const metricsIdentical = moved.length === 0;
  for (const m of moved) reasons.push(`${m.metric} differs: ${m.from ?? 'missing'} then, ${m.to ?? 'missing'} now`);

  const predictions = await comparePredictions(original, rerun);
  reasons.push(...predictions.reasons);
  return {
    original: original.run.id,
    rerun: rerun.run.id,
    identical: metricsIdentical && predictions.identical,
    metricsIdentical,
    predictionsIdentical: predictions.identical,
    maxPredictionDiff: predictions.maxDiff,
    metrics,
    reasons,
  };
}

async function comparePredictions(
  original: RunSide,
  rerun: RunSide,
): Promise<{ identical: boolean; maxDiff: number | null; reasons: string[] }> {
  const a = await readOptional(join(original.folder, PREDICTIONS_FILE));
  const b = await readOptional(join(rerun.folder, PREDICTIONS_FILE));
  const missing = [...(a ? [] : [original.run.id]), ...(b ? [] : [rerun.run.id])];
  if (!a || !b) {
    return {
      identical: false,
      maxDiff: null,
      reasons: [
        `no ${PREDICTIONS_FILE} in run ${missing.join(' and ')}, so its predictions cannot be compared (runs keep it since this version)`,
      ],
    };
  }
  if (a.equals(b)) return { identical: true, maxDiff: 0, reasons: [] };
  if (a.byteLength !== b.byteLength || a.byteLength % 8 !== 0) {
    return {
      identical: false,
      maxDiff: null,
      reasons: [
        `the validation sets differ in size: ${Math.floor(a.byteLength / 8)} predictions then, ${Math.floor(b.byteLength / 8)} now`,
      ],
    };
  }
  const va = new DataView(a.buffer, a.byteOffset, a.byteLength);
  const vb = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let maxDiff = 0;
  let differing = 0;
  for (let at = 0; at < a.byteLength; at += 8) {
    const x = va.getFloat64(at, true);
    const y = vb.getFloat64(at, true);
    if (Object.is(x, y)) continue;
    differing++;
    const d = Math.abs(x - y);
    // NaN against a number is as different as predictions get.
    maxDiff = Number.isNaN(d) ? Infinity : Math.max(maxDiff, d);
  }
  return {
    identical: false,
    maxDiff: Number.isFinite(maxDiff) ? maxDiff : null,
    reasons: [`${differing} of ${a.byteLength / 8} validation predictions differ, by at most ${maxDiff}`],
  };
}

async function readOptional(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
