/**
 * The hand-written YAML reader for what manifests are made of: block maps and sequences (indented under their key
 * or not), one-line plain and quoted scalars, block scalars, comments, flow collections over any number of lines
 * (JSON is one), anchors, aliases, merge keys and tags. It builds the source tree (tree.ts) with Go's values.
 * Anything else (multi-line plain or quoted scalars, explicit `?` keys, directives, tabs as indentation, keep
 * chomping…) throws `Unsupported`, and read-yaml.ts reads the input instead; so does anything malformed, since
 * that reader words the error.
 */
import { foldLines, readDoubleQuoted, readSingleQuoted } from './quoted.ts';
import { FlowReader } from './read-flow.ts';
import { MAX_DEPTH, unsupported } from './unsupported.ts';
import { goKey, resolveGoPlain, resolveGoTagged } from './go-scalar.ts';
import type { JsonObject, JsonValue } from './object.ts';
import { mergeValues, setKey, spend } from './value-map.ts';
import { ALIAS_BUDGET } from './read-yaml.ts';
import type { AliasNode, DocNode, MapNode, Node, PairNode, ScalarNode, SeqNode, Stream } from './tree.ts';


interface Props {
  anchor?: string;
  tag?: string;
  /** Offset of the first property. */
  start: number;
}

export class Reader {
  readonly text: string;
  private readonly anchors = new Map<string, Node>();
  readonly usedAnchors = new Set<string>();
  /** Shared by the stream's documents, as in read-yaml.ts (which then words the error). */
  private readonly budget = { left: ALIAS_BUDGET };
  depth = 0;
  /** Collections nested deeper than this are read for their values only (`lazy`): read.ts reads them again when written. */
  readonly treeDepth: number;
  /** Build the values (off when a subtree is read again: its values are known, and rebind puts them in). */
  values = true;
  /** Whether the collection whose entry is being read keeps it: a scalar read now must then be a node of its own. */
  keep = true;

  constructor(text: string, treeDepth = Infinity) {
    this.text = text;
    this.treeDepth = treeDepth;
  }

  /** Whether the collection being read now keeps its entries' nodes. */
  get tree(): boolean {
    return this.depth <= this.treeDepth;
  }

  /**
   * A scalar node. Where its collection keeps no nodes (`tree` off), one scratch object serves every scalar: the
   * caller takes its value and end at once, and nothing else holds on to it.
   */
  scalar(start: number, end: number, value: JsonValue, style: ScalarNode['style'], empty: boolean, tree: boolean): ScalarNode {
    if (tree) return { k: 'scalar', start, end, value, style, empty };
    const s = this.scratch as { -readonly [K in keyof ScalarNode]: ScalarNode[K] };
    s.start = start;
    s.end = end;
    s.value = value;
    s.style = style;
    s.empty = empty;
    return s;
  }

  private readonly scratch: ScalarNode = { k: 'scalar', start: 0, end: 0, value: null, style: 'plain', empty: false };

  // --- lines ------------------------------------------------------------------------------------------------

  eol(p: number): number {
    const end = this.text.indexOf('\n', p);
    return end === -1 ? this.text.length : end;
  }

  private indentAt(lineStart: number): number {
    let i = lineStart;
    while (this.text.charCodeAt(i) === 32) i++;
    if (this.text.charCodeAt(i) === 9) unsupported('a tab in indentation');
    return i - lineStart;
  }

  /** From a line start, past blank and comment lines: the start of the next content line (or the end). */
  nextContent(lineStart: number): number {
    const { text } = this;
    let p = lineStart;
    while (p < text.length) {
      let i = p;
      while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
      const c = text.charCodeAt(i);
      if (c === 10) p = i + 1;
      else if (c === 35 /* # */) p = this.eol(i) + 1;
      else if (Number.isNaN(c)) return text.length;
      else return p;
    }
    return text.length;
  }

