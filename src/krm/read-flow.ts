/**
 * The flow collections of the hand-written reader (`[a, b]`, `{"a": 1}`, JSON), over any number of lines. It reads
 * with the block reader's state (anchors, aliases, depth, which nodes to keep), which is why it takes the Reader.
 */
import { readDoubleQuoted, readSingleQuoted } from './quoted.ts';
import { goKey, resolveGoPlain, resolveGoTagged } from './go-scalar.ts';
import type { JsonObject, JsonValue } from './object.ts';
import type { Reader } from './read.ts';
import type { MapNode, Node, PairNode, SeqNode } from './tree.ts';
import { MAX_DEPTH, unsupported } from './unsupported.ts';
import { setKey } from './value-map.ts';


/**
 * A flow collection (`[a, b]`, `{"a": 1}`), over as many lines as it takes, without comments inside. Lines
 * inside must stay right of the enclosing block's indentation, as YAML requires.
 */
export class FlowReader {
  at = 0;
  private readonly r: Reader;
  private readonly text: string;
  private readonly parent: number;
  private depth = 0;

  constructor(reader: Reader, parent: number) {
    this.r = reader;
    this.text = reader.text;
    this.parent = parent;
  }

  private space(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.at);
      if (c === 32 || c === 9) this.at++;
      else if (c === 10) {
        this.at++;
        let spaces = 0;
        while (text.charCodeAt(this.at + spaces) === 32) spaces++;
        if (this.parent >= 0 && spaces <= this.parent && text.charCodeAt(this.at + spaces) !== 10) unsupported('a flow collection left of its block');
      } else if (c === 35 /* # */) unsupported('a comment in a flow collection');
      else return;
    }
  }

  node(p: number): Node {
    this.at = p;
    return this.value();
  }

  private value(): Node {
    const { text } = this;
    if (++this.depth > MAX_DEPTH) unsupported('nesting deeper than the reader reads');
    try {
      const start = this.at;
      let anchor: string | undefined;
      let tag: string | undefined;
      while (text[this.at] === '&' || text[this.at] === '!') {
        const c = text[this.at]!;
        let e = this.at + 1;
        while (e < text.length && !' \n\t,[]{}'.includes(text[e]!)) e++;
        const word = text.slice(this.at + 1, e);
        if (c === '&') anchor = word;
        else tag = `!${word}`;
        this.at = e;
        this.space();
      }
      let node = this.bare();
      if (tag !== undefined) {
        if (node.k !== 'scalar') unsupported('a tag on a flow collection');
        const plain = node.style === 'plain';
        node = { ...node, value: resolveGoTagged(tag, plain ? text.slice(node.start, node.end) : String(node.value ?? ''), plain) };
      }
      if (anchor !== undefined || tag !== undefined) {
        node = { ...node, start, ...(anchor !== undefined ? { anchor } : {}) };
        if (anchor !== undefined) this.r.anchor(anchor, node);
      }
      return node;
    } finally {
      this.depth--;
    }
  }

  private bare(): Node {
    const { text } = this;
    const c = text[this.at];
    const start = this.at;
    if (c === '[') return this.seq();
    if (c === '{') return this.map();
    if (c === '*') {
      let e = this.at + 1;
      while (e < text.length && !' \n\t,[]{}'.includes(text[e]!)) e++;
      this.at = e;
      return this.r.alias(text.slice(start + 1, e), start, e);
    }
    if (c === '"' || c === "'") {
      const read = c === '"' ? readDoubleQuoted(text, start) : readSingleQuoted(text, start);
      this.at = read.end;
      return this.r.scalar(start, read.end, read.value, c === '"' ? 'double' : 'single', false, this.r.keep);
    }
    // A plain scalar in flow context: up to `,`, `]`, `}`, `: `, ` #` or the line end.
    let e = this.at;
    for (;;) {
      const ch = text.charCodeAt(e);
      if (Number.isNaN(ch) || ch === 10 || ch === 44 || ch === 93 || ch === 125 || ch === 91 || ch === 123) break;
      if (ch === 58 && ' \n\t,]}'.includes(text[e + 1] ?? ' ')) break;
      if (ch === 35 && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) unsupported('a comment in a flow collection');
      e++;
    }
    let end = e;
    while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
    if (end === start) unsupported('an empty flow entry');
    const raw = text.slice(start, end);
    if (/^[?#&*!|>'"%@`]|^-[ \t]/.test(raw)) unsupported('a flow scalar starting with an indicator');
    this.at = end;
    // A plain scalar that goes on after a line break is a multi-line scalar.
    const save = this.at;
    this.space();
    if (text.slice(save, this.at).includes('\n') && !',]}:'.includes(text[this.at] ?? ',')) unsupported('a multi-line flow scalar');
    this.at = save;
    return this.r.scalar(start, end, resolveGoPlain(raw), 'plain', false, this.r.keep);
  }

  /** Whether the collection being read now keeps its entries' nodes (as Reader.tree). */
  get tree(): boolean {
    return this.r.depth + this.depth - 1 <= this.r.treeDepth;
  }

  private seq(): SeqNode {
    const { text } = this;
    const tree = this.tree;
    const start = this.at;
    this.at++;
    const items: Node[] = [];
    const value: JsonValue[] = [];
    this.space();
    while (text[this.at] !== ']') {
      this.r.keep = tree;
      const item = this.value();
      this.space();
      if (text[this.at] === ':') unsupported('a pair in a flow sequence');
      if (tree) items.push(item);
      if (this.r.values) value.push(item.value);
      if (text[this.at] === ',') {
        this.at++;
        this.space();
        if (text[this.at] === ']') unsupported('a trailing comma');
      } else if (text[this.at] !== ']') unsupported('a flow sequence the reader does not read');
    }
    this.at++;
    return { k: 'seq', start, end: this.at, value, flow: true, items, dashes: [], col: -1, lazy: !tree };
  }

  private map(): MapNode {
    const { text } = this;
    const tree = this.tree;
    const start = this.at;
    this.at++;
    const pairs: PairNode[] = [];
    const value: JsonObject = {};
    const seen = new Set<string>();
    let merges: Node[] | undefined;
    this.space();
    while (text[this.at] !== '}') {
      const keyStart = this.at;
      const c = text[keyStart];
      if (c === '[' || c === '{' || c === '?' || c === '&' || c === '!' || c === '*') unsupported('a complex flow key');
      const keyNode = this.bare();
      if (keyNode.k !== 'scalar') unsupported('a complex flow key');
      this.space();
      if (text[this.at] !== ':') unsupported('a flow map entry without a value');
      this.at++;
      const colonEnd = this.at;
      const raw = text.slice(keyNode.start, keyNode.end);
      const merge = keyNode.style === 'plain' && raw === '<<';
      const key = keyNode.style !== 'plain' ? (keyNode.value as string) : merge ? '<<' : (goKey(raw) ?? unsupported('a null key'));
      this.space();
      let node: Node;
      if (text[this.at] === ',' || text[this.at] === '}') node = this.r.scalar(colonEnd, colonEnd, null, 'plain', true, tree);
      else {
        this.r.keep = tree;
        node = this.value();
      }
      if (merge) (merges ??= []).push(node);
      else {
        if (seen.has(key)) unsupported('a duplicate key');
        seen.add(key);
        if (this.r.values) setKey(value, key, node.value);
      }
      if (tree) pairs.push({ key, keyStart, colonEnd, value: node });
      this.space();
      if (text[this.at] === ',') {
        this.at++;
        this.space();
        if (text[this.at] === '}') unsupported('a trailing comma');
      } else if (text[this.at] !== '}') unsupported('a flow map the reader does not read');
    }
    this.at++;
    if (merges) unsupported('a merge key in a flow map');
    return { k: 'map', start, end: this.at, value, flow: true, pairs, col: -1, merged: false, lazy: !tree };
  }
}
