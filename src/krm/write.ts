/**
 * The one YAML writer: it edits source text. Given a node of the source tree and the value it must now hold, it
 * returns splices that change only what differs: a changed scalar is re-written, a map keeps its keys in place
 * (deleted ones go with their comments, new ones are appended), a list keeps its items matched by value, then by
 * `name`, then by position, and a named item that moves to a sibling list (a container adopted as a native
 * sidecar) moves as its source text. Everything else is copied byte for byte. Created values are printed by
 * print.ts: block YAML in block context, JSON in flow context.
 */
import type { JsonValue } from './object.ts';
import { isObject, jsonEqual, nameOf } from './object.ts';
import { type SeqIndent, createdKeyText, createdString, flowCreated, printCreated, printCreatedItem, valueAfterKey } from './print.ts';
import { spaces } from './scalar-text.ts';
import type { MapNode, Node, SeqNode } from './tree.ts';
import { flowMap, flowSeq } from './write-flow.ts';
import { type Splice, applySplices, attachedStart, commentsIn, eol, gapEnd, lineStartOf, onlySpacesBefore, shift, trailingComments } from './write-text.ts';

export { type Splice, applySplices, matchLineEnds } from './write-text.ts';


export interface EditContext {
  readonly text: string;
  /** Anchors some alias uses: a node holding one cannot change without changing the alias too. */
  readonly usedAnchors: ReadonlySet<string>;
  readonly seqIndent: SeqIndent;
  /** Lists whose items the caller matched (a ResourceList's items), by the new array. */
  readonly explicit?: WeakMap<readonly JsonValue[], ExplicitList>;
  /** Write no block scalar at all: set when a first writing of an item did not read back as meant (see writeChecked). */
  readonly noBlockScalars?: boolean;
}

/** A list matched by the caller: for each new item, the index of the old item it is, and how to edit one. */
export interface ExplicitList {
  readonly matches: readonly Match[];
  /** Edits an old item; defaults to `change` with the same context. */
  readonly editItem?: (index: number, slot: Slot, node: Node, value: JsonValue) => Splice[];
}

/** A change the writer cannot make without changing something else (an anchor that aliases reuse). */
export class EditConflict extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/** Where a node stands: the value of a block map pair, an item of a block list, inside a flow collection, the root. */
export type Slot =
  | { readonly k: 'pair'; readonly keyStart: number; readonly colonEnd: number; readonly col: number }
  | { readonly k: 'item'; readonly dash: number; readonly col: number }
  | { readonly k: 'flow'; readonly indent: string; readonly step: number; readonly json: boolean }
  | { readonly k: 'root'; readonly col: number };

/** Items leaving a block list of a map, by name, for a sibling list they move to. */
type Leaving = Map<unknown, { readonly list: SeqNode; readonly index: number; placed: boolean }>;

/**
 * Whether lines right after `end` (comment lines, or lines of spaces, before the next content) stand right of
 * column `col`: a block scalar written just before them would take them in, so none may be written there.
 */
function indentedLinesAfter(ctx: EditContext, end: number, col: number): boolean {
  if (ctx.noBlockScalars) return true;
  const { text } = ctx;
  let p = eol(text, end) + 1;
  while (p < text.length) {
    const lineEnd = eol(text, p);
    const line = text.slice(p, lineEnd);
    const content = line.trimStart();
    if (content !== '' && content[0] !== '#') return false;
    if (line.length - content.length > col && line.length > 0) return true;
    p = lineEnd + 1;
  }
  return false;
}

// --- anchors ------------------------------------------------------------------------------------------------

function findUsedAnchor(node: Node, used: ReadonlySet<string>): Node | undefined {
  if (used.size === 0) return undefined;
  if (node.anchor !== undefined && used.has(node.anchor)) return node;
  if (node.k === 'map') for (const pair of node.pairs) { const found = findUsedAnchor(pair.value, used); if (found) return found; }
  if (node.k === 'seq') for (const item of node.items) { const found = findUsedAnchor(item, used); if (found) return found; }
  return undefined;
}

function holdsAlias(node: Node): boolean {
  if (node.k === 'alias') return true;
  if (node.k === 'map') return node.pairs.some((pair) => holdsAlias(pair.value));
  if (node.k === 'seq') return node.items.some(holdsAlias);
  return false;
}

