import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineService, method, type ServiceImpl } from '../../shared/contract/define';
import { LodeError } from '../../shared/errors';
import { Dispatcher } from './dispatcher';

const calc = defineService(
  'calc',
  {
    add: method(
      'Add two numbers.',
      z.object({ a: z.number(), b: z.number(), note: z.object({ text: z.string() }).optional() }).strict(),
      z.object({ sum: z.number() }),
    ),
    broken: method('Returns something outside its contract.', z.object({}).strict(), z.object({ ok: z.boolean() })),
  },
  {},
);

const impl: ServiceImpl<typeof calc> = {
  add: async ({ a, b }) => ({ sum: a + b }),
  // @ts-expect-error the contract says ok is a boolean: an implementation that drifts fails to compile
  broken: async () => ({ ok: 'yes' }),
};

const dispatcher = new Dispatcher({ calc }, { calc: impl });
const ctx = { transport: 'in-process' } as const;

async function failure(p: Promise<unknown>): Promise<LodeError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof LodeError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('the contract dispatcher', () => {
  it('serves a method with parsed input', async () => {
    await expect(dispatcher.call('calc', 'add', { a: 2, b: 3 }, ctx)).resolves.toEqual({ sum: 5 });
  });

  it('names the field of a bad input instead of crashing', async () => {
    const err = await failure(dispatcher.call('calc', 'add', { a: 2, b: 'three' }, ctx));
    expect(err.code).toBe('bad_input');
    expect(err.details.field).toBe('b');
    expect(err.message).toContain("calc.add: field 'b'");
  });

  it('names nested and unknown fields', async () => {
    const nested = await failure(dispatcher.call('calc', 'add', { a: 1, b: 2, note: { text: 5 } }, ctx));
    expect(nested.details.field).toBe('note.text');
    const unknown = await failure(dispatcher.call('calc', 'add', { a: 1, b: 2, extra: true }, ctx));
    expect(unknown.details.field).toBe('extra');
  });

  it('refuses unknown services and methods, including inherited object keys', async () => {
    for (const [service, name] of [
      ['calc', 'nope'],
      ['nope', 'add'],
      ['calc', 'toString'],
      ['__proto__', 'add'],
    ] as const) {
      const err = await failure(dispatcher.call(service, name, {}, ctx));
      expect(err.code).toBe('bad_input');
      expect(err.message).toContain('unknown method');
    }
  });

  it('checks outputs against the contract', async () => {
    const err = await failure(dispatcher.call('calc', 'broken', {}, ctx));
    expect(err.code).toBe('internal');
    expect(err.message).toContain('outside its contract');
  });

  it('answers malformed messages with an error result, never a throw', async () => {
    await expect(dispatcher.handle('not a message', ctx)).resolves.toMatchObject({ ok: false, id: -1, error: { code: 'bad_input' } });
    await expect(dispatcher.handle({ kind: 'call', id: 7, service: 'calc' }, ctx)).resolves.toMatchObject({
      ok: false,
      id: 7,
      error: { code: 'bad_input', field: 'method' },
    });
    await expect(dispatcher.handle({ kind: 'call', id: 8, service: 'calc', method: 'add', input: { a: 1, b: 1 } }, ctx)).resolves.toEqual({
      kind: 'result',
      id: 8,
      ok: true,
      value: { sum: 2 },
    });
  });
});
