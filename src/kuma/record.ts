/**
 * The record kuma-inject keeps on each template it changed (annotation `kuma-inject.dev/injected`): the
 * containers and volumes it added, the containers it moved into native sidecars (with their old positions), and
 * for each annotation, label, probe, container lifecycle and pod-spec field it changed, the value before and a
 * hash of the value it wrote. Stripping a template with it gives back the input, except where the user edited
 * one of those values since: an edited value is kept as the user's own. record-check.ts reads a record back and
 * checks that it fits the template before anything is stripped with it.
 */
import type { JsonObject, JsonValue } from '../krm/object.ts';
import { isObject, jsonEqual, setKey } from '../krm/object.ts';
import { RECORD_ANNOTATION } from './metadata.ts';
import { own } from '../user-keys.ts';
import { RecentResults } from '../krm/recent.ts';

type Previous = JsonValue | null;
/** `[value before injection, or null when absent; hash of the value written]` */
type Change = [Previous, string];

export interface InjectionRecord {
  v: 1;
  containers: string[];
  initContainers: string[];
  volumes: string[];
  annotations: Record<string, Change>;
  labels: Record<string, Change>;
  /** `<container name>/<probe key>` of application containers. */
  probes: Record<string, Change>;
  /** Maps and lists that injection created, to remove again when they end up empty. */
  created: string[];
  /** Hash of each container injection added, to notice hand edits (which re-injection replaces). */
  hashes?: Record<string, string>;
  /** `lifecycle` of existing containers that changed (preStop sleeps), by container name. Absent when none. */
  lifecycle?: Record<string, Change>;
  /** Pod-spec fields that changed, other than the container and volume lists (`terminationGracePeriodSeconds`). */
  spec?: Record<string, Change>;
  /** Containers moved from `containers` into `initContainers`: `[their index in containers, restartPolicy before]`. */
  moved?: Record<string, [number, Previous]>;
}

export interface StripOutcome {
  template: JsonObject;
  /** Values the user changed after injection: kept, and reported. */
  keptEdits: string[];
  /** Injected containers that were edited after injection: replaced on re-injection, and reported. */
  editedContainers: string[];
}

/**
 * FNV-1a, 32 bits, of the value's key-order-independent JSON (so that a YAML round trip does not change the
 * hash): enough to notice an edit, short enough for an annotation. The JSON is fed to the hash as it is walked,
 * never built as one string.
 */
export function hashValue(value: unknown): string {
  if (typeof value !== 'string' || value.length > 64) return hashText(value);
  // Annotation values come back for every workload ("true", "enabled", port numbers): each short one is hashed once.
  let hash = stringHashes.get(value);
  if (hash === undefined) {
    hash = hashText(value);
    if (stringHashes.size < 10_000) stringHashes.set(value, hash);
  }
  return hash;
}

const stringHashes = new Map<string, string>();
const hashText = (value: unknown): string => (feedCanonical(0x811c9dc5, value) >>> 0).toString(16).padStart(8, '0');

const FNV_PRIME = 0x01000193;

/**
 * The keys in code-unit order, as `sort()` gives them: small key lists (most are already in order) by insertion,
 * which is several times faster there than the general sort.
 */
function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

function feed(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/**
 * `text` as a JSON string, fed: its characters as they are up to the first one JSON escapes (a quote, a
 * backslash, a control character, a surrogate), and from there what JSON.stringify writes for the rest.
 */
function feedString(hash: number, text: string): number {
  hash = Math.imul(hash ^ 0x22, FNV_PRIME);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair stays whole: the first surrogate met starts the rest (a high one, or a lone low one).
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return feed(hash, JSON.stringify(text.slice(i)).slice(1));
    hash = Math.imul(hash ^ c, FNV_PRIME);
  }
  return Math.imul(hash ^ 0x22, FNV_PRIME);
}

