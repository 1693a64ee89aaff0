import type { LodeClient } from '../../../shared/contract';
import { toLodeError, type LodeErrorData } from '../../../shared/errors';
import { jobInfo } from '../../../shared/services/jobs';
import type { HostInfo } from '../../../shared/services/host';
import { workspaceService } from '../../../shared/services/workspace';
import type { SliceCreator } from './types';

export type Transport = 'ipc' | 'websocket';

/** What connecting yields: a typed client, how it travels, and a way to hear it drop. */
export interface Connection {
  readonly client: LodeClient;
  readonly transport: Transport;
  onClose(listener: () => void): void;
}

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'failed' | 'disconnected';

export interface ConnectionSlice {
  client: LodeClient | null;
  connectionStatus: ConnectionStatus;
  transport: Transport | null;
  connectionError: LodeErrorData | null;
  hostInfo: HostInfo | null;
  /** True once connected and the host info, current workspace and recent list are loaded. */
  ready: boolean;
  connect: () => Promise<void>;
}

const workspaceChanged = workspaceService.events.changed;

export function requireClient(client: LodeClient | null): LodeClient {
  if (!client) throw new Error('not connected to the Lode host');
  return client;
}

/**
 * Connects, wires host events into the store and loads what the first screen needs. Event
 * payloads are parsed like any other input that crosses a process boundary.
 */
export function createConnectionSlice(connectToHost: () => Promise<Connection>): SliceCreator<ConnectionSlice> {
  return (set, get) => ({
    client: null,
    connectionStatus: 'idle',
    transport: null,
    connectionError: null,
    hostInfo: null,
    ready: false,
    async connect() {
      set({ connectionStatus: 'connecting', connectionError: null, ready: false });
      try {
        const connection = await connectToHost();
        const { client } = connection;
        connection.onClose(() => set({ connectionStatus: 'disconnected' }));
        client.on('jobs.updated', (payload) => {
          const parsed = jobInfo.safeParse(payload);
          if (parsed.success) get().applyJobUpdate(parsed.data);
          else console.error('Lode: ignored a malformed jobs.updated event', parsed.error);
        });
        client.on('workspace.changed', (payload) => {
          const parsed = workspaceChanged.safeParse(payload);
          if (parsed.success) void get().applyWorkspaceChanged(parsed.data.workspace);
          else console.error('Lode: ignored a malformed workspace.changed event', parsed.error);
        });
        set({ client, transport: connection.transport, connectionStatus: 'connected' });
        const [hostInfo, current, recent] = await Promise.all([
          client.host.info({}),
          client.workspace.current({}),
          client.workspace.recent({}),
        ]);
        set({ hostInfo, recent: recent.workspaces });
        await get().applyWorkspaceChanged(current.workspace);
        set({ ready: true });
      } catch (err) {
        set({ connectionStatus: 'failed', connectionError: toLodeError(err).toJSON() });
      }
    },
  });
}
