/**
 * kuma-cp's defaults where a release differs from the schema's (which are 2.14's, src/config.ts): a partial
 * kuma-cp config document per release, set beneath the user's own. Images are per product (products.ts).
 */
import type { JsonObject } from '../krm/object.ts';
import type { Minor } from './releases.ts';

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
  '2.11': {},
  '2.12': {},
  '2.13': {},
  '2.14': {},
  '3.0-preview': {},
};

/** A fresh copy: the settings code merges user config into it. */
export const releaseConfigDefaults = (minor: Minor): JsonObject => structuredClone(CONFIG_DEFAULTS[minor]);
