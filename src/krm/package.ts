/**
 * A folder of YAML files (a kpt package) to a ResourceList and back, the way kpt does it, for the golden tests:
 * every document becomes an item annotated with its file path and index, comments and all; the output items go
 * back to their files in index order, with those annotations removed. Items without a path get kpt's default
 * file name. Unlike kpt (whose kyaml re-writes every file), it moves the documents' text as it is, so a golden diff
 * shows exactly the bytes the function wrote.
 */
import type { JsonValue, KubeObject } from './object.ts';
import { annotate, defaultPath, placeOf, unannotate } from './kpt-annotations.ts';
import { printCreated } from './print.ts';
import { readYaml, seqIndentOf } from './resource-list.ts';
import type { MapNode } from './tree.ts';
import { applySplices, change } from './write.ts';

export interface PackageFile {
  readonly path: string;
  readonly text: string;
}

const indented = (text: string, by: string): string => text.replace(/\n(?!\n|$)/g, `\n${by}`);
const outdented = (text: string): string => text.replace(/\n {2}/g, '\n');

/** The text of a document's root map holding `value`: only what differs from the map it had is written. */
function rewritten(text: string, root: MapNode, usedAnchors: ReadonlySet<string>, value: JsonValue): string {
  const splices = change({ text, usedAnchors, seqIndent: seqIndentOf(text, root) }, { k: 'root', col: 0 }, root, value);
  return applySplices(text, root.start, root.end, splices);
}

/** Reads YAML files into a ResourceList text, with path and index annotations, keeping comments. */
export function packageToResourceList(files: readonly PackageFile[], functionConfig?: KubeObject): string {
  const items: string[] = [];
  for (const file of files) {
    const read = readYaml(file.text);
    if (!read.ok) throw new Error(`${file.path}: ${read.message}`);
    const { text } = read.stream;
    let index = 0;
    for (const doc of read.stream.docs) {
      const root = doc.root;
      if (!root) continue;
      if (root.k !== 'map' || root.flow) {
        index++;
        continue;
      }
      const body = rewritten(text, root, doc.usedAnchors, annotate(root.value as KubeObject, file.path, index) as JsonValue);
      // A document's head comment travels after the item's dash, as kpt sends it (`- # comment`).
      const head = text.slice(doc.start, root.start).split('\n').filter((l) => /^\s*#/.test(l)).map((l) => l.trim());
      items.push(`- ${head.map((c) => `${c}\n  `).join('')}${indented(body, '  ')}`);
      index++;
    }
  }
  const config = functionConfig ? `functionConfig:\n  ${indented(printCreated(functionConfig as JsonValue, '  '), '')}\n` : '';
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:${items.length === 0 ? ' []' : ''}\n${items.map((i) => `${i}\n`).join('')}${config}`;
}

export interface PackageDocument {
  /** The file the item belongs in: its path annotation, or kpt's default path for a new object. */
  readonly path: string;
  readonly index: number;
  /** The item as a document of its own, without the path and index annotations. */
  readonly text: string;
  /** Whether the item had a path annotation (false for an object the function created without one). */
  readonly placed: boolean;
}

/** The items of a ResourceList, in order, each as its own document with the file and index it belongs at. */
export function resourceListToDocuments(resourceListText: string): PackageDocument[] {
  const read = readYaml(resourceListText);
  if (!read.ok) throw new Error(`not a ResourceList: ${read.message}`);
  const root = read.stream.docs.find((d) => d.root)?.root;
  if (!root || root.k !== 'map') throw new Error('not a ResourceList');
  const items = root.pairs.find((p) => p.key === 'items')?.value;
  if (!items || items.k !== 'seq') return [];
  const { text } = read.stream;
  return items.items.flatMap((item, i): PackageDocument[] => {
    if (item.k !== 'map') return [];
    const object = item.value as KubeObject;
    const { path: placed, index } = placeOf(object);
    // The item's text as a document of its own: from after its dash (comments there go above it), two columns left.
    const dash = items.dashes[i]!;
    const between = text.slice(dash + 1, item.start);
    const head = between.split('\n').filter((l) => /^\s*#/.test(l)).map((l) => `${l.trim()}\n`).join('');
    const own = outdented(text.slice(item.start, item.end));
    const doc = readYaml(`${own}\n`);
    if (!doc.ok || !doc.stream.docs[0]?.root || doc.stream.docs[0].root.k !== 'map') throw new Error('an item that does not read back');
    const single = doc.stream.docs[0];
    const body = rewritten(doc.stream.text, single.root as MapNode, single.usedAnchors, unannotate(object, undefined) as JsonValue);
    return [{ path: placed ?? defaultPath(object), index, text: `${head}${body}\n`, placed: placed !== undefined }];
  });
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
