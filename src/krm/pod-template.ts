/**
 * The one table of where pod templates live, per workload kind. A bare Pod is its own template.
 * Extra kinds (an Argo Rollout, say) come from config with their template path.
 */
import type { JsonObject, KubeObject } from './object.ts';
import { groupOf, isObject } from './object.ts';

export interface WorkloadKind {
  group: string;
  kind: string;
  /** Path from the object root to the pod template; empty for a Pod. */
  templatePath: readonly string[];
  /** Runs to completion (Job, CronJob), which matters for sidecars that never exit. */
  runsToCompletion: boolean;
}

export const BUILTIN_WORKLOAD_KINDS: readonly WorkloadKind[] = [
  { group: '', kind: 'Pod', templatePath: [], runsToCompletion: false },
  { group: 'apps', kind: 'Deployment', templatePath: ['spec', 'template'], runsToCompletion: false },
  { group: 'apps', kind: 'StatefulSet', templatePath: ['spec', 'template'], runsToCompletion: false },
  { group: 'apps', kind: 'DaemonSet', templatePath: ['spec', 'template'], runsToCompletion: false },
  { group: 'apps', kind: 'ReplicaSet', templatePath: ['spec', 'template'], runsToCompletion: false },
  { group: '', kind: 'ReplicationController', templatePath: ['spec', 'template'], runsToCompletion: false },
  { group: 'batch', kind: 'Job', templatePath: ['spec', 'template'], runsToCompletion: true },
  { group: 'batch', kind: 'CronJob', templatePath: ['spec', 'jobTemplate', 'spec', 'template'], runsToCompletion: true },
];

export function workloadKindOf(object: KubeObject, kinds: readonly WorkloadKind[]): WorkloadKind | undefined {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const group = groupOf(apiVersion);
  return kinds.find((k) => k.kind === object.kind && k.group === group);
}

/** The pod template at `path`, or a description of the first segment that is missing or not a map. */
export function podTemplateAt(object: KubeObject, path: readonly string[]): { template: JsonObject } | { missing: string } {
  let current: unknown = object;
  for (const [index, key] of path.entries()) {
    if (!isObject(current) || !isObject(current[key])) return { missing: path.slice(0, index + 1).join('.') };
    current = current[key];
  }
  return { template: current as JsonObject };
}

/** Returns a copy of `object` with the pod template at `path` replaced. */
export function withPodTemplate(object: KubeObject, path: readonly string[], template: JsonObject): KubeObject {
  if (path.length === 0) return template;
  const [head, ...rest] = path as [string, ...string[]];
  const child = object[head];
  return { ...object, [head]: withPodTemplate(isObject(child) ? child : {}, rest, template) };
}

/** `spec.template` style prefix for field paths in results ('' for a Pod). */
export const templateFieldPrefix = (path: readonly string[]): string => (path.length ? `${path.join('.')}.` : '');
