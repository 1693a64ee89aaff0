import { PRECEDENCE, type BinaryOp, type Expr, type Span } from './ast';
import { ExprSyntaxError, tokenize, type Token } from './lexer';

const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/**
 * A Pratt parser for Lode's expression language: numbers, 'strings', names, + - * /, comparisons,
 * and/or/not, IS [NOT] NULL, [NOT] IN (...), function calls and CASE WHEN ... END.
 * Throws ExprSyntaxError with the span of the offending text.
 */
export function parseExpr(text: string): Expr {
  const parser = new Parser(text, tokenize(text));
  const expr = parser.expression(0);
  parser.expectEnd();
  return expr;
}

class Parser {
  private at = 0;
  /** Nodes written in parentheses: `(a < b) = c` is a comparison of a comparison, not a chain. */
  private readonly parenthesized = new WeakSet<Expr>();

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private next(): Token {
    const token = this.tokens[this.at]!;
    if (token.kind !== 'eof') this.at++;
    return token;
  }

  private isOp(text: string, token = this.peek()): boolean {
    return token.kind === 'op' && token.text === text;
  }

  private isKeyword(text: string, token = this.peek()): boolean {
    return token.kind === 'keyword' && token.text === text;
  }

  private describe(token: Token): string {
    return token.kind === 'eof' ? 'the end of the expression' : `'${this.text.slice(token.span[0], token.span[1])}'`;
  }

  private expectOp(text: string, context: string): Token {
    const token = this.peek();
    if (!this.isOp(text)) throw new ExprSyntaxError(`expected '${text}' ${context}, found ${this.describe(token)}`, token.span);
    return this.next();
  }

  private expectKeyword(text: string, context: string): Token {
    const token = this.peek();
    if (!this.isKeyword(text))
      throw new ExprSyntaxError(`expected ${text.toUpperCase()} ${context}, found ${this.describe(token)}`, token.span);
    return this.next();
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind === 'eof') return;
    const hint = token.kind === 'ident' || token.kind === 'number' || token.kind === 'string' ? 'is an operator missing?' : undefined;
    throw new ExprSyntaxError(`unexpected ${this.describe(token)}`, token.span, hint);
  }

  /** Parses operators that bind tighter than `minPower`. */
  expression(minPower: number): Expr {
    let left = this.prefix();
    for (;;) {
      const token = this.peek();
      const op = this.infixOp(token);
      if (!op) return left;
      const power = op === 'not_in' ? PRECEDENCE.in : PRECEDENCE[op];
      if (power <= minPower) return left;
      // Comparisons do not chain: `a < b < c` is a mistake, not (a < b) < c.
      if (power === PRECEDENCE['='] && isComparison(left) && !this.parenthesized.has(left)) {
        throw new ExprSyntaxError(`comparisons cannot be chained`, token.span, 'join them with and');
      }
      left = this.infix(left, op);
    }
  }

  private infixOp(token: Token): BinaryOp | 'is' | 'in' | 'not_in' | null {
    if (token.kind === 'op' && ['+', '-', '*', '/', ...COMPARISONS].includes(token.text)) return token.text as BinaryOp;
    if (token.kind !== 'keyword') return null;
    if (token.text === 'and' || token.text === 'or' || token.text === 'is' || token.text === 'in') return token.text;
    if (token.text === 'not' && this.isKeyword('in', this.tokens[this.at + 1])) return 'not_in';
    return null;
  }

  private infix(left: Expr, op: BinaryOp | 'is' | 'in' | 'not_in'): Expr {
    const opToken = this.next();
    if (op === 'is') {
      const negated = this.isKeyword('not');
      if (negated) this.next();
      const end = this.expectKeyword('null', `after IS${negated ? ' NOT' : ''}`);
      return { type: 'is_null', arg: left, negated, span: [left.span[0], end.span[1]] };
    }
    if (op === 'in' || op === 'not_in') {
      if (op === 'not_in') this.next();
      this.expectOp('(', 'after IN');
      const list = [this.expression(0)];
      while (this.isOp(',')) {
        this.next();
        list.push(this.expression(0));
      }
      const end = this.expectOp(')', 'to close the IN list');
      return { type: 'in', arg: left, list, negated: op === 'not_in', span: [left.span[0], end.span[1]] };
    }
    if (opToken.kind === 'eof') throw new ExprSyntaxError('the expression ends too early', opToken.span);
    const right = this.expression(PRECEDENCE[op]);
    return { type: 'binary', op, left, right, span: [left.span[0], right.span[1]] };
  }

  private prefix(): Expr {
    const token = this.next();
    const span = token.span;
    switch (token.kind) {
      case 'number': {
        const value = Number(token.text);
        if (!Number.isFinite(value)) throw new ExprSyntaxError(`${token.text} is too large`, span);
        return { type: 'number', value, span };
      }
      case 'string':
        return { type: 'string', value: token.text, span };
      case 'ident':
        if (this.isOp('(')) return this.call(token);
        return { type: 'ref', name: token.text, span };
      case 'op':
        if (token.text === '(') {
          const inner = this.expression(0);
          const end = this.expectOp(')', 'to close the parenthesis');
          const wrapped = { ...inner, span: [span[0], end.span[1]] } as Expr;
          this.parenthesized.add(wrapped);
          return wrapped;
        }
        if (token.text === '-') {
          const arg = this.expression(PRECEDENCE.neg);
          return { type: 'unary', op: '-', arg, span: [span[0], arg.span[1]] };
        }
        if (token.text === '+') return this.expression(PRECEDENCE.neg);
        break;
      case 'keyword':
        switch (token.text) {
          case 'true':
          case 'false':
            return { type: 'boolean', value: token.text === 'true', span };
          case 'null':
            return { type: 'null', span };
          case 'not': {
            const arg = this.expression(PRECEDENCE.not);
            return { type: 'unary', op: 'not', arg, span: [span[0], arg.span[1]] };
          }
          case 'case':
            return this.caseWhen(span);
        }
        break;
      case 'eof':
        throw new ExprSyntaxError(this.at === 0 ? 'the expression is empty' : 'the expression ends too early', span);
    }
    throw new ExprSyntaxError(`unexpected ${this.describe(token)}`, span);
  }

  private call(name: Token): Expr {
    this.next();
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      args.push(this.expression(0));
      while (this.isOp(',')) {
        this.next();
        args.push(this.expression(0));
      }
    }
    const end = this.expectOp(')', `to close the call of ${name.text}`);
    return { type: 'call', name: name.text, args, nameSpan: name.span, span: [name.span[0], end.span[1]] };
  }

  private caseWhen(start: Span): Expr {
    const whens: { when: Expr; then: Expr }[] = [];
    if (!this.isKeyword('when'))
      throw new ExprSyntaxError('CASE needs at least one WHEN', this.peek().span, 'write CASE WHEN cond THEN value ELSE other END');
    while (this.isKeyword('when')) {
      this.next();
      const when = this.expression(0);
      this.expectKeyword('then', 'after the WHEN condition');
      whens.push({ when, then: this.expression(0) });
    }
    let otherwise: Expr | null = null;
    if (this.isKeyword('else')) {
      this.next();
      otherwise = this.expression(0);
    }
    const end = this.expectKeyword('end', 'to close CASE');
    return { type: 'case', whens, otherwise, span: [start[0], end.span[1]] };
  }
}

function isComparison(e: Expr): boolean {
  return (e.type === 'binary' && COMPARISONS.has(e.op)) || e.type === 'is_null' || e.type === 'in';
}
