/**
 * The Kuma releases kuma-inject models: their tags, how a `kumaVersion` names one, and each release with its
 * behaviour (the switches of behaviour.ts, the one table of what each release does differently; kuma-cp defaults
 * and config keys are in release-defaults.ts, annotations in annotation-releases.ts). Each minor release behaves
 * as its last patch tag (`tag`), read from Kuma's source and fixtures at that tag. The injector and the converter
 * are one code base that reads `release.behaviour`; no code is copied per release.
 */
import { BEHAVIOUR, type Behaviour } from './behaviour.ts';
import { MINORS, type Minor, NEWEST_STABLE } from './minors.ts';

export { BEHAVIOUR, type Behaviour } from './behaviour.ts';
export { MINORS, type Minor, NEWEST_STABLE } from './minors.ts';

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
