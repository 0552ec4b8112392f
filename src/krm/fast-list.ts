/**
 * The fast path for a whole ResourceList: reads the root map with the strict reader (items as values only, with
 * their offsets), and writes the output as text: untouched items as their source bytes, changed items by a
 * reconcile on their re-read nodes, new items and results by the printer. The bytes equal the `yaml` path's.
 * Throws `Unsupported` for anything outside the subset; it does not validate the ResourceList's shape.
 */
import { Printer, printCreated } from './fast-print.ts';
import { Reader } from './fast-read.ts';
import { type FlowReconciler, reconcile } from './fast-reconcile.ts';
import { commentString, indentComment, unsupported } from './fast-scalar.ts';
import type { SourceMap, SourcePair } from './fast-tree.ts';
import type { JsonValue, KubeObject } from './object.ts';

/** An item as read: its value, and where its map is in the text. */
export interface FastItem {
  readonly object: KubeObject;
  /** Blank line and comments above the item's dash, or after it (`- # comment`): `yaml` writes them after it. */
  readonly sb: boolean;
  readonly cb: string | undefined;
  /** The item's map: first key to the end of its last line (and closing comments). */
  readonly start: number;
  readonly end: number;
  /** Its text is its output (no wide sequence in it). */
  readonly verbatim: boolean;
}

export interface FastList {
  readonly text: string;
  readonly root: { [key: string]: JsonValue };
  readonly pairs: readonly SourcePair[];
  readonly items: readonly FastItem[];
  /** Decorations of the `items` sequence: the gap between `items:` and the first dash. */
  readonly itemsSb: boolean;
  readonly itemsCb: string | undefined;
  /** Comment lines at the end of the document. */
  readonly docComment: string | undefined;
}

/** Text the fast path reads at all: LF line ends, no BOM, no control characters, no lone surrogates. */
const UNREADABLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function readFast(text: string): FastList {
  if (!text.endsWith('\n') || UNREADABLE.test(text)) unsupported('characters or line ends the fast path does not read');
  const reader = new Reader(text);
  reader.tree = true;
  const head = reader.gapAt(0);
  if (head.eof || head.nextIndent !== 0 || head.nextDash || head.lines.some((l) => l === null || l.col !== 0)) {
    unsupported('a document that does not start with a map');
  }
  const cb = head.lines.length ? head.lines.map((l) => l!.text).join('\n') : undefined;
  let items: FastItem[] | undefined;
  let itemsSb = false;
  let itemsCb: string | undefined;
  reader.rootItems = (colon) => {
    if (items) unsupported('a second items key');
    const read = readItems(reader, colon);
    ({ items, sb: itemsSb, cb: itemsCb } = read);
    reader.node = { k: 'seq', start: colon + 2, end: reader.lastEnd, items: [], verbatim: true, sb: itemsSb, cb: itemsCb, comment: undefined };
    return read.items.map((i) => i.object);
  };
  reader.pos = head.next;
  const root = reader.map(head.next, 0, false, cb);
  const rootNode = reader.node as SourceMap;
  const tail = reader.gapAt(reader.pos);
  if (!tail.eof || rootNode.comment !== undefined) unsupported('text after the root map');
  let docComment: string | undefined;
  if (tail.lines.length > 0 && !tail.claimed) {
    if (tail.lines[0] !== null || tail.lines.length < 2 || tail.lines.slice(1).some((l) => l === null || l.col !== 0)) {
      unsupported('comments at the end `yaml` would move');
    }
    docComment = tail.lines.slice(1).map((l) => l!.text).join('\n');
  }
  if (!items) unsupported('no block items list');
  return { text, root, pairs: rootNode.pairs, items, itemsSb, itemsCb, docComment };
}

