/**
 * Which Kuma release knows which Pod annotation, and what Kuma 3.0 removes: THE one table of annotations whose
 * support differs between the releases modelled (every other `kuma.io/*`, `traffic.kuma.io/*`,
 * `prometheus.metrics.kuma.io/*` and `k8s.kuma.io/*` annotation is known by them all). Read from each release's
 * pkg/plugins/runtime/k8s/metadata/annotations.go at its tag (the constants defined there), diffed release to
 * release (v2.7.29, 2.9.19, v2.11.18, v2.12.14, v2.13.10, v2.14.3, main at 348b6528). The webhook ignores an
 * annotation its release does not know, silently; here that is a warning, ANNOTATION_NOT_IN_RELEASE (for
 * 3.0-preview too, naming the replacement).
 *
 * `removedIn30` is what a 2.x user should write instead before moving to 3.0 (an info result, REMOVED_IN_3_0):
 * from main's annotations.go (the constants it no longer has), its injector and converter, and its UPGRADE.md.
 * The kuma-cp settings 3.0 removes are in the config-key table, CONFIG_KEY_RELEASES (release-defaults.ts).
 */
import { annotationField } from './failure.ts';
import { keysRemovedIn30 } from './release-defaults.ts';
import { inSpan, type Minor, type ReleaseSpan, spanFlags } from './minors.ts';

/** The releases that know the annotation: `since` the first (absent: 2.7), `until` the last (absent: 3.0-preview). */
interface AnnotationSupport extends ReleaseSpan {
  /** For annotations 3.0 no longer reads: what to use instead. */
  readonly removedIn30?: string;
}

const NONE = 'there is no replacement';
const EBPF = `${NONE} (eBPF redirection is removed; iptables or the CNI only)`;
const DNS_ENABLED = 'use the control plane\'s `runtime.kubernetes.injector.builtinDNS.enabled` and the transparent-proxy ConfigMap\'s `redirect.dns`, or per pod a ConfigMap of its own (`traffic.kuma.io/transparent-proxy-configmap-name`)';
const DNS_PORT = 'use the control plane\'s `runtime.kubernetes.injector.builtinDNS.port`, or per pod a transparent-proxy ConfigMap (`traffic.kuma.io/transparent-proxy-configmap-name`)';
const METRICS = 'use a MeshMetric policy';
const ZONE_PROXY = 'use a mesh-scoped zone proxy: the Service label `k8s.kuma.io/zone-proxy-type: ingress|egress` (3.0 gives such a Pod a plain Dataplane)';

