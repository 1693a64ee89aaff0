import { ident, literal, numberSql } from '../sql-text';
import { PRECEDENCE, type Expr } from './ast';
import { functionSpec } from './functions';
import { KEYWORDS } from './lexer';

function precedence(e: Expr): number {
  switch (e.type) {
    case 'binary':
      return PRECEDENCE[e.op];
    case 'unary':
      return e.op === 'not' ? PRECEDENCE.not : PRECEDENCE.neg;
    case 'is_null':
      return PRECEDENCE.is;
    case 'in':
      return PRECEDENCE.in;
    default:
      return 100;
  }
}

const atomic = (e: Expr) => precedence(e) === 100;

const bareName = (name: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name.toLowerCase());

/**
 * The canonical text of an expression: one space around operators, lower-case keywords, the fewest
 * parentheses that keep the meaning. Two spellings of one formula print the same, which is what
 * the logic version hashes.
 */
export function canonicalText(e: Expr): string {
  const sub = (child: Expr, parentPower: number, right = false) => {
    const p = precedence(child);
    const needs = p < parentPower || (right && p === parentPower);
    return needs ? `(${canonicalText(child)})` : canonicalText(child);
  };
  switch (e.type) {
    case 'number':
      return String(e.value);
    case 'string':
      return literal(e.value);
    case 'boolean':
      return String(e.value);
    case 'null':
      return 'null';
    case 'ref':
      return bareName(e.name) ? e.name : ident(e.name);
    case 'unary':
      return e.op === 'not' ? `not ${sub(e.arg, PRECEDENCE.not)}` : `-${sub(e.arg, PRECEDENCE.neg)}`;
    case 'binary': {
      const p = PRECEDENCE[e.op];
      // Comparisons do not chain, so a comparison on the left keeps its parentheses too.
      return `${sub(e.left, p, p === PRECEDENCE['='])} ${e.op} ${sub(e.right, p, true)}`;
    }
    case 'is_null':
      return `${sub(e.arg, PRECEDENCE.is, true)} is ${e.negated ? 'not ' : ''}null`;
    case 'in':
      return `${sub(e.arg, PRECEDENCE.in, true)} ${e.negated ? 'not ' : ''}in (${e.list.map(canonicalText).join(', ')})`;
    case 'call':
      return `${e.name.toLowerCase()}(${e.args.map(canonicalText).join(', ')})`;
    case 'case':
      return `case ${e.whens.map((w) => `when ${canonicalText(w.when)} then ${canonicalText(w.then)}`).join(' ')}${
        e.otherwise ? ` else ${canonicalText(e.otherwise)}` : ''
      } end`;
  }
}

/**
 * DuckDB SQL for an expression. Names become whatever `ref` says (a quoted column of the right
 * relation); compound operands are parenthesized so SQL's own precedence rules never matter.
 */
export function exprSql(e: Expr, ref: (name: string) => string): string {
  const sql = (child: Expr) => exprSql(child, ref);
  const operand = (child: Expr) => (atomic(child) ? sql(child) : `(${sql(child)})`);
  switch (e.type) {
    case 'number':
      return numberSql(e.value);
    case 'string':
      return literal(e.value);
    case 'boolean':
      return e.value ? 'true' : 'false';
    case 'null':
      return 'NULL';
    case 'ref':
      return ref(e.name);
    case 'unary':
      return e.op === 'not' ? `NOT ${operand(e.arg)}` : `-${operand(e.arg)}`;
    case 'binary': {
      const op = e.op === 'and' || e.op === 'or' ? e.op.toUpperCase() : e.op;
      return `${operand(e.left)} ${op} ${operand(e.right)}`;
    }
    case 'is_null':
      return `${operand(e.arg)} IS ${e.negated ? 'NOT ' : ''}NULL`;
    case 'in':
      return `${operand(e.arg)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map(sql).join(', ')})`;
    case 'call': {
      const spec = functionSpec(e.name);
      if (!spec) throw new Error(`unknown function ${e.name}`);
      return spec.sql(e.args.map(spec.operatorTemplate ? operand : sql));
    }
    case 'case':
      return `CASE ${e.whens.map((w) => `WHEN ${sql(w.when)} THEN ${sql(w.then)}`).join(' ')}${
        e.otherwise ? ` ELSE ${sql(e.otherwise)}` : ''
      } END`;
  }
}
