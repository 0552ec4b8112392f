/**
 * Maps keyed by user data (label and annotation keys, namespace, mesh and container names…) as plain objects that
 * are safe whatever the key: lookups see only own keys, so `constructor` or `toString` is never found on
 * Object.prototype, and writes define the key, so a `__proto__` key stays a key instead of changing the prototype.
 * `stringMap`, `labelsOf` and `annotationsOf` are the safe forms of src/krm/object.ts's, which drop a `__proto__`
 * key and which src/krm should adopt (it is being rewritten; see the boundary report).
 */
import { type KubeObject, isObject, metadataOf } from './krm/object.ts';

/** The value at an own key, or undefined: never a member of Object.prototype. */
export const own = <T>(map: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;

export const hasOwnKey = (map: object | undefined, key: string): boolean => map !== undefined && Object.hasOwn(map, key);

/** Sets `key` as an own, enumerable data property, `__proto__` included. */
export function setKey<T>(map: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
}

/** `Object.assign` for user keys: copies every own key of `from`, `__proto__` included, as data. */
export function assignKeys<T>(into: Record<string, T>, from: Readonly<Record<string, T>>): Record<string, T> {
  for (const [key, value] of Object.entries(from)) setKey(into, key, value);
  return into;
}

/** The string entries of a map (a YAML mapping), every key kept. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') setKey(out, key, item);
  return out;
}

export const labelsOf = (object: KubeObject): Record<string, string> => stringMap(metadataOf(object).labels);
export const annotationsOf = (object: KubeObject): Record<string, string> => stringMap(metadataOf(object).annotations);
