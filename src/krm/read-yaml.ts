/**
 * The second reader: `yaml`'s parser, for what read.ts does not read (multi-line scalars, explicit keys, odd
 * layouts) and for the wording of every YAML error. It builds the same source tree from the parser's offsets,
 * with values computed as Go reads them (every scalar is taken as text, then resolved by go-scalar.ts), so
 * nothing of what it reads is ever re-printed.
 */
import { type Document, Parser, type Node as YamlNode, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { TagMismatch, goKey, goKeyString, resolveGoPlain, resolveGoTagged } from './go-scalar.ts';
import type { JsonObject, JsonValue } from './object.ts';
import { mergeValues, setKey, spend } from './value-map.ts';
import type { DocNode, MapNode, Node, PairNode, ScalarNode, ScalarStyle, SeqNode, Stream } from './tree.ts';

/** Alias expansions a stream may cost (values reached through aliases) before it counts as an alias bomb. */
export const ALIAS_BUDGET = 1_000_000;

export const ALIAS_BOMB = 'input expands YAML aliases too often (an alias bomb?): write the values out';

const OPTIONS = { schema: 'failsafe', uniqueKeys: false, prettyErrors: true, keepSourceTokens: true, merge: false } as const;

const STYLES: Record<string, ScalarStyle> = {
  PLAIN: 'plain',
  QUOTE_DOUBLE: 'double',
  QUOTE_SINGLE: 'single',
  BLOCK_LITERAL: 'literal',
  BLOCK_FOLDED: 'folded',
};

class ReadError extends Error {}

const lineOf = (text: string, offset: number): number => {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
};


class Builder {
  private readonly text: string;
  private readonly anchors = new Map<string, Node>();
  readonly usedAnchors = new Set<string>();
  private readonly budget: { left: number };
  private depth = 0;

  constructor(text: string, budget: { left: number }) {
    this.text = text;
    this.budget = budget;
  }

  private fail(message: string, offset: number): never {
    throw new ReadError(`${message} at line ${lineOf(this.text, offset)}`);
  }

  /** Moves a node's start back over its properties (`&a`, `!tag`), which the parser's range leaves out. */
  private withProps(start: number, node: YamlNode): number {
    const hasProps = ('anchor' in node && node.anchor) || node.tag;
    if (!hasProps) return start;
    const { text } = this;
    let p = start;
    for (;;) {
      let q = p;
      while (q > 0 && (text[q - 1] === ' ' || text[q - 1] === '\n' || text[q - 1] === '\t')) q--;
      let w = q;
      while (w > 0 && !' \n\t,[{'.includes(text[w - 1]!)) w--;
      if (w < q && (text[w] === '&' || text[w] === '!')) p = w;
      else return p;
    }
  }

  /** A tagged scalar's value; one that is not of its tag's kind is an error at its line. */
  private tagged(tag: string, text: string, plain: boolean, at: number): JsonValue {
    try {
      return resolveGoTagged(tag, text, plain);
    } catch (caught) {
      if (caught instanceof TagMismatch) this.fail(caught.message, at);
      throw caught;
    }
  }

  node(yamlNode: YamlNode | null, fallback: number): Node {
    if (yamlNode === null) return { k: 'scalar', start: fallback, end: fallback, value: null, style: 'plain', empty: true };
    if (++this.depth > 1000) throw new ReadError('input nests too deeply to read: Kubernetes objects are never thousands of levels deep');
    try {
      const node = this.build(yamlNode, fallback);
      const anchor = 'anchor' in yamlNode ? yamlNode.anchor : undefined;
      if (anchor) {
        const anchored = { ...node, anchor };
        this.anchors.set(anchor, anchored);
        return anchored;
      }
      return node;
    } finally {
      this.depth--;
    }
  }

  private build(yamlNode: YamlNode, fallback: number): Node {
    const range = yamlNode.range ?? [fallback, fallback, fallback];
    if (isAlias(yamlNode)) {
      const target = this.anchors.get(yamlNode.source);
      if (!target) this.fail(`alias *${yamlNode.source} has no anchor before it`, range[0]);
      this.usedAnchors.add(yamlNode.source);
      if (!spend(this.budget, target.value)) throw new ReadError(ALIAS_BOMB);
      return { k: 'alias', start: range[0], end: range[1], value: target.value, name: yamlNode.source };
    }
    if (isScalar(yamlNode)) {
      const style = STYLES[yamlNode.type ?? 'PLAIN'] ?? 'plain';
      const text = style === 'plain' && typeof yamlNode.source === 'string' ? yamlNode.source : typeof yamlNode.value === 'string' ? yamlNode.value : String(yamlNode.value ?? '');
      const empty = range[0] === range[1] && style === 'plain';
      const tag = yamlNode.tag;
      const value = empty && !tag ? null : tag ? this.tagged(tag, text, style === 'plain', range[0]) : style === 'plain' ? resolveGoPlain(text) : text;
      let end = range[1];
      if (style === 'literal' || style === 'folded') {
        // The scalar ends with its last line; with keep chomping (`|+`) its trailing blank lines are its own.
        const keep = /^[|>][0-9-]*\+/.test(this.text.slice(range[0], range[0] + 4));
        while (end > range[0] && (keep ? this.text[end - 1] === ' ' : /\s/.test(this.text[end - 1]!))) end--;
        if (keep && this.text[end - 1] === '\n') end--;
      }
      // Nothing written (`key:`): the node stands where its key's colon (or its dash) ends, as read.ts has it,
      // not where the parser put it (after the spaces before a comment).
      if (empty && !tag && !('anchor' in yamlNode && yamlNode.anchor)) return { k: 'scalar', start: fallback, end: fallback, value, style, empty } satisfies ScalarNode;
      return { k: 'scalar', start: this.withProps(range[0], yamlNode), end, value, style, empty } satisfies ScalarNode;
    }
    if (isMap(yamlNode)) {
      const flow = yamlNode.flow === true;
      const pairs: PairNode[] = [];
      const value: JsonObject = {};
      const seen = new Set<string>();
      const merges: Node[] = [];
      let end = range[0];
      for (const pair of yamlNode.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        if (!isScalar(keyNode)) {
          const at = keyNode?.range?.[0] ?? range[0];
          this.fail('a map key that is not a string (an unrendered template such as `{{ .Values.x }}`?)', at);
        }
        const keyRange = keyNode.range ?? [range[0], range[0], range[0]];
        const keyText = typeof keyNode.value === 'string' ? keyNode.value : String(keyNode.value ?? '');
        const plainKey = (keyNode.type ?? 'PLAIN') === 'PLAIN' && !keyNode.tag;
        let colon = keyRange[1];
        while (colon < this.text.length && this.text[colon] !== ':') colon++;
        const colonEnd = Math.min(colon + 1, this.text.length);
        const child = this.node(pair.value as YamlNode | null, colonEnd);
        end = Math.max(end, child.end, colonEnd);
        const isMerge = plainKey && keyText === '<<';
        const resolvedKey = keyOf(plainKey, keyText, keyNode.tag);
        if (resolvedKey === undefined) this.fail('a map key that is null, which Go refuses', keyRange[0]);
        const key = resolvedKey;
        // `&a key: value` anchors the key: `*a` is the key's text.
        if (keyNode.anchor) this.anchors.set(keyNode.anchor, { k: 'scalar', start: keyRange[0], end: keyRange[1], value: key, style: 'plain', empty: false, anchor: keyNode.anchor });
        if (isMerge) merges.push(child);
        else {
          if (seen.has(key)) this.fail(`Map keys must be unique: \`${key}\` is repeated`, keyRange[0]);
          seen.add(key);
          setKey(value, key, child.value);
        }
        pairs.push({ key: isMerge ? '<<' : key, keyStart: this.withProps(keyRange[0], keyNode), colonEnd, value: child });
      }
      end = flow ? range[1] : eolOf(this.text, end);
      const merged = merges.length > 0;
      const out = merged ? mergeValues(value, merges, (at) => this.fail('a merge (`<<`) of something that is not a map', at)) : value;
      const col = flow ? -1 : columnOf(this.text, pairs[0]?.keyStart ?? range[0]);
      return { k: 'map', start: this.withProps(range[0], yamlNode), end, value: out, flow, pairs, col, merged } satisfies MapNode;
    }
    if (isSeq(yamlNode)) {
      const flow = yamlNode.flow === true;
      const items: Node[] = [];
      const value: JsonValue[] = [];
      const dashes: number[] = [];
      const tokens = flow ? undefined : (yamlNode.srcToken as { items?: Array<{ start: Array<{ type: string; offset: number }> }> } | undefined)?.items;
      let end = range[0];
      yamlNode.items.forEach((item, i) => {
        const dash = tokens?.[i]?.start.find((t) => t.type === 'seq-item-ind')?.offset ?? range[0];
        if (!flow) dashes.push(dash);
        const child = this.node(item as YamlNode | null, flow ? range[0] : dash + 1);
        items.push(child);
        value.push(child.value);
        end = Math.max(end, child.end, flow ? 0 : dash + 1);
      });
      end = flow ? range[1] : eolOf(this.text, end);
      const col = flow ? -1 : columnOf(this.text, dashes[0] ?? range[0]);
      return { k: 'seq', start: this.withProps(range[0], yamlNode), end, value, flow, items, dashes, col } satisfies SeqNode;
    }
    return this.fail('a YAML node the reader does not know', range[0]);
  }
}

const keyOf = (plain: boolean, text: string, tag: string | undefined): string | undefined =>
  plain ? goKey(text) : tag ? goKeyString(resolveGoTagged(tag, text, false)) : text;

const eolOf = (text: string, p: number): number => {
  const end = text.indexOf('\n', p);
  return end === -1 ? text.length : end;
};

const columnOf = (text: string, offset: number): number => offset - text.lastIndexOf('\n', offset - 1) - 1;

function firstError(doc: Document): string | undefined {
  const problem = doc.errors[0];
  if (!problem) return undefined;
  // With prettyErrors the first line already ends with "at line L, column C:".
  return problem.message.split('\n')[0]!.replace(/:$/, '');
}

/** Explains resource exhaustion while reading, which is the input's fault, not a bug. */
function exhaustion(message: string): string | undefined {
  if (/Excessive alias count|alias bomb/.test(message)) return ALIAS_BOMB;
  if (/Maximum call stack size exceeded|nests too deeply/.test(message)) return 'input nests too deeply to read: Kubernetes objects are never thousands of levels deep';
  return undefined;
}

export type ReadOutcome = { ok: true; stream: Stream } | { ok: false; message: string };

/** Reads any YAML stream (BOM already removed) into the source tree, or says what is wrong with it. */
export function readYamlStream(text: string): ReadOutcome {
  try {
    const parsed = parseAllDocuments(text, OPTIONS);
    const list = Array.isArray(parsed) ? parsed : [];
    for (const doc of list) {
      const problem = firstError(doc);
      if (problem) return { ok: false, message: exhaustion(problem) ?? `not valid YAML: ${problem}` };
    }
    const budget = { left: ALIAS_BUDGET };
    const docs: DocNode[] = [];
    const starts = documentStarts(text);
    if (starts.length !== list.length) return { ok: false, message: 'could not split the YAML stream into documents' };
    let start = 0;
    list.forEach((doc, i) => {
      const end = i + 1 < list.length ? starts[i + 1]! : text.length;
      const builder = new Builder(text, budget);
      const contents = doc.contents as YamlNode | null;
      const root = contents === null || (isScalar(contents) && (contents.type ?? 'PLAIN') === 'PLAIN' && !contents.tag && !contents.anchor && (contents.source ?? '') === '') ? undefined : builder.node(contents, start);
      docs.push({ start, end, root, usedAnchors: builder.usedAnchors });
      start = end;
    });
    if (docs.length === 0) docs.push({ start: 0, end: text.length, root: undefined, usedAnchors: new Set() });
    return { ok: true, stream: { text, docs } };
  } catch (caught) {
    const message = caught instanceof Error ? caught.message : String(caught);
    if (caught instanceof ReadError || caught instanceof TagMismatch) return { ok: false, message: exhaustion(message) ?? `not valid YAML: ${message}` };
    const explained = exhaustion(message);
    if (explained) return { ok: false, message: explained };
    throw caught;
  }
}

/**
 * Where each document's text starts, so that the pieces concatenate to the text again: at its first token, or,
 * after a `...`, at the first line after that marker (a comment between two documents goes with the next one).
 */
function documentStarts(text: string): number[] {
  const starts: number[] = [];
  let pending: number | undefined;
  for (const token of new Parser().parse(text)) {
    if (token.type === 'document') {
      starts.push(starts.length === 0 ? 0 : (pending ?? token.offset));
      pending = undefined;
    } else if (token.type === 'doc-end') {
      pending = undefined;
    } else if (pending === undefined && starts.length > 0) {
      pending = token.offset;
    }
  }
  return starts;
}
