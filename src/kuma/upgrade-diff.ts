/**
 * The upgrade preview: what a re-injection changed in what injection owns, in one line per workload, such as
 * `kuma-sidecar: 2 env added, 1 removed, args changed; pod: 1 annotation changed`. Both sides are read the same
 * way, from a template and its record (record.ts): the containers injection added, the annotations, labels,
 * volumes and pod-spec fields it wrote, and the probes and lifecycle it changed on application containers. So
 * a pull request that moves `kumaVersion` (or any config) shows what it does to every pod.
 */
import type { JsonObject, JsonValue } from '../krm/object.ts';
import { isObject, jsonEqual } from '../krm/object.ts';
import { own } from '../user-keys.ts';
import { RECORD_ANNOTATION } from './metadata.ts';
import { type InjectionRecord, PROBES } from './record.ts';

/** What one injection owns in a template, by name. */
export interface InjectedParts {
  readonly containers: ReadonlyMap<string, JsonObject>;
  /** The template's annotations and labels, all of them, and the keys injection wrote. */
  readonly annotations: ReadonlyMap<string, JsonValue>;
  readonly annotationKeys: ReadonlySet<string>;
  readonly labels: ReadonlyMap<string, JsonValue>;
  readonly labelKeys: ReadonlySet<string>;
  readonly volumes: ReadonlyMap<string, JsonObject>;
  readonly spec: ReadonlyMap<string, JsonValue>;
  /** `<container>/<field>` of application containers: their probes and lifecycle that injection changed. */
  readonly appFields: ReadonlyMap<string, JsonValue>;
}

const obj = (value: unknown): JsonObject => (isObject(value) ? value : {});
const list = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);

/** The values of `keys` in `map`, absent keys left out. */
function pick(map: JsonObject, keys: Iterable<string>): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  for (const key of keys) {
    const value = own(map, key);
    if (value !== undefined) out.set(key, value);
  }
  return out;
}

function byName(items: readonly JsonObject[], names: ReadonlySet<string>): Map<string, JsonObject> {
  return new Map(items.filter((c) => names.has(String(c.name))).map((c) => [String(c.name), c]));
}

/** The parts of `template` that `record` says injection added or wrote. */
export function injectedParts(template: JsonObject, record: InjectionRecord): InjectedParts {
  const metadata = obj(template.metadata);
  const spec = obj(template.spec);
  const all = [...list(spec.containers), ...list(spec.initContainers)];
  const appFields = new Map<string, JsonValue>();
  const apps = new Map(all.map((c) => [String(c.name), c]));
  const appKeys = [...Object.keys(record.probes), ...Object.keys(record.lifecycle ?? {}).map((name) => `${name}/lifecycle`)];
  for (const key of appKeys) {
    const [name, field] = [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)];
    const value = own(apps.get(name), field);
    if (value !== undefined) appFields.set(key, value);
  }
  const annotations = obj(metadata.annotations);
  const labels = obj(metadata.labels);
  return {
    containers: byName(all, new Set([...record.containers, ...record.initContainers])),
    annotations: pick(annotations, Object.keys(annotations).filter((k) => k !== RECORD_ANNOTATION)),
    annotationKeys: new Set(Object.keys(record.annotations)),
    labels: pick(labels, Object.keys(labels)),
    labelKeys: new Set(Object.keys(record.labels)),
    volumes: byName(list(spec.volumes), new Set(record.volumes)),
    spec: pick(spec, Object.keys(record.spec ?? {})),
    appFields,
  };
}

interface Counts {
  added: number;
  removed: number;
  changed: number;
}

function countMaps<T>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>): Counts {
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const [key, value] of after) {
    if (!before.has(key)) counts.added++;
    else if (!jsonEqual(before.get(key) as JsonValue, value as JsonValue)) counts.changed++;
  }
  for (const key of before.keys()) if (!after.has(key)) counts.removed++;
  return counts;
}

/** `2 env added, 1 removed, 1 changed`: the noun once, on the first count that is not zero. */
function countWords(noun: string, counts: Counts, plural = noun): string[] {
  const words: string[] = [];
  for (const what of ['added', 'removed', 'changed'] as const) {
    const n = counts[what];
    if (n === 0) continue;
    words.push(words.length === 0 ? `${n} ${n === 1 ? noun : plural} ${what}` : `${n} ${what}`);
  }
  return words;
}

