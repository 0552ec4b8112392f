/**
 * The Kuma releases kuma-inject models, and everything each one does differently: one table of behaviour
 * switches (what the webhook and the Pod converter do) and one of kuma-cp defaults. Each minor release behaves as
 * its last patch tag (`tag`), read from Kuma's source and fixtures at that tag. The injector and the converter are
 * one code base that reads `release.behaviour`; no code is copied per release.
 *
 * A switch is a step function over the releases in order: `steps(['2.7', a], ['2.12', b])` is `a` for 2.7 to
 * 2.11 and `b` from 2.12 on. So "what does 2.12 do differently?" is answered by reading down BEHAVIOUR.
 */

/** The releases, oldest first. `3.0-preview` is Kuma's main branch, the coming 3.0. */
export const MINORS = ['2.7', '2.9', '2.11', '2.12', '2.13', '2.14', '3.0-preview'] as const;
export type Minor = (typeof MINORS)[number];
export const NEWEST_STABLE: Minor = '2.14';

export interface ReleaseTag {
  readonly minor: Minor;
  /** The modelled patch release, as users write it. */
  readonly version: string;
  /** Kuma's git tag of that patch (2.9's tags have no `v`), or the commit for the preview. */
  readonly tag: string;
  /** The image tag of kuma-dp and kuma-init. */
  readonly imageTag: string;
}

export const RELEASE_TAGS: Readonly<Record<Minor, ReleaseTag>> = {
  '2.7': { minor: '2.7', version: '2.7.29', tag: 'v2.7.29', imageTag: '2.7.29' },
  '2.9': { minor: '2.9', version: '2.9.19', tag: '2.9.19', imageTag: '2.9.19' },
  '2.11': { minor: '2.11', version: '2.11.18', tag: 'v2.11.18', imageTag: '2.11.18' },
  '2.12': { minor: '2.12', version: '2.12.14', tag: 'v2.12.14', imageTag: '2.12.14' },
  '2.13': { minor: '2.13', version: '2.13.10', tag: 'v2.13.10', imageTag: '2.13.10' },
  '2.14': { minor: '2.14', version: '2.14.3', tag: 'v2.14.3', imageTag: '2.14.3' },
  // main has no release image; Kuma publishes preview builds as `0.0.0-preview.<commit>`.
  '3.0-preview': { minor: '3.0-preview', version: '3.0-preview', tag: '348b6528', imageTag: '0.0.0-preview.v348b6528b' },
};

type Step<T> = readonly [Minor, T];

/** A value that changes at the named releases (the first step must name the oldest, 2.7). */
function steps<T>(...changes: readonly Step<T>[]): Readonly<Record<Minor, T>> {
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
const since = (first: Minor, last?: Minor): Readonly<Record<Minor, boolean>> => {
  const next = last ? MINORS[MINORS.indexOf(last) + 1] : undefined;
  return steps<boolean>(['2.7', first === '2.7'], [first, true], ...(next ? [[next, false] as Step<boolean>] : []));
};

/**
 * What each release's webhook and Pod converter do differently. Each entry: the release-by-release value, and
 * (in its comment) the Kuma source that shows it and the fixtures that need it.
 */
export const BEHAVIOUR = {
  /** `KUMA_DATAPLANE_RUNTIME_OTEL_PIPE_ENABLED` on kuma-sidecar, from `otelPipeEnabled` (containers/factory.go). */
  otelPipeEnv: since('2.14'),
} as const;

export type Behaviour = { readonly [K in keyof typeof BEHAVIOUR]: (typeof BEHAVIOUR)[K][Minor] };

function behaviourOf(minor: Minor): Behaviour {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [name, values] of Object.entries(BEHAVIOUR)) out[name] = (values as Record<Minor, unknown>)[minor];
  return out as Behaviour;
}

export interface Release extends ReleaseTag {
  readonly behaviour: Behaviour;
}

const RELEASES = new Map<Minor, Release>(MINORS.map((m) => [m, { ...RELEASE_TAGS[m], behaviour: behaviourOf(m) }]));

export const releaseOf = (minor: Minor): Release => RELEASES.get(minor)!;

export type VersionLookup =
  | { ok: true; release: Release; /** Set when a patch other than the modelled one was asked for. */ otherPatch?: string }
  | { ok: false; error: string };

/** The versions a user may write, for messages and `--version`. */
export const KNOWN_VERSIONS = MINORS.map((m) => `"${m}"`).join(', ');

/** `"2.12"`, `"2.12.14"`, `"v2.12.14"` and `"3.0-preview"` name a release; anything else is an error. */
export function lookUpVersion(text: string): VersionLookup {
  const trimmed = text.trim().replace(/^v/, '');
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(trimmed);
  const minorText = trimmed === '3.0-preview' ? trimmed : match ? `${Number(match[1])}.${Number(match[2])}` : undefined;
  const minor = MINORS.find((m) => m === minorText);
  if (!minor) return { ok: false, error: `"${text}" is not a Kuma release kuma-inject models: use one of ${KNOWN_VERSIONS} (or a patch of one, such as "2.12.14")` };
  const release = releaseOf(minor);
  if (match?.[3] !== undefined && trimmed !== release.version) return { ok: true, release, otherPatch: trimmed };
  return { ok: true, release };
}

/** For `--version`: every release modelled, each with the patch it behaves as. */
export function releasesText(): string {
  const rows = MINORS.map((m) => {
    const r = RELEASE_TAGS[m];
    const as = m === '3.0-preview' ? `Kuma main at ${r.tag}` : `as ${r.version}`;
    return `  ${m.padEnd(12)}${as}${m === NEWEST_STABLE ? ' (the default)' : ''}`;
  });
  return `Kuma releases modelled (spec.kumaVersion):\n${rows.join('\n')}\n`;
}
