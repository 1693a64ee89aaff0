import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Host } from '../main/host/host';
import { inProcessClient } from '../main/host/in-process';
import type { LodeClient } from '../shared/contract';

/** One benchmark: prints its own lines (figures and ratios against its anchors). */
export interface Bench {
  readonly name: string;
  readonly issue: number;
  readonly run: (ctx: BenchContext) => Promise<void>;
}

export interface BenchContext {
  /** A scratch folder removed after the benchmark. */
  readonly dir: string;
  readonly report: (line: string) => void;
}

export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at]!;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/** A fresh workspace with its host and in-process client. */
export async function benchWorkspace(dir: string): Promise<{ host: Host; client: LodeClient; close: () => Promise<void> }> {
  const host = new Host({ userDir: join(dir, 'user') });
  await host.open(join(dir, 'ws'), true);
  return { host, client: inProcessClient(host), close: () => host.close().then(() => undefined) };
}

export async function withScratch(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lode-bench-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
