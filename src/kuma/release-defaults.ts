/**
 * kuma-cp's defaults where a release differs from the schema's (which are 2.14's, src/config.ts): a partial
 * kuma-cp config document per release, set beneath the user's own. Images are per product (products.ts).
 * Also the config keys a release's kuma-cp does not have, which a user's config may still set.
 */
import type { JsonObject } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { inSpan, MINORS, type Minor, type ReleaseSpan, spanFlags } from './minors.ts';

/**
 * The layers of defaults, each with the releases it applies to, oldest layer first; a release's defaults are the
 * layers whose span holds it, merged. Each value is written once.
 */
const DEFAULT_LAYERS: ReadonlyArray<readonly [ReleaseSpan, JsonObject]> = [
  // Up to 2.13 (pkg/config/plugins/runtime/k8s/config.go DefaultKubernetesRuntimeConfig and
  // pkg/config/app/kuma-cp/kuma-cp.defaults.yaml at v2.13.10, v2.12.14, v2.11.18, 2.9.19, v2.7.29): a sidecar CPU
  // limit of 1000m (2.14: none) and native sidecars off (`experimental.sidecarContainers`). The keys 2.14 added
  // (its Unix socket for Envoy's admin API, say) need no value here: CONFIG_KEY_RELEASES drops them from an older
  // release's config and the code that reads them is switched off there (behaviour.ts), so the schema's 2.14
  // values beneath are never read.
  [
    { until: '2.13' },
    {
      runtime: { kubernetes: { injector: { sidecarContainer: { resources: { limits: { cpu: '1000m' } } } } } },
      experimental: { sidecarContainers: false },
    },
  ],
  // Up to 2.12 (the same files at v2.12.14, v2.11.18, 2.9.19, v2.7.29): virtual probes on.
  [{ until: '2.12' }, { runtime: { kubernetes: { injector: { virtualProbesEnabled: true } } } }],
  // 2.7 (the same files at v2.7.29): `sidecarContainer.redirectPortInboundV6: 15006` (a key only 2.7 has) and
  // node labels without `kubernetes.io/hostname`.
  [
    { until: '2.7' },
    {
      runtime: {
        kubernetes: {
          injector: {
            sidecarContainer: { redirectPortInboundV6: 15006 },
            nodeLabelsToCopy: ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region'],
          },
        },
      },
    },
  ],
  // Kuma main (config/plugins/runtime/k8s/config.go:DefaultKubernetesRuntimeConfig): the ConfigMap is mandatory.
  // The keys main removed keep the schema's values beneath; the code that read them is switched off (behaviour.ts).
  [{ since: '3.0-preview' }, { runtime: { kubernetes: { injector: { transparentProxyConfigMap: 'kuma-transparent-proxy-config' } } } }],
];

const CONFIG_DEFAULTS = new Map<Minor, JsonObject>(
  MINORS.map((minor) => [minor, DEFAULT_LAYERS.filter(([span]) => inSpan(span, minor)).reduce<JsonObject>((out, [, layer]) => merged(out, layer), {})]),
);

/** A fresh copy: the settings code merges user config into it. */
export const releaseConfigDefaults = (minor: Minor): JsonObject => structuredClone(CONFIG_DEFAULTS.get(minor)!);

function merged(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = structuredClone(base);
  for (const [key, value] of Object.entries(over)) {
    const mine = out[key];
    out[key] = isObject(mine) && isObject(value) ? merged(mine, value) : structuredClone(value);
  }
  return out;
}

/** The releases whose kuma-cp has the key: `since` its first (absent: 2.7), `until` its last (absent: 3.0-preview). */
export interface ConfigKeySupport extends ReleaseSpan {
  /** For a key a later release removed: what to use instead. */
  readonly replacement?: string;
}

const NONE = 'there is no replacement';

/**
 * THE one table of config keys (paths under `controlPlane`) that not every release's kuma-cp has: the json tags of
 * pkg/config/plugins/runtime/k8s/config.go, pkg/config/xds/bootstrap/config.go and pkg/config/app/kuma-cp/config.go
 * at each tag, diffed release to release; the 3.0 removals (`until: '2.14'`) from main at 348b6528 and its
 * UPGRADE.md. A kuma-cp loads its config non-strictly and ignores keys it lacks; kuma-inject does the same, with a
 * warning (CONFIG_KEY_NOT_IN_RELEASE, settings.ts), and on 2.x an info for what 3.0 removes (REMOVED_IN_3_0).
 */