/** Only annotations whose support differs; keyed by user data, so a Map. */
export const ANNOTATION_RELEASES: ReadonlyMap<string, AnnotationSupport> = new Map<string, AnnotationSupport>([
  // Only 2.7 (removed in 2.9 with the transparent-proxy engine v1 and the split TCP/UDP exclusions).
  ['kuma.io/transparent-proxying-engine-v1', { until: '2.7' }],
  ['kuma.io/transparent-proxying-inbound-v6-port', { until: '2.7' }],
  ['traffic.kuma.io/exclude-outbound-tcp-ports-for-uids', { until: '2.7' }],
  ['traffic.kuma.io/exclude-outbound-udp-ports-for-uids', { until: '2.7' }],
  // New in 2.9.
  ['kuma.io/application-probe-proxy-port', { since: '2.9' }],
  ['kuma.io/reachable-backends', { since: '2.9' }],
  ['k8s.kuma.io/is-headless-service', { since: '2.9' }],
  ['k8s.kuma.io/service-name', { since: '2.9' }],
  ['traffic.kuma.io/drop-invalid-packets', { since: '2.9' }],
  ['traffic.kuma.io/exclude-inbound-ips', { since: '2.9' }],
  ['traffic.kuma.io/exclude-outbound-ips', { since: '2.9' }],
  ['traffic.kuma.io/iptables-logs', { since: '2.9' }],
  ['traffic.kuma.io/transparent-proxy-config', { since: '2.9' }],
  ['traffic.kuma.io/transparent-proxy-configmap-name', { since: '2.9' }],
  // New in 2.11 and removed in 3.0.
  ['kuma.io/xds-transport-protocol-variant', { since: '2.11', until: '2.14', removedIn30: `${NONE} (kuma-dp no longer reads it)` }],
  // New in 2.12, 2.13.
  ['k8s.kuma.io/service-account', { since: '2.12' }],
  ['k8s.kuma.io/spire-support', { since: '2.12' }],
  ['kuma.io/workload', { since: '2.13' }],
  // Known by every 2.x release, removed in 3.0.
  ['kuma.io/mesh', { until: '2.14', removedIn30: 'use the label `kuma.io/mesh` (without it a Pod is in mesh `default`)' }],
  ['kuma.io/virtual-probes', { until: '2.14', removedIn30: 'use `kuma.io/application-probe-proxy-port` (0 turns the probe proxy off and excludes the probe ports from redirection)' }],
  ['kuma.io/virtual-probes-port', { until: '2.14', removedIn30: 'use `kuma.io/application-probe-proxy-port`' }],
  ['kuma.io/builtin-dns', { until: '2.14', removedIn30: DNS_ENABLED }],
  ['kuma.io/builtin-dns-port', { until: '2.14', removedIn30: DNS_PORT }],
  ['kuma.io/builtin-dns-logging', { until: '2.14', removedIn30: NONE }],
  ['kuma.io/builtindns', { until: '2.14', removedIn30: DNS_ENABLED }],
  ['kuma.io/builtindnsport', { until: '2.14', removedIn30: DNS_PORT }],
  ['kuma.io/transparent-proxying-ebpf', { until: '2.14', removedIn30: EBPF }],
  ['kuma.io/transparent-proxying-ebpf-bpf-fs-path', { until: '2.14', removedIn30: EBPF }],
  ['kuma.io/transparent-proxying-ebpf-cgroup-path', { until: '2.14', removedIn30: EBPF }],
  ['kuma.io/transparent-proxying-ebpf-tc-attach-iface', { until: '2.14', removedIn30: EBPF }],
  ['kuma.io/transparent-proxying-ebpf-instance-ip-env-var-name', { until: '2.14', removedIn30: EBPF }],
  ['kuma.io/transparent-proxying-ebpf-programs-source-path', { until: '2.14', removedIn30: EBPF }],
  ['kuma.io/transparent-proxying-inbound-port', { until: '2.14', removedIn30: 'use the control plane\'s `sidecarContainer.redirectPortInbound`' }],
  ['kuma.io/transparent-proxying-outbound-port', { until: '2.14', removedIn30: 'use the control plane\'s `sidecarContainer.redirectPortOutbound`' }],
  ['kuma.io/transparent-proxying-reachable-services', { until: '2.14', removedIn30: 'use `kuma.io/reachable-backends` (MeshService references)' }],
  ['kuma.io/ingress', { until: '2.14', removedIn30: ZONE_PROXY }],
  ['kuma.io/egress', { until: '2.14', removedIn30: ZONE_PROXY }],
  ['kuma.io/ingress-public-address', { until: '2.14', removedIn30: ZONE_PROXY }],
  ['kuma.io/ingress-public-port', { until: '2.14', removedIn30: ZONE_PROXY }],
  ['prometheus.metrics.kuma.io/port', { until: '2.14', removedIn30: METRICS }],
  ['prometheus.metrics.kuma.io/path', { until: '2.14', removedIn30: METRICS }],
  // Still defined in main's annotations.go, but 3.0 no longer acts on it (read only for a mismatch warning).
  ['kuma.io/sidecar-uid', { removedIn30: 'use the control plane\'s `sidecarContainer.uid` (or the transparent-proxy ConfigMap\'s `kumaDPUser`)' }],
]);

/** The per-app aggregate metrics annotations, `prometheus.metrics.kuma.io/aggregate-<app>-<field>`: removed in 3.0. */
const AGGREGATE = /^prometheus\.metrics\.kuma\.io\/aggregate-/;

/** Per release, whether it knows the annotation: for the behaviour switches that stand for one (behaviour.ts). */
export function annotationPresence(key: string): Readonly<Record<Minor, boolean>> {
  const support = ANNOTATION_RELEASES.get(key);
  if (!support) throw new Error(`ANNOTATION_RELEASES has no row for ${key}`);
  return spanFlags(support);
}

