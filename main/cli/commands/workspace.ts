import { resolve } from 'node:path';
import type { Command } from '../command';

export const initCommand: Command = {
  name: 'init',
  summary: 'Create a workspace folder (lode.yaml, lode.duckdb, features/, pipelines/, snapshots/, runs/).',
  usage: 'DIR',
  flags: { name: { type: 'string', description: 'Display name (default: the folder name)', value: 'NAME' } },
  positionals: { min: 1, max: 1 },
  async run({ args, client }) {
    const name = args.flags.name as string | undefined;
    const info = await client.workspace.create({ path: resolve(args.positionals[0]!), ...(name ? { name } : {}) });
    await client.workspace.close({});
    return { json: info, text: `Created workspace '${info.name}' in ${info.path}` };
  },
};
