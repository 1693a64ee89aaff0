// Entry of the Electron utility process that owns the workspace (DuckDB, jobs). Electron's main
// process only relays messages to it, so a slow query never freezes a window.
import type { CallMessage } from '../../shared/contract/wire';
import { Host } from '../host/host';

const host = new Host();
const port = process.parentPort;

host.events.subscribe((message) => port.postMessage(message));

port.on('message', (event: { data: unknown }) => {
  void host.dispatcher.handle(event.data as CallMessage, { transport: 'ipc' }).then((result) => {
    if (result) port.postMessage(result);
  });
});

process.on('SIGTERM', () => {
  void host.close().finally(() => process.exit(0));
});
