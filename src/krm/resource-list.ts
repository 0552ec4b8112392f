/**
 * A ResourceList in and out: read into plain objects (values as Go reads them), written back through the one
 * writer, which copies every byte the run did not change. The items are matched by position (the transforms say
 * which item each output is); the `results` are replaced. It does not decide what to change.
 */
import { type JsonValue, type KubeObject, isObject, jsonEqual } from './object.ts';
import { readYamlStream } from './read-yaml.ts';
import { readStream, readSubtree } from './read.ts';
import type { Result } from './result.ts';
import { error, toKrmResult } from './result.ts';
import { printCreated, type SeqIndent } from './print.ts';
import type { MapNode, Node, Stream } from './tree.ts';
import { EditConflict, type EditContext, type ExplicitList, type Slot, applySplices, change, changeChecked, matchLineEnds } from './write.ts';

export { needsQuotingForYaml11 } from './scalar-text.ts';

export interface InputItem {
  readonly index: number;
  /** The item as read (a scalar or list, when the input is wrong), and as the run sees it ({} for a non-object). */
  readonly value: JsonValue;
  readonly object: KubeObject;
}

export interface ResourceListInput {
  readonly items: readonly InputItem[];
  readonly functionConfig?: KubeObject;
  /** Opaque to callers: the source tree the output is written into. */
  readonly source: { readonly stream: Stream; readonly root: MapNode; readonly usedAnchors: ReadonlySet<string> };
}

export type ParseOutcome = { ok: true; list: ResourceListInput; results: Result[] } | { ok: false; message: string };

const RESOURCE_LIST_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1'];

export type StreamOutcome = { ok: true; stream: Stream } | { ok: false; message: string };

/**
 * Reads a YAML stream: the hand-written reader for what manifests are made of, `yaml`'s parser for the rest and
 * for the wording of errors. Both give the same tree (the first may leave collections deeper than `treeDepth`
 * lazy). A leading byte-order mark is skipped.
 */
export function readYaml(rawText: string, treeDepth = Infinity): StreamOutcome {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  if (text.includes('\u0000')) return { ok: false, message: 'not text: it contains NUL bytes' };
  try {
    return { ok: true, stream: readStream(text, treeDepth) };
  } catch {
    // Outside what the hand-written reader reads (or malformed): the other reader decides, and words the error.
  }
  return readYamlStream(text);
}

/** Parses stdin text. Structural problems of single items are results, so the rest still gets processed. */
export function parseResourceList(rawText: string): ParseOutcome {
  if (rawText.trim() === '' || rawText === '\ufeff') return { ok: false, message: 'input is empty: expected a ResourceList on stdin' };
  // The root map and its items list keep their nodes; each item is read in full again only if it is written.
  const read = readYaml(rawText, 2);
  if (!read.ok) return { ok: false, message: `input is ${read.message.startsWith('not') ? '' : 'not valid: '}${read.message}` };
  const docs = read.stream.docs.filter((d) => d.root !== undefined);
  if (docs.length === 0) return { ok: false, message: 'input has no YAML document: expected a ResourceList' };
  if (docs.length > 1) return { ok: false, message: `input has ${docs.length} YAML documents: expected a single ResourceList` };
  const doc = docs[0]!;
  const root = doc.root!;
  if (root.k !== 'map') return { ok: false, message: 'input must be a ResourceList object, not a YAML list or scalar' };
  const value = root.value as { [key: string]: JsonValue };
  const { apiVersion, kind } = value;
  if (kind !== 'ResourceList' || typeof apiVersion !== 'string' || !RESOURCE_LIST_VERSIONS.includes(apiVersion)) {
    return {
      ok: false,
      message: `input must be a ResourceList of apiVersion ${RESOURCE_LIST_VERSIONS.join(' or ')}, not ${JSON.stringify(apiVersion ?? null)} ${JSON.stringify(kind ?? null)}`,
    };
  }
  const itemsValue = Object.prototype.hasOwnProperty.call(value, 'items') ? value.items : null;
  if (itemsValue !== null && itemsValue !== undefined && !Array.isArray(itemsValue)) return { ok: false, message: '`items` of the ResourceList must be a list' };
  const results: Result[] = [];
  const items = ((itemsValue ?? []) as JsonValue[]).map((value, index): InputItem => ({ index, value, object: (isObject(value) ? value : {}) as KubeObject }));
  const functionConfig = Object.prototype.hasOwnProperty.call(value, 'functionConfig') ? value.functionConfig : undefined;
  if (functionConfig !== undefined && functionConfig !== null && !isObject(functionConfig)) {
    results.push(error('INVALID_CONFIG', '`functionConfig` must be an object', undefined, { field: 'functionConfig' }));
  }
  const list: ResourceListInput = {
    items,
    ...(isObject(functionConfig) ? { functionConfig: functionConfig as KubeObject } : {}),
    source: { stream: read.stream, root, usedAnchors: doc.usedAnchors },
  };
  return { ok: true, list, results };
}

