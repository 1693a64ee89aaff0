/** The syntax tree of Lode's expression language (formulas, ratios, filters, encoding inputs). */

/** Offsets into the expression text: [start, end). */
export type Span = readonly [number, number];

export type BinaryOp = '+' | '-' | '*' | '/' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export type Expr =
  | { readonly type: 'number'; readonly value: number; readonly span: Span }
  | { readonly type: 'string'; readonly value: string; readonly span: Span }
  | { readonly type: 'boolean'; readonly value: boolean; readonly span: Span }
  | { readonly type: 'null'; readonly span: Span }
  | { readonly type: 'ref'; readonly name: string; readonly span: Span }
  | { readonly type: 'unary'; readonly op: '-' | 'not'; readonly arg: Expr; readonly span: Span }
  | { readonly type: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly type: 'is_null'; readonly arg: Expr; readonly negated: boolean; readonly span: Span }
  | { readonly type: 'in'; readonly arg: Expr; readonly list: readonly Expr[]; readonly negated: boolean; readonly span: Span }
  | { readonly type: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly nameSpan: Span; readonly span: Span }
  | {
      readonly type: 'case';
      readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
      readonly otherwise: Expr | null;
      readonly span: Span;
    };

/** Binding power of each operator: higher binds tighter. */
export const PRECEDENCE: Record<BinaryOp | 'not' | 'is' | 'in' | 'neg', number> = {
  or: 1,
  and: 2,
  not: 3,
  '=': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  is: 4,
  in: 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  neg: 7,
};

/** Every name the expression reads, with where it is written. */
export function refsOf(expr: Expr, out: { name: string; span: Span }[] = []): { name: string; span: Span }[] {
  visit(expr, (e) => {
    if (e.type === 'ref') out.push({ name: e.name, span: e.span });
  });
  return out;
}

export function visit(expr: Expr, fn: (e: Expr) => void): void {
  fn(expr);
  for (const child of children(expr)) visit(child, fn);
}

export function children(expr: Expr): readonly Expr[] {
  switch (expr.type) {
    case 'unary':
    case 'is_null':
      return [expr.arg];
    case 'binary':
      return [expr.left, expr.right];
    case 'in':
      return [expr.arg, ...expr.list];
    case 'call':
      return expr.args;
    case 'case':
      return [...expr.whens.flatMap((w) => [w.when, w.then]), ...(expr.otherwise ? [expr.otherwise] : [])];
    default:
      return [];
  }
}
