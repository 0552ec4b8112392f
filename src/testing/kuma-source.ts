/**
 * Kuma's source, for the tests that check a release table against it: the bare git mirror at KUMA_MIRROR (the
 * environment variable of that name, else the team's mirror) when this machine has one. Without it those tests say
 * they are skipped (as the repo's other tests do), never pass silently.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { skip } from './skip.ts';

export const KUMA_MIRROR = process.env.KUMA_MIRROR || '/work/.mirror/kumahq+kuma/repo';

/** False (after a `skipped:` line naming `what`) when the mirror is missing. */
export function haveKumaSource(what: string): boolean {
  if (existsSync(KUMA_MIRROR)) return true;
  skip(what, `no Kuma source at ${KUMA_MIRROR}`);
  return false;
}

/** A file of Kuma's at a tag or commit; undefined when the file does not exist there. */
export function kumaFile(tag: string, path: string): string | undefined {
  try {
    return execFileSync('git', ['-C', KUMA_MIRROR, 'show', `${tag}:${path}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
  } catch {
    return undefined;
  }
}

/** Every tag of the mirror. */
export const kumaTags = (): string[] => execFileSync('git', ['-C', KUMA_MIRROR, 'tag'], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n').filter(Boolean);
