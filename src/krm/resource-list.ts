/**
 * Reads a ResourceList into plain objects and writes one back: untouched items keep their bytes, changed items
 * are reconciled into their nodes with the smallest edit (comments, key order, scalar styles kept), and every
 * scalar we create is quoted where YAML 1.1 readers (kubectl, Argo CD) would read something other than a string.
 * Common input takes the fast text path (fast-*.ts); anything else, the `yaml` Document path, with equal bytes.
 * It does not decide what to change.
 */
import {
  Document,
  Scalar,
  YAMLMap,
  YAMLSeq,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  visit,
  type Node as YamlNode,
} from 'yaml';
import { type FastList, type FastOutput, readFast, writeFast } from './fast-list.ts';
import { Unsupported, needsQuotingForYaml11 } from './fast-scalar.ts';
import type { JsonValue, KubeObject } from './object.ts';
import { isObject, jsonEqual, nameOf } from './object.ts';
import type { Result } from './result.ts';
import { error, toKrmResult } from './result.ts';

export { needsQuotingForYaml11 };

export interface InputItem {
  readonly index: number;
  readonly object: KubeObject;
}

/** How the input was read: by the fast path (text and offsets), or as a `yaml` Document. */
type Source =
  | { readonly kind: 'fast'; readonly list: FastList }
  | { readonly kind: 'yaml'; readonly doc: Document; readonly nodes: readonly YamlNode[]; readonly wasFlow: boolean };

export interface ResourceListInput {
  readonly items: readonly InputItem[];
  readonly functionConfig?: KubeObject;
  /** The input text (BOM removed), for the `yaml` path when the fast path cannot write the output. */
  readonly text: string;
  /** Opaque to callers. */
  readonly source: Source;
}

export interface YamlPathOptions {
  /** Use the `yaml` Document path even where the fast path applies (tests and benchmarks compare the two). */
  readonly yamlPath?: boolean;
}

/** How often each path ran in this process (tests and the benchmark check that the fast path was taken). */
export const yamlPathStats = { fastRead: 0, yamlRead: 0, fastWrite: 0, yamlWrite: 0, lastFallback: '' };

/** KUMA_INJECT_YAML_PATH=yaml forces the `yaml` path in the built function (to compare outputs, and as an escape hatch). */
const forcedYamlPath = (options: YamlPathOptions | undefined): boolean =>
  options?.yamlPath ?? (typeof process !== 'undefined' && process.env.KUMA_INJECT_YAML_PATH === 'yaml');

export type ParseOutcome =
  | { ok: true; list: ResourceListInput; results: Result[] }
  | { ok: false; message: string };

const RESOURCE_LIST_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1'];

const PARSE_OPTIONS = { uniqueKeys: true, maxAliasCount: 100, prettyErrors: true, keepSourceTokens: false } as const;
const TO_JS = { maxAliasCount: 100 } as const;

function firstError(doc: Document): string | undefined {
  const problem = doc.errors[0];
  if (!problem) return undefined;
  // With prettyErrors the first line already ends with "at line L, column C:".
  return problem.message.split('\n')[0]!.replace(/:$/, '');
}

/** Parses stdin text. Structural problems of single items are results, so the rest still gets processed. */
export function parseResourceList(rawText: string, options?: YamlPathOptions): ParseOutcome {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  if (!forcedYamlPath(options) && text === rawText) {
    const fast = parseFast(text);
    if (fast) {
      yamlPathStats.fastRead++;
      return fast;
    }
  }
  yamlPathStats.yamlRead++;
  try {
    const slow = parseSlow(text);
    return slow.ok ? slow : { ok: false, message: exhaustion(slow.message) ?? slow.message };
  } catch (caught) {
    const explained = exhaustion(caught instanceof Error ? caught.message : String(caught));
    if (explained) return { ok: false, message: explained };
    throw caught;
  }
}