/** The FNV state after the canonical JSON of `value` (a signed 32-bit number: `>>> 0` reads it). */
function feedCanonical(hash: number, value: unknown): number {
  if (typeof value === 'string') return feedString(hash, value);
  if (Array.isArray(value)) {
    hash = Math.imul(hash ^ 0x5b, FNV_PRIME);
    for (let i = 0; i < value.length; i++) {
      if (i > 0) hash = Math.imul(hash ^ 0x2c, FNV_PRIME);
      hash = feedCanonical(hash, value[i]);
    }
    return Math.imul(hash ^ 0x5d, FNV_PRIME);
  }
  if (isObject(value)) {
    hash = Math.imul(hash ^ 0x7b, FNV_PRIME);
    const keys = sortedKeys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (i > 0) hash = Math.imul(hash ^ 0x2c, FNV_PRIME);
      hash = Math.imul(feedString(hash, key) ^ 0x3a, FNV_PRIME);
      hash = feedCanonical(hash, value[key]);
    }
    return Math.imul(hash ^ 0x7d, FNV_PRIME);
  }
  return feed(hash, JSON.stringify(value ?? null));
}

/** Hashes of added containers lately, by name: kuma-sidecar and kuma-init are the same for most workloads. */
const recentHashes = new RecentResults<string>(jsonEqual);
const containerHash = (container: JsonObject): string => recentHashes.get(String(container.name), container, () => hashValue(container));

const list = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);
const names = (value: unknown): string[] => list(value).map((c) => String(c.name));
const obj = (value: unknown): JsonObject => (isObject(value) ? value : {});
export const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

function mapChanges(before: JsonObject, after: JsonObject): Record<string, Change> {
  const changes: Record<string, Change> = {};
  for (const [key, value] of Object.entries(after)) {
    const previous = own(before, key);
    if (!jsonEqual(previous ?? null, value ?? null)) setKey(changes, key, [previous ?? null, hashValue(value)]);
  }
  return changes;
}

/** Pod-spec keys recorded by name elsewhere in the record, so not as plain spec fields. */
const LISTS = new Set(['containers', 'initContainers', 'volumes']);

/** Containers of `before.containers` that `after` has in `initContainers` instead: name → [index, restartPolicy]. */
function movedContainers(bs: JsonObject, as: JsonObject): Record<string, [number, Previous]> {
  const stillThere = new Set(names(as.containers));
  const nowInit = new Set(names(as.initContainers));
  const moved: Record<string, [number, Previous]> = {};
  list(bs.containers).forEach((container, index) => {
    const name = String(container.name);
    if (!stillThere.has(name) && nowInit.has(name)) setKey(moved, name, [index, container.restartPolicy ?? null]);
  });
  return moved;
}

/**
 * Describes how `after` differs from `before`. `after` is the template as it will be written, minus the record
 * annotation itself, which always goes into `metadata.annotations`.
 */
