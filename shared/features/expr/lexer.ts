import type { Span } from './ast';

export type TokenKind = 'number' | 'string' | 'ident' | 'keyword' | 'op' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The keyword in lower case, the operator, the identifier's name or the string's value. */
  readonly text: string;
  readonly span: Span;
}

export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    readonly span: Span,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ExprSyntaxError';
  }
}

export const KEYWORDS = new Set(['and', 'or', 'not', 'case', 'when', 'then', 'else', 'end', 'true', 'false', 'null', 'is', 'in']);

const OPERATORS = ['<=', '>=', '!=', '<>', '==', '+', '-', '*', '/', '=', '<', '>', '(', ')', ','];

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i))!;
      i += match[0].length;
      if (/[A-Za-z_]/.test(text[i] ?? '')) throw new ExprSyntaxError(`'${text.slice(start, i + 1)}' is not a number`, [start, i + 1]);
      tokens.push({ kind: 'number', text: match[0], span: [start, i] });
      continue;
    }
    if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ExprSyntaxError('this text has no closing quote', [start, text.length], "end it with '");
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', text: value, span: [start, i] });
      continue;
    }
    if (ch === '"') {
      // A quoted name, for columns that are not plain words: "first name".
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ExprSyntaxError('this quoted name has no closing quote', [start, text.length], 'end it with "');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      if (value === '') throw new ExprSyntaxError('a quoted name cannot be empty', [start, i]);
      tokens.push({ kind: 'ident', text: value, span: [start, i] });
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))![0];
      i += word.length;
      const lower = word.toLowerCase();
      tokens.push(
        KEYWORDS.has(lower) ? { kind: 'keyword', text: lower, span: [start, i] } : { kind: 'ident', text: word, span: [start, i] },
      );
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) {
      const hint = ch === '&' ? 'write and instead' : ch === '|' ? 'write or instead' : undefined;
      throw new ExprSyntaxError(`unexpected character '${ch}'`, [start, start + 1], hint);
    }
    i += op.length;
    // One spelling per operator in the tree: == is =, <> is !=.
    tokens.push({ kind: 'op', text: op === '==' ? '=' : op === '<>' ? '!=' : op, span: [start, i] });
  }
  tokens.push({ kind: 'eof', text: '', span: [text.length, text.length] });
  return tokens;
}
