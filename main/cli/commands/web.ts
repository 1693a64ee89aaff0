import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LodeError } from '../../../shared/errors';
import { appRoot } from '../../host/app-root';
import { startWebServer } from '../../host/web-server';
import type { Command } from '../command';

/** A second stop signal within this long is the same stop (a terminal's Ctrl+C, forwarded again). */
const SAME_STOP_MS = 1000;

export const webCommand: Command = {
  name: 'web',
  summary: 'Serve the workbench to a browser on 127.0.0.1 (the URL carries a one-time access token).',
  usage: '',
  flags: { port: { type: 'number', description: 'Port to listen on (default: any free port)', value: 'N' } },
  positionals: { min: 0, max: 0 },
  async run({ args, host, json, workspaceDir, workspaceGiven, openWorkspace }) {
    const rendererDir = join(appRoot(), 'out', 'renderer');
    if (!existsSync(join(rendererDir, 'index.html'))) {
      throw new LodeError('not_found', `the workbench UI is not built (${rendererDir} is missing).`, {
        hint: 'Run `npm run build` first.',
      });
    }
    // Open the named workspace, or the current folder when it is one; otherwise start on the welcome screen.
    if (workspaceGiven || existsSync(join(workspaceDir, 'lode.yaml'))) await openWorkspace();
    const port = args.flags.port as number | undefined;
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      throw new LodeError('bad_input', `--port must be a whole number from 0 to 65535, got ${port}.`, { field: 'port' });
    }
    const server = await startWebServer({ host, rendererDir, ...(port !== undefined ? { port } : {}) });
    // Ready to stop before saying where it listens: whoever reads the address may stop it at once.
    const serve = new Promise<void>((resolve) => {
      let stoppingSince = 0;
      const stop = () => {
        if (stoppingSince > 0) {
          // One Ctrl+C can arrive twice: from the terminal, and forwarded by `npm start`.
          if (Date.now() - stoppingSince < SAME_STOP_MS) return;
          process.exit(130);
        }
        stoppingSince = Date.now();
        // Closing waits for the calls under way; a later Ctrl+C quits at once.
        const say = !json && host.workspace !== null;
        if (say) process.stderr.write('Stopping: closing the workspace. Press Ctrl+C again to quit at once.\n');
        // The handlers stay until the process exits: a copy arriving after the close is still the same stop.
        void server
          .close()
          .then(() => host.close())
          .then(() => say && process.stderr.write('Stopped: the workspace is closed.\n'))
          .finally(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    const line = json
      ? JSON.stringify({ url: server.url, port: server.port, token: server.token })
      : `Lode is running at ${server.url}\nOpen that address in a browser on this machine. Press Ctrl+C to stop.`;
    process.stdout.write(`${line}\n`);
    return { serve };
  },
};