  /** Whether the line at `lineStart` ends the document (`---`, `...`). */
  isDocumentMarker(lineStart: number): boolean {
    const { text } = this;
    if (!(text.startsWith('---', lineStart) || text.startsWith('...', lineStart))) return false;
    const c = text.charCodeAt(lineStart + 3);
    return Number.isNaN(c) || c === 10 || c === 32 || c === 9 || c === 13;
  }

  /** After a value on a line: spaces, then the line end or a comment. Returns the next line's start. */
  private lineEnd(p: number): number {
    const { text } = this;
    let i = p;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (Number.isNaN(c)) return i;
    if (c === 35 && i > p) return this.eol(i) + 1;
    return unsupported('text after a value');
  }

  // --- document ---------------------------------------------------------------------------------------------

  document(start: number): { root: Node | undefined; next: number } {
    const p = this.nextContent(start);
    if (p >= this.text.length || this.isDocumentMarker(p)) return { root: undefined, next: p };
    const indent = this.indentAt(p);
    this.keep = true;
    const root = this.blockNode(p + indent, -1, p + indent - p);
    const after = this.nextContent(this.afterNode);
    if (after < this.text.length && !this.isDocumentMarker(after)) unsupported('text after the document root');
    return { root, next: after };
  }

  /** Where the line after the last node read starts. */
  private afterNode = 0;

  // --- block nodes --------------------------------------------------------------------------------------------

  /** A node read on its own (readSubtree): a flow collection ends at its bracket, whatever follows it. */
  subtree(p: number, parent: number, col: number, flow: boolean): Node {
    return flow ? new FlowReader(this, parent).node(p) : this.blockNode(p, parent, col);
  }

  /**
   * A node whose text starts at `p` (not on a `key:` line: at a line's content, or after `- `), in a block
   * context of indentation `parent` (the column the node must be right of); `col` is the column of `p`.
   */
  private blockNode(p: number, parent: number, col: number): Node {
    if (++this.depth > MAX_DEPTH) unsupported('nesting deeper than the reader reads');
    try {
      const { text } = this;
      const c = text[p];
      if (this.isIndicator(p, '-')) return this.blockSeq(p, col);
      if (this.isIndicator(p, '?')) unsupported('an explicit key');
      if (c === '%') unsupported('a directive');
      const props = this.props(p);
      if (props) {
        const q = props.end;
        if (text[q] === '\n' || text[q] === '#' || q >= text.length) {
          // Properties alone on the line: the collection follows below, or nothing (an empty node).
          const lineNext = this.lineEnd(props.end);
          const next = this.nextContent(lineNext);
          const indent = next < text.length ? this.indentAt(next) : -1;
          if (indent <= parent) {
            this.afterNode = lineNext;
            return this.finish(this.emptyScalar(q), props.props);
          }
          if (this.props(next + indent)) unsupported('two sets of properties on one node');
          return this.finish(this.blockNode(next + indent, parent, indent), props.props);
        }
        // `&a key: value` anchors the key, not the map: left to read-yaml.ts.
        if (this.key(q) !== undefined) unsupported('properties on a key');
        return this.finish(this.inline(q, parent), props.props);
      }
      return this.inlineOrMap(p, parent, col);
    } finally {
      this.depth--;
    }
  }

  /** `-`, `?` or `:` at `p` as an indicator (followed by a space, a line end or the end); a tab after it is refused. */
  isIndicator(p: number, c: '-' | '?' | ':'): boolean {
    const { text } = this;
    if (text[p] !== c) return false;
    const n = text[p + 1];
    if (n === '\t') unsupported('a tab after an indicator');
    return n === ' ' || n === '\n' || n === undefined;
  }

  /** At `p` on a line: a block map if `key:` starts here, else a one-line value. */
  private inlineOrMap(p: number, parent: number, col: number): Node {
    const key = this.key(p);
    if (key) return this.blockMap(p, col);
    return this.inline(p, parent);
  }

