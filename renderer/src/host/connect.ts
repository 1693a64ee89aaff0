import { contract } from '../../../shared/contract';
import { createBridgeTransport } from '../../../shared/contract/bridge';
import { createClient } from '../../../shared/contract/client';
import { createSocketTransport } from '../../../shared/contract/socket-transport';
import type { Connection } from '../store/connection-slice';

/**
 * Reaches the host: through preload's bridge under Electron, otherwise over the WebSocket of
 * `lode web`, whose access token travels in the HttpOnly cookie set when the printed URL was opened.
 */
export async function connectToHost(): Promise<Connection> {
  const bridge = window.lode;
  if (bridge) {
    return { client: createClient(contract, createBridgeTransport(bridge)), transport: 'ipc', onClose: () => undefined };
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/lode`);
  const transport = createSocketTransport(socket);
  await transport.ready;
  return {
    client: createClient(contract, transport),
    transport: 'websocket',
    onClose: (listener) => socket.addEventListener('close', listener),
  };
}
