/**
 * A strict reader for the block YAML kpt, kustomize and people write (block maps and lists, one-line scalars,
 * block scalars, one-line flow collections, comments, single blank lines). It accepts only what `yaml` writes back
 * unchanged, or changed only by moving wide lists left (marked), reads values as `yaml`'s core schema does and
 * attaches comments where `yaml` does. Anything else (anchors, tags, multi-line plain or quoted scalars, odd
 * indentation, CRLF, duplicate keys...) throws `Unsupported`: the whole input then takes the `yaml` path.
 */
import { parseFlow } from './fast-flow.ts';
import { foldLines, readDoubleQuoted, readSingleQuoted } from './fast-quoted.ts';
import { isSimplePlain, resolvePlain, spaces, stringText, unsupported, type StringStyle } from './fast-scalar.ts';
import type { SourceMap, SourceNode, SourcePair, SourceSeq } from './fast-tree.ts';
import type { JsonValue } from './object.ts';

/** Blank and comment lines between two entries, and where the next content line starts. */
interface Gap {
  readonly start: number;
  readonly lines: ReadonlyArray<{ readonly col: number; readonly text: string; readonly end: number } | null>;
  /** Offset of the next content line (the text length at the end). */
  readonly next: number;
  readonly nextIndent: number;
  readonly nextDash: boolean;
  readonly eof: boolean;
  /** Its comments became the closing comment of a collection. */
  claimed: boolean;
}

const NO_DECORATIONS = { sb: false, cb: undefined } as const;
const NO_LINES: Gap['lines'] = Object.freeze([]);

