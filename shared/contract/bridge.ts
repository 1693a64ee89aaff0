import { LodeError } from '../errors';
import type { Transport } from './client';
import { resultMessage, type EventMessage, type ResultMessage } from './wire';

/**
 * What preload exposes as `window.lode`, and nothing more: a call that resolves to a result
 * message (errors travel as values, because Electron flattens thrown errors) and a subscription.
 */
export interface LodeBridge {
  call(service: string, method: string, input: unknown): Promise<ResultMessage>;
  subscribe(listener: (message: EventMessage) => void): () => void;
}

/** The contract over Electron IPC, through the preload bridge. */
export function createBridgeTransport(bridge: LodeBridge): Transport {
  return {
    async call(service, method, input) {
      const result = resultMessage.parse(await bridge.call(service, method, input));
      if (result.ok) return result.value;
      throw LodeError.fromJSON(result.error);
    },
    onEvent: (listener) => bridge.subscribe(listener),
  };
}