export function guardAnchors(ctx: EditContext, node: Node): void {
  const found = findUsedAnchor(node, ctx.usedAnchors);
  if (found) {
    throw new EditConflict(`it holds the YAML anchor &${found.anchor}, which aliases elsewhere reuse: write the aliased values out`, found.start);
  }
}

// --- values -------------------------------------------------------------------------------------------------

/** The splices that make `node` (in `slot`) hold `after`. */
export function change(ctx: EditContext, slot: Slot, node: Node, after: JsonValue, leaving?: Leaving): Splice[] {
  if (jsonEqual(node.value, after)) return [];
  const explicit = Array.isArray(after) ? ctx.explicit?.get(after) : undefined;
  if (explicit) return changeListExplicitly(ctx, slot, node, after as JsonValue[], explicit);
  if (node.anchor !== undefined && ctx.usedAnchors.has(node.anchor)) guardAnchors(ctx, node);
  const emptyFlow = (node.k === 'map' ? node.pairs.length : node.k === 'seq' ? node.items.length : 1) === 0 && slot.k !== 'flow';
  if (node.k === 'map' && isObject(after) && !node.merged && !emptyFlow && (node.flow || Object.keys(after).some((k) => after[k] !== undefined))) {
    return [node.flow ? flowMap(ctx, node, after, slot) : blockMap(ctx, node, after)];
  }
  if (node.k === 'seq' && Array.isArray(after) && !emptyFlow && (node.flow || after.length > 0)) {
    return [node.flow ? flowSeq(ctx, node, after, slot) : blockSeq(ctx, node, after, leaving)];
  }
  guardAnchors(ctx, node);
  // A list that takes items moving from a sibling list (an empty `[]` before, or no list).
  if (slot.k === 'pair' && Array.isArray(after) && after.length > 0 && leaving && after.some((v) => leaving.has(nameOf(v)))) {
    const closed = indentedLinesAfter(ctx, node.end, slot.col);
    return [{ from: slot.colonEnd, to: node.end, text: newSeq(ctx, after, ctx.seqIndent === 'wide' ? slot.col + 2 : slot.col, leaving, closed) }];
  }
  return [replace(ctx, slot, node, after)];
}

