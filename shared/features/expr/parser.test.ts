import { describe, expect, it } from 'vitest';
import { ExprSyntaxError } from './lexer';
import { parseExpr } from './parser';
import { canonicalText, exprSql } from './print';

const canon = (text: string) => canonicalText(parseExpr(text));
const sql = (text: string) => exprSql(parseExpr(text), (name) => `f."${name}"`);

function syntaxError(text: string): { message: string; span: readonly [number, number] } {
  try {
    parseExpr(text);
  } catch (err) {
    if (err instanceof ExprSyntaxError) return { message: err.message, span: err.span };
    throw err;
  }
  throw new Error(`parsed: ${text}`);
}

describe('the expression language', () => {
  it('binds operators by precedence and prints the fewest parentheses', () => {
    expect(canon('a+b*c')).toBe('a + b * c');
    expect(canon('(a+b)*c')).toBe('(a + b) * c');
    expect(canon('a - (b - c)')).toBe('a - (b - c)');
    expect(canon('(a - b) - c')).toBe('a - b - c');
    expect(canon('not a = 1 and b or c')).toBe('not a = 1 and b or c');
    expect(canon('NOT (a OR b)')).toBe('not (a or b)');
    expect(canon('-x * 2')).toBe('-x * 2');
    expect(canon('x <> 1')).toBe('x != 1');
    expect(canon('x == 1')).toBe('x = 1');
  });

  it('reads strings, numbers, null tests, IN lists, calls and CASE', () => {
    expect(canon("event = 'it''s'")).toBe("event = 'it''s'");
    expect(canon('x >= .5e1')).toBe('x >= 5');
    expect(canon('x IS NOT NULL and y is null')).toBe('x is not null and y is null');
    expect(canon("kind NOT IN ('a', 'b')")).toBe("kind not in ('a', 'b')");
    expect(canon('SAFE_DIV(a, b, 0)')).toBe('safe_div(a, b, 0)');
    expect(canon('case when a > 1 then 1 when a > 0 then 0.5 else 0 end')).toBe('case when a > 1 then 1 when a > 0 then 0.5 else 0 end');
    expect(canon('"first name" = \'x\'')).toBe('"first name" = \'x\'');
  });

  it('compiles to SQL with every operand parenthesized and decimals as DOUBLE', () => {
    expect(sql('a + b * c')).toBe('f."a" + (f."b" * f."c")');
    expect(sql('safe_div(a + 1, b)')).toBe('CASE WHEN coalesce(f."b", 0) = 0 THEN NULL ELSE (f."a" + 1) / f."b" END');
    expect(sql('x > 0.5 and not y')).toBe('(f."x" > 0.5::DOUBLE) AND (NOT f."y")');
    expect(sql("log1p(x) + coalesce(y, 'n')")).toBe(`CASE WHEN f."x" > -1 THEN ln(1 + f."x") END + coalesce(f."y", 'n')`);
    expect(sql("name = 'O''Brien'")).toBe(`f."name" = 'O''Brien'`);
  });

  it('reports syntax errors at the offending characters', () => {
    expect(syntaxError('a +')).toEqual({ message: 'the expression ends too early', span: [3, 3] });
    expect(syntaxError('a < b < c').message).toBe('comparisons cannot be chained');
    expect(syntaxError("x = 'open")).toMatchObject({ message: 'this text has no closing quote', span: [4, 9] });
    expect(syntaxError('a && b')).toMatchObject({ message: "unexpected character '&'", span: [2, 3] });
    expect(syntaxError('f(a, b')).toMatchObject({ span: [6, 6] });
    expect(syntaxError('a b').message).toBe("unexpected 'b'");
    expect(syntaxError('case x end').message).toBe('CASE needs at least one WHEN');
    expect(syntaxError('').message).toBe('the expression is empty');
  });

  it('compares a parenthesized comparison without calling it a chain', () => {
    expect(canon('(a < b) = (c < d)')).toBe('(a < b) = (c < d)');
  });
});