  /** `&anchor` and `!tag` at `p`, each followed by a space or the line end. */
  private props(p: number): { props: Props; end: number } | undefined {
    const { text } = this;
    let q = p;
    const props: Props = { start: p };
    for (;;) {
      const c = text[q];
      if (c !== '&' && c !== '!') break;
      let e = q + 1;
      while (e < text.length && !' \n\t,[]{}'.includes(text[e]!)) e++;
      const word = text.slice(q + 1, e);
      if (c === '&') {
        if (props.anchor !== undefined || word === '') unsupported('an odd anchor');
        props.anchor = word;
      } else {
        if (props.tag !== undefined || word.includes('<')) unsupported('an odd tag');
        props.tag = `!${word}`;
      }
      q = e;
      while (text[q] === ' ') q++;
    }
    return q === p ? undefined : { props, end: q };
  }

  /** Applies properties to a node read after them: the tag changes a scalar's value, the anchor is recorded. */
  private finish(node: Node, props: Props): Node {
    let out: Node = node;
    if (props.tag !== undefined && node.k === 'scalar') {
      const plain = node.style === 'plain';
      const raw = plain ? this.text.slice(node.start, node.end) : (node.value as string | null) ?? '';
      out = { ...node, value: resolveGoTagged(props.tag, typeof raw === 'string' ? raw : '', plain) };
    } else if (props.tag !== undefined && node.k === 'alias') unsupported('a tag on an alias');
    out = { ...out, start: props.start, ...(props.anchor !== undefined ? { anchor: props.anchor } : {}) };
    if (props.anchor !== undefined) this.anchors.set(props.anchor, out);
    return out;
  }

  private emptyScalar(p: number): ScalarNode {
    return this.scalar(p, p, null, 'plain', true, this.keep);
  }

  // --- keys -------------------------------------------------------------------------------------------------

  private keyEnd = 0;

