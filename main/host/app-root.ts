import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function isLodeRoot(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'lode';
  } catch {
    return false;
  }
}

function searchUp(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (isLodeRoot(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

let cached: string | undefined;

/** The folder Lode runs from (holding its package.json, out/ and resources/). */
export function appRoot(): string {
  if (cached) return cached;
  const starts = [process.env.LODE_APP_ROOT, process.argv[1] && dirname(process.argv[1]), process.cwd()];
  for (const start of starts) {
    const found = start ? searchUp(start) : null;
    if (found) return (cached = found);
  }
  throw new Error('cannot find the Lode installation folder; set LODE_APP_ROOT to it.');
}

export function appVersion(): string {
  return (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The git commit when Lode runs from a checkout, read from .git without running git. */
export function appCommit(): string | null {
  const gitDir = join(appRoot(), '.git');
  try {
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    const loose = join(gitDir, ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    const packed = readFileSync(join(gitDir, 'packed-refs'), 'utf8');
    const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
    return line ? line.split(' ')[0]! : null;
  } catch {
    return null;
  }
}
