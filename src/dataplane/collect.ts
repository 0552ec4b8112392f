/**
 * The injected Pods of the items (a template carries `kuma.io/sidecar-injected: "true"` after injection), and
 * whether Kuma's Pod reconciler would give each a Dataplane (spec §11.1): not for zone ingress/egress Pods or
 * builtin gateways (other resources), nor in a terminating namespace, nor for finished or evicted Pods.
 */
import type { KubeObject } from '../krm/object.ts';
import { isKptfile, isLocalConfig, isObject, stringMap } from '../krm/object.ts';

import { podTemplateAt, workloadKindOf } from '../krm/pod-template.ts';
import { parseBool } from '../kuma/values.ts';
import type { Settings } from '../settings.ts';
import { type InputIndex, namespaceTerminating } from './inputs.ts';
import { type PodView, podViewOfPod, podViewsOfTemplate } from './pod.ts';

const enabled = (annotations: Readonly<Record<string, string>>, key: string): boolean => {
  const value = annotations[key];
  if (value === undefined) return false;
  const parsed = parseBool(key, value);
  return parsed.ok && parsed.value;
};

/** Every Pod of an injected template, in item order. */
export function injectedPods(items: readonly KubeObject[], settings: Settings): PodView[] {
  const podIndexLabel = settings.kubernetesVersion.major > 1 || settings.kubernetesVersion.minor >= 28;
  const pods: PodView[] = [];
  for (const object of items) {
    if (isLocalConfig(object) || isKptfile(object)) continue;
    const kind = workloadKindOf(object, settings.workloadKinds);
    if (!kind) continue;
    const located = podTemplateAt(object, kind.templatePath);
    if ('missing' in located) continue;
    const metadata = isObject(located.template.metadata) ? located.template.metadata : {};
    const annotations = stringMap(metadata.annotations);
    if (!enabled(annotations, 'kuma.io/sidecar-injected')) continue;
    if (kind.templatePath.length === 0) pods.push(podViewOfPod(object));
    else pods.push(...podViewsOfTemplate(object, located.template, kind.templatePath, { podIndexLabel }));
  }
  return pods;
}

/**
 * Why the reconciler would give this Pod no Dataplane, or undefined when it would. `plainPodsOnly` (3.0): there
 * are no ZoneIngress/ZoneEgress or builtin-gateway paths, so such Pods are converted like any other.
 */
export function skipReason(pod: PodView, index: InputIndex, plainPodsOnly = false): string | undefined {
  if (!plainPodsOnly) {
    if (enabled(pod.annotations, 'kuma.io/ingress')) return 'a zone ingress (a ZoneIngress, not a Dataplane)';
    if (enabled(pod.annotations, 'kuma.io/egress')) return 'a zone egress (a ZoneEgress, not a Dataplane)';
    if (pod.annotations['kuma.io/gateway'] === 'builtin') return 'a builtin gateway (its Dataplane comes from the MeshGatewayInstance)';
  }
  if (namespaceTerminating(index, pod.namespace)) return `in terminating namespace "${pod.namespace}"`;
  if (pod.status.phase === 'Succeeded') return 'a Pod that has succeeded';
  if (pod.status.reason === 'Evicted') return 'an evicted Pod';
  return undefined;
}
