/**
 * Plain YAML streams (files, stdin, `kind: List` objects) to a ResourceList and back, for the CLI and the legacy
 * kustomize plugin. Each Kubernetes object becomes one item (the entries of a List too), through package.ts, with
 * its file's path as kpt would give it. On the way back, a document whose value did not change is written as its
 * original bytes, a changed one in its place with its comments; documents that are not objects pass through.
 */
import { Document, Parser, type YAMLSeq, isCollection, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';
import type { KubeObject } from './object.ts';
import { isObject, jsonEqual } from './object.ts';
import { packageToResourceList, resourceListToDocuments, sequenceIndentOf } from './package.ts';
import { exhaustion } from './resource-list.ts';

export interface StreamSource {
  /** How the source is named to the user: a path, or `<stdin>`. */
  readonly name: string;
  readonly text: string;
  /** Its path in the package, as the items' path annotation (kpt's: relative to the package folder). Default: name. */
  readonly path?: string;
}

/** Where an item came from: a document of a source, and for a List, the entry in its `items`. */
export interface Slot {
  readonly source: number;
  readonly doc: number;
  readonly entry?: number;
}

interface DocPart {
  readonly chunk: string;
  readonly hasMarker: boolean;
  readonly doc: Document;
  /** One slot per object document; one per List entry (undefined for entries that are not objects). */
  readonly slots: ReadonlyArray<number | undefined>;
  readonly isList: boolean;
}

/** A parsed stream, kept between the two halves: opaque to callers. */
export interface PreparedStreams {
  readonly sources: readonly StreamSource[];
  readonly parts: ReadonlyArray<readonly DocPart[]>;
  /** Where each item came from, by slot number. */
  readonly slots: readonly Slot[];
  /** The plain value of each slot's object before the run. */
  readonly before: readonly unknown[];
  /** Each source's path annotation, and its items' slots by index. */
  readonly paths: readonly string[];
  readonly slotsByIndex: ReadonlyArray<readonly number[]>;
}

export type PrepareOutcome = { ok: true; resourceList: string; prepared: PreparedStreams } | { ok: false; message: string };

const STRINGIFY = { lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false } as const;
const PARSE = { uniqueKeys: true, prettyErrors: true } as const;

/** The user's name of the source an item path belongs to (the path itself for a file the run added). */
export function sourceNameOf(prepared: PreparedStreams, path: string | undefined): string | undefined {
  const source = path === undefined ? -1 : prepared.paths.indexOf(path);
  return source >= 0 ? prepared.sources[source]!.name : path;
}

/** A path per source, unique: two files of the same base name keep their names as given. */
function uniquePaths(sources: readonly StreamSource[]): string[] {
  const used = new Set<string>();
  return sources.map((source, i) => {
    const path = [source.path ?? source.name, source.name, `${source.name}~${i}`].find((p) => !used.has(p))!;
    used.add(path);
    return path;
  });
}

const isKubeObject = (value: unknown): value is KubeObject =>
  isObject(value) && typeof value.apiVersion === 'string' && value.apiVersion !== '' && typeof value.kind === 'string' && value.kind !== '';

const isList = (value: unknown): boolean => isKubeObject(value) && value.kind === 'List' && Array.isArray(value.items);

/**
 * Splits a text at its documents so that the pieces concatenate to the text again. A comment between a `...`
 * and the next `---` opens the next piece, as the parser gives it to that document.
 */
function chunksOf(text: string): Array<{ chunk: string; hasMarker: boolean }> {
  const starts: number[] = [];
  const markers: boolean[] = [];
  let pending: number | undefined;
  for (const token of new Parser().parse(text)) {
    if (token.type === 'document') {
      starts.push(starts.length === 0 ? 0 : (pending ?? token.offset));
      markers.push(token.start.some((t) => t.type === 'doc-start'));
      pending = undefined;
    } else if (token.type === 'doc-end') {
      pending = undefined;
    } else if (pending === undefined && starts.length > 0) {
      pending = token.offset;
    }
  }
  return starts.map((start, i) => ({ chunk: text.slice(start, starts[i + 1] ?? text.length), hasMarker: markers[i]! }));
}

function firstError(doc: Document): string | undefined {
  return doc.errors[0]?.message.split('\n')[0]?.replace(/:$/, '');
}

function entryText(node: unknown, wide: boolean): string {
  const doc = new Document();
  doc.contents = node as YamlNode;
  return doc.toString({ ...STRINGIFY, indentSeq: wide });
}

/** Reads the sources into one ResourceList (with the functionConfig, if any). */
export function streamsToResourceList(sources: readonly StreamSource[], functionConfig?: KubeObject): PrepareOutcome {
  try {
    return readStreams(sources, functionConfig);
  } catch (caught) {
    const explained = exhaustion(caught instanceof Error ? caught.message : String(caught));
    if (explained) return { ok: false, message: explained };
    throw caught;
  }
}

function readStreams(sources: readonly StreamSource[], functionConfig?: KubeObject): PrepareOutcome {
  const slots: Slot[] = [];
  const before: unknown[] = [];
  const paths = uniquePaths(sources);
  const files: Array<{ path: string; text: string }> = [];
  const parts: DocPart[][] = [];
  const slotsByIndex: number[][] = [];
  for (const [source, { name, text: raw }] of sources.entries()) {
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (text.includes('\u0000')) return { ok: false, message: `${name}: not a text file (it contains NUL bytes)` };
    const docs = parseAllDocuments(text, PARSE);
    const list = Array.isArray(docs) ? docs : [];
    const problem = list.map(firstError).find((e) => e !== undefined);
    if (problem) return { ok: false, message: `${name}: not valid YAML: ${problem}` };
    const chunks = chunksOf(text);
    if (chunks.length !== list.length) return { ok: false, message: `${name}: could not split the YAML stream into documents` };
    // The source as package.ts reads it: its objects only, one document each, so that item index n is taken[n].
    const itemTexts: string[] = [];
    const taken: number[] = [];
    const sourceParts = list.map((doc, index): DocPart => {
      const { chunk, hasMarker } = chunks[index]!;
      const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
      const take = (object: unknown, itemText: string, entry?: number): number => {
        const n = slots.length;
        slots.push(entry === undefined ? { source, doc: index } : { source, doc: index, entry });
        before.push(object);
        // A chunk carries its own `---` (or is the first); another `---` would make an empty document that
        // package.ts counts as an index.
        const marker = itemTexts.length > 0 && !/^(#.*\n|\s*\n)*---(\s|$)/.test(itemText) ? '---\n' : '';
        itemTexts.push(`${marker}${itemText}${itemText.endsWith('\n') ? '' : '\n'}`);
        taken.push(n);
        return n;
      };
      if (isList(value)) {
        const seq = (doc.contents as unknown as { get(key: string, keepScalar: true): unknown }).get('items', true);
        const entries = isSeq(seq) ? (seq.items as unknown[]) : [];
        const wide = sequenceIndentOf(chunk) === 'wide';
        const values = (value as { items: unknown[] }).items;
        const listSlots = entries.map((node, entry) =>
          isKubeObject(values[entry]) ? take(values[entry], entryText(node, wide), entry) : undefined,
        );
        return { chunk, hasMarker, doc, slots: listSlots, isList: true };
      }
      if (isKubeObject(value)) return { chunk, hasMarker, doc, slots: [take(value, chunk)], isList: false };
      return { chunk, hasMarker, doc, slots: [], isList: false };
    });
    parts.push(sourceParts);
    slotsByIndex.push(taken);
    files.push({ path: paths[source]!, text: itemTexts.join('') });
  }
  let resourceList: string;
  try {
    resourceList = packageToResourceList(files, functionConfig);
  } catch (caught) {
    return { ok: false, message: caught instanceof Error ? caught.message : String(caught) };
  }
  return { ok: true, resourceList, prepared: { sources, parts, slots, before, paths, slotsByIndex } };
}

export interface StreamOutput {
  /** The new text of each source, in order. */
  readonly texts: readonly string[];
  /** Whether each source's text changed. */
  readonly changed: readonly boolean[];
  /** Objects the run added, as files at kpt's default paths (`<namespace>/<kind>_<name>.yaml`). */
  readonly added: ReadonlyArray<{ readonly path: string; readonly text: string }>;
}

/** Writes the run's output ResourceList back into the sources' texts. */
export function resourceListToStreams(resourceList: string, prepared: PreparedStreams): StreamOutput {
  const outputs = new Map<number, string>();
  const extra = prepared.sources.map((): string[] => []);
  const added = new Map<string, Array<{ index: number; text: string }>>();
  for (const document of resourceListToDocuments(resourceList)) {
    const source = document.placed ? prepared.paths.indexOf(document.path) : -1;
    const slot = source >= 0 ? prepared.slotsByIndex[source]![document.index] : undefined;
    if (slot !== undefined && !outputs.has(slot)) outputs.set(slot, document.text);
    // An object the run placed in one of the sources, but not where an input object was: appended to it.
    else if (source >= 0) extra[source]!.push(document.text);
    else added.set(document.path, [...(added.get(document.path) ?? []), { index: document.index, text: document.text }]);
  }
  const afterOf = (slot: number): { text: string; node: unknown; value: unknown; same: boolean } | undefined => {
    const text = outputs.get(slot);
    if (text === undefined) return undefined;
    const doc = parseAllDocuments(text, PARSE)[0] as Document | undefined;
    const value = doc?.toJS({ maxAliasCount: 100 }) as unknown;
    return { text, node: doc?.contents, value, same: jsonEqual(value, prepared.before[slot]) };
  };
  const texts = prepared.parts.map((parts, source) => {
    const pieces = parts.map((part, index) => {
      const marker = part.hasMarker || index > 0 ? '---\n' : '';
      if (part.slots.length === 0) return undefined;
      // A JSON document stays JSON (kubectl reads a text that starts with `{` as JSON only); it has no comments.
      const json = (value: unknown): string => `${marker}${JSON.stringify(value, null, 2)}\n`;
      const isJson = isCollection(part.doc.contents) && part.doc.contents.flow === true;
      if (!part.isList) {
        const after = afterOf(part.slots[0]!);
        if (!after) return '';
        if (after.same) return undefined;
        if (isJson) return json(after.value);
        // A comment after the object belongs to its document, which package.ts does not carry: it goes back here.
        const trailing = part.doc.comment ? `${part.doc.comment.replace(/^/gm, '#')}\n` : '';
        return marker + after.text + trailing;
      }
      const entries = part.slots.map((slot) => (slot === undefined ? undefined : afterOf(slot)));
      if (entries.every((e, i) => part.slots[i] === undefined || e?.same)) return undefined;
      if (isJson) {
        const list = part.doc.toJS({ maxAliasCount: 100 }) as { items: unknown[] };
        const items = list.items.flatMap((v, i) => (part.slots[i] === undefined || entries[i]?.same ? [v] : entries[i] ? [entries[i]!.value] : []));
        return json({ ...list, items });
      }
      const seq = (part.doc.contents as unknown as { get(key: string, keepScalar: true): unknown }).get('items', true) as YAMLSeq;
      const old = [...seq.items];
      seq.items = entries.flatMap((e, i) => (part.slots[i] === undefined || e?.same ? [old[i]] : e ? [e.node] : []));
      const listText = part.doc.toString({ ...STRINGIFY, indentSeq: sequenceIndentOf(part.chunk) === 'wide' });
      // The List's own document prints its `---` when it had one.
      return /^---(\s|$)/.test(listText) ? listText : marker + listText;
    });
    // Unchanged: the original bytes, byte-order mark and all.
    if (pieces.every((p) => p === undefined) && extra[source]!.length === 0) return prepared.sources[source]!.text;
    return joinStreams([pieces.map((p, i) => p ?? parts[i]!.chunk).join(''), ...extra[source]!]);
  });
  const files = [...added.entries()].map(([path, documents]) => ({
    path,
    text: documents
      .sort((a, b) => a.index - b.index)
      .map((d) => d.text)
      .join('---\n'),
  }));
  return { texts, changed: texts.map((t, i) => t !== prepared.sources[i]!.text), added: files };
}

/** Joins YAML streams into one, with a `---` between them where the next does not start with one. */
export function joinStreams(texts: readonly string[]): string {
  let out = '';
  for (const text of texts) {
    if (text.trim() === '') continue;
    if (out !== '') {
      if (!out.endsWith('\n')) out += '\n';
      if (!/^---(\s|$)/.test(text)) out += '---\n';
    }
    out += text;
  }
  return out;
}
