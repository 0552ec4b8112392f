/**
 * kuma-cp's defaults where a release differs from the schema's (which are 2.14's, src/config.ts): a partial
 * kuma-cp config document per release, set beneath the user's own. Images are per product (products.ts).
 */
import type { JsonObject } from '../krm/object.ts';
import type { Minor } from './releases.ts';

const CONFIG_DEFAULTS: Readonly<Record<Minor, JsonObject>> = {
  '2.7': {},
  '2.9': {},
  '2.11': {},
  '2.12': {},
  '2.13': {},
  '2.14': {},
  // Kuma main (config/plugins/runtime/k8s/config.go:DefaultKubernetesRuntimeConfig): the ConfigMap is mandatory.
  // The keys main removed keep the schema's values beneath; the code that read them is switched off (releases.ts).
  '3.0-preview': { runtime: { kubernetes: { injector: { transparentProxyConfigMap: 'kuma-transparent-proxy-config' } } } },
};

/** A fresh copy: the settings code merges user config into it. */
export const releaseConfigDefaults = (minor: Minor): JsonObject => structuredClone(CONFIG_DEFAULTS[minor]);