/** Reads one YAML (or JSON) value given as text, for config fields that hold structured config. */
export function parseYamlText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const read = readYaml(text);
  if (!read.ok) return { ok: false, error: `is ${read.message}` };
  const docs = read.stream.docs.filter((d) => d.root !== undefined);
  if (docs.length > 1) return { ok: false, error: 'must hold a single YAML document' };
  return { ok: true, value: docs[0]?.root?.value ?? null };
}

/** Sorts map keys all the way down (as Go's sigs.k8s.io/yaml writes maps). */
function sortKeys(value: unknown): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) {
    const out: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(value).sort()) if (value[key] !== undefined) out[key] = sortKeys(value[key]);
    return out;
  }
  return value as JsonValue;
}

/**
 * Block YAML of a plain value with keys sorted, as Go's sigs.k8s.io/yaml writes it (used for the
 * transparent-proxy config that kuma-dp and kumactl read from an annotation).
 */
export function stringifySortedYaml(value: unknown): string {
  return `${printCreated(sortKeys(value), '')}\n`;
}

/** Serializes plain objects as a multi-document YAML stream (for tests and conformance). */
export function stringifyObjects(objects: readonly unknown[]): string {
  return objects.map((object) => `${printCreated(object as JsonValue, '')}\n`).join('---\n');
}

/** A fresh ResourceList when the input could not be read at all (only results in it). */
export function writeErrorResourceList(results: readonly Result[]): string {
  return stringifyObjects([{ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [], results: results.map(toKrmResult) as JsonValue }]);
}

/** What to write for one output item: the input item as is, the input item changed, or a new object. */
export type OutputItem =
  | { readonly kind: 'unchanged'; readonly item: InputItem }
  | { readonly kind: 'changed'; readonly item: InputItem; readonly object: KubeObject }
  | { readonly kind: 'new'; readonly object: KubeObject };

/** The value of a node's new text, read where it stands (at its column), or undefined when it does not read. */
export function readBackAt(text: string, start: number, written: string): JsonValue | undefined {
  const col = start - text.lastIndexOf('\n', start - 1) - 1;
  const read = readYaml(`${' '.repeat(col)}${written}\n`);
  const docs = read.ok ? read.stream.docs.filter((d) => d.root) : [];
  return docs.length === 1 ? docs[0]!.root!.value : undefined;
}

const itemsOf = (root: Node | undefined): Node[] | undefined => {
  const items = root?.k === 'map' ? root.pairs.find((p) => p.key === 'items')?.value : undefined;
  return items?.k === 'seq' ? [...items.items] : undefined;
};

const isLazy = (node: Node): boolean => (node.k === 'map' || node.k === 'seq') && node.lazy === true;