/** Resource exhaustion while reading is the input's fault, not a bug: what to tell the user, for any YAML reader. */
export function exhaustion(message: string): string | undefined {
  if (/Excessive alias count/.test(message)) return 'input expands YAML aliases too often (an alias bomb?): write the values out';
  if (/Maximum call stack size exceeded/.test(message)) return 'input nests too deeply to read: Kubernetes objects are never thousands of levels deep';
  return undefined;
}

/** The fast path, for a well-formed ResourceList in the subset it reads; undefined sends the input to `yaml`. */
function parseFast(text: string): ParseOutcome | undefined {
  let list: FastList;
  try {
    list = readFast(text);
  } catch (caught) {
    // Unsupported input, or a fault of the fast path: the `yaml` path reads it (and reports what is wrong with it).
    yamlPathStats.lastFallback = `read: ${caught instanceof Error ? caught.message : String(caught)}`;
    return undefined;
  }
  const { root } = list;
  if (root.kind !== 'ResourceList' || typeof root.apiVersion !== 'string' || !RESOURCE_LIST_VERSIONS.includes(root.apiVersion)) return undefined;
  const results: Result[] = [];
  const items = list.items.map((item, index) => {
    const problem = itemProblem(item.object);
    if (problem) results.push(itemError(index, problem, item.object));
    return { index, object: item.object };
  });
  const functionConfig = Object.prototype.hasOwnProperty.call(root, 'functionConfig') ? root.functionConfig : undefined;
  return finish({ items, text, source: { kind: 'fast', list } }, functionConfig, results);
}

function itemError(index: number, problem: { message: string; field?: string }, object: unknown): Result {
  return error('INVALID_INPUT', problem.message, isObject(object) ? (object as KubeObject) : undefined, {
    field: `items[${index}]${problem.field ? `.${problem.field}` : ''}`,
  });
}

function finish(
  base: Omit<ResourceListInput, 'functionConfig'>,
  functionConfig: unknown,
  results: Result[],
): ParseOutcome {
  const list: ResourceListInput = { ...base, ...(isObject(functionConfig) ? { functionConfig: functionConfig as KubeObject } : {}) };
  if (functionConfig !== undefined && functionConfig !== null && !isObject(functionConfig)) {
    results.push(error('INVALID_CONFIG', '`functionConfig` must be an object', undefined, { field: 'functionConfig' }));
  }
  return { ok: true, list, results };
}

/** The `yaml` Document path: reads anything YAML, and gives the messages for what is not a ResourceList. */
function parseSlow(text: string): ParseOutcome {
  if (text.trim() === '') return { ok: false, message: 'input is empty: expected a ResourceList on stdin' };
  if (text.includes('\u0000')) return { ok: false, message: 'input is not text: it contains NUL bytes' };
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  if (!Array.isArray(docs)) return { ok: false, message: 'input has no YAML document: expected a ResourceList' };
  const nonEmpty = docs.filter((d) => d.contents !== null || d.errors.length > 0);
  const doc = nonEmpty[0];
  if (!doc) return { ok: false, message: 'input has no YAML document: expected a ResourceList' };
  const problem = firstError(doc);
  if (problem) return { ok: false, message: `input is not valid YAML: ${problem}` };
  if (nonEmpty.length > 1) {
    return { ok: false, message: `input has ${nonEmpty.length} YAML documents: expected a single ResourceList` };
  }
  const root = doc.contents as unknown;
  if (!isMap<unknown, unknown>(root)) return { ok: false, message: 'input must be a ResourceList object, not a YAML list or scalar' };
  const apiVersion = root.get('apiVersion');
  const kind = root.get('kind');
  if (kind !== 'ResourceList' || typeof apiVersion !== 'string' || !RESOURCE_LIST_VERSIONS.includes(apiVersion)) {
    return {
      ok: false,
      message: `input must be a ResourceList of apiVersion ${RESOURCE_LIST_VERSIONS.join(' or ')}, not ${JSON.stringify(
        apiVersion ?? null,
      )} ${JSON.stringify(kind ?? null)}`,
    };
  }
  const itemsNode = root.get('items', true);
  if (itemsNode === undefined || (isScalar(itemsNode) && itemsNode.value === null)) {
    root.set('items', new YAMLSeq());
  } else if (!isSeq(itemsNode)) {
    return { ok: false, message: '`items` of the ResourceList must be a list' };
  }
  const seq = root.get('items', true) as unknown as YAMLSeq;
  const results: Result[] = [];
  const items: InputItem[] = [];
  const nodes = seq.items as YamlNode[];
  for (const [index, node] of nodes.entries()) {
    const object = node.toJS(doc, TO_JS) as unknown;
    const problemOfItem = itemProblem(object);
    if (problemOfItem) results.push(itemError(index, problemOfItem, object));
    items.push({ index, object: (isObject(object) ? object : {}) as KubeObject });
  }
  const fcNode = root.get('functionConfig', true);
  const functionConfig = fcNode === undefined ? undefined : ((fcNode as YamlNode).toJS(doc, TO_JS) as unknown);
  return finish({ items, text, source: { kind: 'yaml', doc, nodes, wasFlow: root.flow === true } }, functionConfig, results);
}

