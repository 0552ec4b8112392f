/**
 * The reconcile of a changed item on source nodes: the same decisions as the `yaml` path's reconcile (map keys
 * kept in place, deleted ones dropped, new ones appended; list items matched by value, then by `name`, then by
 * position; a replaced node keeps the comments of the node it replaces), producing output nodes for the
 * printer instead of editing a `yaml` Document. It does not write text.
 */
import type { CreatedNode, OutputNode, OutputPair, SourceNode, SourcePair } from './fast-tree.ts';
import { unsupported } from './fast-scalar.ts';
import type { JsonValue } from './object.ts';
import { isObject, jsonEqual, nameOf } from './object.ts';

function created(value: JsonValue, from?: SourceNode): CreatedNode {
  if (value === undefined) unsupported('an undefined value');
  return { k: 'created', value, style: undefined, sb: from?.sb ?? false, cb: from?.cb, comment: from?.comment };
}

/** Items leaving a block list of a map, by `name`, for a sibling list they move to (`containers` → `initContainers`). */
type Leaving = Map<unknown, { node: SourceNode; before: JsonValue; key: string; listCb: string | undefined; placed?: OutputNode }>;

/** The named items of the map's block lists whose name is not in that list any more (as the `yaml` path's leavingItems). */
function leavingItems(pairs: readonly SourcePair[], before: { [key: string]: JsonValue }, after: { [key: string]: JsonValue }): Leaving {
  const leaving: Leaving = new Map();
  for (const pair of pairs) {
    const old = before[pair.key];
    if (pair.value.k !== 'seq' || !Array.isArray(old)) continue;
    // A list that stays a list or goes away; one replaced by another value keeps its items (`in`, as below).
    const next = after[pair.key];
    if (pair.key in after && !Array.isArray(next)) continue;
    const kept = new Set(((next as JsonValue[] | undefined) ?? []).map(nameOf));
    const items = pair.value.items;
    old.forEach((item, i) => {
      const name = nameOf(item);
      if (name === undefined || kept.has(name) || leaving.has(name)) return;
      // `yaml` keeps a comment above a list's first item on the list (its cb), for carryListComments.
      leaving.set(name, { node: items[i]!, before: item, key: pair.key, listCb: i === 0 ? pair.value.cb : undefined });
    });
  }
  return leaving;
}

/**
 * `yaml` keeps a comment above a list's first item on the list: when that item moved away, the comment goes along
 * (as the `yaml` path's carryListComments). Returns the pairs with the comment taken off the lists it left.
 */
function carryListComments(leaving: Leaving, pairs: OutputPair[]): OutputPair[] {
  const left = new Set<string>();
  for (const moved of leaving.values()) {
    const cb = moved.listCb;
    if (!moved.placed || !cb) continue;
    moved.placed.cb = moved.placed.cb ? `${cb}\n${moved.placed.cb}` : cb;
    left.add(moved.key);
  }
  if (left.size === 0) return pairs;
  return pairs.map((pair) => (pair.k === 'edited' && left.has(pair.pair.key) ? { ...pair, value: { ...pair.value, cb: undefined } } : pair));
}

/** An empty list, emptied or new in a value's place: its comments and blank line go above its key (as the `yaml` path's liftComments). */
function liftComments(pair: OutputPair): OutputPair {
  if (pair.k !== 'edited') return pair;
  const { value } = pair;
  const empty = (value.k === 'eseq' && value.items.length === 0) || (value.k === 'created' && Array.isArray(value.value) && value.value.length === 0);
  if (!empty) return pair;
  const comments = [pair.pair.keyCb, pair.value.cb, pair.value.comment].filter(Boolean);
  if (comments.length === 0 && !pair.value.sb) return pair;
  const keyCb = comments.length > 0 ? comments.join('\n') : undefined;
  return { k: 'edited', pair: { ...pair.pair, keySb: pair.pair.keySb || pair.value.sb, keyCb }, value: { ...pair.value, sb: false, cb: undefined, comment: undefined } };
}

/**
 * Writes a flow collection (its source text) edited from `before` to `after`, on one line, as the `yaml` path
 * does (it edits flow collections in place); throws `Unsupported` when it would not fit on one line.
 */
export type FlowReconciler = (source: string, before: JsonValue, after: JsonValue) => string;

export interface ReconcileContext {
  readonly text: string;
  readonly flow: FlowReconciler;
}