export function recordInjection(before: JsonObject, after: JsonObject): InjectionRecord {
  const bm = obj(before.metadata);
  const am = obj(after.metadata);
  const bs = obj(before.spec);
  const as = obj(after.spec);
  const moved = movedContainers(bs, as);
  const added = (key: string): string[] => {
    const existing = new Set([...names(bs[key]), ...Object.keys(moved)]);
    return names(as[key]).filter((n) => !existing.has(n));
  };
  const probes: Record<string, Change> = {};
  const lifecycle: Record<string, Change> = {};
  const beforeContainers = new Map([...list(bs.containers), ...list(bs.initContainers)].map((c) => [String(c.name), c]));
  for (const container of [...list(as.containers), ...list(as.initContainers)]) {
    const original = beforeContainers.get(String(container.name));
    if (!original) continue;
    for (const key of PROBES) {
      if (!jsonEqual(original[key] ?? null, container[key] ?? null)) {
        probes[`${String(container.name)}/${key}`] = [original[key] ?? null, hashValue(container[key])];
      }
    }
    if (!jsonEqual(original.lifecycle ?? null, container.lifecycle ?? null)) {
      lifecycle[String(container.name)] = [original.lifecycle ?? null, hashValue(container.lifecycle)];
    }
  }
  const specFields = mapChanges(
    Object.fromEntries(Object.entries(bs).filter(([k]) => !LISTS.has(k))),
    Object.fromEntries(Object.entries(as).filter(([k]) => !LISTS.has(k))),
  );
  // The record annotation itself always creates `metadata` and `metadata.annotations` where they were absent.
  const created = [
    ['metadata', before.metadata, {}],
    ['metadata.annotations', bm.annotations, {}],
    ['metadata.labels', bm.labels, am.labels],
    ['spec.initContainers', bs.initContainers, as.initContainers],
    ['spec.volumes', bs.volumes, as.volumes],
  ]
    .filter(([, b, a]) => b === undefined && a !== undefined)
    .map(([path]) => path as string);
  const hashes: Record<string, string> = {};
  const addedNames = new Set([...added('containers'), ...added('initContainers')]);
  for (const container of [...list(as.containers), ...list(as.initContainers)]) {
    if (addedNames.has(String(container.name))) hashes[String(container.name)] = containerHash(container);
  }
  const record: InjectionRecord = {
    v: 1,
    hashes,
    containers: added('containers'),
    initContainers: added('initContainers'),
    volumes: added('volumes'),
    annotations: mapChanges(obj(bm.annotations), obj(am.annotations)),
    labels: mapChanges(obj(bm.labels), obj(am.labels)),
    probes,
    created,
  };
  // Only when used, so that records of templates without lifecycle changes stay as they were.
  if (Object.keys(lifecycle).length > 0) record.lifecycle = lifecycle;
  if (Object.keys(specFields).length > 0) record.spec = specFields;
  if (Object.keys(moved).length > 0) record.moved = moved;
  return record;
}

/** The template with its record stored in the record annotation. */
export function storeRecord(template: JsonObject, record: InjectionRecord): JsonObject {
  const metadata = obj(template.metadata);
  return {
    ...template,
    metadata: { ...metadata, annotations: { ...obj(metadata.annotations), [RECORD_ANNOTATION]: serializeRecord(record) } },
  };
}

/** Key-order-independent JSON (what hashValue hashes, and how a record is written), as parts appended to `out`. */
function canonical(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(JSON.stringify(value));
  else if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      canonical(value[i], out);
    }
    out.push(']');
  } else if (isObject(value)) {
    const keys = sortedKeys(value);
    out.push('{');
    for (let i = 0; i < keys.length; i++) {
      out.push(`${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:`);
      canonical(value[keys[i]!], out);
    }
    out.push('}');
  } else out.push(JSON.stringify(value ?? null));
}

/** Canonical (sorted-key) JSON, so that the same record always gives the same bytes. */
export function serializeRecord(record: InjectionRecord): string {
  const out: string[] = [];
  canonical(record, out);
  // Joined once, the text is one flat string: appended piece by piece it would be a rope many times its size,
  // and it is kept (in an annotation) until the output is written.
  return out.join('');
}

function restoreMap(
  current: JsonObject,
  changes: Record<string, Change>,
  where: string,
  kept: string[],
  describe: (key: string) => string = (key) => `${where}[${key}]`,
): JsonObject {
  const out: JsonObject = { ...current };
  for (const [key, [previous, hash]] of Object.entries(changes)) {
    if (Object.prototype.hasOwnProperty.call(out, key) && hashValue(out[key]) !== hash) {
      kept.push(describe(key));
      continue;
    }
    if (previous === null) delete out[key];
    else setKey(out, key, previous);
  }
  return out;
}

function editedContainers(template: JsonObject, record: InjectionRecord): string[] {
  const spec = obj(template.spec);
  return [...list(spec.containers), ...list(spec.initContainers)]
    .filter((c) => {
      const hash = own(record.hashes, String(c.name));
      return hash !== undefined && hash !== hashValue(c);
    })
    .map((c) => String(c.name));
}

