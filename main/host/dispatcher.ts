import type { z } from 'zod';
import type { CallContext, ContractImpl, ContractSpec } from '../../shared/contract/define';
import { callMessage, type ResultMessage } from '../../shared/contract/wire';
import { LodeError, toLodeError } from '../../shared/errors';

/** Turns a zod failure into the error an analyst reads: which field, and what was wrong with it. */
export function inputError(where: string, error: z.ZodError): LodeError {
  const issue = error.issues[0];
  if (!issue) return new LodeError('bad_input', `${where}: invalid input`);
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.');
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const field = keys.length > 0 ? [path, keys[0]].filter(Boolean).join('.') : path;
  const label = field === '' ? 'input' : `field '${field}'`;
  return new LodeError('bad_input', `${where}: ${label}: ${issue.message}`, field === '' ? {} : { field });
}

/**
 * Serves any set of service objects that implement the contract. Every input is parsed with its
 * method's schema before the service sees it; every output is checked before it leaves.
 */
export class Dispatcher<C extends ContractSpec> {
  constructor(
    private readonly contract: C,
    private readonly services: ContractImpl<C>,
  ) {}

  async call(service: string, methodName: string, rawInput: unknown, ctx: CallContext): Promise<unknown> {
    const spec = Object.hasOwn(this.contract, service) ? this.contract[service] : undefined;
    const method = spec && Object.hasOwn(spec.methods, methodName) ? spec.methods[methodName] : undefined;
    if (!spec || !method) {
      throw new LodeError('bad_input', `unknown method ${service}.${methodName}`, { field: 'method' });
    }
    const parsed = method.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw inputError(`${service}.${methodName}`, parsed.error);
    const impl = this.services[service] as Record<string, (input: unknown, ctx: CallContext) => Promise<unknown>>;
    const output = await impl[methodName]!.call(impl, parsed.data, ctx);
    const checked = method.output.safeParse(output);
    if (!checked.success) {
      throw new LodeError(
        'internal',
        `${service}.${methodName} returned a result outside its contract: ${checked.error.issues[0]?.message}`,
      );
    }
    return checked.data;
  }

  /** Handles one raw message from an untrusted peer; never throws. */
  async handle(raw: unknown, ctx: CallContext): Promise<ResultMessage | null> {
    const message = callMessage.safeParse(raw);
    if (!message.success) {
      const id = typeof raw === 'object' && raw !== null && 'id' in raw && Number.isInteger(raw.id) ? Number(raw.id) : -1;
      return { kind: 'result', id, ok: false, error: inputError('message', message.error).toJSON() };
    }
    const { id, service, method, input } = message.data;
    try {
      const value = await this.call(service, method, input, ctx);
      return { kind: 'result', id, ok: true, value };
    } catch (err) {
      return { kind: 'result', id, ok: false, error: toLodeError(err).toJSON() };
    }
  }
}
