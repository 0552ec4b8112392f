/**
 * "Did you mean" for a misspelled config field: the known name closest to the unknown one, by edit distance
 * ignoring case, offered only when it is close (a stray letter in a short name, a few in a long one), so that
 * a key that is simply wrong gets no misleading guess. The known names of a strict section are read from the
 * zod schema itself, at the path, so they cannot drift from the schema.
 */
import type { z } from 'zod/mini';

/** Edits (insert, delete, substitute, swap two neighbours) between two strings: optimal string alignment. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** How many edits still count as a misspelling of a name this long: 1 up to 5 letters, then one per 4 more. */
const tolerance = (length: number): number => Math.max(1, Math.floor((length - 1) / 4));

/** The known name `unknown` most likely misspells, or undefined when none is close enough. */
export function closestName(unknown: string, known: readonly string[]): string | undefined {
  const word = unknown.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    if (name === unknown) continue;
    const distance = editDistance(word, name.toLowerCase());
    if (distance <= tolerance(Math.max(word.length, name.length)) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** ` (did you mean \`x\`?)`, or '' when there is no guess. */
export const suggestion = (guess: string | undefined): string => (guess === undefined ? '' : ` (did you mean \`${guess}\`?)`);

/** ` (did you mean \`x\`?)` for the unknown key, or '' when no known one is close. */
export function didYouMean(unknown: string, known: readonly string[]): string {
  return suggestion(closestName(unknown, known));
}

/**
 * The dotted path `unknown` most likely misspells, one segment at a time (`dataplanes.mod` → `dataplanes.mode`,
 * `lifecyle.preStop.seconds` → `lifecycle.preStop.seconds`), or undefined when a segment is close to no name.
 * `namesAt` gives the names allowed after a path: undefined where any name is (an entry of a map keyed by user data).
 */
export function closestPath(unknown: string, namesAt: (path: readonly string[]) => readonly string[] | undefined): string | undefined {
  const path: string[] = [];
  for (const segment of unknown.split('.')) {
    const names = namesAt(path);
    const name = names === undefined || names.includes(segment) ? segment : closestName(segment, names);
    if (name === undefined) return undefined;
    path.push(name);
  }
  const guess = path.join('.');
  return guess === unknown ? undefined : guess;
}

type Def = { type: string; shape?: Record<string, unknown>; innerType?: unknown; in?: unknown; valueType?: unknown; element?: unknown };
const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/** The object schema beneath wrappers (defaults, optional, pipes). */
function unwrap(schema: unknown): Def | undefined {
  for (let def = defOf(schema), depth = 0; def && depth < 20; depth++) {
    if (def.type === 'object' || def.type === 'record' || def.type === 'array') return def;
    const inner = def.innerType ?? def.in;
    if (inner === undefined) return undefined;
    def = defOf(inner);
  }
  return undefined;
}

/** The field names of the object schema at `path` (keys and array indexes of the value zod checked). */
export function knownFieldsAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let def = unwrap(schema);
  for (const step of path) {
    if (!def) return [];
    if (def.type === 'object') def = Object.hasOwn(def.shape ?? {}, String(step)) ? unwrap(def.shape![String(step)]) : undefined;
    else if (def.type === 'record') def = unwrap(def.valueType);
    else def = unwrap(def.element);
  }
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}