/** Puts moved containers back into `containers` at their old positions, with their old `restartPolicy`. */
function moveBack(spec: JsonObject, moved: Record<string, [number, Previous]>): void {
  const entries = Object.entries(moved).sort(([, [a]], [, [b]]) => a - b);
  if (entries.length === 0) return;
  const found = new Map<string, JsonObject>();
  if (Array.isArray(spec.initContainers)) {
    spec.initContainers = spec.initContainers.filter((c) => {
      if (!isObject(c) || own(moved, String(c.name)) === undefined || found.has(String(c.name))) return true;
      found.set(String(c.name), c);
      return false;
    });
  }
  const containers = Array.isArray(spec.containers) ? [...spec.containers] : [];
  for (const [name, [index, previous]] of entries) {
    const container = found.get(name);
    // Gone, or moved back by hand: nothing to do.
    if (!container) continue;
    const back: JsonObject = { ...container };
    if (back.restartPolicy === 'Always') {
      if (previous === null) delete back.restartPolicy;
      else back.restartPolicy = previous;
    }
    containers.splice(Math.min(index, containers.length), 0, back);
  }
  spec.containers = containers;
}

/** Removes what the record says injection added, giving back the template as it was (plus the user's edits). */
export function stripInjection(template: JsonObject, record: InjectionRecord): StripOutcome {
  const kept: string[] = [];
  const metadata = { ...obj(template.metadata) };
  const annotations = { ...obj(metadata.annotations) };
  delete annotations[RECORD_ANNOTATION];
  metadata.annotations = restoreMap(annotations, record.annotations, 'metadata.annotations', kept);
  // A template without labels that kuma-inject did not label (one it only adopted sidecars in) gets none.
  if (metadata.labels !== undefined || Object.keys(record.labels).length > 0) {
    metadata.labels = restoreMap(obj(metadata.labels), record.labels, 'metadata.labels', kept);
  }
  const spec = restoreMap(obj(template.spec), record.spec ?? {}, 'spec', kept, (key) => `spec.${key}`);
  const without = (key: string, drop: readonly string[]): void => {
    if (Array.isArray(spec[key])) {
      spec[key] = (spec[key] as JsonValue[]).filter((c) => !(isObject(c) && drop.includes(String(c.name))));
    }
  };
  without('containers', record.containers);
  without('initContainers', record.initContainers);
  without('volumes', record.volumes);
  const restoreProbes = (key: 'containers' | 'initContainers'): void => {
    if (!Array.isArray(spec[key])) return;
    spec[key] = (spec[key] as JsonValue[]).map((c, index) => {
      if (!isObject(c)) return c;
      const changes: Record<string, Change> = {};
      for (const probe of PROBES) {
        const change = own(record.probes, `${String(c.name)}/${probe}`);
        if (change) changes[probe] = change;
      }
      const lifecycle = own(record.lifecycle, String(c.name));
      if (lifecycle) changes.lifecycle = lifecycle;
      const where = `spec.${key}[${index}]`;
      return Object.keys(changes).length ? restoreMap(c, changes, where, kept, (field) => `${where}.${field}`) : c;
    });
  };
  restoreProbes('containers');
  restoreProbes('initContainers');
  moveBack(spec, record.moved ?? {});
  const created = new Set(record.created);
  const dropIfEmpty = (target: JsonObject, key: string, path: string): void => {
    const value = target[key];
    const empty = Array.isArray(value) ? value.length === 0 : isObject(value) && Object.keys(value).length === 0;
    if (created.has(path) && empty) delete target[key];
  };
  dropIfEmpty(metadata, 'annotations', 'metadata.annotations');
  dropIfEmpty(metadata, 'labels', 'metadata.labels');
  dropIfEmpty(spec, 'initContainers', 'spec.initContainers');
  dropIfEmpty(spec, 'volumes', 'spec.volumes');
  const out: JsonObject = { ...template, metadata, spec };
  dropIfEmpty(out, 'metadata', 'metadata');
  return { template: out, keptEdits: kept, editedContainers: editedContainers(template, record) };
}
