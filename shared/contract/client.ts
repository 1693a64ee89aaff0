import { LodeError } from '../errors';
import type { ContractSpec, EventName, EventOf, ServiceClient } from './define';
import type { EventMessage, ResultMessage } from './wire';

/** What a client needs from a transport: send a call, hear events. */
export interface Transport {
  call(service: string, method: string, input: unknown): Promise<unknown>;
  onEvent(listener: (message: EventMessage) => void): () => void;
}

export type Client<C extends ContractSpec> = { readonly [S in keyof C]: ServiceClient<C[S]> } & {
  on<N extends EventName<C>>(name: N, handler: (payload: EventOf<C, N>) => void): () => void;
};

/**
 * One generic proxy builds the typed client from the contract, so no service or method name is
 * written twice (the same idea as VS Code's ProxyChannel).
 */
export function createClient<C extends ContractSpec>(contract: C, transport: Transport): Client<C> {
  const client: Record<string, unknown> = {};
  for (const [serviceKey, spec] of Object.entries(contract)) {
    const service: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const methodName of Object.keys(spec.methods)) {
      service[methodName] = (input: unknown) => transport.call(serviceKey, methodName, input);
    }
    client[serviceKey] = Object.freeze(service);
  }
  client.on = (name: string, handler: (payload: unknown) => void) => {
    const dot = name.indexOf('.');
    const service = name.slice(0, dot);
    const event = name.slice(dot + 1);
    return transport.onEvent((message) => {
      if (message.service === service && message.event === event) handler(message.payload);
    });
  };
  return client as Client<C>;
}

/** Matches results to pending calls by id; shared by the WebSocket and IPC transports. */
export class PendingCalls {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: LodeError) => void }>();

  open(): { id: number; promise: Promise<unknown> } {
    const id = this.nextId++;
    const promise = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    return { id, promise };
  }

  settle(message: ResultMessage): void {
    const entry = this.pending.get(message.id);
    if (!entry) return;
    this.pending.delete(message.id);
    if (message.ok) entry.resolve(message.value);
    else entry.reject(LodeError.fromJSON(message.error));
  }

  failAll(error: LodeError): void {
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }
}