function itemProblem(object: unknown): { message: string; field?: string } | undefined {
  if (!isObject(object)) return { message: 'every item must be a Kubernetes object (a map), not a list or scalar' };
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '') {
    return { message: 'item has no `apiVersion`', field: 'apiVersion' };
  }
  if (typeof object.kind !== 'string' || object.kind === '') return { message: 'item has no `kind`', field: 'kind' };
  const metadata = object.metadata;
  if (!isObject(metadata)) return { message: 'item has no `metadata`', field: 'metadata' };
  const hasName = typeof metadata.name === 'string' && metadata.name !== '';
  const hasGenerateName = typeof metadata.generateName === 'string' && metadata.generateName !== '';
  if (!hasName && !hasGenerateName) return { message: 'item has no `metadata.name`', field: 'metadata.name' };
  return undefined;
}

/** Parses a YAML (or JSON) value given as text, for ConfigMap fields that hold structured config. */
export function parseYamlText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  if (!Array.isArray(docs) || docs.length === 0) return { ok: true, value: null };
  if (docs.length > 1) return { ok: false, error: 'must hold a single YAML document' };
  const doc = docs[0]!;
  const problem = firstError(doc);
  if (problem) return { ok: false, error: `is not valid YAML: ${problem}` };
  return { ok: true, value: doc.toJS(TO_JS) as unknown };
}

/**
 * Block YAML of a plain value with keys sorted, as Go's sigs.k8s.io/yaml writes it (used for the
 * transparent-proxy config that kuma-dp and kumactl read from an annotation).
 */
export function stringifySortedYaml(value: unknown): string {
  const doc = new Document(value, { sortMapEntries: true, aliasDuplicateObjects: false });
  quoteForYaml11(doc.contents as YamlNode);
  return doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: false });
}

/** What to write for one output item: the input item as is, the input item changed, or a new object. */
export type OutputItem =
  | { readonly kind: 'unchanged'; readonly item: InputItem }
  | { readonly kind: 'changed'; readonly item: InputItem; readonly object: KubeObject }
  | { readonly kind: 'new'; readonly object: KubeObject };

/** Writes the ResourceList: the input document with its `items` and `results` replaced. */
export function writeResourceList(list: ResourceListInput, outputs: readonly OutputItem[], results: readonly Result[]): string {
  const { source } = list;
  if (source.kind === 'fast') {
    const fast = source.list;
    const fastOutputs = outputs.map((output): FastOutput => {
      if (output.kind === 'new') return output;
      const item = fast.items[output.item.index]!;
      return output.kind === 'unchanged' ? { kind: 'unchanged', item } : { kind: 'changed', item, object: output.object };
    });
    try {
      const text = writeFast(fast, fastOutputs, results.map(toKrmResult) as JsonValue[], reconcileFlow);
      yamlPathStats.fastWrite++;
      return text;
    } catch (caught) {
      // Unsupported output (a rare value or edit), or a fault of the fast path: the `yaml` path writes it, from
      // the same text; the item objects are equal on both paths, so the transforms' outputs apply as they are.
      yamlPathStats.lastFallback = `write: ${caught instanceof Error ? caught.message : String(caught)}`;
    }
    const reread = parseSlow(list.text);
    if (!reread.ok || reread.list.source.kind !== 'yaml') throw new Error('the yaml path cannot re-read an input the fast path read');
    return writeYaml(reread.list.source, outputs, results);
  }
  return writeYaml(source, outputs, results);
}

