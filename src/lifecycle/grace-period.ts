/**
 * The grace-period check (seed 000: "the grace period should be set to long enough"): a Pod's
 * `terminationGracePeriodSeconds` (Kubernetes default 30) against preStop sleep + sidecar drain time + margin.
 * The sum is deliberately an upper bound. Too short is a warning with the numbers, or, when asked, raised.
 */
import type { JsonObject } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { SIDECAR_NAME } from '../kuma/metadata.ts';
import { parseGoDuration } from '../kuma/values.ts';
import { type LifecycleNote, type StepOutput, containerList, specOf } from './note.ts';

export const KUBERNETES_DEFAULT_GRACE_SECONDS = 30;

export interface GraceInput {
  readonly preStopSeconds: number;
  readonly drainSeconds: number;
  readonly marginSeconds: number;
  readonly raise: boolean;
  /** A config setting as the user writes it (`spec.lifecycle.gracePeriod.raise: true`, or its ConfigMap key). */
  readonly configSetting: (path: string, value: string) => string;
}

/** Whole seconds of a Go duration, rounded up; undefined when it does not parse. */
function durationSeconds(text: string): number | undefined {
  const parsed = parseGoDuration(text);
  return parsed.ok ? Math.max(0, Math.ceil(parsed.value / 1e9)) : undefined;
}

/**
 * The drain time kuma-dp will use: `KUMA_DATAPLANE_DRAIN_TIME` of the injected kuma-sidecar (which already holds
 * `kuma.io/sidecar-drain-time`, the config, and any ContainerPatch), else the configured default.
 */
export function sidecarDrainSeconds(template: JsonObject, configured: string): number {
  const spec = specOf(template);
  const sidecar = [...containerList(spec, 'initContainers'), ...containerList(spec, 'containers')].find((c) => c.name === SIDECAR_NAME);
  const env = sidecar && Array.isArray(sidecar.env) ? sidecar.env.filter(isObject) : [];
  const value = env.find((e) => e.name === 'KUMA_DATAPLANE_DRAIN_TIME')?.value;
  return (typeof value === 'string' ? durationSeconds(value) : undefined) ?? durationSeconds(configured) ?? 0;
}

export function checkGracePeriod(template: JsonObject, input: GraceInput): StepOutput {
  const spec = specOf(template);
  const current = spec.terminationGracePeriodSeconds;
  // A non-number is Kubernetes' validation to report; nothing sensible to compare here.
  if (current !== undefined && typeof current !== 'number') return { template, notes: [] };
  const grace = current ?? KUBERNETES_DEFAULT_GRACE_SECONDS;
  const required = input.preStopSeconds + input.drainSeconds + input.marginSeconds;
  if (grace >= required) return { template, notes: [] };
  const sum = `preStop sleep ${input.preStopSeconds}s + sidecar drain time ${input.drainSeconds}s + margin ${input.marginSeconds}s`;
  const now = current === undefined ? `unset (Kubernetes' default ${KUBERNETES_DEFAULT_GRACE_SECONDS}s)` : `${grace}s`;
  const field = 'spec.terminationGracePeriodSeconds';
  if (input.raise) {
    const note: LifecycleNote = {
      severity: 'info',
      code: 'GRACE_PERIOD_RAISED',
      field,
      message: `\`terminationGracePeriodSeconds\` raised from ${now} to ${required}s = ${sum}`,
    };
    return { template: { ...template, spec: { ...spec, terminationGracePeriodSeconds: required } }, notes: [note] };
  }
  const note: LifecycleNote = {
    severity: 'warning',
    code: 'GRACE_PERIOD_SHORT',
    field,
    message: `\`terminationGracePeriodSeconds\` is ${now}, but shutting down can take ${required}s = ${sum}, and at the end of the grace period Kubernetes kills what still runs: set \`terminationGracePeriodSeconds: ${required}\`, or \`${input.configSetting('lifecycle.gracePeriod.raise', 'true')}\` to have it set`,
  };
  return { template, notes: [note] };
}