const envMap = (container: JsonObject): Map<string, JsonValue> => new Map(list(container.env).map((e) => [String(e.name), e]));

/** Container fields with words of their own; every other field that differs is named as it is. */
const NAMED: ReadonlyMap<string, string> = new Map([
  ['args', 'args'],
  ['command', 'command'],
  ['image', 'image'],
  ['resources', 'resources'],
  ['volumeMounts', 'mounts'],
]);

/** What differs between two versions of one injected container, in words; empty when they are equal. */
export function containerChanges(before: JsonObject, after: JsonObject): string[] {
  const words = countWords('env', countMaps(envMap(before), envMap(after)));
  for (const [field, word] of NAMED) {
    if (!jsonEqual(before[field] ?? null, after[field] ?? null)) words.push(`${word} changed`);
  }
  if (PROBES.some((p) => !jsonEqual(before[p] ?? null, after[p] ?? null))) words.push('probes changed');
  const handled = new Set<string>(['name', 'env', ...NAMED.keys(), ...PROBES]);
  const others = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !handled.has(k)).sort();
  for (const field of others) {
    if (!jsonEqual(before[field] ?? null, after[field] ?? null)) words.push(`${field} changed`);
  }
  return words;
}

/**
 * Counts over the keys either injection wrote, each looked up in its whole template: a key that one injection
 * wrote and the other left as the user's (an edit kept, USER_EDIT_KEPT) counts only if its value differs.
 */
function countOwned(before: ReadonlyMap<string, JsonValue>, beforeKeys: ReadonlySet<string>, after: ReadonlyMap<string, JsonValue>, afterKeys: ReadonlySet<string>): Counts {
  const keys = new Set([...beforeKeys, ...afterKeys]);
  const restrict = (map: ReadonlyMap<string, JsonValue>): Map<string, JsonValue> => new Map([...map].filter(([k]) => keys.has(k)));
  return countMaps(restrict(before), restrict(after));
}

/** The pod-level words: annotations, labels, volumes and pod-spec fields injection wrote. */
function podChanges(before: InjectedParts, after: InjectedParts): string[] {
  const specWords = [...new Set([...before.spec.keys(), ...after.spec.keys()])]
    .sort()
    .filter((k) => !jsonEqual(before.spec.get(k) ?? null, after.spec.get(k) ?? null))
    .map((k) => `${k} changed`);
  return [
    ...countWords('annotation', countOwned(before.annotations, before.annotationKeys, after.annotations, after.annotationKeys), 'annotations'),
    ...countWords('label', countOwned(before.labels, before.labelKeys, after.labels, after.labelKeys), 'labels'),
    ...countWords('volume', countMaps(before.volumes, after.volumes), 'volumes'),
    ...specWords,
  ];
}

/** Application containers whose probes or lifecycle injection set differently: `web: readinessProbe changed`. */
function appChanges(before: InjectedParts, after: InjectedParts): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const keys = [...new Set([...before.appFields.keys(), ...after.appFields.keys()])].sort();
  for (const key of keys) {
    if (jsonEqual(before.appFields.get(key) ?? null, after.appFields.get(key) ?? null)) continue;
    const cut = key.lastIndexOf('/');
    const name = key.slice(0, cut);
    out.set(name, [...(out.get(name) ?? []), `${key.slice(cut + 1)} changed`]);
  }
  return out;
}

/**
 * One line saying what changed from one injection to the next, per injected container, then per application
 * container and for the pod; empty when what injection owns is the same on both sides.
 */
export function describeUpgrade(before: InjectedParts, after: InjectedParts): string {
  const parts: string[] = [];
  const names = [...after.containers.keys(), ...[...before.containers.keys()].filter((n) => !after.containers.has(n))];
  for (const name of names) {
    const old = before.containers.get(name);
    const now = after.containers.get(name);
    const words = !old ? ['added'] : !now ? ['removed'] : containerChanges(old, now);
    if (words.length > 0) parts.push(`${name}: ${words.join(', ')}`);
  }
  for (const [name, words] of appChanges(before, after)) parts.push(`${name}: ${words.join(', ')}`);
  const pod = podChanges(before, after);
  if (pod.length > 0) parts.push(`pod: ${pod.join(', ')}`);
  return parts.join('; ');
}