export const CONFIG_KEY_RELEASES: ReadonlyArray<readonly [path: string, support: ConfigKeySupport]> = [
  // The only key a 2.x release dropped: 2.7's IPv6 inbound port (2.9 derives it from the tproxy defaults).
  ['runtime.kubernetes.injector.sidecarContainer.redirectPortInboundV6', { until: '2.7', replacement: `${NONE} (the IPv6 inbound port follows the transparent-proxy defaults)` }],
  ['runtime.kubernetes.injector.applicationProbeProxyPort', { since: '2.9' }],
  ['runtime.kubernetes.injector.sidecarTraffic.excludeInboundIPs', { since: '2.9' }],
  ['runtime.kubernetes.injector.sidecarTraffic.excludeOutboundIPs', { since: '2.9' }],
  ['runtime.kubernetes.injector.transparentProxyConfigMap', { since: '2.9' }],
  ['runtime.kubernetes.injector.unifiedResourceNamingEnabled', { since: '2.12', until: '2.14', replacement: `${NONE} (always on)` }],
  ['runtime.kubernetes.injector.spire', { since: '2.12' }],
  ['runtime.kubernetes.workloadLabels', { since: '2.13' }],
  ['runtime.kubernetes.injector.otelPipeEnabled', { since: '2.14' }],
  ['runtime.kubernetes.injector.initContainer.resources', { since: '2.14' }],
  ['runtime.kubernetes.injector.validationContainer', { since: '2.14' }],
  ['bootstrapServer.params.envoyAdminUnixSocket', { since: '2.14' }],
  ['bootstrapServer.params.readinessPort', { since: '2.14' }],
  ['experimental.inboundTagsDisabled', { since: '2.14', until: '2.14', replacement: `${NONE} (Dataplanes never have inbound tags)` }],
  // Removed in 3.0.
  ['runtime.kubernetes.injector.virtualProbesEnabled', { until: '2.14', replacement: 'use `runtime.kubernetes.injector.applicationProbeProxyPort` (0 turns it off)' }],
  ['runtime.kubernetes.injector.virtualProbesPort', { until: '2.14', replacement: 'use `runtime.kubernetes.injector.applicationProbeProxyPort`' }],
  ['runtime.kubernetes.injector.ebpf', { until: '2.14', replacement: `${NONE} (eBPF redirection is removed; iptables or the CNI only)` }],
  ['runtime.kubernetes.injector.builtinDNS.logging', { until: '2.14', replacement: NONE }],
  ['runtime.kubernetes.injector.builtinDNS.experimentalProxy', { since: '2.11', until: '2.14', replacement: `${NONE} (the embedded DNS proxy is always used)` }],
  ['runtime.kubernetes.injector.sidecarContainer.adminPort', { until: '2.14', replacement: 'use `bootstrapServer.params.adminPort`' }],
  ['experimental.sidecarContainers', { until: '2.14', replacement: `${NONE} (native sidecars whenever Kubernetes is 1.29 or later)` }],
  ['experimental.deltaXds', { since: '2.11', until: '2.14', replacement: NONE }],
  ['experimental.kubeOutboundsAsVIPs', { until: '2.14', replacement: `${NONE} (always: Dataplanes list no outbounds)` }],
];

/** Per release, whether its kuma-cp has the key: for the behaviour switches that stand for a key (behaviour.ts). */
export function configKeyPresence(path: string): Readonly<Record<Minor, boolean>> {
  const row = CONFIG_KEY_RELEASES.find(([known]) => known === path);
  if (!row) throw new Error(`CONFIG_KEY_RELEASES has no row for ${path}`);
  return spanFlags(row[1]);
}

/** Keys the release's kuma-cp has but Kuma 3.0 removes, with their replacements (REMOVED_IN_3_0 on 2.x). */
export function keysRemovedIn30(minor: Minor): Array<{ path: string; replacement: string }> {
  return CONFIG_KEY_RELEASES.filter(([, s]) => s.until === '2.14' && inSpan(s, minor)).map(([path, s]) => ({ path, replacement: s.replacement ?? NONE }));
}

export interface AbsentKey {
  readonly path: string;
  /** `newer`: the release predates the key; `removed`: a release before it removed the key. */
  readonly why: 'newer' | 'removed';
  readonly support: ConfigKeySupport;
}

/**
 * Removes from a copy of the user's `controlPlane` every key the release's kuma-cp does not have; returns the
 * copy and the keys removed.
 */
export function withoutKeysAbsentFrom(minor: Minor, controlPlane: unknown): { controlPlane: unknown; removed: AbsentKey[] } {
  if (!isObject(controlPlane)) return { controlPlane, removed: [] };
  const copy = structuredClone(controlPlane);
  const removed: AbsentKey[] = [];
  for (const [path, support] of CONFIG_KEY_RELEASES) {
    if (inSpan(support, minor)) continue;
    const parts = path.split('.');
    const parent = parts.slice(0, -1).reduce<unknown>((node, key) => (isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined), copy);
    const last = parts[parts.length - 1]!;
    if (isObject(parent) && Object.hasOwn(parent, last)) {
      delete parent[last];
      // Not in the span: before its start the key is newer, after it removed.
      removed.push({ path, why: inSpan({ since: support.since }, minor) ? 'removed' : 'newer', support });
    }
  }
  return { controlPlane: copy, removed };
}