/** The top-level items after `items:` (the colon at `colon`): a compact sequence of maps at column 0. */
function readItems(reader: Reader, colon: number): { items: FastItem[]; sb: boolean; cb: string | undefined } {
  const { text } = reader;
  if (text[colon + 1] !== '\n') unsupported('items that are not a block list');
  let gap = reader.gapAt(colon + 2);
  if (gap.eof || gap.nextIndent !== 0 || !gap.nextDash) unsupported('items that are not a block list');
  const seqDeco = reader.decorations(gap, 0);
  let deco: { sb: boolean; cb: string | undefined } = { sb: false, cb: undefined };
  const items: FastItem[] = [];
  reader.tree = false;
  for (;;) {
    const dash = gap.next;
    let start = dash + 2;
    let { sb, cb } = deco;
    if (text[dash + 1] !== ' ') unsupported('an empty item');
    if (text[start] === '#') {
      // `- # comment` (as kpt writes a head comment): the comments are the item's, the map starts below.
      if (cb !== undefined) unsupported('comments both above and after a dash');
      const first = text.indexOf('\n', start);
      const head = [text.slice(start + 1, first)];
      const below = reader.gapAt(first + 1);
      if (below.eof || below.nextIndent !== 2 || below.lines.some((l) => l === null || l.col !== 2)) unsupported('a head comment without a map');
      for (const line of below.lines) head.push(line!.text);
      if (head.some((c) => c === '' || c.endsWith(' '))) unsupported('an empty comment or trailing whitespace');
      cb = head.join('\n');
      start = below.next + 2;
      reader.pos = below.next;
    } else {
      reader.pos = dash;
    }
    reader.shifted = false;
    const object = reader.map(start, 2) as KubeObject;
    items.push({ object, sb, cb, start, end: reader.lastEnd, verbatim: !reader.shifted });
    gap = reader.gapAt(reader.pos);
    if (gap.eof || gap.nextIndent !== 0 || !gap.nextDash) break;
    deco = reader.decorations(gap, 0);
    reader.pos = gap.next;
  }
  reader.tree = true;
  return { items, sb: seqDeco.sb, cb: seqDeco.cb };
}

/** What to write for one item: the input item as it was, changed into `object`, or a new object. */
export type FastOutput =
  | { readonly kind: 'unchanged'; readonly item: FastItem }
  | { readonly kind: 'changed'; readonly item: FastItem; readonly object: KubeObject }
  | { readonly kind: 'new'; readonly object: KubeObject };

/** The output ResourceList: the input's root map with `items` and `results` replaced, as the `yaml` path writes it. */
export function writeFast(list: FastList, outputs: readonly FastOutput[], results: JsonValue[], flow: FlowReconciler): string {
  if (outputs.length === 0) unsupported('an empty items list');
  const printer = new Printer(list.text);
  const lines: string[] = [];
  const decorate = (pair: SourcePair): void => {
    if (pair.keySb) lines.push('');
    if (pair.keyCb) lines.push(commentString(pair.keyCb));
  };
  let wroteResults = false;
  for (const pair of list.pairs) {
    if (pair.key === 'results') {
      if (results.length === 0) continue;
      decorate(pair);
      lines.push(printer.pair('results', created(results), ''));
      wroteResults = true;
    } else if (pair.key === 'items') {
      decorate(pair);
      lines.push(`items:${itemsText(list, printer, outputs, flow)}`);
    } else {
      decorate(pair);
      lines.push(pair.value.verbatim ? list.text.slice(pair.keyStart, pair.end) : printer.pair(list.text.slice(pair.keyStart, pair.keyEnd), pair.value, ''));
    }
  }
  if (!wroteResults && results.length > 0) lines.push(printer.pair('results', created(results), ''));
  let out = '';
  for (let i = 0; i < lines.length; i++) out += i === 0 ? lines[0] : lines[i] ? `\n${lines[i]}` : '\n';
  if (list.docComment !== undefined) out += `\n\n${commentString(list.docComment)}`;
  return `${out}\n`;
}

const created = (value: JsonValue) => ({ k: 'created', value, style: undefined, sb: false, cb: undefined, comment: undefined }) as const;

/** The `items` value: what `yaml` writes after `items:` for the sequence of outputs. */
function itemsText(list: FastList, printer: Printer, outputs: readonly FastOutput[], flow: FlowReconciler): string {
  let ws = list.itemsSb ? '\n' : '';
  if (list.itemsCb) ws += `\n${commentString(list.itemsCb)}`;
  ws += '\n';
  const lines: string[] = [];
  let reader: Reader | undefined;
  for (const output of outputs) {
    if (output.kind === 'new') {
      lines.push(`- ${printCreated(output.object, '  ')}`);
      continue;
    }
    const { item } = output;
    if (item.sb) lines.push('');
    let body: string;
    if (output.kind === 'unchanged' && item.verbatim) body = list.text.slice(item.start, item.end);
    else {
      reader ??= new Reader(list.text);
      reader.tree = true;
      reader.pos = item.start;
      reader.map(item.start, 2);
      const after = output.kind === 'changed' ? output.object : item.object;
      body = printer.node(reconcile(reader.node!, item.object, after, { text: list.text, flow }), '  ');
    }
    // The item's comments go after its dash, as the `yaml` path moves them there for kpt.
    if (item.cb && (body[0] === '{' || body[0] === '\n')) unsupported('a head comment on an emptied item');
    const head = item.cb ? `${indentComment(commentString(item.cb), '  ').trimStart()}\n  ` : '';
    lines.push(`- ${head}${body}`);
  }
  let text = lines[0]!;
  for (let i = 1; i < lines.length; i++) text += lines[i] ? `\n${lines[i]}` : '\n';
  return ws + text;
}
