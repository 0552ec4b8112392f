/**
 * Results computed lately, kept by a key with a copy of the value they were computed from, and given again for a
 * value that is the same. The containers injection adds are the same for most workloads of a run, and printing
 * or hashing one costs more than comparing it with the last one. The copy keeps a result right even if a caller
 * changes the value afterwards; a key whose value keeps changing stops being kept.
 */
const MAX_KEYS = 256;
/** Misses in a row after which a key's value is no longer copied. */
const GIVE_UP = 4;

interface Entry<R> {
  readonly value: unknown;
  readonly result: R;
  misses: number;
}

export class RecentResults<R> {
  readonly #entries = new Map<string, Entry<R>>();
  readonly #same: (a: unknown, b: unknown) => boolean;

  /** `same(a, b)`: whether `compute` gives the same result for both values. */
  constructor(same: (a: unknown, b: unknown) => boolean) {
    this.#same = same;
  }

  get(key: string, value: unknown, compute: () => R): R {
    const entry = this.#entries.get(key);
    if (entry && this.#same(entry.value, value)) {
      entry.misses = 0;
      return entry.result;
    }
    const result = compute();
    if (entry ? entry.misses >= GIVE_UP : this.#entries.size >= MAX_KEYS) {
      if (entry) entry.misses++;
      return result;
    }
    this.#entries.set(key, { value: structuredClone(value), result, misses: entry ? entry.misses + 1 : 0 });
    return result;
  }
}

/** Equal as printed text: the same keys in the same order, lists in order, scalars by Object.is (so -0 is not 0). */
export function sameInOrder(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameInOrder(a[i], other[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || !sameInOrder((a as Record<string, unknown>)[ka[i]!], (b as Record<string, unknown>)[kb[i]!])) return false;
  }
  return true;
}
