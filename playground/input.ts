/**
 * What the page runs: the input text as the CLI reads stdin (a multi-document stream, `kind: List` included),
 * except a ResourceList, whose items become the stream and whose functionConfig the page moves into its config
 * fields (the CLI reads a ResourceList on stdin as a KRM function, whose output is a ResourceList again).
 */
import { stringify } from 'yaml';
import { readStreams } from '../src/krm/stream.ts';
import type { Node } from '../src/krm/tree.ts';

export interface PreparedInput {
  /** The YAML stream handed to `inject()`. */
  readonly stream: string;
  /** The ResourceList's functionConfig, when the input is one that has it. */
  readonly functionConfig?: Record<string, unknown>;
  readonly isResourceList: boolean;
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

export function prepareInput(text: string): PreparedInput {
  if (!/^kind:\s*ResourceList\s*$/m.test(text)) return { stream: text, isResourceList: false };
  const read = readStreams([{ name: '<text>', text, path: 'stdin.yaml' }]);
  const root = read.ok && read.prepared.streams.length === 1 && read.prepared.streams[0]!.docs.length === 1 ? read.prepared.streams[0]!.docs[0]!.root : undefined;
  const list = root?.k === 'map' && isPlain(root.value) && root.value.kind === 'ResourceList' ? root : undefined;
  if (!list) return { stream: text, isResourceList: false };
  const items = list.pairs.find((p) => p.key === 'items')?.value;
  const stream = items ? itemsText(text, items) : '';
  const functionConfig = (list.value as Plain).functionConfig;
  return isPlain(functionConfig) ? { stream, functionConfig, isResourceList: true } : { stream, isResourceList: true };
}

/**
 * The items of a ResourceList as a stream: each block item's own text (and the comments before it), dedented, so
 * that comments and formatting survive; written anew by `yaml` when they cannot be cut out (flow, aliases).
 */
function itemsText(text: string, items: Node): string {
  const values = Array.isArray(items.value) ? items.value : [];
  if (items.k !== 'seq' || items.flow || items.items.some((i) => i.k !== 'map' || i.flow) || /(^|[\s[{,])[&*][\w.-]+/.test(text)) {
    return values.map((item) => stringify(item, { lineWidth: 0 })).join('---\n');
  }
  const docs: string[] = [];
  let from = text.lastIndexOf('\n', items.dashes[0] ?? items.start) + 1;
  items.items.forEach((item, i) => {
    const col = (item as { col: number }).col;
    const lineStart = text.lastIndexOf('\n', item.start - 1) + 1;
    const before = text.slice(from, lineStart).split('\n').filter((l) => l.trim().startsWith('#')).map((l) => l.trim());
    const body = text.slice(item.start, item.end).split('\n').map((l, n) => (n === 0 ? l : l.slice(Math.min(col, l.length - l.trimStart().length))));
    docs.push([...before, ...body].join('\n') + '\n');
    from = text.indexOf('\n', item.end) + 1;
    void i;
  });
  return docs.join('---\n');
}

/** The input's objects as the run reads them (the library's own fast reader; `kind: List` expanded), [] when unreadable. */
function readObjects(text: string): Plain[] {
  const read = readStreams([{ name: '<text>', text, path: 'stdin.yaml' }]);
  return read.ok ? (read.prepared.originals as unknown as Plain[]) : [];
}

/** The input's objects, `kind: List` expanded, as the run sees them (for the diff's "before"). */
export function objectsOf(stream: string): Plain[] {
  return readObjects(stream);
}