/** Whether a document writes block sequences indented under their key, judged by its first one (as kpt does). */
export function seqIndentOf(text: string, node: Node | undefined): SeqIndent {
  const stack: Node[] = node ? [node] : [];
  while (stack.length > 0) {
    const next = stack.shift()!;
    if (next.k === 'map') {
      for (const pair of next.pairs) {
        const value = pair.value;
        if (value.k === 'seq' && !value.flow && !next.flow) {
          const keyCol = pair.keyStart - text.lastIndexOf('\n', pair.keyStart - 1) - 1;
          return value.col > keyCol ? 'wide' : 'compact';
        }
        stack.push(value);
      }
    } else if (next.k === 'seq') stack.push(...next.items);
  }
  return 'compact';
}

export interface WriteOutcome {
  readonly text: string;
  /** Changes the writer could not make (the item is written unchanged). */
  readonly results: readonly Result[];
}

/** Writes the ResourceList: the input with its `items` and `results` replaced, nothing else touched. */
export function writeResourceList(list: ResourceListInput, outputs: readonly OutputItem[], results: readonly Result[]): WriteOutcome {
  const { stream, root, usedAnchors } = list.source;
  const { text } = stream;
  const itemsNode = root.pairs.find((p) => p.key === 'items')?.value;
  const after = outputs.map((o) => (o.kind === 'unchanged' ? o.item.value : o.object)) as JsonValue[];
  const conflicts: Result[] = [];
  // An item read for its values only is read again in full; should that ever fail, the whole input is read by
  // the other reader, once, and the item taken from there.
  let fallback: Node[] | undefined;
  const fullItem = (index: number, lazy: Node, slot: Slot): Node => {
    try {
      return readSubtree(text, lazy, slot.k === 'item' ? slot.col : -1);
    } catch {
      if (!fallback) {
        const read = readYamlStream(text);
        const items = read.ok ? itemsOf(read.stream.docs.find((d) => d.root)?.root) : undefined;
        if (!items) throw new EditConflict('it could not be read again to be written', lazy.start);
        fallback = items;
      }
      return fallback[index]!;
    }
  };
  const explicit: ExplicitList = {
    matches: outputs.map((o) => (o.kind === 'new' ? undefined : o.item.index)),
    // Each item is written in its own file's sequence style; one that cannot be changed is kept as it was.
    editItem: (index, slot, lazy, value) => {
      if (jsonEqual(lazy.value, value)) return [];
      const node = isLazy(lazy) ? fullItem(index, lazy, slot) : lazy;
      const ctx: EditContext = { text, usedAnchors, seqIndent: seqIndentOf(text, node) };
      try {
        return changeChecked(ctx, slot, node, value, (written) => readBackAt(text, node.start, written));
      } catch (caught) {
        if (!(caught instanceof EditConflict)) throw caught;
        conflicts.push(error('YAML_ANCHOR_CONFLICT', `cannot write the change: ${caught.message}`, list.items[index]?.object, { field: `items[${index}]` }));
        return [];
      }
    },
  };
  const ctx: EditContext = { text, usedAnchors, seqIndent: 'compact', explicit: new WeakMap([[after, explicit]]) };
  const write = (extra: readonly Result[]): string => {
    const all = [...results, ...extra].map(toKrmResult) as JsonValue[];
    const rootValue = root.value as { [key: string]: JsonValue };
    const next: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(rootValue)) {
      if (key === 'items') next.items = after;
      else if (key !== 'results') next[key] = rootValue[key]!;
      else if (all.length > 0) next.results = all;
    }
    if (!itemsNode) next.items = after;
    if (all.length > 0) next.results = all;
    const splices = change(ctx, { k: 'root', col: Math.max(0, root.col) }, root, next);
    return matchLineEnds(text, text.slice(0, root.start) + applySplices(text, root.start, root.end, splices) + text.slice(root.end));
  };
  const first = write([]);
  if (conflicts.length === 0) return { text: first, results: [] };
  // A change that could not be made is an error result: written again with it.
  const found = [...conflicts];
  return { text: write(found), results: found };
}
