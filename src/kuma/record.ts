/**
 * The record kuma-inject keeps on each template it injected (annotation `kuma-inject.dev/injected`): the
 * containers and volumes it added, and for each annotation, label and probe it changed, the value before and a
 * hash of the value it wrote. Stripping a template with it gives back the input, except where the user edited
 * one of those values since: an edited value is kept as the user's own.
 */
import type { JsonObject, JsonValue } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { RECORD_ANNOTATION } from './metadata.ts';

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
}

export interface StripOutcome {
  template: JsonObject;
  /** Values the user changed after injection: kept, and reported. */
  keptEdits: string[];
  /** Injected containers that were edited after injection: replaced on re-injection, and reported. */
  editedContainers: string[];
}

/** Key-order-independent JSON, so that a YAML round trip does not change the hash. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** FNV-1a, 32 bits: enough to notice an edit, short enough for an annotation. */
export function hashValue(value: unknown): string {
  const text = canonical(value);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

const list = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);
const names = (value: unknown): string[] => list(value).map((c) => String(c.name));
const obj = (value: unknown): JsonObject => (isObject(value) ? value : {});
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

function mapChanges(before: JsonObject, after: JsonObject): Record<string, Change> {
  const changes: Record<string, Change> = {};
  for (const [key, value] of Object.entries(after)) {
    if (canonical(before[key]) !== canonical(value)) changes[key] = [before[key] ?? null, hashValue(value)];
  }
  return changes;
}

/** Describes how `after` (the injected template) differs from `before`. */
export function recordInjection(before: JsonObject, after: JsonObject): InjectionRecord {
  const bm = obj(before.metadata);
  const am = obj(after.metadata);
  const bs = obj(before.spec);
  const as = obj(after.spec);
  const added = (key: string): string[] => {
    const existing = new Set(names(bs[key]));
    return names(as[key]).filter((n) => !existing.has(n));
  };
  const probes: Record<string, Change> = {};
  const beforeContainers = new Map([...list(bs.containers), ...list(bs.initContainers)].map((c) => [String(c.name), c]));
  for (const container of [...list(as.containers), ...list(as.initContainers)]) {
    const original = beforeContainers.get(String(container.name));
    if (!original) continue;
    for (const key of PROBES) {
      if (canonical(original[key]) !== canonical(container[key])) {
        probes[`${String(container.name)}/${key}`] = [original[key] ?? null, hashValue(container[key])];
      }
    }
  }
  const created = [
    ['metadata', before.metadata, after.metadata],
    ['metadata.annotations', bm.annotations, am.annotations],
    ['metadata.labels', bm.labels, am.labels],
    ['spec.initContainers', bs.initContainers, as.initContainers],
    ['spec.volumes', bs.volumes, as.volumes],
  ]
    .filter(([, b, a]) => b === undefined && a !== undefined)
    .map(([path]) => path as string);
  const hashes: Record<string, string> = {};
  const addedNames = new Set([...added('containers'), ...added('initContainers')]);
  for (const container of [...list(as.containers), ...list(as.initContainers)]) {
    if (addedNames.has(String(container.name))) hashes[String(container.name)] = hashValue(container);
  }
  return {
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
}

/** Canonical (sorted-key) JSON, so that the same record always gives the same bytes. */
export const serializeRecord = (record: InjectionRecord): string => canonical(record);

export const sameValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** Reads the record annotation; undefined when absent or unreadable (then the template is treated as foreign). */
export function readRecord(template: JsonObject): InjectionRecord | undefined {
  const raw = obj(obj(template.metadata).annotations)[RECORD_ANNOTATION];
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!isObject(parsed) || parsed.v !== 1) return undefined;
    return parsed as unknown as InjectionRecord;
  } catch {
    return undefined;
  }
}

function restoreMap(current: JsonObject, changes: Record<string, Change>, where: string, kept: string[]): JsonObject {
  const out: JsonObject = { ...current };
  for (const [key, [previous, hash]] of Object.entries(changes)) {
    if (key in out && hashValue(out[key]) !== hash) {
      kept.push(`${where}[${key}]`);
      continue;
    }
    if (previous === null) delete out[key];
    else out[key] = previous;
  }
  return out;
}

function editedContainers(template: JsonObject, record: InjectionRecord): string[] {
  const spec = obj(template.spec);
  return [...list(spec.containers), ...list(spec.initContainers)]
    .filter((c) => record.hashes?.[String(c.name)] !== undefined && record.hashes[String(c.name)] !== hashValue(c))
    .map((c) => String(c.name));
}

/** Removes what the record says injection added, giving back the template as it was (plus the user's edits). */
export function stripInjection(template: JsonObject, record: InjectionRecord): StripOutcome {
  const kept: string[] = [];
  const metadata = { ...obj(template.metadata) };
  const annotations = { ...obj(metadata.annotations) };
  delete annotations[RECORD_ANNOTATION];
  metadata.annotations = restoreMap(annotations, record.annotations, 'metadata.annotations', kept);
  metadata.labels = restoreMap(obj(metadata.labels), record.labels, 'metadata.labels', kept);
  const spec = { ...obj(template.spec) };
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
    spec[key] = (spec[key] as JsonValue[]).map((c) => {
      if (!isObject(c)) return c;
      const changes: Record<string, Change> = {};
      for (const probe of PROBES) {
        const change = record.probes[`${String(c.name)}/${probe}`];
        if (change) changes[probe] = change;
      }
      return Object.keys(changes).length ? restoreMap(c, changes, `container ${String(c.name)}`, kept) : c;
    });
  };
  restoreProbes('containers');
  restoreProbes('initContainers');
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
