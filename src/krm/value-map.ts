/** Building the plain maps both readers return: keys set safely, and YAML's merge key (`<<`). */
import { type JsonObject, type JsonValue, setKey } from './object.ts';
import type { Node } from './tree.ts';

export { setKey };

/** YAML's merge key: explicit keys win over merged ones, earlier merged maps over later ones. */
export function mergeValues(explicit: JsonObject, sources: readonly Node[], fail: (offset: number) => never): JsonObject {
  const out: JsonObject = {};
  for (const source of sources) {
    const maps = source.k === 'seq' ? (source.value as JsonValue[]) : [source.value];
    for (const map of maps) {
      if (typeof map !== 'object' || map === null || Array.isArray(map)) fail(source.start);
      for (const key of Object.keys(map)) if (!Object.prototype.hasOwnProperty.call(out, key)) setKey(out, key, map[key]!);
    }
  }
  for (const key of Object.keys(explicit)) setKey(out, key, explicit[key]!);
  return out;
}

/**
 * Counts the values an alias makes a reader see again against a budget shared by the stream (a billion-laughs
 * input reaches billions through a few aliases, which every walk over the values would pay): false when spent.
 */
export function spend(budget: { left: number }, value: JsonValue): boolean {
  const stack: JsonValue[] = [value];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (--budget.left < 0) return false;
    if (Array.isArray(next)) for (const item of next) stack.push(item);
    else if (typeof next === 'object' && next !== null) for (const key of Object.keys(next)) stack.push(next[key]!);
  }
  return true;
}
