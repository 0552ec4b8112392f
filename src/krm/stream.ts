/**
 * Plain YAML streams (files, stdin, `kind: List` objects) to the objects of a run and back, for the CLI and the
 * legacy kustomize plugin. Each Kubernetes object becomes one object of the run (the entries of a List too),
 * annotated with its file's path and index as kpt would give them. On the way back every document is written
 * through the one writer into its own text: a document whose object did not change keeps its bytes, a changed
 * one changes only where its object did (a JSON document stays JSON); documents that are not objects pass through.
 */
import type { JsonValue, KubeObject } from './object.ts';
import { isObject, jsonEqual } from './object.ts';
import { annotate, defaultPath, placeOf, unannotate } from './kpt-annotations.ts';
import { printCreated } from './print.ts';
import { readBackAt, readYaml, seqIndentOf } from './resource-list.ts';
import type { DocNode, Stream } from './tree.ts';
import { EditConflict, type EditContext, type Match, applySplices, changeChecked, matchLineEnds } from './write.ts';

export interface StreamSource {
  /** How the source is named to the user: a path, or `<stdin>`. */
  readonly name: string;
  readonly text: string;
  /** Its path in the package, as the items' path annotation (kpt's: relative to the package folder). Default: name. */
  readonly path?: string;
}

/** Where an object came from: a document of a source, and for a List, the entry in its `items`. */
interface Slot {
  readonly source: number;
  readonly doc: number;
  readonly entry?: number;
}

/** Parsed streams, kept between reading and writing: opaque to callers. */
export interface PreparedStreams {
  readonly sources: readonly StreamSource[];
  readonly streams: readonly Stream[];
  /** Each source's path annotation. */
  readonly paths: readonly string[];
  /** The objects of the run, annotated with path and index. */
  readonly objects: readonly KubeObject[];
  /** Where each object came from, and its value as read. */
  readonly slots: readonly Slot[];
  readonly originals: readonly KubeObject[];
}

export type PrepareOutcome = { ok: true; prepared: PreparedStreams } | { ok: false; message: string };

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

const isList = (value: unknown): value is KubeObject & { items: JsonValue[] } => isKubeObject(value) && value.kind === 'List' && Array.isArray(value.items);

/** Reads the sources into the objects of a run. */
export function readStreams(sources: readonly StreamSource[]): PrepareOutcome {
  const paths = uniquePaths(sources);
  const streams: Stream[] = [];
  const objects: KubeObject[] = [];
  const slots: Slot[] = [];
  const originals: KubeObject[] = [];
  for (const [source, { name, text }] of sources.entries()) {
    const read = readYaml(text);
    if (!read.ok) return { ok: false, message: `${name}: ${read.message.startsWith('not') ? read.message : `not valid: ${read.message}`}` };
    streams.push(read.stream);
    let index = 0;
    const take = (object: KubeObject, slot: Slot): void => {
      objects.push(annotate(object, paths[source]!, index++));
      slots.push(slot);
      originals.push(object);
    };
    read.stream.docs.forEach((doc, d) => {
      const value = doc.root?.value;
      if (isList(value)) value.items.forEach((entry, e) => (isKubeObject(entry) ? take(entry, { source, doc: d, entry: e }) : undefined));
      else if (isKubeObject(value)) take(value, { source, doc: d });
      else if (doc.root !== undefined) index++;
    });
  }
  return { ok: true, prepared: { sources, streams, paths, objects, slots, originals } };
}

/** An object of the run to write: the object, and the index of the input object it came from. */
export interface StreamObject {
  readonly object: KubeObject;
  readonly origin?: number;
}

export interface StreamOutput {
  /** The new text of each source, in order. */
  readonly texts: readonly string[];
  /** Whether each source's text changed. */
  readonly changed: readonly boolean[];
  /** Objects the run added, as files at kpt's default paths (`<namespace>/<kind>_<name>.yaml`). */
  readonly added: ReadonlyArray<{ readonly path: string; readonly text: string }>;
  /** Changes the writer could not make (nothing should be written then). */
  readonly errors: readonly string[];
}

const documentText = (object: KubeObject): string => `${printCreated(object as JsonValue, '')}\n`;

