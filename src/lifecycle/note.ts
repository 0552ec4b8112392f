/**
 * What a lifecycle step reports, before it is a Result: the transform adds the workload and the pod-template
 * prefix to `field`. Also the few container-list helpers every step shares. No logic of its own.
 */
import type { JsonObject, JsonValue } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import type { ResultCode, Severity } from '../krm/result.ts';

export interface LifecycleNote {
  readonly severity: Severity;
  readonly code: ResultCode;
  readonly message: string;
  /** Path inside the pod template, such as `spec.containers[0].lifecycle.preStop`. */
  readonly field?: string;
}

/** A step's output: the template (the same object when the step changed nothing) and its notes. */
export interface StepOutput {
  readonly template: JsonObject;
  readonly notes: readonly LifecycleNote[];
}

export const specOf = (template: JsonObject): JsonObject => (isObject(template.spec) ? template.spec : {});

/** The list under `key`, objects only (anything else in it is Kubernetes' problem, not ours). */
export const containerList = (spec: JsonObject, key: 'containers' | 'initContainers'): JsonObject[] =>
  Array.isArray(spec[key]) ? (spec[key] as JsonValue[]).filter(isObject) : [];

/** `` `a`, `b` and `c` `` */
export function listNames(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}
