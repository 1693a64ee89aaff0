import type { ContractSpec, EventName, EventOf } from '../../shared/contract/define';
import type { EventMessage } from '../../shared/contract/wire';

/**
 * Fans service events out to every connected client. Payloads are checked against the contract
 * before they leave, so a service cannot emit something its clients would not understand.
 */
export class EventBus<C extends ContractSpec> {
  private readonly listeners = new Set<(message: EventMessage) => void>();

  constructor(private readonly contract: C) {}

  emit<N extends EventName<C>>(name: N, payload: EventOf<C, N>): void {
    const dot = name.indexOf('.');
    const service = name.slice(0, dot);
    const event = name.slice(dot + 1);
    const schema = this.contract[service]?.events[event];
    if (!schema) throw new Error(`event ${name} is not in the contract`);
    const message: EventMessage = { kind: 'event', service, event, payload: schema.parse(payload) };
    for (const listener of this.listeners) listener(message);
  }

  subscribe(listener: (message: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
