/**
 * kuma-cp's defaults where a release differs from the schema's (which are 2.14's, src/config.ts): a partial
 * kuma-cp config document per release, set beneath the user's own. Images are per product (products.ts).
 */
import type { JsonObject } from '../krm/object.ts';
import type { Minor } from './releases.ts';

const CONFIG_DEFAULTS: Readonly<Record<Minor, JsonObject>> = {
  '2.7': {
    // Pod converter (dataplane/): 2.7 copies no `kubernetes.io/hostname` (v2.7.29 kuma-cp.defaults.yaml).
    runtime: { kubernetes: { injector: { nodeLabelsToCopy: ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region'] } } },
  },
  '2.9': {},
  '2.11': {},
  '2.12': {},
  '2.13': {},
  '2.14': {},
  '3.0-preview': {},
};

/** A fresh copy: the settings code merges user config into it. */
export const releaseConfigDefaults = (minor: Minor): JsonObject => structuredClone(CONFIG_DEFAULTS[minor]);