/** The output node for `node` (whose value is `before`) holding `after`; `leaving` as in leavingItems. */
export function reconcile(node: SourceNode, before: JsonValue, after: JsonValue, ctx: ReconcileContext, leaving?: Leaving): OutputNode {
  if (jsonEqual(before, after)) return node;
  const bothMaps = isObject(before) && isObject(after);
  const bothLists = Array.isArray(before) && Array.isArray(after);
  if (node.k === 'flow' && (bothMaps || bothLists)) {
    const text = ctx.flow(ctx.text.slice(node.start, node.end), before, after);
    return { k: 'eflow', text, sb: node.sb, cb: node.cb, comment: node.comment };
  }
  if (node.k === 'map' && bothMaps) return reconcileMap(node.pairs, node, before, after, ctx);
  if (node.k === 'seq' && bothLists) return reconcileSeq(node.items, node, before, after, ctx, leaving);
  const replacement = created(after, node);
  if (node.k === 'scalar' && typeof after === 'string' && (node.style === 'QUOTE_DOUBLE' || node.style === 'QUOTE_SINGLE')) {
    return { ...replacement, style: node.style };
  }
  return replacement;
}

function reconcileMap(
  pairs: readonly SourcePair[],
  node: SourceNode,
  before: { [key: string]: JsonValue },
  after: { [key: string]: JsonValue },
  ctx: ReconcileContext,
): OutputNode {
  const moving = leavingItems(pairs, before, after);
  const out: OutputPair[] = [];
  const position = new Map<string, number>();
  for (const pair of pairs) {
    // `in`, as the `yaml` path tests it (so inherited names such as `toString` count as present).
    if (!(pair.key in after)) continue;
    position.set(pair.key, out.length);
    out.push({ k: 'same', pair });
  }
  for (const key of Object.keys(after)) {
    const value = after[key]!;
    const at = position.get(key);
    if (at === undefined) {
      // A new list that items of a sibling list moved into (`initContainers` made for an adopted sidecar).
      const receives = Array.isArray(value) && value.some((item) => moving.has(nameOf(item)));
      out.push({ k: 'added', key, value: receives ? reconcileSeq([], undefined, [], value as JsonValue[], ctx, moving) : created(value) });
      continue;
    }
    const pair = (out[at] as { pair: SourcePair }).pair;
    const next = reconcile(pair.value, before[key]!, value, ctx, moving);
    out[at] = next === pair.value ? { k: 'same', pair } : { k: 'edited', pair, value: next };
  }
  return { k: 'emap', pairs: carryListComments(moving, out).map(liftComments), sb: node.sb, cb: node.cb, comment: node.comment };
}

function reconcileSeq(
  items: readonly SourceNode[],
  node: SourceNode | undefined,
  before: readonly JsonValue[],
  after: readonly JsonValue[],
  ctx: ReconcileContext,
  leaving?: Leaving,
): OutputNode {
  const used: boolean[] = new Array(before.length).fill(false);
  let firstUnused = 0;
  /** The first unused old item (in order) that `match` accepts, as the `yaml` path's Set iteration finds it. */
  const pick = (match: (old: JsonValue) => boolean): number | undefined => {
    while (firstUnused < used.length && used[firstUnused]) firstUnused++;
    for (let i = firstUnused; i < used.length; i++) if (!used[i] && match(before[i]!)) return i;
    return undefined;
  };
  /** Output position of the first old item when it is kept as the same node (edited in place or unchanged). */
  let firstAt = -1;
  const out: OutputNode[] = after.map((value, at) => {
    const name = nameOf(value);
    const same = pick((old) => jsonEqual(old, value));
    const named = same ?? (name !== undefined ? pick((old) => nameOf(old) === name) : undefined);
    const index = named ?? (at < used.length && !used[at] && name === undefined && nameOf(before[at]) === undefined ? at : undefined);
    if (index === undefined) {
      const moved = leaving?.get(name);
      if (!moved || moved.placed) return created(value);
      // A copy: the list comment it may take along must not land on the source node. A blank line before it
      // belonged between it and its old neighbour.
      moved.placed = { ...reconcile(moved.node, moved.before, value, ctx), sb: false };
      return moved.placed;
    }
    used[index] = true;
    const old = items[index]!;
    const next = reconcile(old, before[index]!, value, ctx);
    if (index === 0 && next.k !== 'created') firstAt = at;
    return next;
  });
  let cb = node?.cb;
  if (cb && firstAt > 0) {
    // `yaml` keeps a comment above the first item on the list itself: it goes along with that item.
    const first = out[firstAt]!;
    first.cb = first.cb ? `${cb}\n${first.cb}` : cb;
    cb = undefined;
  }
  return { k: 'eseq', items: out, sb: node?.sb ?? false, cb, comment: node?.comment };
}