/**
 * A flow collection edited by the fast path's reconcile: this path's reconcile on the collection alone, which
 * `yaml` writes on one line wherever it stands (a document marker in a string would change that: left to `yaml`).
 */
function reconcileFlow(source: string, before: JsonValue, after: JsonValue): string {
  const doc = parseAllDocuments(source, PARSE_OPTIONS)[0] as Document | undefined;
  if (!doc || doc.errors.length > 0) throw new Unsupported('a flow collection that does not read back');
  doc.contents = reconcile(doc, doc.contents as YamlNode, before, after) as never;
  const text = doc.toString(STRINGIFY).slice(0, -1);
  if (text.includes('\n') || hasDocumentMarker(after)) throw new Unsupported('a flow collection that is not one line');
  return text;
}

const hasDocumentMarker = (value: unknown): boolean =>
  typeof value === 'string'
    ? /^(?:%|---|\.\.\.)/m.test(value)
    : typeof value === 'object' && value !== null && Object.entries(value).some(([k, v]) => hasDocumentMarker(k) || hasDocumentMarker(v));

const STRINGIFY = { lineWidth: 0, minContentWidth: 0, indentSeq: false, flowCollectionPadding: false } as const;

function writeYaml(source: Extract<Source, { kind: 'yaml' }>, outputs: readonly OutputItem[], results: readonly Result[]): string {
  yamlPathStats.yamlWrite++;
  const { doc, nodes } = source;
  const root = doc.contents as unknown as YAMLMap<unknown, unknown>;
  const seq = root.get('items', true) as unknown as YAMLSeq;
  seq.flow = outputs.length === 0;
  seq.items = outputs.map((output) => {
    switch (output.kind) {
      case 'unchanged':
        return nodes[output.item.index]!;
      case 'changed':
        return reconcile(doc, nodes[output.item.index]!, output.item.object, output.object);
      case 'new':
        return createNode(doc, output.object);
    }
  });
  for (const node of seq.items) keepHeadCommentOnItem(node as YamlNode);
  if (results.length > 0) root.set('results', createNode(doc, results.map(toKrmResult) as JsonValue));
  else root.delete('results');
  if (source.wasFlow) {
    // JSON in, YAML out: block collections, and quotes only where a string needs them.
    visit(doc, {
      Map: (_, node) => void (node.flow = false),
      Seq: (_, node) => void (node.flow = false),
      Scalar: (_, node) => {
        if (typeof node.value === 'string' && node.type === Scalar.QUOTE_DOUBLE) {
          node.type = needsQuotingForYaml11(node.value) ? Scalar.QUOTE_DOUBLE : undefined;
        }
      },
    });
  }
  return doc.toString(STRINGIFY);
}

/** Writes a fresh ResourceList when the input could not be read at all (only results in it). */
export function writeErrorResourceList(results: readonly Result[]): string {
  const doc = new Document();
  doc.contents = createNode(doc, {
    apiVersion: 'config.kubernetes.io/v1',
    kind: 'ResourceList',
    items: [],
    results: results.map(toKrmResult) as JsonValue,
  }) as YAMLMap;
  return doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: false });
}

/** Serializes plain objects as a multi-document YAML stream (for CLI output and tests). */
export function stringifyObjects(objects: readonly unknown[]): string {
  return objects
    .map((object) => {
      const doc = new Document();
      doc.contents = createNode(doc, object as JsonValue);
      return doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: false });
    })
    .join('---\n');
}

