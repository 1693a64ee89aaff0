import { join } from 'node:path';
import type { LodeClient } from '../../shared/contract';
import { Host } from '../host/host';
import { inProcessClient } from '../host/in-process';
import { tempDir } from './temp';

/**
 * A host with a new workspace at `dir`, inside a temp folder removed after the test, and a client
 * over it. `host.open(dir)` opens the workspace again after a close.
 */
export async function openTestHost(): Promise<{ host: Host; client: LodeClient; dir: string; root: string }> {
  const root = await tempDir();
  const host = new Host({ userDir: join(root, 'user') });
  const dir = join(root, 'ws');
  await host.open(dir, true);
  return { host, client: inProcessClient(host), dir, root };
}