/** Characters that may not start a plain scalar or a plain key in the subset we read. */
const BAD_PLAIN_START = /^[-?:,[\]{}#&*!|>'"%@`]/;

export class Reader {
  /** Offset of the start of the line to read next. */
  pos = 0;
  /** Offset just after the content of the last line read (the position of its `\n`). */
  lastEnd = 0;
  /** Whether to build source nodes (for items that changed) or only values. */
  tree = false;
  /** The node of the value read last, when building nodes. */
  node: SourceNode | undefined;
  private gapCache: Gap | undefined;
  /** How many wide sequences (`- ` indented under the key) enclose what is being read. */
  private wide = 0;
  /** A wide sequence was read since this was last reset (the item must then be written from its parts). */
  shifted = false;
  /** Reads the value of the root map's `items` key (its colon at `colon`) instead of the generic reader. */
  rootItems: ((colon: number) => JsonValue) | undefined;

  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  // --- lines ---------------------------------------------------------------------------------------------

  private eol(p: number): number {
    const end = this.text.indexOf('\n', p);
    return end === -1 ? unsupported('no line break at the end of the input') : end;
  }

  /** Offset of the ` #` that starts a comment in the line from `p` to `end`, or `end`. */
  private commentStart(p: number, end: number): number {
    const { text } = this;
    for (let i = p; i < end - 1; i++) if (text.charCodeAt(i) === 32 && text.charCodeAt(i + 1) === 35) return i;
    return end;
  }

  private indentOf(p: number): number {
    let i = p;
    while (this.text.charCodeAt(i) === 32) i++;
    return i - p;
  }

  /** Reads the blank and comment lines from `start` (a line start) up to the next content line. */
  gapAt(start: number): Gap {
    if (this.gapCache?.start === start) return this.gapCache;
    const { text } = this;
    let lines: Array<{ col: number; text: string; end: number } | null> | undefined;
    let p = start;
    while (p < text.length) {
      const col = this.indentOf(p);
      const c = text[p + col];
      if (c === '\n') {
        if (col > 0) unsupported('a line of only spaces');
        (lines ??= []).push(null);
        p += 1;
        continue;
      }
      if (c !== '#') break;
      const end = this.eol(p);
      const comment = text.slice(p + col + 1, end);
      if (comment === '' || comment.endsWith(' ') || comment.endsWith('\t')) unsupported('an empty comment or trailing whitespace');
      (lines ??= []).push({ col, text: comment, end });
      p = end + 1;
    }
    const eof = p >= text.length;
    const nextIndent = eof ? 0 : this.indentOf(p);
    const c = text[p + nextIndent];
    const nextDash = !eof && c === '-' && (text[p + nextIndent + 1] === ' ' || text[p + nextIndent + 1] === '\n');
    const gap: Gap = { start, lines: lines ?? NO_LINES, next: p, nextIndent, nextDash, eof, claimed: false };
    this.gapCache = gap;
    return gap;
  }

  /** A gap before an entry at column `col`: an optional blank line, then comments at that column. */
  decorations(gap: Gap, col: number): { sb: boolean; cb: string | undefined } {
    if (gap.claimed || gap.lines.length === 0) return NO_DECORATIONS;
    const sb = gap.lines[0] === null;
    const comments: string[] = [];
    for (let i = sb ? 1 : 0; i < gap.lines.length; i++) {
      const line = gap.lines[i];
      if (!line || line.col !== col) unsupported('blank lines or comments where `yaml` would move them');
      comments.push(line.text);
    }
    return { sb, cb: comments.length ? comments.join('\n') : undefined };
  }

  /**
   * When a collection at `col` ends: comment lines at its column become its closing comment, as in `yaml`
   * (a compact sequence at the root column leaves them to the next key). Returns the comment, if claimed.
   */
  private claimTrail(gap: Gap, col: number, isSeq: boolean): string | undefined {
    if (gap.claimed || !gap.lines.some((l) => l !== null && l.col === col)) return undefined;
    const below = gap.eof ? col > 0 : col > gap.nextIndent || (isSeq && col === gap.nextIndent && col > 0);
    if (!below) return undefined;
    if (gap.lines.some((l) => l === null || l.col !== col)) unsupported('closing comments mixed with blank lines or other columns');
    gap.claimed = true;
    this.lastEnd = gap.lines[gap.lines.length - 1]!.end;
    return gap.lines.map((l) => l!.text).join('\n');
  }

  // --- scalars -------------------------------------------------------------------------------------------

  /** After a scalar on a line: nothing, or ` #comment`. Returns the comment and moves to the next line. */
  private lineRest(p: number): string | undefined {
    const { text } = this;
    const end = this.eol(p);
    this.lastEnd = end;
    this.pos = end + 1;
    if (p === end) return undefined;
    if (text[p] !== ' ' || text[p + 1] !== '#') unsupported('text after a scalar');
    const comment = text.slice(p + 2, end);
    if (comment === '' || comment.endsWith(' ') || comment.endsWith('\t')) unsupported('an empty comment or trailing whitespace');
    return comment;
  }

  /** A quoted scalar at `p` on one line; returns its value and sets `quoteEnd`. */
  private quoted(p: number): string {
    const read = this.text[p] === '"' ? readDoubleQuoted(this.text, p) : readSingleQuoted(this.text, p);
    this.quoteEnd = read.end;
    return read.value;
  }

  private quoteEnd = 0;

  /** A flow scalar or collection that starts at `p` (not a block scalar); `indent` is its context indentation. */
  private inlineValue(p: number, indent: number): JsonValue {
    const { text } = this;
    const c = text[p];
    const ctx = { indent: spaces(indent), implicitKey: false };
    if (c === '"' || c === "'") {
      const style: StringStyle = c === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
      const value = this.quoted(p);
      const end = this.quoteEnd;
      if (stringText(value, style, ctx) !== text.slice(p, end)) unsupported('a quoted scalar `yaml` would write differently');
      const comment = this.lineRest(end);
      if (this.tree) this.node = { k: 'scalar', start: p, end, style, value, empty: false, verbatim: true, sb: false, cb: undefined, comment };
      return value;
    }
    if (c === '\n' || c === ' ') unsupported('trailing whitespace or extra spaces');
    if (c === '[' || c === '{') {
      const stop = this.commentStart(p, this.eol(p));
      const source = text.slice(p, stop);
      const value = parseFlow(source);
      const comment = this.lineRest(stop);
      if (this.tree) this.node = { k: 'flow', start: p, end: stop, empty: source === '[]' || source === '{}', verbatim: true, sb: false, cb: undefined, comment };
      return value;
    }
    if (BAD_PLAIN_START.test(c!) && !/^[-?:][^ \n]/.test(text.slice(p, p + 2))) unsupported('a scalar starting with an indicator');
    const stop = this.commentStart(p, this.eol(p));
    const source = text.slice(p, stop);
    if (source.includes(': ') || source.includes('\t') || source.endsWith(' ')) unsupported('a plain scalar the fast path does not read');
    const plain = resolvePlain(source);
    const reprint = typeof plain.value !== 'string' ? plain.reprint : isSimplePlain(source) ? source : stringText(plain.value, 'PLAIN', ctx);
    if (reprint !== source) unsupported('a plain scalar `yaml` would write differently');
    const comment = this.lineRest(stop);
    if (this.tree) this.node = { k: 'scalar', start: p, end: stop, style: 'PLAIN', value: plain.value, empty: false, verbatim: true, sb: false, cb: undefined, comment };
    return plain.value;
  }

  /** A block scalar whose header starts at `p`; its content is indented at `indent`. */
  private blockScalar(p: number, indent: number): string {
    const { text } = this;
    const headerEnd = this.eol(p);
    const stop = this.commentStart(p, headerEnd);
    // (Inside a wide sequence the text is checked where it stands; the printer writes it where it moves.)
    const header = text.slice(p, stop);
    const match = /^([|>])(2?)(-?)$/.exec(header) ?? /^([|>])(-?)(2?)$/.exec(header);
    if (!match) unsupported('a block scalar header the fast path does not read');
    const literal = header[0] === '|';
    const strip = header.includes('-');
    const comment = stop === headerEnd ? undefined : text.slice(stop + 2, headerEnd);
    const lines: string[] = [];
    let q = headerEnd + 1;
    let lastContentEnd = headerEnd;
    let blankRun = 0;
    while (q < text.length) {
      const col = this.indentOf(q);
      const c = text[q + col];
      if (c === '\n') {
        if (col > 0) unsupported('a line of only spaces in a block scalar');
        blankRun++;
        q += 1;
        continue;
      }
      if (col < indent) break;
      const end = this.eol(q);
      for (; blankRun > 0; blankRun--) lines.push('');
      lines.push(text.slice(q + indent, end));
      lastContentEnd = end;
      q = end + 1;
    }
    if (lines.length === 0) unsupported('an empty block scalar');
    if (!literal && lines.some((l) => l[0] === ' ' || l[0] === '\t')) unsupported('a folded scalar with more-indented lines');
    let value = literal ? lines.join('\n') : foldLines(lines);
    if (!strip) value += '\n';
    const style: StringStyle = literal ? 'BLOCK_LITERAL' : 'BLOCK_FOLDED';
    const source = text.slice(p, lastContentEnd);
    if (stringText(value, style, { indent: spaces(indent), implicitKey: false }, comment) !== source) {
      unsupported('a block scalar `yaml` would write differently');
    }
    // Blank lines after the scalar belong to what follows, as in `yaml`.
    this.pos = lastContentEnd + 1;
    this.lastEnd = lastContentEnd;
    if (this.tree) this.node = { k: 'scalar', start: p, end: lastContentEnd, style, value, empty: false, verbatim: this.wide === 0, sb: false, cb: undefined, comment };
    return value;
  }

  // --- keys ----------------------------------------------------------------------------------------------

  private keyEnd = 0;

  /** The key of a map entry at `p`, or undefined when the line is not `key: ...`; sets `keyEnd` (the `:`). */
  private key(p: number, col: number): string | undefined {
    const { text } = this;
    const c = text[p];
    let key: string;
    let end: number;
    if (c === '"' || c === "'") {
      key = this.quoted(p);
      end = this.quoteEnd;
      if (text[end] !== ':') return undefined;
      const style: StringStyle = c === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
      if (stringText(key, style, { indent: spaces(col + 2), implicitKey: true }) !== text.slice(p, end)) unsupported('a quoted key `yaml` would write differently');
    } else {
      // The first `: ` or `:` at the line end, unless a ` #` comes before it.
      let i = p;
      for (;;) {
        const c = text.charCodeAt(i);
        if (c === 10 || Number.isNaN(c)) return undefined;
        if (c === 58 /* : */) {
          const n = text.charCodeAt(i + 1);
          if (n === 32 || n === 10) break;
        } else if (c === 32 && text.charCodeAt(i + 1) === 35 /* # */) return undefined;
        i++;
      }
      key = text.slice(p, i);
      end = i;
      if (key === '' || BAD_PLAIN_START.test(key) || key.includes('\t') || key.endsWith(' ')) unsupported('a key the fast path does not read');
      if (!isSimplePlain(key)) {
        if (typeof resolvePlain(key).value !== 'string') unsupported('a key that is not a string');
        if (stringText(key, 'PLAIN', { indent: spaces(col + 2), implicitKey: true }) !== key) unsupported('a key `yaml` would write differently');
      }
    }
    if (end - p > 1024 || key === '__proto__' || key === '<<') unsupported('a key the fast path does not read');
    this.keyEnd = end;
    return key;
  }

  // --- collections ---------------------------------------------------------------------------------------

  /**
   * A block map whose first key is at `first` and whose other keys are at column `col`. Reads up to the end
   * of the map, leaving `pos` at the gap after it.
   */
  map(first: number, col: number, firstSb = false, firstCb: string | undefined = undefined): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    const pairs: SourcePair[] = [];
    let keyStart = first;
    let keySb = firstSb;
    let keyCb = firstCb;
    for (;;) {
      const key = this.key(keyStart, col);
      if (key === undefined) unsupported('a line that is not `key: value`');
      if (Object.prototype.hasOwnProperty.call(out, key)) unsupported('a duplicate key');
      const keyEnd = this.keyEnd;
      out[key] = col === 0 && key === 'items' && this.rootItems ? this.rootItems(keyEnd) : this.mapValue(keyEnd + 1, col);
      if (this.tree) pairs.push({ key, keyStart, keyEnd, keySb, keyCb, value: this.node!, end: this.lastEnd });
      const gap = this.gapAt(this.pos);
      if (gap.eof || gap.nextIndent !== col || gap.nextDash) {
        if (!gap.eof && gap.nextIndent > col) unsupported('indentation the fast path does not read');
        const trail = this.claimTrail(gap, col, false);
        if (this.tree) {
          const verbatim = this.wide === 0 && pairs.every((pair) => pair.value.verbatim);
          this.node = { k: 'map', start: first, end: this.lastEnd, pairs, verbatim, sb: false, cb: undefined, comment: trail } satisfies SourceMap;
        }
        return out;
      }
      ({ sb: keySb, cb: keyCb } = this.decorations(gap, col));
      this.pos = gap.next;
      keyStart = gap.next + col;
    }
  }

  /** The value after `key:` (at `p`, just after the colon) of a map at column `col`. */
  private mapValue(p: number, col: number): JsonValue {
    const { text } = this;
    if (text[p] === '\n') {
      const gap = this.gapAt(p + 1);
      if (!gap.eof && gap.nextIndent === col + 2 && !gap.nextDash) return this.nested(gap, col + 2, false);
      if (!gap.eof && gap.nextIndent === col && gap.nextDash) return this.nested(gap, col, true);
      if (!gap.eof && gap.nextIndent === col + 2 && gap.nextDash) return this.nested(gap, col + 2, true, true);
      if (!gap.eof && gap.nextIndent > col) unsupported('indentation the fast path does not read');
      this.checkAfterEmpty(gap, col);
      return this.empty(p, undefined);
    }
    if (text[p] !== ' ') unsupported('a key without a space after the colon');
    const c = text[p + 1];
    if (c === '#') {
      const comment = this.lineRest(p);
      const gap = this.gapAt(this.pos);
      if (!gap.eof && gap.nextIndent > col) unsupported('a comment after a key with a nested value');
      this.checkAfterEmpty(gap, col);
      return this.empty(p, comment);
    }
    if (c === '|' || c === '>') return this.blockScalar(p + 1, col + 2);
    return this.inlineValue(p + 1, col + 2);
  }

  /**
   * What may follow an empty value: `yaml` gives it the comments after it, and the blank lines too when the map
   * ends there; the fast path leaves such layouts to `yaml`.
   */
  private checkAfterEmpty(gap: Gap, col: number): void {
    if (gap.lines.some((l) => l !== null)) unsupported('comments after an empty value');
    if (gap.lines.length > 0 && (gap.eof || gap.nextIndent < col)) unsupported('blank lines after an empty value at the end of a map');
  }

  /** `key:` with nothing after it: a null that `yaml` writes as nothing. */
  private empty(p: number, comment: string | undefined): null {
    if (comment === undefined) {
      this.pos = p + 1;
      this.lastEnd = p;
    }
    if (this.tree) this.node = { k: 'scalar', start: p, end: p, style: 'PLAIN', value: null, empty: true, verbatim: true, sb: false, cb: undefined, comment };
    return null;
  }

  /** A block collection on the lines after `key:`, with the blank line and comments above it. */
  private nested(gap: Gap, col: number, seq: boolean, wide = false): JsonValue {
    if (col > 400) unsupported('nesting deeper than the fast path reads');
    const { sb, cb } = this.decorations(gap, col);
    this.pos = gap.next;
    if (wide) {
      this.wide++;
      this.shifted = true;
    }
    const value = seq ? this.seq(col, wide) : this.map(gap.next + col, col);
    if (wide) this.wide--;
    if (this.tree) {
      this.node!.sb = sb;
      this.node!.cb = cb;
    }
    return value;
  }

  /** A block sequence whose `- ` items are at column `col` (under its key: `wide`), starting at `pos`. */
  seq(col: number, wide = false): JsonValue[] {
    const out: JsonValue[] = [];
    const items: SourceNode[] = [];
    const start = this.pos + col;
    let deco: { sb: boolean; cb: string | undefined } = NO_DECORATIONS;
    for (;;) {
      out.push(this.seqItem(this.pos + col, col));
      if (this.tree) {
        this.node!.sb = deco.sb;
        this.node!.cb = deco.cb;
        items.push(this.node!);
      }
      const gap = this.gapAt(this.pos);
      if (gap.eof || gap.nextIndent !== col || !gap.nextDash) {
        if (!gap.eof && gap.nextIndent > col) unsupported('indentation the fast path does not read');
        const trail = this.claimTrail(gap, col, true);
        if (this.tree) {
          const verbatim = !wide && this.wide === 0 && items.every((item) => item.verbatim);
          this.node = { k: 'seq', start, end: this.lastEnd, items, verbatim, sb: false, cb: undefined, comment: trail } satisfies SourceSeq;
        }
        return out;
      }
      deco = this.decorations(gap, col);
      this.pos = gap.next;
    }
  }

  /** One `- item` at `p` (the dash) of a sequence at column `col`. */
  private seqItem(p: number, col: number): JsonValue {
    const { text } = this;
    if (text[p + 1] !== ' ') unsupported('an empty sequence item');
    const q = p + 2;
    const c = text[q];
    if (c === '#') unsupported('a comment after a dash');
    if (c === '-' && (text[q + 1] === ' ' || text[q + 1] === '\n')) unsupported('a sequence in a sequence');
    if (c === '|' || c === '>') return this.blockScalar(q, col + 2);
    if (this.key(q, col + 2) !== undefined) return this.map(q, col + 2);
    return this.inlineValue(q, col + 2);
  }
}

export type { Gap };
