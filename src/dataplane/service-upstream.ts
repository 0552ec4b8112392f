/**
 * What kuma-cp's Service reconciler writes onto Services (spec §11.10), for `mirrorServiceAnnotations`: both
 * `ingress.kubernetes.io/service-upstream` and `nginx.ingress.kubernetes.io/service-upstream` set to "true" on
 * Services of namespaces whose injection label is on, except builtin gateways, ExternalName and ignored ones.
 */
import type { KubeObject } from '../krm/object.ts';
import { metadataOf, annotationsOf } from '../krm/object.ts';

import type { NamespaceView } from '../kuma/precheck.ts';
import { parseBool } from '../kuma/values.ts';
import { isExternalName, isIgnored, serviceNamespace } from './services.ts';

export const SERVICE_UPSTREAM_ANNOTATIONS = ['ingress.kubernetes.io/service-upstream', 'nginx.ingress.kubernetes.io/service-upstream'] as const;

function injectionEnabled(namespace: NamespaceView): boolean {
  const value = namespace.labels['kuma.io/sidecar-injection'];
  if (value === undefined) return false;
  const parsed = parseBool('kuma.io/sidecar-injection', value);
  return parsed.ok && parsed.value;
}

/** The Service with the annotations added, or the same object when the reconciler would leave it alone. */
export function withServiceUpstream(service: KubeObject, namespace: (name: string) => NamespaceView): KubeObject {
  const annotations = annotationsOf(service);
  if (annotations['kuma.io/gateway'] === 'builtin') return service;
  // A namespace that is neither in the input nor in the config is unknown: the reconciler would not find it.
  const view = namespace(serviceNamespace(service));
  if (!view.known || !injectionEnabled(view) || isExternalName(service) || isIgnored(service)) return service;
  if (SERVICE_UPSTREAM_ANNOTATIONS.every((key) => annotations[key] === 'true')) return service;
  const metadata = metadataOf(service);
  const existing = typeof metadata.annotations === 'object' && metadata.annotations !== null ? metadata.annotations : {};
  const added = Object.fromEntries(SERVICE_UPSTREAM_ANNOTATIONS.map((key) => [key, 'true']));
  return { ...service, metadata: { ...metadata, annotations: { ...existing, ...added } } };
}
