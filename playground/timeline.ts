/**
 * A pod's start-up and shutdown as bars in seconds, from the pod spec after injection. Shutdown is as Kubernetes
 * runs it: the app containers' preStop hooks, then SIGTERM; the sidecar's Envoy drains (KUMA_DATAPLANE_DRAIN_TIME)
 * after the apps have stopped (a native sidecar is stopped after them; for the legacy layout this is the upper
 * bound that the GRACE_PERIOD_SHORT check counts), and at terminationGracePeriodSeconds what still runs is killed.
 * Start-up durations are not knowable offline: init containers get a nominal second, the sidecar the earliest
 * time its startupProbe can pass.
 */
import type { Result } from '../src/lib.ts';

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export const SIDECAR = 'kuma-sidecar';
export const NOMINAL_INIT_SECONDS = 1;
const KUBERNETES_DEFAULT_GRACE = 30;

export type BarKind = 'init' | 'sidecar' | 'app' | 'hook' | 'drain' | 'margin';

export interface Bar {
  readonly row: string;
  readonly kind: BarKind;
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

export interface Timeline {
  readonly layout: 'native' | 'legacy' | 'none';
  readonly startup: Bar[];
  readonly shutdown: Bar[];
  readonly graceSeconds: number;
  /** From the GRACE_PERIOD_SHORT result: the seconds shutting down can take. */
  readonly requiredSeconds?: number;
  readonly short: boolean;
}

const containers = (spec: Plain, key: string): Plain[] => (Array.isArray(spec[key]) ? (spec[key] as unknown[]).filter(isPlain) : []);

/** Seconds of a Go duration such as `30s`, `1m30s`, `500ms`. */
export function goDurationSeconds(text: string): number | undefined {
  let total = 0;
  let matched = '';
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) {
    const unit = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 }[m[2] as 'h'];
    total += Number(m[1]) * unit;
    matched += m[0];
  }
  return matched === text && text !== '' ? total : undefined;
}

function hookSeconds(container: Plain, hook: 'preStop' | 'postStart'): number | undefined {
  const handler = isPlain(container.lifecycle) ? container.lifecycle[hook] : undefined;
  if (!isPlain(handler)) return undefined;
  if (isPlain(handler.sleep)) return num(handler.sleep.seconds) ?? 0;
  const command = isPlain(handler.exec) && Array.isArray(handler.exec.command) ? handler.exec.command.map(String) : [];
  const last = /(?:^|\s)sleep\s+(\d+(?:\.\d+)?)\s*$/.exec(command.join(' '));
  return last ? Number(last[1]) : 0;
}

function drainSeconds(sidecar: Plain | undefined): number {
  const env = sidecar && Array.isArray(sidecar.env) ? sidecar.env.filter(isPlain) : [];
  const value = env.find((e) => e.name === 'KUMA_DATAPLANE_DRAIN_TIME')?.value;
  return (typeof value === 'string' ? goDurationSeconds(value) : undefined) ?? 0;
}

/** The earliest second a startupProbe (else readinessProbe) can pass. */
function readySeconds(container: Plain): number {
  const probe = isPlain(container.startupProbe) ? container.startupProbe : isPlain(container.readinessProbe) ? container.readinessProbe : undefined;
  if (!probe) return NOMINAL_INIT_SECONDS;
  return Math.max(NOMINAL_INIT_SECONDS, (num(probe.initialDelaySeconds) ?? 0) + (num(probe.periodSeconds) ?? 10) * (num(probe.successThreshold) ?? 1));
}

function shortNumbers(results: readonly Result[]): { required?: number; margin?: number } {
  const short = results.find((r) => r.code === 'GRACE_PERIOD_SHORT');
  if (!short) return {};
  const required = /shutting down can take (\d+(?:\.\d+)?)s/.exec(short.message);
  const margin = /margin (\d+(?:\.\d+)?)s/.exec(short.message);
  return { ...(required ? { required: Number(required[1]) } : {}), ...(margin ? { margin: Number(margin[1]) } : {}) };
}

export function timelineOf(spec: Plain, results: readonly Result[]): Timeline {
  const inits = containers(spec, 'initContainers');
  const apps = containers(spec, 'containers');
  const nativeSidecar = inits.find((c) => c.name === SIDECAR && c.restartPolicy === 'Always');
  const legacySidecar = apps.find((c) => c.name === SIDECAR);
  const sidecar = nativeSidecar ?? legacySidecar;
  const layout = nativeSidecar ? 'native' : legacySidecar ? 'legacy' : 'none';
  const graceSeconds = num(spec.terminationGracePeriodSeconds) ?? KUBERNETES_DEFAULT_GRACE;
  const { required, margin } = shortNumbers(results);

  const startup: Bar[] = [];
  let t = 0;
  for (const c of inits) {
    const name = String(c.name ?? '');
    if (c === nativeSidecar) {
      const ready = readySeconds(c);
      startup.push({ row: name, kind: 'sidecar', label: `starts, ready after ${ready}s (startupProbe)`, start: t, end: t + ready });
      t += ready;
    } else if (c.restartPolicy === 'Always') {
      startup.push({ row: name, kind: 'init', label: 'sidecar container starts', start: t, end: t + NOMINAL_INIT_SECONDS });
    } else {
      startup.push({ row: name, kind: 'init', label: 'runs to completion (nominal 1s)', start: t, end: t + NOMINAL_INIT_SECONDS });
      t += NOMINAL_INIT_SECONDS;
    }
  }
  const appStart = t;
  for (const c of apps) {
    const name = String(c.name ?? '');
    const postStart = hookSeconds(c, 'postStart');
    startup.push({ row: name, kind: c === legacySidecar ? 'sidecar' : 'app', label: 'starts', start: appStart, end: appStart + NOMINAL_INIT_SECONDS });
    if (postStart !== undefined) {
      const hookEnd = t + Math.max(postStart, 0.5);
      startup.push({ row: `${name} postStart`, kind: 'hook', label: postStart ? `postStart ${postStart}s` : 'postStart (blocks the next container)', start: t, end: hookEnd });
      t = hookEnd; // Kubernetes starts the next container after this one's postStart hook returns.
    }
  }

  const shutdown: Bar[] = [];
  let appsStopped = 0;
  for (const c of apps) {
    if (c === legacySidecar) continue;
    const name = String(c.name ?? '');
    const preStop = hookSeconds(c, 'preStop') ?? 0;
    if (preStop > 0) shutdown.push({ row: `${name} preStop`, kind: 'hook', label: `preStop sleep ${preStop}s`, start: 0, end: preStop });
    shutdown.push({ row: name, kind: 'app', label: 'SIGTERM, stops', start: preStop, end: preStop + 0.5 });
    appsStopped = Math.max(appsStopped, preStop);
  }
  if (sidecar) {
    const drain = drainSeconds(sidecar);
    shutdown.push({ row: `${SIDECAR} drain`, kind: 'drain', label: `Envoy drains ${drain}s`, start: appsStopped, end: appsStopped + drain });
    if (margin) shutdown.push({ row: 'margin', kind: 'margin', label: `margin ${margin}s`, start: appsStopped + drain, end: appsStopped + drain + margin });
  }
  const needed = Math.max(0, ...shutdown.map((b) => b.end));
  return { layout, startup, shutdown, graceSeconds, short: required !== undefined || needed > graceSeconds, ...(required !== undefined ? { requiredSeconds: required } : {}) };
}