  /** A `key:` at `p` (plain or quoted, on one line): the key as Go reads it; sets `keyEnd` after the colon. */
  private key(p: number): string | undefined {
    const { text } = this;
    const c = text[p];
    if (c === '"' || c === "'") {
      const read = c === '"' ? readDoubleQuoted(text, p) : readSingleQuoted(text, p);
      let e = read.end;
      while (text[e] === ' ') e++;
      if (text[e] !== ':' || !(text[e + 1] === ' ' || text[e + 1] === '\n' || e + 1 === text.length)) return undefined;
      this.keyEnd = e + 1;
      return read.value;
    }
    if (c === '[' || c === '{' || c === '*' || c === '&' || c === '!' || c === '|' || c === '>' || c === '#' || this.isIndicator(p, '-') || this.isIndicator(p, '?')) return undefined;
    let i = p;
    for (;;) {
      const ch = text.charCodeAt(i);
      if (ch === 10 || Number.isNaN(ch)) return undefined;
      if (ch === 58 /* : */) {
        const n = text.charCodeAt(i + 1);
        if (n === 32 || n === 10 || Number.isNaN(n)) break;
        if (n === 9) unsupported('a tab after a colon');
      } else if ((ch === 32 || ch === 9) && text.charCodeAt(i + 1) === 35) return undefined;
      i++;
    }
    let e = i;
    while (e > p && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
    const raw = text.slice(p, e);
    if (raw === '' || raw.length > 1024 || /^[?:,[\]{}#&*!|>'"%@`]|^-$/.test(raw)) unsupported('a key the reader does not read');
    this.keyEnd = i + 1;
    if (raw === '<<') return '<<';
    // A null key Go refuses: left to read-yaml.ts, which words the error.
    return goKey(raw) ?? unsupported('a null key');
  }

  // --- block map ----------------------------------------------------------------------------------------------

  /** A block map whose first key is at `p`, at column `col`. */
  private blockMap(p: number, col: number): MapNode {
    const { text } = this;
    const tree = this.tree;
    const pairs: PairNode[] = [];
    const value: JsonObject = {};
    // Duplicate keys were refused when the text was first read: a second reading (values off) does not look again.
    const seen = this.values ? new Set<string>() : undefined;
    let merges: Node[] | undefined;
    let keyStart = p;
    let end = p;
    for (;;) {
      const key = this.key(keyStart);
      if (key === undefined) unsupported('a line that is not `key: value`');
      const colonEnd = this.keyEnd;
      const quotedKey = text[keyStart] === '"' || text[keyStart] === "'";
      this.keep = tree;
      const node = this.mapValue(colonEnd, col);
      end = node.end > colonEnd ? node.end : colonEnd;
      if (key === '<<' && !quotedKey) {
        (merges ??= []).push(node);
      } else {
        if (seen) {
          if (seen.has(key)) unsupported('a duplicate key');
          seen.add(key);
        }
        if (this.values) setKey(value, key, node.value);
      }
      if (tree) pairs.push({ key, keyStart, colonEnd, value: node });
      const next = this.nextContent(this.afterNode);
      if (next >= text.length || this.isDocumentMarker(next)) break;
      const indent = this.indentAt(next);
      if (indent < col) break;
      if (indent > col) unsupported('indentation the reader does not read');
      if (this.isIndicator(next + indent, '-')) break;
      if (next + indent <= keyStart) unsupported('a map that does not move on');
      keyStart = next + indent;
    }
    const merged = merges !== undefined;
    const out = merged && this.values ? mergeValues(value, merges!, () => unsupported('a merge of something that is not a map')) : value;
    return { k: 'map', start: p, end: this.eol(end), value: out, flow: false, pairs, col, merged, lazy: !tree };
  }

  /** The value after `key:` (`p` just after the colon) of a block map at column `col`. */
  private mapValue(p: number, col: number): Node {
    const { text } = this;
    let q = p;
    while (text[q] === ' ') q++;
    if (text[q] === '\t') unsupported('a tab after a key');
    const c = text[q];
    if (q >= text.length || c === '\n' || (c === '#' && q > p)) {
      // Nothing more on this line: a collection below, or an empty value.
      const lineNext = this.lineAfter(q);
      const below = this.valueBelow(lineNext, col, undefined);
      if (below) return below;
      this.afterNode = lineNext;
      return this.emptyScalar(p);
    }
    if (q === p) unsupported('no space after a colon');
    const props = this.props(q);
    if (!props) return this.inline(q, col);
    const r = props.end;
    if (r < text.length && text[r] !== '\n' && text[r] !== '#') return this.finish(this.inline(r, col), props.props);
    // Properties alone on the line: what they belong to is below, or nothing.
    const lineNext = this.lineAfter(r);
    const below = this.valueBelow(lineNext, col, props.props);
    if (below) return this.finish(below, props.props);
    this.afterNode = lineNext;
    return this.finish(this.emptyScalar(r), props.props);
  }

  /** The start of the line after the one `q` stands on (`q` at its end, a comment or the text's end). */
  private lineAfter(q: number): number {
    const { text } = this;
    return q >= text.length ? text.length : text[q] === '\n' ? q + 1 : this.eol(q) + 1;
  }

  /**
   * The value on the lines below a `key:` (from `lineNext`): a node right of the map's column `col`, or a list at
   * it; undefined when none. After properties (`props`), the node must not have a second set; otherwise a line that
   * is neither a list, a key nor properties would be a plain scalar over several lines, left to read-yaml.ts.
   */
  private valueBelow(lineNext: number, col: number, props: Props | undefined): Node | undefined {
    const next = this.nextContent(lineNext);
    if (next >= this.text.length || this.isDocumentMarker(next)) return undefined;
    const indent = this.indentAt(next);
    const dash = this.isIndicator(next + indent, '-');
    if (!(indent > col || (indent === col && dash))) return undefined;
    if (props) {
      if (this.props(next + indent)) unsupported('two sets of properties on one node');
    } else if (!dash && this.key(next + indent) === undefined && !this.props(next + indent)) unsupported('a multi-line scalar');
    return this.blockNode(next + indent, col, indent);
  }

  // --- block sequence -----------------------------------------------------------------------------------------

  /** A block sequence whose first dash is at `p`, at column `col`. */
  private blockSeq(p: number, col: number): SeqNode {
    const { text } = this;
    const tree = this.tree;
    const items: Node[] = [];
    const dashes: number[] = [];
    const value: JsonValue[] = [];
    let dash = p;
    let end = p + 1;
    for (;;) {
      if (tree) dashes.push(dash);
      this.keep = tree;
      const node = this.seqItem(dash, col);
      if (tree) items.push(node);
      if (this.values) value.push(node.value);
      end = node.end > dash + 1 ? node.end : dash + 1;
      const next = this.nextContent(this.afterNode);
      if (next >= text.length || this.isDocumentMarker(next)) break;
      const indent = this.indentAt(next);
      if (indent < col) break;
      const isDash = this.isIndicator(next + indent, '-');
      if (indent > col) unsupported('indentation the reader does not read');
      if (!isDash) break;
      if (next + indent <= dash) unsupported('a list that does not move on');
      dash = next + indent;
    }
    return { k: 'seq', start: p, end: this.eol(end), value, flow: false, items, dashes, col, lazy: !tree };
  }

  private seqItem(dash: number, col: number): Node {
    const { text } = this;
    let q = dash + 1;
    while (text[q] === ' ') q++;
    const c = text[q];
    if (text[dash + 1] === '\t' || c === '\t') unsupported('a tab after a dash');
    if (q >= text.length || c === '\n' || c === '#') {
      const lineNext = q >= text.length ? q : c === '\n' ? q + 1 : this.eol(q) + 1;
      const next = this.nextContent(lineNext);
      if (next < text.length && !this.isDocumentMarker(next)) {
        const indent = this.indentAt(next);
        if (indent > col) return this.blockNode(next + indent, col, indent);
      }
      this.afterNode = lineNext;
      return this.emptyScalar(dash + 1);
    }
    const lineStart = text.lastIndexOf('\n', dash - 1) + 1;
    return this.blockNode(q, col, q - lineStart);
  }

  // --- one-line values ----------------------------------------------------------------------------------------

  /** A scalar, alias or flow collection at `p`, in a block context of indentation `parent`. */
  private inline(p: number, parent: number): Node {
    const { text } = this;
    const c = text[p];
    if (c === '*') {
      let e = p + 1;
      while (e < text.length && !' \n\t,[]{}'.includes(text[e]!)) e++;
      const name = text.slice(p + 1, e);
      const node = this.alias(name, p, e);
      this.afterNode = this.lineEnd(e);
      return node;
    }
    if (c === '|' || c === '>') return this.blockScalar(p, parent);
    if (c === '"' || c === "'") {
      const read = c === '"' ? readDoubleQuoted(text, p) : readSingleQuoted(text, p);
      this.afterNode = this.lineEnd(read.end);
      this.checkNoContinuation(parent);
      return this.scalar(p, read.end, read.value, c === '"' ? 'double' : 'single', false, this.keep);
    }
    if (c === '[' || c === '{') {
      const flow = new FlowReader(this, parent);
      const node = flow.node(p);
      this.afterNode = this.lineEnd(flow.at);
      return node;
    }
    if (c === '%' || c === '@' || c === '`' || c === ',' || c === ']' || c === '}' || this.isIndicator(p, '-') || this.isIndicator(p, '?') || this.isIndicator(p, ':')) {
      unsupported('a scalar starting with an indicator');
    }
    // A plain scalar: to a comment or the line end.
    const lineEnd = this.eol(p);
    let stop = lineEnd;
    for (let i = p; i < lineEnd; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 35 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) {
        stop = i;
        break;
      }
      if (ch === 58 && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) unsupported('a colon and space in a plain scalar');
    }
    let e = stop;
    while (e > p && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
    if (text.charCodeAt(e - 1) === 58 /* : */ && e - 1 > p) unsupported('a plain scalar ending in a colon');
    this.afterNode = lineEnd + 1;
    this.checkNoContinuation(parent);
    // Read again for its nodes only, a subtree gets its values back from the first reading (rebind).
    return this.scalar(p, e, this.values ? resolveGoPlain(text.slice(p, e)) : null, 'plain', false, this.keep);
  }

  /** A one-line scalar must not continue on the next line (a multi-line scalar: left to read-yaml.ts). */
  private checkNoContinuation(parent: number): void {
    const next = this.nextContent(this.afterNode);
    if (next >= this.text.length) return;
    // A comment line in between ends a plain scalar; anything more indented after it is then an error anyway.
    const indent = this.indentAt(next);
    if (indent > parent && parent >= 0) {
      const c = this.text[next + indent];
      if (!this.isIndicator(next + indent, '-')) unsupported('a scalar that may go on over several lines');
    }
    if (parent < 0 && !this.isDocumentMarker(next)) unsupported('a root scalar followed by more text');
  }

  /** A `|` or `>` scalar whose header is at `p`, in a block context of indentation `parent`. */
  private blockScalar(p: number, parent: number): ScalarNode {
    const { text } = this;
    const headerEnd = this.eol(p);
    let h = p + 1;
    let chomp: '' | '-' | '+' = '';
    while (h < headerEnd && (text[h] === '-' || text[h] === '+')) chomp = text[h++] as '-' | '+';
    if (/[0-9]/.test(text[h] ?? '')) unsupported('an indentation indicator');
    while (h < headerEnd && (text[h] === '-' || text[h] === '+')) chomp = text[h++] as '-' | '+';
    if (chomp === '+') unsupported('keep chomping');
    let rest = h;
    while (text[rest] === ' ' || text[rest] === '\t') rest++;
    if (rest < headerEnd && !(text[rest] === '#' && rest > h)) unsupported('text after a block scalar header');
    const literal = text[p] === '|';
    const lines: string[] = [];
    let q = headerEnd + 1;
    let indent = -1;
    let lastContentEnd = headerEnd;
    // Lines of only spaces seen since the last content line, as their number of spaces.
    let pending: number[] = [];
    while (q < text.length) {
      const lineEnd = this.eol(q);
      let spaces = 0;
      while (text.charCodeAt(q + spaces) === 32) spaces++;
      if (q + spaces === lineEnd) {
        pending.push(spaces);
        q = lineEnd + 1;
        continue;
      }
      if (indent < 0) {
        if (spaces <= parent) break;
        if (text.charCodeAt(q + spaces) === 9) unsupported('a tab in block scalar indentation');
        indent = spaces;
        if (pending.some((n) => n > indent)) unsupported('leading blank lines wider than the block scalar');
      }
      if (spaces < indent) break;
      // A line of more spaces than the indentation is content (its extra spaces), others are empty lines.
      for (const n of pending) lines.push(n > indent ? ' '.repeat(n - indent) : '');
      pending = [];
      lines.push(text.slice(q + indent, lineEnd));
      lastContentEnd = lineEnd;
      q = lineEnd + 1;
    }
    // Trailing lines of spaces wider than the indentation would be content too: left to read-yaml.ts.
    if (pending.some((n) => n > indent)) unsupported('trailing lines of spaces in a block scalar');
    if (lines.length === 0) unsupported('an empty block scalar');
    if (!literal && lines.some((l) => l[0] === ' ' || l[0] === '\t')) unsupported('a folded scalar with more-indented lines');
    let value = literal ? lines.join('\n') : foldLines(lines);
    if (chomp !== '-') value += '\n';
    this.afterNode = lastContentEnd + 1;
    return this.scalar(p, lastContentEnd, value, literal ? 'literal' : 'folded', false, this.keep);
  }

  // --- aliases (shared with the flow reader) ------------------------------------------------------------------

  alias(name: string, start: number, end: number): AliasNode {
    const target = this.anchors.get(name);
    if (!target) unsupported('an alias to an unknown anchor');
    if (!spend(this.budget, target.value)) unsupported('an alias bomb');
    this.usedAnchors.add(name);
    return { k: 'alias', start, end, value: target.value, name };
  }

  anchor(name: string, node: Node): void {
    this.anchors.set(name, node);
  }

  resetDocument(): void {
    this.anchors.clear();
    this.usedAnchors.clear();
  }
}


/** Text the reader reads at all: LF line ends, no control characters, no BOM inside, no lone surrogates. */
const UNREADABLE = /[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Reads a YAML stream (BOM already removed); throws Unsupported where read-yaml.ts must read it. Collections
 * nested deeper than `treeDepth` keep only their values (`lazy`; readSubtree reads one again when it is written),
 * which keeps the tree of a large ResourceList small; with an alias anywhere, everything is read in full, since a
 * subtree read again could not see the anchors before it.
 */
export function readStream(text: string, treeDepth = Infinity): Stream {
  if (UNREADABLE.test(text)) unsupported('characters or line ends the reader does not read');
  const stream = readWith(new Reader(text, treeDepth));
  return treeDepth !== Infinity && stream.docs.some((d) => d.usedAnchors.size > 0) ? readWith(new Reader(text)) : stream;
}

/** The full tree of a `lazy` node, read again from its text (`parent`: the indentation of the block around it). */
export function readSubtree(text: string, node: Node, parent: number): Node {
  const reader = new Reader(text);
  reader.values = false;
  const col = node.start - text.lastIndexOf('\n', node.start - 1) - 1;
  const full = reader.subtree(node.start, parent, col, (node.k === 'map' || node.k === 'seq') && node.flow);
  if (full.end !== node.end || full.k !== node.k) throw new Error('internal: a subtree reads back differently');
  rebind(full, node.value);
  return full;
}

/**
 * Puts the values read the first time into a tree read again without them: no second copy is made, and the
 * writer's comparisons with what the transforms kept find the same objects.
 */
function rebind(node: Node, value: JsonValue): void {
  (node as { value: JsonValue }).value = value;
  if (node.k === 'map') {
    for (const pair of node.pairs) if (pair.key !== '<<') rebind(pair.value, (value as JsonObject)[pair.key]!);
  } else if (node.k === 'seq') node.items.forEach((item, i) => rebind(item, (value as JsonValue[])[i]!));
}

function readWith(reader: Reader): Stream {
  const { text } = reader;
  const docs: DocNode[] = [];
  let start = 0;
  let p = 0;
  for (;;) {
    reader.resetDocument();
    let contentFrom = p;
    const first = reader.nextContent(p);
    if (first < text.length && text.startsWith('---', first) && reader.isDocumentMarker(first)) {
      const rest = first + 3;
      let q = rest;
      while (text[q] === ' ') q++;
      if (!(q >= text.length || text[q] === '\n' || text[q] === '#')) unsupported('content on a document marker line');
      contentFrom = reader.eol(q) + 1;
    } else if (first < text.length && text.startsWith('...', first) && reader.isDocumentMarker(first)) {
      unsupported('a document end marker');
    }
    const { root, next } = reader.document(Math.min(contentFrom, text.length));
    if (next < text.length && text.startsWith('...', next)) unsupported('a document end marker');
    const end = next >= text.length ? text.length : next;
    docs.push({ start, end, root, usedAnchors: new Set(reader.usedAnchors) });
    if (next >= text.length) break;
    start = end;
    p = end;
  }
  return { text, docs };
}
