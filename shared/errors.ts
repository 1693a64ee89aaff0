import { z } from 'zod';

/**
 * Every failure that reaches an analyst is a LodeError: a stable code to branch on, a message that
 * says what failed, where it failed when that is known, and what to do about it.
 */
export const errorCodes = [
  'bad_input',
  'not_found',
  'already_exists',
  'not_a_workspace',
  'newer_format',
  'corrupt_config',
  'corrupt_database',
  'workspace_locked',
  'no_workspace',
  'cancelled',
  'unauthorized',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export const errorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  field: z.string().optional(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  hint: z.string().optional(),
});

export type LodeErrorData = z.infer<typeof errorSchema>;

export class LodeError extends Error {
  readonly code: ErrorCode;
  readonly details: Omit<LodeErrorData, 'code' | 'message'>;

  constructor(code: ErrorCode, message: string, details: Omit<LodeErrorData, 'code' | 'message'> = {}) {
    super(message);
    this.name = 'LodeError';
    this.code = code;
    this.details = details;
  }

  toJSON(): LodeErrorData {
    return { code: this.code, message: this.message, ...this.details };
  }

  static fromJSON(data: LodeErrorData): LodeError {
    const { code, message, ...details } = data;
    return new LodeError(code, message, details);
  }

  /** One line for a terminal or a status bar: the message, then the hint when there is one. */
  describe(): string {
    return this.details.hint ? `${this.message} ${this.details.hint}` : this.message;
  }
}

/** Wraps anything thrown into a LodeError without losing the original message. */
export function toLodeError(err: unknown): LodeError {
  if (err instanceof LodeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new LodeError('internal', message);
}
