/**
 * A folder of YAML files (a kpt package) to a ResourceList and back, the way kpt does it: every document becomes
 * an item annotated with its file path and index, comments and all; the output items are written back to their
 * files in index order, with those annotations removed. Items without a path get kpt's default file name.
 */
import { Document, YAMLMap, YAMLSeq, isMap, isScalar, isSeq, parseAllDocuments, visit, type Node as YamlNode } from 'yaml';
import type { KubeObject } from './object.ts';

export interface PackageFile {
  readonly path: string;
  readonly text: string;
}

const PATH_KEYS = ['config.kubernetes.io/path', 'internal.config.kubernetes.io/path'] as const;
const INDEX_KEYS = ['config.kubernetes.io/index', 'internal.config.kubernetes.io/index'] as const;
const SEQ_INDENT_KEY = 'internal.config.kubernetes.io/seqindent';
const OWN_KEYS = [...PATH_KEYS, ...INDEX_KEYS, SEQ_INDENT_KEY];

const STRINGIFY = { lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false } as const;

/**
 * Whether a file indents block sequences under their key (`wide`) or not (`compact`), judged by the first
 * block sequence that is the value of a key, as kpt does; files are written back in the same style.
 */
export function sequenceIndentOf(text: string): 'wide' | 'compact' {
  const column = (offset: number): number => offset - text.lastIndexOf('\n', offset - 1) - 1;
  let style: 'wide' | 'compact' | undefined;
  const docs = parseAllDocuments(text);
  for (const doc of Array.isArray(docs) ? docs : []) {
    visit(doc, {
      Pair: (_, pair) => {
        const value = pair.value as YamlNode | null;
        if (!isSeq(value) || value.flow || !isScalar(pair.key) || !pair.key.range || !value.range) return undefined;
        style = column(value.range[0]) > column(pair.key.range[0]) ? 'wide' : 'compact';
        return visit.BREAK;
      },
    });
    if (style) return style;
  }
  return 'compact';
}

function setAnnotation(node: YAMLMap, key: string, value: string): void {
  let metadata = node.get('metadata', true) as unknown;
  if (!isMap(metadata)) {
    metadata = new YAMLMap();
    node.set('metadata', metadata);
  }
  let annotations = (metadata as YAMLMap).get('annotations', true) as unknown;
  if (!isMap(annotations)) {
    annotations = new YAMLMap();
    (metadata as YAMLMap).set('annotations', annotations);
  }
  (annotations as YAMLMap).set(key, value);
}

/** Reads YAML files into a ResourceList text, with path and index annotations, keeping comments. */
export function packageToResourceList(files: readonly PackageFile[], functionConfig?: KubeObject): string {
  const list = new Document({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList' });
  const items = new YAMLSeq();
  for (const file of files) {
    const docs = parseAllDocuments(file.text, { uniqueKeys: true });
    if (!Array.isArray(docs)) continue;
    let index = 0;
    const seqIndent = sequenceIndentOf(file.text);
    for (const doc of docs) {
      if (doc.errors.length > 0) throw new Error(`${file.path}: ${doc.errors[0]!.message.split('\n')[0]}`);
      const node = doc.contents as unknown;
      if (!isMap(node)) {
        if (node !== null) index++;
        continue;
      }
      for (const key of PATH_KEYS) setAnnotation(node as YAMLMap, key, file.path);
      for (const key of INDEX_KEYS) setAnnotation(node as YAMLMap, key, String(index));
      setAnnotation(node as YAMLMap, SEQ_INDENT_KEY, seqIndent);
      // A document's head comment travels on its first key, as kpt sends it (`- # comment`).
      const head = [doc.commentBefore, (node as YAMLMap).commentBefore].filter(Boolean).join('\n');
      const first = (node as YAMLMap).items[0];
      if (head && first && isScalar(first.key)) {
        first.key.commentBefore = first.key.commentBefore ? `${head}\n${first.key.commentBefore}` : head;
        (node as YAMLMap).commentBefore = undefined;
      }
      items.items.push(node);
      index++;
    }
  }
  list.set('items', items);
  if (functionConfig) list.set('functionConfig', list.createNode(functionConfig));
  return list.toString({ ...STRINGIFY, indentSeq: false });
}

function annotationOf(node: YAMLMap, key: string): string | undefined {
  const value = node.getIn(['metadata', 'annotations', key]);
  return typeof value === 'string' ? value : undefined;
}

/** kpt's name for a new object without a path: `<namespace>/<kind>_<name>.yaml`, lower-case kind. */
function defaultPath(node: YAMLMap): string {
  const kind = String(node.get('kind') ?? '').toLowerCase();
  const name = String(node.getIn(['metadata', 'name']) ?? '');
  const namespace = node.getIn(['metadata', 'namespace']);
  return `${typeof namespace === 'string' && namespace ? `${namespace}/` : ''}${kind}_${name}.yaml`;
}

function removeOwnAnnotations(node: YAMLMap): void {
  const metadata = node.get('metadata', true) as unknown;
  if (!isMap(metadata)) return;
  const annotations = metadata.get('annotations', true) as unknown;
  if (!isMap(annotations)) return;
  for (const key of OWN_KEYS) annotations.delete(key);
  if (annotations.items.length === 0) metadata.delete('annotations');
}

export interface PackageDocument {
  /** The file the item belongs in: its path annotation, or kpt's default path for a new object. */
  readonly path: string;
  readonly index: number;
  /** The item as a document of its own, without the path, index and indentation annotations. */
  readonly text: string;
  /** Whether the item had a path annotation (false for an object the function created without one). */
  readonly placed: boolean;
}

/** The items of a ResourceList, in order, each as its own document with the file and index it belongs at. */
export function resourceListToDocuments(resourceListText: string): PackageDocument[] {
  const doc = parseAllDocuments(resourceListText)[0] as Document | undefined;
  if (!doc || !isMap(doc.contents)) throw new Error('not a ResourceList');
  const seq = doc.contents.get('items', true) as unknown;
  const out: PackageDocument[] = [];
  if (seq instanceof YAMLSeq) {
    for (const item of seq.items as YamlNode[]) {
      if (!isMap(item)) continue;
      const map = item as YAMLMap;
      const placed = annotationOf(map, PATH_KEYS[1]) ?? annotationOf(map, PATH_KEYS[0]);
      const index = Number(annotationOf(map, INDEX_KEYS[1]) ?? annotationOf(map, INDEX_KEYS[0]) ?? 0);
      const wide = annotationOf(map, SEQ_INDENT_KEY) === 'wide';
      removeOwnAnnotations(map);
      const single = new Document();
      single.contents = map;
      out.push({ path: placed ?? defaultPath(map), index, text: single.toString({ ...STRINGIFY, indentSeq: wide }), placed: placed !== undefined });
    }
  }
  return out;
}

/** Splits a ResourceList's items back into files (only those that have items). */
export function resourceListToPackage(resourceListText: string): PackageFile[] {
  const byPath = new Map<string, PackageDocument[]>();
  for (const document of resourceListToDocuments(resourceListText)) byPath.set(document.path, [...(byPath.get(document.path) ?? []), document]);
  return [...byPath.entries()].map(([path, documents]) => ({
    path,
    text: documents
      .sort((a, b) => a.index - b.index)
      .map((d) => d.text)
      .join('---\n'),
  }));
}
