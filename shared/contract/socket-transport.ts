import { LodeError } from '../errors';
import { PendingCalls, type Transport } from './client';
import { decodeFrame, encodeFrame } from './frames';
import { serverMessage, type EventMessage } from './wire';

/** The part of the WebSocket API the transport needs; both the browser's and the `ws` package's fit. */
export interface SocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface SocketTransport extends Transport {
  close(): void;
  /** Resolves once the socket is open; rejects with `unauthorized` if the host refused it. */
  readonly ready: Promise<void>;
}

const OPEN = 1;

/** The contract over a WebSocket: JSON messages, results matched to calls by id. */
export function createSocketTransport(socket: SocketLike): SocketTransport {
  socket.binaryType = 'arraybuffer';
  const pending = new PendingCalls();
  const listeners = new Set<(message: EventMessage) => void>();
  let closed: LodeError | null = null;

  const ready = new Promise<void>((resolve, reject) => {
    if (socket.readyState === OPEN) resolve();
    socket.addEventListener('open', () => resolve());
    // A refused or failed socket is followed by 'close', which reports it; listening here keeps
    // Node's `ws` from treating the error as unhandled.
    socket.addEventListener('error', () => undefined);
    socket.addEventListener('close', () => {
      closed = new LodeError('unauthorized', 'the connection to the Lode host was closed or refused.', {
        hint: 'Reload the page from the URL that `lode web` printed.',
      });
      pending.failAll(closed);
      reject(closed);
    });
  });
  // A refused connection surfaces through `ready` and every pending call; nothing else to do here.
  ready.catch(() => undefined);

  socket.addEventListener('message', (event) => {
    let decoded: unknown;
    try {
      decoded = decodeFrame(typeof event.data === 'string' ? event.data : new Uint8Array(event.data as ArrayBuffer));
    } catch {
      return;
    }
    const parsed = serverMessage.safeParse(decoded);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.kind === 'result') pending.settle(message);
    else for (const listener of listeners) listener(message);
  });

  return {
    ready,
    async call(service, method, input) {
      await ready;
      if (closed) throw closed;
      const { id, promise } = pending.open();
      socket.send(encodeFrame({ kind: 'call', id, service, method, input }));
      return promise;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      socket.close();
    },
  };
}
