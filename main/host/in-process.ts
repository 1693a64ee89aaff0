import { createClient, type Transport } from '../../shared/contract/client';
import { contract, type LodeClient } from '../../shared/contract';
import type { Host } from './host';

/** The contract without a process boundary, for the CLI and Node tests: still parsed and checked. */
export function inProcessTransport(host: Host): Transport {
  return {
    call: (service, method, input) => host.dispatcher.call(service, method, input, { transport: 'in-process' }),
    onEvent: (listener) => host.events.subscribe(listener),
  };
}

export function inProcessClient(host: Host): LodeClient {
  return createClient(contract, inProcessTransport(host));
}