/** A node written anew in its slot. */
function replace(ctx: EditContext, slot: Slot, node: Node, after: JsonValue): Splice {
  const { text } = ctx;
  const keepQuotes = node.k === 'scalar' && typeof after === 'string' && (node.style === 'double' || node.style === 'single');
  const quoteStyle = keepQuotes ? (node.style === 'double' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE') : undefined;
  switch (slot.k) {
    case 'flow':
      return { from: node.start, to: node.end, text: flowCreated(after, slot.indent, slot.step, slot.json) };
    case 'root': {
      const indent = spaces(slot.col);
      const body = (node.k === 'map' || node.k === 'seq') && node.flow ? flowCreated(after, indent, 2, true) : printCreated(after, indent, ctx.seqIndent);
      return { from: node.start, to: node.end, text: body };
    }
    case 'item': {
      const indent = spaces(slot.col + 2);
      const closed = indentedLinesAfter(ctx, node.end, slot.col);
      const value = ` ${quoteStyle ? createdString(after as string, indent, false, true, quoteStyle) : printCreated(after, indent, ctx.seqIndent, closed)}`;
      const comments = commentsIn(text, slot.dash + 1, node.start);
      const head = comments.length > 0 ? ` ${comments.join(`\n${indent}`)}\n${indent}` : '';
      return keepLineComment(text, node, { from: slot.dash + 1, to: node.end, text: head ? `${head}${value.slice(1)}` : value });
    }
    case 'pair': {
      const indent = spaces(slot.col);
      const closed = indentedLinesAfter(ctx, node.end, slot.col);
      let value = quoteStyle ? ` ${createdString(after as string, `${indent}  `, false, true, quoteStyle)}` : valueAfterKey(after, indent, ctx.seqIndent, closed);
      // Comments between the key and a block value below it are kept: above the key, or after the new value.
      const comments = node.start > slot.colonEnd ? commentsIn(text, slot.colonEnd, node.start) : [];
      if (comments.length > 0) {
        if (onlySpacesBefore(text, slot.keyStart)) {
          const lifted = comments.map((c) => `${c}\n${indent}`).join('');
          return keepLineComment(text, node, { from: slot.keyStart, to: node.end, text: `${lifted}${text.slice(slot.keyStart, slot.colonEnd)}${value}` });
        }
        value += comments.map((c) => `\n${indent}${c}`).join('');
      }
      return keepLineComment(text, node, { from: slot.colonEnd, to: node.end, text: value });
    }
  }
}

/**
 * A comment after a one-line value stays on that line: when the new value takes more lines (a block scalar, a
 * block collection below its key), it goes on the first, where it cannot become part of the value.
 */
function keepLineComment(text: string, node: Node, splice: Splice): Splice {
  if (!splice.text.includes('\n') || (node.k !== 'scalar' && node.k !== 'alias' && !(node as MapNode | SeqNode).flow)) return splice;
  if (node.k === 'scalar' && (node.style === 'literal' || node.style === 'folded')) return splice;
  const rest = text.slice(node.end, eol(text, node.end));
  const match = /^[ \t]+(#.*)$/.exec(rest);
  if (!match) return splice;
  const firstBreak = splice.text.indexOf('\n');
  const firstLine = splice.text.slice(0, firstBreak);
  // The comment goes at the end of the first line: after a block scalar's header, a key with its value below, or
  // (a list item become a map) the first pair; a quoted scalar over several lines ends on its last line, and keeps it.
  const header = /(^|[ :])[|>][-+0-9]*$/.test(firstLine) || firstBreak === 0 || /:$/.test(firstLine);
  if (!header && /["']/.test(firstLine)) return splice;
  const comment = ` ${match[1]!.trimEnd()}`;
  return { from: splice.from, to: node.end + rest.length, text: `${firstLine}${comment}${splice.text.slice(firstBreak)}` };
}

// --- block maps ---------------------------------------------------------------------------------------------

/** The end of an entry's content: the end of the line its value ends on (its trailing comment included). */
const contentEnd = (text: string, valueEnd: number, last: boolean, nodeEnd: number): number => (last ? nodeEnd : eol(text, valueEnd));

function blockMap(ctx: EditContext, node: MapNode, after: { [key: string]: JsonValue }): Splice {
  const { text } = ctx;
  const { pairs, col } = node;
  const indent = spaces(col);
  const moving = leavingItems(node, after);
  const starts = pairs.map((pair, i) => (i === 0 ? pair.keyStart : attachedStart(text, pair.keyStart, col)));
  const ends = pairs.map((pair, i) => contentEnd(text, Math.max(pair.value.end, pair.colonEnd), i === pairs.length - 1, node.end));
  let out = '';
  let wrote = false;
  let previous = -1;
  const present = new Set<string>();
  pairs.forEach((pair, i) => {
    present.add(pair.key);
    if (!Object.prototype.hasOwnProperty.call(after, pair.key) || after[pair.key] === undefined) {
      guardAnchors(ctx, pair.value);
      return;
    }
    const slot: Slot = { k: 'pair', keyStart: pair.keyStart, colonEnd: pair.colonEnd, col };
    const splices = change(ctx, slot, pair.value, after[pair.key]!, moving);
    // A splice may reach back over the key (comments lifted above it), or past the pair's last line (comment
    // lines of a deleted last entry inside it).
    const from = Math.min(starts[i]!, ...splices.map((s) => s.from));
    ends[i] = Math.max(ends[i]!, ...splices.map((s) => s.to));
    const content = applySplices(text, from, ends[i]!, splices);
    // The gap after the entry before: a deleted entry takes its own trailing lines along.
    if (wrote) out += text.slice(Math.min(ends[previous]!, starts[previous + 1]!), starts[previous + 1]!);
    out += content;
    wrote = true;
    previous = i;
  });
  const addedKeys = Object.keys(after).filter((key) => !present.has(key) && after[key] !== undefined);
  const closed = addedKeys.length > 0 && indentedLinesAfter(ctx, node.end, col);
  addedKeys.forEach((key, i) => {
    const value = after[key]!;
    const last = closed && i === addedKeys.length - 1;
    const receives = Array.isArray(value) && value.some((item) => moving.has(nameOf(item)));
    const keyText = createdKeyText(key, `${indent}  `);
    const body = receives ? newSeq(ctx, value as JsonValue[], ctx.seqIndent === 'wide' ? col + 2 : col, moving, last) : valueAfterKey(value, indent, ctx.seqIndent, last);
    out += `${wrote ? `\n${indent}` : ''}${keyText}:${body}`;
    wrote = true;
  });
  placeUnplaced(ctx, moving);
  const lastGone = previous !== pairs.length - 1;
  const reach = Math.max(node.end, ...(previous >= 0 ? [ends[previous]!] : []));
  return { from: pairs[0]!.keyStart, to: lastGone ? Math.max(reach, trailingComments(text, node.end, col)) : reach, text: out };
}

/** Named items of the map's block lists that their list no longer has: a sibling list may take them as they are. */
function leavingItems(node: MapNode, after: { [key: string]: JsonValue }): Leaving {
  const leaving: Leaving = new Map();
  for (const pair of node.pairs) {
    const list = pair.value;
    if (list.k !== 'seq' || list.flow) continue;
    const next = after[pair.key];
    if (next !== undefined && !Array.isArray(next)) continue;
    const kept = new Set((next ?? []).map(nameOf));
    list.items.forEach((item, index) => {
      const name = nameOf(item.value);
      if (name === undefined || kept.has(name) || leaving.has(name)) return;
      leaving.set(name, { list, index, placed: false });
    });
  }
  return leaving;
}

/** A leaving item that no sibling took is deleted: it must not hold an anchor that aliases use. */
function placeUnplaced(ctx: EditContext, moving: Leaving): void {
  for (const moved of moving.values()) if (!moved.placed) guardAnchors(ctx, moved.list.items[moved.index]!);
}

// --- block lists --------------------------------------------------------------------------------------------

export type Match = number | undefined;

/** For each new item, the old item it is (by value, then by `name`, then by position), or undefined. */
export function matchItems(before: readonly JsonValue[], after: readonly JsonValue[]): Match[] {
  const used: boolean[] = new Array(before.length).fill(false);
  let firstUnused = 0;
  const pick = (test: (old: JsonValue) => boolean): number | undefined => {
    while (firstUnused < used.length && used[firstUnused]) firstUnused++;
    for (let i = firstUnused; i < used.length; i++) if (!used[i] && test(before[i]!)) return i;
    return undefined;
  };
  return after.map((value, at) => {
    const name = nameOf(value);
    const same = pick((old) => jsonEqual(old, value));
    const named = same ?? (name !== undefined ? pick((old) => nameOf(old) === name) : undefined);
    const index = named ?? (at < used.length && !used[at] && name === undefined && nameOf(before[at]) === undefined ? at : undefined);
    if (index !== undefined) used[index] = true;
    return index;
  });
}

/** An item's text in its list: its comments above, the dash, the value (with `splices`), up to its line end. */
function itemText(ctx: EditContext, list: SeqNode, index: number, after: JsonValue, edit?: ExplicitList['editItem']): { text: string; end: number } {
  const region = itemRegion(ctx.text, list, index);
  const slot: Slot = { k: 'item', dash: list.dashes[index]!, col: list.col };
  const item = list.items[index]!;
  const splices = edit ? edit(index, slot, item, after) : change(ctx, slot, item, after);
  // A splice may reach past the item (comment lines of a deleted last entry inside it): the item ends there.
  const end = Math.max(region.end, ...splices.map((s) => s.to));
  return { text: applySplices(ctx.text, region.start, end, splices), end };
}

/** An item's place in its list: from its comments above to the end of its last line. */
function itemRegion(text: string, list: SeqNode, index: number): { start: number; end: number } {
  const dash = list.dashes[index]!;
  return {
    start: index === 0 ? attachedStartOfFirst(text, dash, list.col) : attachedStart(text, dash, list.col),
    end: contentEnd(text, Math.max(list.items[index]!.end, dash + 1), index === list.items.length - 1, list.end),
  };
}

/** Comments directly above a list's first dash, when they stand on lines of their own below the list's key. */
function attachedStartOfFirst(text: string, dash: number, col: number): number {
  return onlySpacesBefore(text, dash) ? attachedStart(text, dash, col) : dash;
}

function blockSeq(ctx: EditContext, node: SeqNode, after: readonly JsonValue[], leaving: Leaving | undefined, explicit?: ExplicitList): Splice {
  const { text } = ctx;
  const matched = explicit?.matches ?? matchItems(node.value as JsonValue[], after);
  const indent = spaces(node.col);
  const regions = node.items.map((_, i) => itemRegion(text, node, i));
  const used = new Set<number>();
  for (const m of matched) if (m !== undefined) used.add(m);
  for (let i = 0; i < node.items.length; i++) if (!used.has(i)) guardAnchors(ctx, node.items[i]!);
  // Where each old item's text ended once written (past its region when a splice inside it reached further).
  const ends = regions.map((r) => r.end);
  const gapAfter = (i: number): string => text.slice(Math.min(ends[i]!, regions[i + 1]!.start), regions[i + 1]!.start);
  const parts: string[] = [];
  let previous: Match = undefined;
  after.forEach((value, k) => {
    const index = matched[k];
    const closed = index === undefined && k === after.length - 1 && indentedLinesAfter(ctx, node.end, node.col);
    let piece: string;
    if (index !== undefined) {
      const written = itemText(ctx, node, index, value, explicit?.editItem);
      ends[index] = written.end;
      piece = written.text;
    } else piece = movedOrCreated(ctx, value, node.col, leaving, closed);
    if (k > 0) {
      // Between two old neighbours, what stood between them; else the gap after the item before (a deleted
      // item takes its own trailing lines along), or before this one, or a plain line break.
      if (previous !== undefined && previous + 1 < regions.length) parts.push(gapAfter(previous));
      else if (index !== undefined && index > 0) parts.push(gapAfter(index - 1));
      else parts.push(`\n${indent}`);
    }
    parts.push(piece);
    previous = index;
  });
  // Each item's text is flat already: concatenated, a long list is copied once, when the output is written.
  let out = '';
  for (const part of parts) out += part;
  const last = node.items.length - 1;
  const to = used.has(last) ? Math.max(node.end, ends[last]!) : trailingComments(text, node.end, node.col);
  return { from: regions[0]!.start, to, text: out };
}

/** A new list item: one that moved from a sibling list, as its source text, or a created one. */
function movedOrCreated(ctx: EditContext, value: JsonValue, col: number, leaving: Leaving | undefined, closed = false): string {
  const moved = leaving?.get(nameOf(value));
  if (moved && !moved.placed) {
    moved.placed = true;
    const node = moved.list.items[moved.index]!;
    // An item holding an alias is written out: moved, it could stand before its anchor.
    if (!holdsAlias(node)) return shift(itemText(ctx, moved.list, moved.index, value).text, col - moved.list.col);
    guardAnchors(ctx, node);
  }
  return `- ${printCreatedItem(value, spaces(col + 2), ctx.seqIndent, closed)}`;
}

/** What follows `key:` for a new list at column `col` that may take moved items. */
function newSeq(ctx: EditContext, items: readonly JsonValue[], col: number, leaving: Leaving, closed = false): string {
  const indent = spaces(col);
  return items.map((value, i) => `\n${indent}${movedOrCreated(ctx, value, col, leaving, closed && i === items.length - 1)}`).join('');
}

// --- explicit lists (a ResourceList's items, a List's entries) ----------------------------------------------

function changeListExplicitly(ctx: EditContext, slot: Slot, node: Node, after: readonly JsonValue[], explicit: ExplicitList): Splice[] {
  if (node.k !== 'seq' || after.length === 0 || (node.items.length === 0 && slot.k !== 'flow')) {
    guardAnchors(ctx, node);
    return [replace(ctx, slot, node, after as JsonValue[])];
  }
  return [node.flow ? flowSeq(ctx, node, after, slot, explicit) : blockSeq(ctx, node, after, undefined, explicit)];
}


/** A block scalar header at the end of a line: where a splice may have written one. */
const BLOCK_HEADER = /[|>][-+0-9]*(?: #[^\n]*)?\n/;

/**
 * `change` for a whole item or document, checked: where the new text holds a block scalar, it is read back, and
 * if lines that followed the edit in the source joined the scalar (a comment indented under it, once the keys
 * between were deleted), the item is written again without block scalars. `readBack` gives the value of the text
 * of the node (from `node.start`), or undefined when it does not read.
 */
export function changeChecked(ctx: EditContext, slot: Slot, node: Node, after: JsonValue, readBack: (text: string) => JsonValue | undefined): Splice[] {
  const splices = change(ctx, slot, node, after);
  if (ctx.noBlockScalars || !splices.some((s) => BLOCK_HEADER.test(s.text))) return splices;
  const from = Math.min(node.start, ...splices.map((s) => s.from));
  // With the comment and blank lines that follow the node: those are what a block scalar could take in.
  const written = applySplices(ctx.text, from, node.end, splices) + ctx.text.slice(node.end, gapEnd(ctx.text, node.end));
  const value = readBack(written);
  if (value !== undefined && jsonEqual(value, after)) return splices;
  return change({ ...ctx, noBlockScalars: true }, slot, node, after);
}

