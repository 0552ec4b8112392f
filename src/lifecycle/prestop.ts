/**
 * preStop sleeps on application containers, so that a terminating Pod keeps serving while Kubernetes and the
 * mesh stop sending it traffic (seed 000/001). Native `sleep` action from Kubernetes 1.30, else an exec command.
 * A container's own preStop is kept. Deciding which workloads get sleeps is the caller's job.
 */
import type { JsonObject, JsonValue } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { SIDECAR_NAME } from '../kuma/metadata.ts';
import { SECONDS_PLACEHOLDER } from './config.ts';
import { type LifecycleNote, type StepOutput, specOf } from './note.ts';

export interface PreStopInput {
  /** Seconds to sleep; 0 adds nothing. */
  readonly seconds: number;
  /** The native `lifecycle.preStop.sleep` action (Kubernetes 1.30+), else `exec`. */
  readonly nativeSleep: boolean;
  readonly execCommand: readonly string[];
}

/** The exec command with the seconds in place of `{seconds}`, or appended when there is no placeholder. */
export function execSleepCommand(command: readonly string[], seconds: number): string[] {
  const text = String(seconds);
  return command.some((arg) => arg.includes(SECONDS_PLACEHOLDER))
    ? command.map((arg) => arg.split(SECONDS_PLACEHOLDER).join(text))
    : [...command, text];
}

export function preStopHandler(input: PreStopInput): JsonObject {
  return input.nativeSleep ? { sleep: { seconds: input.seconds } } : { exec: { command: execSleepCommand(input.execCommand, input.seconds) } };
}

/**
 * How long a preStop hook sleeps, where that is plain: the native sleep action, or an exec of `sleep N` (directly
 * or as the last word of a shell line). Undefined for anything else, whose duration nobody can know offline.
 */
export function preStopSleepSeconds(container: JsonObject): number | undefined {
  const preStop = isObject(container.lifecycle) ? container.lifecycle.preStop : undefined;
  if (!isObject(preStop)) return undefined;
  if (isObject(preStop.sleep) && typeof preStop.sleep.seconds === 'number') return preStop.sleep.seconds;
  const command = isObject(preStop.exec) && Array.isArray(preStop.exec.command) ? preStop.exec.command.map(String) : [];
  if (command.length === 2 && /(^|\/)sleep$/.test(command[0]!) && /^\d+$/.test(command[1]!)) return Number(command[1]);
  const shell = /(?:^|[;&|\s])sleep\s+(\d+)\s*$/.exec(command.at(-1) ?? '');
  return shell ? Number(shell[1]) : undefined;
}

/** Adds the sleep to every application container without a preStop of its own. */
export function addPreStopSleeps(template: JsonObject, input: PreStopInput): StepOutput {
  const spec = specOf(template);
  if (input.seconds === 0 || !Array.isArray(spec.containers)) return { template, notes: [] };
  const notes: LifecycleNote[] = [];
  let changed = false;
  const containers = spec.containers.map((value, index): JsonValue => {
    if (!isObject(value) || value.name === SIDECAR_NAME) return value;
    const lifecycle = isObject(value.lifecycle) ? value.lifecycle : undefined;
    if (lifecycle?.preStop !== undefined) {
      notes.push({
        severity: 'info',
        code: 'PRESTOP_KEPT',
        field: `spec.containers[${index}].lifecycle.preStop`,
        message: `\`${String(value.name)}\` has a preStop hook of its own: it is kept, and no ${input.seconds}s sleep is added`,
      });
      return value;
    }
    changed = true;
    return { ...value, lifecycle: { ...(lifecycle ?? {}), preStop: preStopHandler(input) } };
  });
  return changed ? { template: { ...template, spec: { ...spec, containers } }, notes } : { template, notes };
}