/** The releases that know it, in words: `Kuma 2.9 and later`, `only Kuma 2.7`, `Kuma 2.11 to 2.14`. */
function rangeText(support: AnnotationSupport): string {
  const from = support.since ?? '2.7';
  if (support.until === undefined) return `Kuma ${from} and later`;
  if (support.until === from) return `only Kuma ${from}`;
  return `Kuma ${from} to ${support.until}`;
}

export interface AnnotationReleaseNote {
  readonly code: 'ANNOTATION_NOT_IN_RELEASE' | 'REMOVED_IN_3_0';
  readonly severity: 'warning' | 'info';
  readonly field: string;
  readonly message: string;
}

/** The support of a key: its table row, or for the per-app aggregate metrics annotations, 2.x only. */
function supportOf(key: string): AnnotationSupport | undefined {
  return ANNOTATION_RELEASES.get(key) ?? (AGGREGATE.test(key) ? { until: '2.14', removedIn30: METRICS } : undefined);
}

/**
 * Notes on a pod template's annotations for the chosen release: a warning for each one its webhook does not
 * know (for 3.0-preview's removals, naming the replacement), and, on a 2.x release, an info for each one Kuma
 * 3.0 removes, naming the replacement.
 */
export function annotationReleaseNotes(annotations: Readonly<Record<string, string>>, minor: Minor): AnnotationReleaseNote[] {
  const preview = minor === '3.0-preview';
  const notes: AnnotationReleaseNote[] = [];
  for (const key of Object.keys(annotations).sort()) {
    const support = supportOf(key);
    if (!support) continue;
    if (!inSpan(support, minor)) {
      const instead = preview && support.removedIn30 ? `; ${support.removedIn30}` : '';
      notes.push({
        code: 'ANNOTATION_NOT_IN_RELEASE',
        severity: 'warning',
        field: annotationField(key),
        message: `\`${key}\` is not known to Kuma ${minor} (${rangeText(support)} read it): its webhook ignores it${instead}`,
      });
    } else if (!preview && support.removedIn30 !== undefined) {
      notes.push({ code: 'REMOVED_IN_3_0', severity: 'info', field: annotationField(key), message: `\`${key}\` is removed in Kuma 3.0, which ignores it: ${support.removedIn30}` });
    }
  }
  return notes;
}

/** The Namespace's `kuma.io/mesh` annotation where the release no longer reads it (3.0: labels only). */
export function namespaceAnnotationNote(namespace: string, annotations: Readonly<Record<string, string>>, minor: Minor): AnnotationReleaseNote | undefined {
  const key = 'kuma.io/mesh';
  const support = ANNOTATION_RELEASES.get(key)!;
  if (!Object.hasOwn(annotations, key) || inSpan(support, minor)) return undefined;
  return {
    code: 'ANNOTATION_NOT_IN_RELEASE',
    severity: 'warning',
    field: annotationField(key),
    message: `the \`${key}\` annotation of namespace "${namespace}" is not known to Kuma ${minor} (${rangeText(support)} read it): ignored; label the namespace \`kuma.io/mesh\` instead`,
  };
}

/** The value at a dotted path of a plain object tree, undefined where a step is missing (own keys only). */
function valueAt(tree: unknown, path: string): unknown {
  let current = tree;
  for (const step of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/**
 * Info notes for the settings the user wrote under `controlPlane` (before any defaults) that Kuma 3.0 removes, on
 * a 2.x release that has them (CONFIG_KEY_RELEASES, `until: '2.14'`); paths relative to `controlPlane`.
 */
export function settingRemovalNotes(userControlPlane: unknown, minor: Minor): Array<{ path: string; message: string }> {
  if (minor === '3.0-preview') return [];
  return keysRemovedIn30(minor)
    .filter(({ path }) => valueAt(userControlPlane, path) !== undefined)
    .map(({ path, replacement }) => ({ path, message: `\`${path}\` is removed in Kuma 3.0, which ignores it: ${replacement}` }));
}