/** Writes the run's objects back into the sources' texts. */
export function writeStreams(prepared: PreparedStreams, outputs: readonly StreamObject[]): StreamOutput {
  const afterBySlot = new Map<number, KubeObject>();
  const extra = prepared.sources.map((): string[] => []);
  const added = new Map<string, Array<{ index: number; text: string }>>();
  for (const output of outputs) {
    if (output.origin !== undefined) {
      afterBySlot.set(output.origin, unannotate(output.object, prepared.originals[output.origin]));
      continue;
    }
    const { path, index } = placeOf(output.object);
    const text = documentText(unannotate(output.object, undefined));
    const source = path === undefined ? -1 : prepared.paths.indexOf(path);
    // An object the run placed in one of the sources: appended to it; others become files of their own.
    if (source >= 0) extra[source]!.push(text);
    else {
      const at = path ?? defaultPath(output.object);
      added.set(at, [...(added.get(at) ?? []), { index, text }]);
    }
  }
  const errors: string[] = [];
  const slotsByDoc = new Map<string, number[]>();
  prepared.slots.forEach((slot, n) => {
    const key = `${slot.source}/${slot.doc}`;
    slotsByDoc.set(key, [...(slotsByDoc.get(key) ?? []), n]);
  });
  const texts = prepared.streams.map((stream, source) => {
    const raw = prepared.sources[source]!.text;
    const bom = raw.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
    let changed = false;
    const pieces = stream.docs.map((doc, d) => {
      const own = slotsByDoc.get(`${source}/${d}`) ?? [];
      const piece = own.length === 0 ? undefined : writeDocument(stream, doc, own, prepared, afterBySlot, (message) => errors.push(`${prepared.sources[source]!.name}: ${message}`));
      if (piece === undefined) return stream.text.slice(doc.start, doc.end);
      changed = true;
      return piece;
    });
    if (!changed && extra[source]!.length === 0) return raw;
    return bom + joinStreams([pieces.join(''), ...extra[source]!]);
  });
  const files = [...added.entries()].map(([path, documents]) => ({
    path,
    text: documents
      .sort((a, b) => a.index - b.index)
      .map((d) => d.text)
      .join('---\n'),
  }));
  return { texts, changed: texts.map((t, i) => t !== prepared.sources[i]!.text), added: files, errors };
}

/** A document's new text, or undefined when its objects did not change. */
function writeDocument(
  stream: Stream,
  doc: DocNode,
  own: readonly number[],
  prepared: PreparedStreams,
  afterBySlot: ReadonlyMap<number, KubeObject>,
  fail: (message: string) => void,
): string | undefined {
  const root = doc.root!;
  const same = own.every((n) => afterBySlot.has(n) && jsonEqual(afterBySlot.get(n), prepared.originals[n]));
  if (same) return undefined;
  const { text } = stream;
  const ctx: EditContext = { text, usedAnchors: doc.usedAnchors, seqIndent: seqIndentOf(text, root) };
  let after: JsonValue;
  let explicit: EditContext['explicit'];
  const first = prepared.slots[own[0]!]!;
  if (first.entry === undefined) {
    // An object the run removed takes its document along.
    if (!afterBySlot.has(own[0]!)) return '';
    after = afterBySlot.get(own[0]!) as JsonValue;
  } else {
    // A List: its entries in place, each the run's object (or gone, if the run removed it).
    const list = root.value as KubeObject & { items: JsonValue[] };
    const byEntry = new Map(own.map((n) => [prepared.slots[n]!.entry!, n]));
    const items: JsonValue[] = [];
    const matches: Match[] = [];
    list.items.forEach((entry, e) => {
      const n = byEntry.get(e);
      if (n !== undefined && !afterBySlot.has(n)) return;
      items.push(n === undefined ? entry : (afterBySlot.get(n) as JsonValue));
      matches.push(e);
    });
    after = { ...list, items };
    explicit = new WeakMap([[items, { matches }]]);
  }
  try {
    const splices = changeChecked({ ...ctx, explicit }, { k: 'root', col: Math.max(0, root.k === 'map' ? root.col : 0) }, root, after, (written) => readBackAt(text, root.start, written));
    return matchLineEnds(text, text.slice(doc.start, root.start) + applySplices(text, root.start, root.end, splices) + text.slice(root.end, doc.end));
  } catch (caught) {
    if (!(caught instanceof EditConflict)) throw caught;
    fail(`cannot write the change at line ${text.slice(0, caught.offset).split('\n').length}: ${caught.message}`);
    return undefined;
  }
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

/**
 * The object whose text holds line `line` of a YAML stream or ResourceList, as `Kind namespace/name` (an item of a
 * ResourceList or a List, or a document's object), for an error that can only point at a line.
 */
export function objectAtLine(text: string, line: number): string | undefined {
  const read = readYaml(text);
  if (!read.ok) return undefined;
  let at = 0;
  for (let n = 1; n < line; n++) {
    at = text.indexOf('\n', at) + 1;
    if (at === 0) return undefined;
  }
  const name = (value: JsonValue): string | undefined => {
    if (!isKubeObject(value)) return undefined;
    const metadata = isObject(value.metadata) ? value.metadata : {};
    const id = typeof metadata.name === 'string' ? metadata.name : '';
    return `${String(value.kind)} ${typeof metadata.namespace === 'string' && metadata.namespace ? `${metadata.namespace}/` : ''}${id}`;
  };
  for (const doc of read.stream.docs) {
    const root = doc.root;
    if (!root || at < root.start || at > root.end) continue;
    const items = root.k === 'map' && (root.value as KubeObject).kind !== undefined ? root.pairs.find((p) => p.key === 'items')?.value : undefined;
    if (items?.k === 'seq') for (const item of items.items) if (at >= item.start && at <= item.end && name(item.value)) return name(item.value);
    return name(root.value);
  }
  return undefined;
}
