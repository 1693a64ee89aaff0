import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { Position, Range } from './diagnostics';
import type { Span } from './expr/ast';

export type Path = readonly (string | number)[];

/** `features.3.column`: how a path reads in messages and in Diagnostic.path. */
export function pathText(path: Path): string {
  return path.join('.');
}

/**
 * Where things are in the YAML text: the range of the value (or key) at a path, and of a piece of
 * an expression inside a string value. Everything the validator reports goes through here, so every
 * finding has a line and column.
 */
export class SourceMap {
  constructor(
    private readonly text: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  position(offset: number): Position {
    const { line, col } = this.lines.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { line, column: col };
  }

  rangeOfOffsets(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The node at a path and the key/value pair holding it; missing steps stop at the deepest existing node. */
  private walk(path: Path): { node: Node | null; pair: Pair | null; complete: boolean } {
    let node: unknown = this.doc.contents;
    let pair: Pair | null = null;
    for (const step of path) {
      if (isMap(node)) {
        const found = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
        if (!found) return { node: node, pair, complete: false };
        pair = found;
        if (found.value === null) return { node: isScalar(found.key) ? found.key : node, pair, complete: true };
        node = found.value;
      } else if (isSeq(node) && typeof step === 'number' && node.items[step] !== undefined) {
        pair = null;
        node = node.items[step];
        if (isPair(node)) node = node.value;
      } else {
        return { node: (node as Node | null) ?? null, pair, complete: false };
      }
    }
    return { node: (node as Node | null) ?? null, pair, complete: true };
  }

  /** The range of the value at `path` (or of its deepest existing ancestor). */
  range(path: Path): Range {
    const { node } = this.walk(path);
    const r = node?.range;
    return r ? this.rangeOfOffsets(r[0], r[1]) : this.rangeOfOffsets(0, 0);
  }

  /** The range of the key `key` in the mapping at `path`: where an unknown key is written. */
  keyRange(path: Path, key: string): Range {
    const { node } = this.walk(path);
    if (isMap(node)) {
      const found = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      const r = found && isScalar(found.key) ? found.key.range : undefined;
      if (r) return this.rangeOfOffsets(r[0], r[1]);
    }
    return this.range(path);
  }

  /** Whether the template sets a value at `path`. */
  has(path: Path): boolean {
    return this.walk(path).complete;
  }

  /** The range of characters [start, end) of the string value at `path`, e.g. a name in a formula. */
  exprRange(path: Path, span: Span): Range {
    const { node, complete } = this.walk(path);
    if (!complete || !isScalar(node) || typeof node.value !== 'string' || !node.range) return this.range(path);
    const map = alignValue(this.text, node.range[0], node.range[1], node.value, node.type);
    const start = map(span[0]);
    const end = span[1] > span[0] ? map(span[1] - 1) + 1 : start;
    return this.rangeOfOffsets(start, end);
  }
}

/**
 * Maps offsets in a scalar's value to offsets in the source. Plain, quoted and block scalars differ
 * from their values by quotes, escapes, indentation and folded line breaks; walking both texts side
 * by side and skipping what the value does not contain lines them up.
 */
function alignValue(text: string, from: number, to: number, value: string, type: string | undefined): (i: number) => number {
  let p = from;
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') p += 1;
  if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    const newline = text.indexOf('\n', from);
    p = newline === -1 ? to : newline + 1;
  }
  const offsets: number[] = [];
  for (const ch of value) {
    let q = p;
    while (q < to && !text.startsWith(ch, q) && !(/\s/.test(ch) && /\s/.test(text[q] ?? ''))) q++;
    if (q >= to) break;
    // UTF-16: a character outside the BMP takes two offsets in both texts.
    for (let unit = 0; unit < ch.length; unit++) offsets.push(q + unit);
    p = q + ch.length;
  }
  return (i) => offsets[Math.min(i, offsets.length - 1)] ?? from;
}
