/**
 * Go's orderings, for output that matches what kuma-cp writes: strings compare by bytes (not by locale), and
 * maps are written with sorted keys, as sigs.k8s.io/yaml writes them. Deterministic output keeps re-runs quiet.
 */
import { setKey } from '../krm/object.ts';

/** Go's string order: by UTF-16 code unit, which agrees with bytes for the ASCII names Kubernetes allows. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A copy of the map with its keys in sorted order. */
export function sortedMap<T>(map: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(map).sort(compareStrings)) setKey(out, key, map[key]!);
  return out;
}

/** Appends to the list of a key (in place, so that building an index stays linear). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
