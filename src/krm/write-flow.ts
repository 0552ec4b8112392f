/**
 * The writer in flow collections (`[a, b]`, `{a: 1}`, JSON documents): entries matched as in block lists, their
 * separators kept, new entries laid out like their neighbours, in JSON where the collection is JSON.
 */
import type { JsonValue } from './object.ts';
import { flowCreated } from './print.ts';
import { spaces } from './scalar-text.ts';
import type { MapNode, Node, SeqNode } from './tree.ts';
import { type EditContext, type ExplicitList, type Match, type Slot, change, guardAnchors, matchItems } from './write.ts';
import { type Splice, applySplices, lineStartOf } from './write-text.ts';


/** How a flow collection lays out its entries: the separator, the indentation of a new line, the step. */
function flowLayout(text: string, node: MapNode | SeqNode, starts: readonly number[], ends: readonly number[], slot: Slot): { sep: string; indent: string; step: number } {
  const sep = starts.length > 1 ? text.slice(ends[0]!, starts[1]!) : ', ';
  // Laid out one entry a line, its bracket ending its line (as JSON is pretty-printed): new entries follow suit,
  // and new collections in it are laid out the same way. Any other layout gets new entries on one line.
  const open = text.indexOf(node.k === 'map' ? '{' : '[', node.start);
  const bracketEndsLine = /^[ \t]*\n/.test(text.slice(open + 1, open + 80));
  if (!bracketEndsLine || starts.length === 0 || (starts.length > 1 && !sep.includes('\n'))) {
    const oneLine = sep.includes('\n') ? `,${sep.slice(sep.indexOf('\n'))}` : sep.includes(',') ? sep : ', ';
    return { sep: starts.length > 1 ? oneLine : ', ', indent: '', step: 0 };
  }
  const entryCol = starts[0]! - lineStartOf(text, starts[0]!);
  const openLine = lineStartOf(text, node.start);
  let openIndent = 0;
  while (text[openLine + openIndent] === ' ') openIndent++;
  // `- {` (a flow item of a block list): its entries are indented from the bracket's column, not the line's.
  while (text[openLine + openIndent] === '-' && text[openLine + openIndent + 1] === ' ') openIndent += 2;
  const step = Math.max(entryCol - openIndent, 1);
  const indent = spaces(entryCol);
  return { sep: starts.length > 1 ? sep : `,\n${indent}`, indent, step: slot.k === 'flow' && slot.step > 0 ? slot.step : step };
}

export function flowMap(ctx: EditContext, node: MapNode, after: { [key: string]: JsonValue }, slot: Slot): Splice {
  const { text } = ctx;
  const { pairs } = node;
  const starts = pairs.map((p) => p.keyStart);
  const ends = pairs.map((p) => Math.max(p.value.end, p.colonEnd));
  const layout = flowLayout(text, node, starts, ends, slot);
  const json = pairs.length > 0 ? text[pairs[0]!.keyStart] === '"' : slot.k === 'flow' ? slot.json : true;
  const inner: Slot = { k: 'flow', indent: layout.indent, step: layout.step, json };
  const pieces: string[] = [];
  let previous = -1;
  const present = new Set<string>();
  let out = '';
  pairs.forEach((pair, i) => {
    present.add(pair.key);
    if (!Object.prototype.hasOwnProperty.call(after, pair.key) || after[pair.key] === undefined) {
      guardAnchors(ctx, pair.value);
      return;
    }
    const splices = pair.value.k === 'scalar' && pair.value.empty && after[pair.key] !== null
      ? [{ from: pair.colonEnd, to: pair.colonEnd, text: ` ${flowCreated(after[pair.key]!, layout.indent, layout.step, json)}` }]
      : change(ctx, inner, pair.value, after[pair.key]!);
    const content = applySplices(text, starts[i]!, ends[i]!, splices);
    if (pieces.length > 0) out += previous === i - 1 ? text.slice(ends[i - 1]!, starts[i]!) : layout.sep;
    out += content;
    pieces.push(content);
    previous = i;
  });
  for (const key of Object.keys(after)) {
    if (present.has(key) || after[key] === undefined) continue;
    const keyText = json ? JSON.stringify(key) : flowCreated(key, '', 0, false);
    if (pieces.length > 0) out += layout.sep;
    const entry = `${keyText}: ${flowCreated(after[key]!, layout.indent, layout.step, json)}`;
    out += entry;
    pieces.push(entry);
  }
  return flowWrap(text, node, starts, ends, out);
}

export function flowSeq(ctx: EditContext, node: SeqNode, after: readonly JsonValue[], slot: Slot, explicit?: ExplicitList): Splice {
  const { text } = ctx;
  const starts = node.items.map((item) => item.start);
  const ends = node.items.map((item) => item.end);
  const layout = flowLayout(text, node, starts, ends, slot);
  const json = explicit ? true : slot.k === 'flow' ? slot.json : true;
  const inner: Slot = { k: 'flow', indent: layout.indent, step: layout.step, json };
  const matched = explicit?.matches ?? matchItems(node.value as JsonValue[], after);
  const used = new Set(matched.filter((m): m is number => m !== undefined));
  node.items.forEach((item, i) => (used.has(i) ? undefined : guardAnchors(ctx, item)));
  const edit = explicit?.editItem ?? ((_: number, s: Slot, n: Node, v: JsonValue) => change(ctx, s, n, v));
  let out = '';
  let previous: Match = undefined;
  after.forEach((value, k) => {
    const index = matched[k];
    const piece = index === undefined ? flowCreated(value, layout.indent, layout.step, json) : applySplices(text, starts[index]!, ends[index]!, edit(index, inner, node.items[index]!, value));
    if (k > 0) out += index !== undefined && index > 0 && previous === index - 1 ? text.slice(ends[index - 1]!, starts[index]!) : layout.sep;
    out += piece;
    previous = index;
  });
  return flowWrap(text, node, starts, ends, out);
}

/** The collection's brackets and the space inside them around the new entries. */
function flowWrap(text: string, node: MapNode | SeqNode, starts: readonly number[], ends: readonly number[], inner: string): Splice {
  const open = text.indexOf(node.k === 'map' ? '{' : '[', node.start);
  const lead = starts.length > 0 ? text.slice(open + 1, starts[0]) : '';
  const trail = ends.length > 0 ? text.slice(ends[ends.length - 1], node.end - 1) : '';
  const close = node.k === 'map' ? '}' : ']';
  return { from: open, to: node.end, text: `${node.k === 'map' ? '{' : '['}${inner === '' ? '' : lead}${inner}${inner === '' ? '' : trail}${close}` };
}
