/**
 * The only module that knows YAML. It reads a ResourceList into plain objects, and writes one back: untouched
 * items keep their nodes (comments, key order, scalar styles), changed items are reconciled into their nodes
 * with the smallest edit, and every scalar we create is quoted where YAML 1.1 readers (kubectl, Argo CD) would
 * read it as something other than a string. It does not decide what to change.
 */
import {
  Document,
  Scalar,
  YAMLMap,
  YAMLSeq,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  visit,
  type Node as YamlNode,
} from 'yaml';
import type { JsonValue, KubeObject } from './object.ts';
import { isObject } from './object.ts';
import type { Result } from './result.ts';
import { error, toKrmResult } from './result.ts';

export interface InputItem {
  readonly index: number;
  readonly node: YamlNode;
  readonly object: KubeObject;
}

export interface ResourceListInput {
  readonly doc: Document;
  readonly items: readonly InputItem[];
  readonly functionConfig?: KubeObject;
  /** The input was JSON (flow style): the output is converted to block style. */
  readonly wasFlow: boolean;
}

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
export function parseResourceList(rawText: string): ParseOutcome {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
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
  for (const [index, node] of seq.items.entries()) {
    const object = (node as YamlNode).toJS(doc, TO_JS) as unknown;
    const problemOfItem = itemProblem(object);
    if (problemOfItem) {
      results.push(
        error('INVALID_INPUT', problemOfItem.message, isObject(object) ? (object as KubeObject) : undefined, {
          field: `items[${index}]${problemOfItem.field ? `.${problemOfItem.field}` : ''}`,
        }),
      );
    }
    items.push({ index, node: node as YamlNode, object: (isObject(object) ? object : {}) as KubeObject });
  }
  const fcNode = root.get('functionConfig', true);
  const functionConfig = fcNode === undefined ? undefined : ((fcNode as YamlNode).toJS(doc, TO_JS) as unknown);
  const list: ResourceListInput = {
    doc,
    items,
    wasFlow: root.flow === true,
    ...(isObject(functionConfig) ? { functionConfig: functionConfig as KubeObject } : {}),
  };
  if (functionConfig !== undefined && functionConfig !== null && !isObject(functionConfig)) {
    results.push(error('INVALID_CONFIG', '`functionConfig` must be an object', undefined, { field: 'functionConfig' }));
  }
  return { ok: true, list, results };
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
  const { doc } = list;
  const root = doc.contents as unknown as YAMLMap<unknown, unknown>;
  const seq = root.get('items', true) as unknown as YAMLSeq;
  seq.flow = outputs.length === 0;
  seq.items = outputs.map((output) => {
    switch (output.kind) {
      case 'unchanged':
        return output.item.node;
      case 'changed':
        return reconcile(doc, output.item.node, output.item.object, output.object);
      case 'new':
        return createNode(doc, output.object);
    }
  });
  for (const node of seq.items) keepHeadCommentOnItem(node as YamlNode);
  if (results.length > 0) root.set('results', createNode(doc, results.map(toKrmResult) as JsonValue));
  else root.delete('results');
  if (list.wasFlow) {
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
  return doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: false, flowCollectionPadding: false });
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

const YAML11_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|<<|=)$/;
const YAML11_INT = /^[-+]?(?:0b[01]+|0o?[0-7]+|0x[0-9a-fA-F]+|[0-9]+)$/;
const YAML11_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const YAML11_SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const YAML11_SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const YAML11_TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt \t]|$)/;

export function needsQuotingForYaml11(value: string): boolean {
  if (YAML11_WORDS.test(value) || YAML11_SPECIAL_FLOAT.test(value)) return true;
  if (YAML11_SEXAGESIMAL.test(value) || YAML11_TIMESTAMP.test(value)) return true;
  const digits = value.replace(/_/g, '');
  return digits !== '' && (YAML11_INT.test(digits) || YAML11_FLOAT.test(digits));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, i) => deepEqual(v, other[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as never)[k], (b as never)[k]));
}

/** Carries comments and blank lines from a node we replace to its replacement. */
function carryDecorations(from: YamlNode, to: YamlNode): YamlNode {
  if (from.commentBefore && !to.commentBefore) to.commentBefore = from.commentBefore;
  if (from.comment && !to.comment) to.comment = from.comment;
  if (from.spaceBefore) to.spaceBefore = true;
  return to;
}

/**
 * Edits `node` (whose plain value is `before`) so that it holds `after`, keeping everything that did not change:
 * map keys in their order, list items matched by value, then by `name`, so comments stay with what they describe.
 */
export function reconcile(doc: Document, node: YamlNode, before: unknown, after: unknown): YamlNode {
  if (deepEqual(before, after)) return node;
  if (isMap(node) && isObject(before) && isObject(after)) {
    for (const pair of [...node.items]) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof key !== 'string' || !(key in after)) node.delete(pair.key);
    }
    for (const [key, value] of Object.entries(after)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (pair && pair.value !== null && typeof pair.value === 'object') {
        pair.value = reconcile(doc, pair.value as YamlNode, before[key], value);
      } else if (pair) {
        pair.value = createNode(doc, value);
      } else {
        node.add(doc.createPair(key, null));
        const added = node.items[node.items.length - 1]!;
        added.value = createNode(doc, value);
      }
    }
    return node;
  }
  if (isSeq(node) && Array.isArray(before) && Array.isArray(after)) {
    const unused = new Set(before.map((_, i) => i));
    const nameOf = (v: unknown): unknown => (isObject(v) ? v.name : undefined);
    const pick = (match: (old: unknown) => boolean): number | undefined => {
      for (const i of unused) if (match(before[i])) return i;
      return undefined;
    };
    const firstOld = node.items[0] as YamlNode | undefined;
    node.items = after.map((value, position) => {
      const same = pick((old) => deepEqual(old, value));
      const named = same ?? (nameOf(value) !== undefined ? pick((old) => nameOf(old) === nameOf(value)) : undefined);
      const positional = named ?? (unused.has(position) && nameOf(value) === undefined && nameOf(before[position]) === undefined ? position : undefined);
      if (positional === undefined) return createNode(doc, value);
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
