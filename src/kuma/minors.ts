/**
 * The Kuma releases kuma-inject models, in order, and the step functions the behaviour table is written in:
 * `steps(['2.7', a], ['2.12', b])` is `a` for 2.7 to 2.11 and `b` from 2.12 on; `since('2.14')` is a flag from 2.14.
 * Also the one test of "is release R within since/until", which the config-key and annotation tables use too.
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

/** A run of releases: from `since` (absent: the oldest, 2.7) up to and including `until` (absent: the newest). */
export interface ReleaseSpan {
  readonly since?: Minor;
  readonly until?: Minor;
}

const position = (minor: Minor): number => MINORS.indexOf(minor);

/** Whether `minor` is one of the span's releases. */
export const inSpan = (span: ReleaseSpan, minor: Minor): boolean =>
  position(minor) >= position(span.since ?? MINORS[0]) && (span.until === undefined || position(minor) <= position(span.until));

/** The span as a flag per release. */
export function spanFlags(span: ReleaseSpan): Readonly<Record<Minor, boolean>> {
  const out = Object.create(null) as Record<Minor, boolean>;
  for (const minor of MINORS) out[minor] = inSpan(span, minor);
  return out;
}

/** The flag per release, the other way round. */
export function negated(flags: Readonly<Record<Minor, boolean>>): Readonly<Record<Minor, boolean>> {
  const out = Object.create(null) as Record<Minor, boolean>;
  for (const minor of MINORS) out[minor] = !flags[minor];
  return out;
}

/** True from `first` on, up to and including `last` when given. */
export const since = (first: Minor, last?: Minor): Readonly<Record<Minor, boolean>> => spanFlags({ since: first, until: last });
