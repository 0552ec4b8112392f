/**
 * What Kuma 3.0 (main at 348b6528) no longer knows: pod annotations and kuma-cp config keys that a 2.x user may
 * still write. Kuma ignores them without a word (its config loader is non-strict and its webhook lost the
 * deprecation logs); kuma-inject, run as 3.0-preview, names each one in a warning so that nothing is lost silently.
 */
import { isObject } from '../krm/object.ts';
import { ANNOTATION, LABEL } from './metadata.ts';

/** Annotation keys 3.0 ignores, each with what replaces it (null-prototype: looked up by user keys). */
const REMOVED_ANNOTATIONS: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  [ANNOTATION.mesh]: `use the \`${LABEL.mesh}\` label (without it the pod lands in mesh "default")`,
  [ANNOTATION.virtualProbes]: `use \`${ANNOTATION.applicationProbeProxyPort}\` (0 turns the probe proxy off and excludes the probe ports from redirection)`,
  [ANNOTATION.virtualProbesPort]: `use \`${ANNOTATION.applicationProbeProxyPort}\``,
  [ANNOTATION.builtinDns]: `set \`runtime.kubernetes.injector.builtinDNS\` and the transparent-proxy ConfigMap's \`redirect.dns\` (per pod: \`${ANNOTATION.transparentProxyConfigMapName}\`)`,
  [ANNOTATION.builtinDnsPort]: `set \`runtime.kubernetes.injector.builtinDNS.port\``,
  [ANNOTATION.builtinDnsLogging]: 'nothing replaces it (the DNS logging env var is gone)',
  [ANNOTATION.deprecatedBuiltinDns]: `set \`runtime.kubernetes.injector.builtinDNS\` and the ConfigMap's \`redirect.dns\``,
  [ANNOTATION.deprecatedBuiltinDnsPort]: `set \`runtime.kubernetes.injector.builtinDNS.port\``,
  [ANNOTATION.ebpf]: 'eBPF is removed (iptables or CNI only)',
  [ANNOTATION.ebpfBpfFsPath]: 'eBPF is removed',
  [ANNOTATION.ebpfCgroupPath]: 'eBPF is removed',
  [ANNOTATION.ebpfTcAttachIface]: 'eBPF is removed',
  [ANNOTATION.ebpfInstanceIpEnvVarName]: 'eBPF is removed',
  [ANNOTATION.ebpfProgramsSourcePath]: 'eBPF is removed',
  [ANNOTATION.inboundPort]: 'set `sidecarContainer.redirectPortInbound` in the control plane config',
  [ANNOTATION.outboundPort]: 'set `sidecarContainer.redirectPortOutbound` in the control plane config',
  'kuma.io/transparent-proxying-reachable-services': 'use `kuma.io/reachable-backends`',
  [ANNOTATION.xdsTransportProtocolVariant]: 'nothing replaces it (kuma-dp no longer reads the env var)',
  'kuma.io/ingress': 'mesh-scoped zone proxies: a Service labelled `k8s.kuma.io/zone-proxy-type: ingress` (the pod gets a plain Dataplane)',
  'kuma.io/egress': 'mesh-scoped zone proxies: a Service labelled `k8s.kuma.io/zone-proxy-type: egress` (the pod gets a plain Dataplane)',
  'kuma.io/ingress-public-address': 'mesh-scoped zone proxies (Service label `k8s.kuma.io/zone-proxy-type`)',
  'kuma.io/ingress-public-port': 'mesh-scoped zone proxies (Service label `k8s.kuma.io/zone-proxy-type`)',
  [ANNOTATION.prometheusPort]: 'use a MeshMetric policy',
  [ANNOTATION.prometheusPath]: 'use a MeshMetric policy',
});

const AGGREGATE_METRICS = /^prometheus\.metrics\.kuma\.io\/aggregate-/;

export interface IgnoredNote {
  readonly key: string;
  readonly message: string;
}

/** The annotations of a pod template that 3.0 ignores, in the order written. */
export function annotationsIgnoredBy3(annotations: Readonly<Record<string, string>>): IgnoredNote[] {
  const notes: IgnoredNote[] = [];
  for (const key of Object.keys(annotations)) {
    const replacement = Object.hasOwn(REMOVED_ANNOTATIONS, key) ? REMOVED_ANNOTATIONS[key] : AGGREGATE_METRICS.test(key) ? 'use a MeshMetric policy' : undefined;
    if (replacement) notes.push({ key, message: `\`${key}\` is ignored by Kuma 3.0 (3.0-preview): ${replacement}` });
  }
  return notes;
}

/** The namespace's `kuma.io/mesh` annotation, which 3.0 ignores too. */
export function namespaceMeshAnnotationIgnoredBy3(namespace: string, annotations: Readonly<Record<string, string>>): IgnoredNote | undefined {
  if (!Object.hasOwn(annotations, ANNOTATION.mesh)) return undefined;
  return {
    key: ANNOTATION.mesh,
    message: `the \`${ANNOTATION.mesh}\` annotation of namespace "${namespace}" is ignored by Kuma 3.0 (3.0-preview): label the namespace \`${LABEL.mesh}\` instead`,
  };
}

/** kuma-cp config keys 3.0 removed (paths under `controlPlane`), each with what replaces it. */
const REMOVED_CONFIG_KEYS: ReadonlyArray<readonly [path: string, replacement: string]> = [
  ['runtime.kubernetes.injector.virtualProbesEnabled', 'use `applicationProbeProxyPort` (0 = off)'],
  ['runtime.kubernetes.injector.virtualProbesPort', 'use `applicationProbeProxyPort`'],
  ['runtime.kubernetes.injector.ebpf', 'eBPF is removed'],
  ['runtime.kubernetes.injector.builtinDNS.logging', 'nothing replaces it'],
  ['runtime.kubernetes.injector.builtinDNS.experimentalProxy', 'the embedded DNS proxy is always used'],
  ['runtime.kubernetes.injector.unifiedResourceNamingEnabled', 'nothing replaces it'],
  ['runtime.kubernetes.injector.sidecarContainer.adminPort', 'use `bootstrapServer.params.adminPort`'],
  ['experimental.sidecarContainers', 'native sidecars are used whenever Kubernetes is 1.29 or later'],
  ['experimental.deltaXds', 'nothing replaces it'],
  ['experimental.inboundTagsDisabled', 'inbounds never carry tags'],
  ['experimental.kubeOutboundsAsVIPs', 'Dataplanes never list outbounds'],
];

function hasPath(root: unknown, path: string): boolean {
  let current = root;
  for (const key of path.split('.')) {
    if (!isObject(current) || !Object.hasOwn(current, key)) return false;
    current = current[key];
  }
  return current !== undefined;
}

/** The removed keys the user's own `controlPlane` document sets (before any defaults are filled in). */
export function configKeysIgnoredBy3(controlPlane: unknown): Array<{ path: string; message: string }> {
  return REMOVED_CONFIG_KEYS.filter(([path]) => hasPath(controlPlane, path)).map(([path, replacement]) => ({
    path,
    message: `\`${path}\` is ignored by Kuma 3.0 (3.0-preview): ${replacement}`,
  }));
}
