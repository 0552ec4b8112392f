/**
 * kuma-cp's defaults where a release differs from the schema's (which are 2.14's, src/config.ts): a partial
 * kuma-cp config document per release, set beneath the user's own. Images are per product (products.ts).
 * Also the config keys a release's kuma-cp does not have, which a user's config may still set.
 */
import type { JsonObject } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { MINORS, type Minor } from './releases.ts';

/**
 * 2.11 to 2.13 (pkg/config/plugins/runtime/k8s/config.go DefaultKubernetesRuntimeConfig and
 * pkg/config/app/kuma-cp/kuma-cp.defaults.yaml at v2.13.10, v2.12.14, v2.11.18): a sidecar CPU limit of 1000m
 * (2.14: none), native sidecars off (`experimental.sidecarContainers`), and no Unix socket for Envoy's admin API
 * (the key is new in 2.14; off is what these releases do). 2.11 and 2.12 also enable virtual probes.
 */
const BEFORE_2_14: JsonObject = {
  runtime: { kubernetes: { injector: { sidecarContainer: { resources: { limits: { cpu: '1000m' } } } } } },
  experimental: { sidecarContainers: false },
  bootstrapServer: { params: { envoyAdminUnixSocket: false } },
};
const VIRTUAL_PROBES_ON: JsonObject = { runtime: { kubernetes: { injector: { virtualProbesEnabled: true } } } };

/**
 * 2.9 (pkg/config/app/kuma-cp/kuma-cp.defaults.yaml and pkg/config/plugins/runtime/k8s/config.go at 2.9.19):
 * virtual probes on, a sidecar CPU limit of 1000m, native sidecars off, and no Unix socket for Envoy's admin API
 * (the key is new in 2.14).
 */
const DEFAULTS_2_9: JsonObject = {
  runtime: { kubernetes: { injector: { virtualProbesEnabled: true, sidecarContainer: { resources: { limits: { cpu: '1000m' } } } } } },
  experimental: { sidecarContainers: false },
  bootstrapServer: { params: { envoyAdminUnixSocket: false } },
};

/**
 * 2.7 (the same files at v2.7.29): 2.9's, plus `sidecarContainer.redirectPortInboundV6: 15006` (a key only 2.7
 * has) and node labels without `kubernetes.io/hostname`.
 */
const DEFAULTS_2_7: JsonObject = {
  runtime: {
    kubernetes: {
      injector: {
        virtualProbesEnabled: true,
        sidecarContainer: { redirectPortInboundV6: 15006, resources: { limits: { cpu: '1000m' } } },
        nodeLabelsToCopy: ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region'],
      },
    },
  },
  experimental: { sidecarContainers: false },
  bootstrapServer: { params: { envoyAdminUnixSocket: false } },
};

const CONFIG_DEFAULTS: Readonly<Record<Minor, JsonObject>> = {
  '2.7': DEFAULTS_2_7,
  '2.9': DEFAULTS_2_9,
  '2.11': merged(BEFORE_2_14, VIRTUAL_PROBES_ON),
  '2.12': merged(BEFORE_2_14, VIRTUAL_PROBES_ON),
  '2.13': BEFORE_2_14,
  '2.14': {},
  '3.0-preview': {},
};

/** A fresh copy: the settings code merges user config into it. */
export const releaseConfigDefaults = (minor: Minor): JsonObject => structuredClone(CONFIG_DEFAULTS[minor]);

function merged(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = structuredClone(base);
  for (const [key, value] of Object.entries(over)) {
    const mine = out[key];
    out[key] = isObject(mine) && isObject(value) ? merged(mine, value) : structuredClone(value);
  }
  return out;
}

/**
 * Keys of our config (paths under `controlPlane`) and the first (and, if it was dropped, the last) release whose
 * kuma-cp has them (json tags of pkg/config/plugins/runtime/k8s/config.go, pkg/config/xds/bootstrap/config.go,
 * pkg/config/app/kuma-cp/config.go at each tag). A kuma-cp without a key loads its config non-strictly and
 * ignores it; kuma-inject does the same, with a CONFIG_KEY_NOT_IN_RELEASE warning (settings.ts).
 */
const KEYS_SINCE: ReadonlyArray<readonly [path: string, since: Minor, last?: Minor]> = [
  ['runtime.kubernetes.injector.applicationProbeProxyPort', '2.9'],
  ['runtime.kubernetes.injector.sidecarTraffic.excludeInboundIPs', '2.9'],
  ['runtime.kubernetes.injector.sidecarTraffic.excludeOutboundIPs', '2.9'],
  ['runtime.kubernetes.injector.transparentProxyConfigMap', '2.9'],
  ['runtime.kubernetes.injector.builtinDNS.experimentalProxy', '2.11'],
  ['experimental.deltaXds', '2.11'],
  // The only key a later release dropped: 2.7's IPv6 inbound port (2.9 derives it from the tproxy defaults).
  ['runtime.kubernetes.injector.sidecarContainer.redirectPortInboundV6', '2.7', '2.7'],
  ['runtime.kubernetes.injector.unifiedResourceNamingEnabled', '2.12'],
  ['runtime.kubernetes.injector.spire', '2.12'],
  ['runtime.kubernetes.workloadLabels', '2.13'],
  ['runtime.kubernetes.injector.otelPipeEnabled', '2.14'],
  ['runtime.kubernetes.injector.initContainer.resources', '2.14'],
  ['runtime.kubernetes.injector.validationContainer', '2.14'],
  ['bootstrapServer.params.envoyAdminUnixSocket', '2.14'],
  ['bootstrapServer.params.readinessPort', '2.14'],
  ['experimental.inboundTagsDisabled', '2.14'],
];

const before = (minor: Minor, since: Minor): boolean => MINORS.indexOf(minor) < MINORS.indexOf(since);
/** Whether the release lacks a key that exists from `since` (up to `last` when given). */
const lacks = (minor: Minor, since: Minor, last?: Minor): boolean => before(minor, since) || (last !== undefined && before(last, minor));

/**
 * Removes from a copy of the user's `controlPlane` every key the release's kuma-cp does not have; returns the
 * copy and the dotted paths removed.
 */
export function withoutKeysAbsentFrom(minor: Minor, controlPlane: unknown): { controlPlane: unknown; removed: string[] } {
  if (!isObject(controlPlane)) return { controlPlane, removed: [] };
  const copy = structuredClone(controlPlane);
  const removed: string[] = [];
  for (const [path, since, lastRelease] of KEYS_SINCE) {
    if (!lacks(minor, since, lastRelease)) continue;
    const parts = path.split('.');
    const parent = parts.slice(0, -1).reduce<unknown>((node, key) => (isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined), copy);
    const last = parts[parts.length - 1]!;
    if (isObject(parent) && Object.hasOwn(parent, last)) {
      delete parent[last];
      removed.push(path);
    }
  }
  return { controlPlane: copy, removed };
}
