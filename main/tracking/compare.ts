import type { Lineage, RunDiff, TrackedRun } from '../../shared/services/tracking';

type ValueChange = RunDiff['params'][number];
type MetricChange = RunDiff['metrics'][number];

/** What changed from run `a` to run `b`, in the five-tuple's terms; metrics are listed whether they moved or not. */
export function diffRuns(a: TrackedRun, b: TrackedRun): RunDiff {
  const la = a.lineage;
  const lb = b.lineage;
  return {
    from: a.run.id,
    to: b.run.id,
    data: changes(dataFields(la), dataFields(lb)),
    template: changes(
      { name: la?.template?.name ?? null, logicVersion: la?.template?.logicVersion ?? null },
      { name: lb?.template?.name ?? null, logicVersion: lb?.template?.logicVersion ?? null },
    ),
    params: changes(la?.params ?? a.run.params, lb?.params ?? b.run.params),
    code: changes(
      { version: la?.code.version ?? null, commit: la?.code.commit ?? null },
      { version: lb?.code.version ?? null, commit: lb?.code.commit ?? null },
    ),
    metrics: metricChanges(a.run.metrics ?? {}, b.run.metrics ?? {}),
  };
}

function dataFields(l: Lineage | null): Record<string, unknown> {
  return {
    snapshot: l?.data.snapshot ?? null,
    contentHash: l?.data.contentHash ?? null,
    validSnapshot: l?.valid?.snapshot ?? null,
    validContentHash: l?.valid?.contentHash ?? null,
  };
}

/** Keys whose values differ, in key order; a key one side lacks reads as null there. */
export function changes(from: Record<string, unknown>, to: Record<string, unknown>): ValueChange[] {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  const out: ValueChange[] = [];
  for (const key of keys) {
    const f = from[key] ?? null;
    const t = to[key] ?? null;
    if (!sameValue(f, t)) out.push({ key, from: f, to: t });
  }
  return out;
}

/** Every metric of either run with how far it moved (to - from); null where a run lacks it. */
export function metricChanges(from: Record<string, number>, to: Record<string, number>): MetricChange[] {
  const names = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  return names.map((metric) => {
    const f = from[metric] ?? null;
    const t = to[metric] ?? null;
    return { metric, from: f, to: t, delta: f !== null && t !== null ? t - f : null };
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  return JSON.stringify(a) === JSON.stringify(b);
}
