import { z } from 'zod';
import { errorSchema } from '../errors';

/**
 * The messages every transport carries. IPC moves them as structured clones, the WebSocket as JSON
 * text; both are parsed with these schemas on the receiving side.
 */
export const callMessage = z.object({
  kind: z.literal('call'),
  id: z.number().int().nonnegative(),
  service: z.string().min(1),
  method: z.string().min(1),
  input: z.unknown(),
});

export const resultMessage = z.discriminatedUnion('ok', [
  z.object({ kind: z.literal('result'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ kind: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: errorSchema }),
]);

export const eventMessage = z.object({
  kind: z.literal('event'),
  service: z.string(),
  event: z.string(),
  payload: z.unknown(),
});

export const serverMessage = z.union([resultMessage, eventMessage]);

export type CallMessage = z.infer<typeof callMessage>;
export type ResultMessage = z.infer<typeof resultMessage>;
export type EventMessage = z.infer<typeof eventMessage>;
export type ServerMessage = z.infer<typeof serverMessage>;
