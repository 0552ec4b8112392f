/**
 * kuma-inject's own per-workload annotations (on the pod template, like Kuma's): their names and strict parsers.
 * A bad value is an error naming the annotation, never a silent fallback to the config. Kuma's annotations
 * are read elsewhere (src/kuma/annotation-reader.ts).
 */
import type { Parsed } from '../kuma/values.ts';
import { MAX_PRESTOP_SECONDS } from './config.ts';

export const LIFECYCLE_ANNOTATION = {
  /** Seconds of the preStop sleep for this workload; `0` adds none. Overrides `spec.lifecycle.preStop.seconds`. */
  preStopSleepSeconds: 'kuma-inject.dev/prestop-sleep-seconds',
  /** Comma-separated container names to convert into native sidecars, besides `spec.lifecycle.nativeSidecars.adopt`. */
  nativeSidecars: 'kuma-inject.dev/native-sidecars',
} as const;

const CONTAINER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A whole number of seconds from 0 to MAX_PRESTOP_SECONDS, digits only (no sign, unit or spaces). */
export function parsePreStopSeconds(value: string): Parsed<number> {
  const key = LIFECYCLE_ANNOTATION.preStopSleepSeconds;
  if (!/^\d+$/.test(value)) {
    return { ok: false, error: `\`${key}\` is "${value}": it must be a whole number of seconds such as "15" (0 adds no sleep)` };
  }
  const seconds = Number(value);
  if (seconds > MAX_PRESTOP_SECONDS) {
    return { ok: false, error: `\`${key}\` is ${value}: at most ${MAX_PRESTOP_SECONDS} seconds` };
  }
  return { ok: true, value: seconds };
}

/** Container names separated by commas; spaces around names and empty items are ignored. */
export function parseNativeSidecars(value: string): Parsed<string[]> {
  const key = LIFECYCLE_ANNOTATION.nativeSidecars;
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const bad = names.find((n) => !CONTAINER_NAME.test(n));
  if (bad !== undefined) {
    return { ok: false, error: `\`${key}\` names "${bad}", which is not a container name (lowercase letters, digits and "-")` };
  }
  if (names.includes('kuma-sidecar')) {
    return {
      ok: false,
      error: `\`${key}\` names \`kuma-sidecar\`, which is Kuma's own: whether it is a native sidecar follows the config (the Kubernetes version and native sidecars on or off), not this annotation`,
    };
  }
  return { ok: true, value: [...new Set(names)] };
}
