/**
 * Kuma and Kong Mesh, its enterprise build: the same webhook per minor release, with other images, another
 * system namespace and another control-plane Service. Only these install defaults differ here; Kong Mesh's own
 * enterprise features are not modelled.
 */
import { type Minor, RELEASE_TAGS } from './releases.ts';

export const PRODUCTS = ['kuma', 'kong-mesh'] as const;
export type Product = (typeof PRODUCTS)[number];

export interface ProductDefaults {
  readonly sidecarImage: string;
  readonly initImage: string;
  readonly systemNamespace: string;
  readonly controlPlaneServiceName: string;
}

/**
 * Kong Mesh's patch release per Kuma minor (Kong Mesh numbers its releases after Kuma's minor, with patches of its
 * own), from Kong's published changelog. The preview has no Kong Mesh build.
 */
const KONG_MESH_VERSIONS: Readonly<Partial<Record<Minor, string>>> = {};

/** Kuma's own image of a component at a release. */
export const kumaImage = (component: 'kuma-dp' | 'kuma-init', minor: Minor): string => `docker.io/kumahq/${component}:${RELEASE_TAGS[minor].imageTag}`;

export type ProductLookup = { ok: true; defaults: ProductDefaults } | { ok: false; error: string };

export function productDefaults(product: Product, minor: Minor): ProductLookup {
  if (product === 'kuma') {
    return {
      ok: true,
      defaults: {
        sidecarImage: kumaImage('kuma-dp', minor),
        initImage: kumaImage('kuma-init', minor),
        systemNamespace: 'kuma-system',
        controlPlaneServiceName: 'kuma-control-plane',
      },
    };
  }
  const version = KONG_MESH_VERSIONS[minor];
  if (!version) return { ok: false, error: `Kong Mesh has no release for Kuma ${minor}` };
  return {
    ok: true,
    defaults: {
      sidecarImage: `docker.io/kong/kuma-dp:${version}`,
      initImage: `docker.io/kong/kuma-init:${version}`,
      systemNamespace: 'kong-mesh-system',
      controlPlaneServiceName: 'kong-mesh-control-plane',
    },
  };
}
