import type { z } from 'zod';

/** One method of a service: what it takes and what it gives back, both as zod schemas. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly summary: string;
}

export type MethodTable = Record<string, MethodSpec>;
export type EventTable = Record<string, z.ZodType>;

export interface ServiceSpec<M extends MethodTable = MethodTable, E extends EventTable = EventTable> {
  readonly name: string;
  readonly methods: M;
  readonly events: E;
}

export function defineService<const M extends MethodTable, const E extends EventTable>(
  name: string,
  methods: M,
  events: E,
): ServiceSpec<M, E> {
  return { name, methods, events };
}

export function method<I extends z.ZodType, O extends z.ZodType>(summary: string, input: I, output: O): MethodSpec<I, O> {
  return { summary, input, output };
}

export type ContractSpec = Record<string, ServiceSpec>;

export type MethodInput<S extends MethodSpec> = z.input<S['input']>;
export type MethodOutput<S extends MethodSpec> = z.output<S['output']>;
export type EventPayload<T extends z.ZodType> = z.output<T>;

/** Who is calling: services use it to tie jobs and events to a connection when they need to. */
export interface CallContext {
  readonly transport: 'ipc' | 'websocket' | 'in-process';
}

/**
 * What a service object must implement, derived from its spec so that a method missing, renamed or
 * with a different shape fails to compile. Implementations receive the parsed input.
 */
export type ServiceImpl<S extends ServiceSpec> = {
  [K in keyof S['methods']]: (input: z.output<S['methods'][K]['input']>, ctx: CallContext) => Promise<z.input<S['methods'][K]['output']>>;
};

export type ContractImpl<C extends ContractSpec> = { [K in keyof C]: ServiceImpl<C[K]> };

/** The caller's view of a service: every method takes the raw input and resolves to the output. */
export type ServiceClient<S extends ServiceSpec> = {
  [K in keyof S['methods']]: (input: z.input<S['methods'][K]['input']>) => Promise<z.output<S['methods'][K]['output']>>;
};

export type EventName<C extends ContractSpec> = {
  [S in keyof C & string]: `${S}.${keyof C[S]['events'] & string}`;
}[keyof C & string];

export type EventOf<C extends ContractSpec, N extends string> = N extends `${infer S}.${infer E}`
  ? S extends keyof C
    ? E extends keyof C[S]['events']
      ? z.output<C[S]['events'][E]>
      : never
    : never
  : never;
