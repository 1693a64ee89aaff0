import { mkdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { RecentWorkspace } from '../../shared/services/workspace';
import { writeFileAtomic } from './atomic';

const MAX_RECENT = 12;
const recentFile = z.array(z.object({ path: z.string(), name: z.string(), openedAt: z.string() }));

/** Per-user settings folder: $LODE_HOME, else $XDG_CONFIG_HOME/lode, else ~/.config/lode. */
export function userDir(): string {
  if (process.env.LODE_HOME) return process.env.LODE_HOME;
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'lode');
}

/** The list of recently opened workspaces, kept in the user's settings folder. */
export class RecentWorkspaces {
  constructor(private readonly dir: string = userDir()) {}

  private get file(): string {
    return join(this.dir, 'recent.json');
  }

  private async read(): Promise<z.infer<typeof recentFile>> {
    try {
      const parsed = recentFile.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      // A damaged list is not worth an error: it only remembers paths, so start it afresh.
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  async list(): Promise<RecentWorkspace[]> {
    const entries = await this.read();
    return Promise.all(
      entries.map(async (entry) => ({
        ...entry,
        exists: await stat(join(entry.path, 'lode.yaml')).then(
          () => true,
          () => false,
        ),
      })),
    );
  }

  async remember(path: string, name: string): Promise<void> {
    const entries = (await this.read()).filter((e) => e.path !== path);
    entries.unshift({ path, name, openedAt: new Date().toISOString() });
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify(entries.slice(0, MAX_RECENT), null, 2));
  }
}
