/**
 * The Kuma releases kuma-inject models, in order, and the step functions the behaviour table is written in:
 * `steps(['2.7', a], ['2.12', b])` is `a` for 2.7 to 2.11 and `b` from 2.12 on; `since('2.14')` is a flag from 2.14.
 */

/** The releases, oldest first. `3.0-preview` is Kuma's main branch, the coming 3.0. */
export const MINORS = ['2.7', '2.9', '2.11', '2.12', '2.13', '2.14', '3.0-preview'] as const;
export type Minor = (typeof MINORS)[number];
export const NEWEST_STABLE: Minor = '2.14';

export type Step<T> = readonly [Minor, T];

/** A value that changes at the named releases (the first step must name the oldest, 2.7). */
export function steps<T>(...changes: readonly Step<T>[]): Readonly<Record<Minor, T>> {
  const out = Object.create(null) as Record<Minor, T>;
  let current = changes[0]![1];
  for (const minor of MINORS) {
    const change = changes.find(([at]) => at === minor);
    if (change) current = change[1];
    out[minor] = current;
  }
  return out;
}
/** True from `first` on, up to and including `last` when given. */
export const since = (first: Minor, last?: Minor): Readonly<Record<Minor, boolean>> => {
  const next = last ? MINORS[MINORS.indexOf(last) + 1] : undefined;
  return steps<boolean>(['2.7', first === '2.7'], [first, true], ...(next ? [[next, false] as Step<boolean>] : []));
};
