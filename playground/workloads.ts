/**
 * Per object of the run: its YAML before and after, the diff, its results, its Dataplane preview, and where a
 * result's field is in the "after" text (for the links from the results list).
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import type { Result } from '../src/lib.ts';
import { type DiffLine, lineDiff } from './diff.ts';

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ObjectView {
  readonly key: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly before?: Plain;
  readonly after: Plain;
  /** The object after the run as YAML, and its diff against the input's: made when first asked for. */
  afterText(): string;
  diff(): DiffLine[];
  readonly results: Result[];
  readonly dataplane?: Plain;
  /** The pod spec after the run, for the timeline (absent: not a workload). */
  readonly podSpec?: Plain;
}

const meta = (o: Plain): Plain => (isPlain(o.metadata) ? o.metadata : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

export const objectKey = (kind: string, namespace: string, name: string): string => `${kind}\u0000${namespace}\u0000${name}`;
const keyOf = (o: Plain): string => objectKey(str(o.kind), str(meta(o).namespace), str(meta(o).name));

/** The pod spec of a Pod, a pod template (Deployment, Job, …) or a CronJob's job template. */
export function podSpecOf(object: Plain): Plain | undefined {
  const spec = isPlain(object.spec) ? object.spec : undefined;
  if (!spec) return undefined;
  if (object.kind === 'Pod') return spec;
  const template = isPlain(spec.template) ? spec.template : isPlain(spec.jobTemplate) && isPlain(spec.jobTemplate.spec) ? spec.jobTemplate.spec.template : undefined;
  return isPlain(template) && isPlain(template.spec) ? template.spec : undefined;
}

export function buildViews(before: readonly Plain[], after: readonly Plain[], results: readonly Result[]): ObjectView[] {
  const beforeByKey = new Map(before.map((o) => [keyOf(o), o] as const));
  const resultsByKey = new Map<string, Result[]>();
  for (const r of results) {
    if (!r.resourceRef) continue;
    const key = objectKey(r.resourceRef.kind, r.resourceRef.namespace ?? '', r.resourceRef.name);
    resultsByKey.set(key, [...(resultsByKey.get(key) ?? []), r]);
  }
  const dataplanes = new Map<string, Plain>();
  for (const o of after) {
    const owner = o.kind === 'Dataplane' ? str(isPlain(meta(o).annotations) ? (meta(o).annotations as Plain)['kuma-inject.dev/dataplane-for'] : '') : '';
    const [kind, name] = owner.split('/');
    if (kind && name) dataplanes.set(objectKey(kind, str(meta(o).namespace), name), o);
  }
  const views: ObjectView[] = [];
  for (const o of after) {
    if (o.kind === 'Dataplane') continue;
    const key = keyOf(o);
    const podSpec = podSpecOf(o);
    const own = resultsByKey.get(key) ?? [];
    if (!podSpec && own.length === 0) continue;
    const old = beforeByKey.get(key);
    const afterText = once(() => stringify(o, { lineWidth: 0 }));
    const diff = once(() => lineDiff(old ? stringify(old, { lineWidth: 0 }) : '', afterText()));
    const view: ObjectView = { key, kind: str(o.kind), name: str(meta(o).name), namespace: str(meta(o).namespace), after: o, afterText, diff, results: own };
    views.push({ ...view, ...(old ? { before: old } : {}), ...(dataplanes.has(key) ? { dataplane: dataplanes.get(key)! } : {}), ...(podSpec ? { podSpec } : {}) });
  }
  return views;
}

/** `spec.containers[0].lifecycle` or `metadata.annotations[kuma.io/mesh]` as keys and indexes. */
export function parseFieldPath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[2]!) ? Number(m[2]) : m[2]!);
  }
  return out;
}

/** The 1-based line of `path` in `yamlText`, or of its deepest part that exists (1 when none does). */
export function lineOfField(yamlText: string, path: string): number {
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter });
  let node: unknown = doc.contents;
  let offset = 0;
  for (const segment of parseFieldPath(path)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair || !isScalar(pair.key) || !pair.key.range) break;
      offset = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as { range?: [number, number, number] } | undefined;
      if (!item?.range) break;
      offset = item.range[0];
      node = item;
    } else break;
  }
  return counter.linePos(offset).line;
}
