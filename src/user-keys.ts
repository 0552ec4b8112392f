/**
 * Maps keyed by user data (label and annotation keys, namespace, mesh and container names…) as plain objects that
 * are safe whatever the key: lookups see only own keys, so `constructor` or `toString` is never found on
 * Object.prototype, and writes define the key, so a `__proto__` key stays a key instead of changing the prototype.
 * (`setKey`, `stringMap`, `labelsOf` and `annotationsOf` live in src/krm/object.ts.)
 */
import { setKey } from './krm/object.ts';

export { setKey };

/** The value at an own key, or undefined: never a member of Object.prototype. */
export const own = <T>(map: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;

export const hasOwnKey = (map: object | undefined, key: string): boolean => map !== undefined && Object.hasOwn(map, key);

/** `Object.assign` for user keys: copies every own key of `from`, `__proto__` included, as data. */
export function assignKeys<T>(into: Record<string, T>, from: Readonly<Record<string, T>>): Record<string, T> {
  for (const [key, value] of Object.entries(from)) setKey(into, key, value);
  return into;
}