/**
 * kpt sends an item's head comment as `- # comment`; `yaml` would print it above the `- `, where kpt's comment
 * restore then duplicates it in the file. Moving it onto the first key prints it where it came from.
 */
function keepHeadCommentOnItem(node: YamlNode): void {
  if (!isMap(node) || !node.commentBefore || node.flow) return;
  const first = node.items[0];
  if (!first || !isScalar(first.key)) return;
  first.key.commentBefore = first.key.commentBefore ? `${node.commentBefore}\n${first.key.commentBefore}` : node.commentBefore;
  node.commentBefore = undefined;
}

function createNode(doc: Document, value: unknown): YamlNode {
  const node = doc.createNode(value, { aliasDuplicateObjects: false }) as YamlNode;
  quoteForYaml11(node);
  return node;
}

/** Double-quotes plain strings that a YAML 1.1 reader would take for a bool, number, null or timestamp. */
function quoteForYaml11(node: YamlNode): void {
  visit(node, {
    Scalar: (_, scalar) => {
      if (typeof scalar.value === 'string' && !scalar.type && needsQuotingForYaml11(scalar.value)) {
        scalar.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
}

/** Carries comments and blank lines from a node we replace to its replacement. */
function carryDecorations(from: YamlNode, to: YamlNode): YamlNode {
  if (from.commentBefore && !to.commentBefore) to.commentBefore = from.commentBefore;
  if (from.comment && !to.comment) to.comment = from.comment;
  if (from.spaceBefore) to.spaceBefore = true;
  return to;
}

/** Items leaving a block list of a map, by `name`, for a sibling list they move to (`containers` → `initContainers`). */
type Leaving = Map<unknown, { node: YamlNode; before: unknown; list: YAMLSeq; first: boolean; placed?: YamlNode }>;

/**
 * The named items of the map's block lists whose name is not in that list any more: when one turns up in a
 * sibling list, it is the same item moved, and keeps its comments and formatting. The fast path finds the same.
 */
function leavingItems(node: YAMLMap, before: { [key: string]: unknown }, after: { [key: string]: unknown }): Leaving {
  const leaving: Leaving = new Map();
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    const list = pair.value;
    if (typeof key !== 'string' || !isSeq(list) || list.flow || !Array.isArray(before[key])) continue;
    // A list that stays a list or goes away; one replaced by another value keeps its items (`in`, as below).
    if (key in after && !Array.isArray(after[key])) continue;
    const kept = new Set(((after[key] as unknown[] | undefined) ?? []).map(nameOf));
    (before[key] as unknown[]).forEach((old, i) => {
      const name = nameOf(old);
      if (name === undefined || kept.has(name) || leaving.has(name)) return;
      // An item holding an anchor or alias is written anew: moved, it could stand before its anchor.
      const node = list.items[i] as YamlNode;
      if (hasAnchorOrAlias(node)) return;
      leaving.set(name, { node, before: old, list, first: i === 0 });
    });
  }
  return leaving;
}

function hasAnchorOrAlias(node: YamlNode): boolean {
  let found = false;
  visit(node, (_, child) => {
    if (isAlias(child) || ((isScalar(child) || isCollection(child)) && child.anchor)) {
      found = true;
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

/**
 * A block list that became empty, or an empty list that took the place of a value, is written `[]` after its key; `yaml` would write its comments and a blank line
 * before it around that `[]` at the key's indentation, which is not YAML. They go above the key instead (the fast
 * path does the same).
 */
function liftComments(key: Scalar, list: YAMLSeq): void {
  const comments = [key.commentBefore, list.commentBefore, list.comment].filter(Boolean);
  if (list.spaceBefore) key.spaceBefore = true;
  list.spaceBefore = false;
  if (comments.length === 0) return;
  key.commentBefore = comments.join('\n');
  list.commentBefore = undefined;
  list.comment = undefined;
}

/** `yaml` keeps a comment above a list's first item on the list: when that item moved away, the comment goes along. */
function carryListComments(leaving: Leaving): void {
  for (const moved of leaving.values()) {
    const { placed } = moved;
    if (!placed || !moved.first || !moved.list.commentBefore) continue;
    placed.commentBefore = placed.commentBefore ? `${moved.list.commentBefore}\n${placed.commentBefore}` : moved.list.commentBefore;
    moved.list.commentBefore = undefined;
  }
}

/**
 * Edits `node` (whose plain value is `before`) so that it holds `after`, keeping everything that did not change:
 * map keys in their order, list items matched by value, then by `name`, so comments stay with what they describe.
 * `leaving` holds the items a sibling list of a block list lost (see leavingItems).
 */
export function reconcile(doc: Document, node: YamlNode, before: unknown, after: unknown, leaving?: Leaving): YamlNode {
  if (jsonEqual(before, after)) return node;
  if (isMap(node) && isObject(before) && isObject(after)) {
    const moving = leavingItems(node, before, after);
    for (const pair of [...node.items]) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof key !== 'string' || !(key in after)) node.delete(pair.key);
    }
    for (const [key, value] of Object.entries(after)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (pair && pair.value !== null && typeof pair.value === 'object') {
        pair.value = reconcile(doc, pair.value as YamlNode, before[key], value, moving);
      } else if (pair) {
        pair.value = createNode(doc, value);
      } else {
        node.add(doc.createPair(key, null));
        const added = node.items[node.items.length - 1]!;
        // A new list that items of a sibling list moved into (`initContainers` made for an adopted sidecar).
        const receives = Array.isArray(value) && value.some((item) => moving.has(nameOf(item)));
        added.value = receives ? reconcile(doc, createNode(doc, []), [], value, moving) : createNode(doc, value);
      }
    }
    carryListComments(moving);
    for (const pair of node.items) {
      if (isScalar(pair.key) && isSeq(pair.value) && !pair.value.flow && pair.value.items.length === 0) liftComments(pair.key, pair.value);
    }
    return node;
  }
  if (isSeq(node) && Array.isArray(before) && Array.isArray(after)) {
    const unused = new Set(before.map((_, i) => i));
    const pick = (match: (old: unknown) => boolean): number | undefined => {
      for (const i of unused) if (match(before[i])) return i;
      return undefined;
    };
    const firstOld = node.items[0] as YamlNode | undefined;
    node.items = after.map((value, position) => {
      const same = pick((old) => jsonEqual(old, value));
      const named = same ?? (nameOf(value) !== undefined ? pick((old) => nameOf(old) === nameOf(value)) : undefined);
      const positional = named ?? (unused.has(position) && nameOf(value) === undefined && nameOf(before[position]) === undefined ? position : undefined);
      if (positional === undefined) {
        const moved = node.flow ? undefined : leaving?.get(nameOf(value));
        if (!moved || moved.placed) return createNode(doc, value);
        moved.placed = reconcile(doc, moved.node, moved.before, value);
        // A blank line before it belonged between it and its old neighbour.
        moved.placed.spaceBefore = false;
        return moved.placed;
      }
      unused.delete(positional);
      return reconcile(doc, node.items[positional] as YamlNode, before[positional], value);
    });
    // `yaml` keeps a comment above the first item on the list itself: it belongs to that item, so it moves along.
    const moved = firstOld ? node.items.indexOf(firstOld) : -1;
    if (node.commentBefore && moved > 0 && firstOld) {
      firstOld.commentBefore = firstOld.commentBefore ? `${node.commentBefore}\n${firstOld.commentBefore}` : node.commentBefore;
      node.commentBefore = undefined;
    }
    return node;
  }
  const replacement = createNode(doc, after);
  if (isScalar(node) && isScalar(replacement) && typeof after === 'string' && node.type && node.type !== 'PLAIN') {
    if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') replacement.type = node.type;
  }
  return carryDecorations(node, replacement);
}
