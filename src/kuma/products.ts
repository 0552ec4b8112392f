/**
 * Kuma and Kong Mesh, its enterprise build: the same webhook per minor release, with other images, another
 * system namespace and another control-plane Service. Only these install defaults differ here; Kong Mesh's own
 * enterprise features (its own policies, its license) are not modelled.
 */
import { MINORS, type Minor, RELEASE_TAGS } from './releases.ts';

export const PRODUCTS = ['kuma', 'kong-mesh'] as const;
export type Product = (typeof PRODUCTS)[number];

export interface ProductDefaults {
  readonly sidecarImage: string;
  readonly initImage: string;
  readonly systemNamespace: string;
  readonly controlPlaneServiceName: string;
}

/**
 * Kong Mesh's release per Kuma minor. Kong Mesh numbers every release after the Kuma release it is built on: in
 * Kong's chart index (https://github.com/Kong/kong-mesh-charts/blob/gh-pages/index.yaml, as of commit 97d9bf3,
 * 2024-12-10) every one of the 93 kong-mesh 2.x charts has `version` = `appVersion` = the version of its `kuma`
 * chart dependency, one for each Kuma patch. So the Kong Mesh release modelled for a minor is the Kuma patch
 * modelled for it. Kong's support table (https://developer.konghq.com/mesh/support-policy) confirms 2.7, 2.9,
 * 2.11 and 2.12 as Kong Mesh lines; 2.13 and 2.14 are Kong Mesh releases too (the version-specific upgrade notes,
 * https://developer.konghq.com/mesh/version-specific-upgrade-notes/, have "Upgrade to 2.14.x"), but the patch
 * numbers of those newer lines were not in the stored pages, so they rest on the numbering rule above.
 * 3.0-preview is Kuma's main branch, of which Kong publishes no Kong Mesh build.
 */
const KONG_MESH_VERSIONS: Readonly<Partial<Record<Minor, string>>> = Object.fromEntries(
  MINORS.filter((m) => m !== '3.0-preview').map((m) => [m, RELEASE_TAGS[m].imageTag]),
);

/**
 * Kong Mesh's install defaults, each from Kong's own material:
 * - images: the kong-mesh chart sets the Kuma subchart's `global.image.registry` to `docker.io/kong`, beneath the
 *   Kuma chart's `dataPlane.image.repository: kuma-dp` and `dataPlane.initImage.repository: kuma-init`, tagged with
 *   the chart's appVersion (Kuma's chart: deployments/charts/kuma/values.yaml; Kong's: `kong/kuma-dp:<version>`
 *   is the image its docs run, https://developer.konghq.com/mesh/)
 * - namespace: `helm install --namespace kong-mesh-system ... kong-mesh kong-mesh/kong-mesh`
 *   (https://developer.konghq.com/mesh/manage-control-plane-permissions-on-kubernetes)
 * - Service: the Kuma chart names it `<kuma.name>-control-plane` (templates/_helpers.tpl,
 *   `kuma.controlPlane.serviceName`), and the kong-mesh chart sets the subchart's `nameOverride: kong-mesh`;
 *   Kong's ports reference names it: "The default Kubernetes kong-mesh-control-plane service exposes this port
 *   on 443" (https://developer.konghq.com/mesh/production/use-mesh)
 */
const kongMeshDefaults = (version: string): ProductDefaults => ({
  sidecarImage: `docker.io/kong/kuma-dp:${version}`,
  initImage: `docker.io/kong/kuma-init:${version}`,
  systemNamespace: 'kong-mesh-system',
  controlPlaneServiceName: 'kong-mesh-control-plane',
});

/** Kuma's own image of a component at a release. */
export const kumaImage = (component: 'kuma-dp' | 'kuma-init', minor: Minor): string => `docker.io/kumahq/${component}:${RELEASE_TAGS[minor].imageTag}`;

export type ProductLookup = { ok: true; defaults: ProductDefaults } | { ok: false; error: string };

/** The Kong Mesh release kuma-inject models for a Kuma minor, if Kong ships one. */
export const kongMeshVersion = (minor: Minor): string | undefined => KONG_MESH_VERSIONS[minor];

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
  const version = kongMeshVersion(minor);
  if (!version) {
    const stable = Object.keys(KONG_MESH_VERSIONS).map((m) => `"${m}"`).join(', ');
    return { ok: false, error: `Kong Mesh has no build of Kuma ${minor} (Kuma's main branch): use product "kuma" for the preview, or a Kong Mesh release: ${stable}` };
  }
  return { ok: true, defaults: kongMeshDefaults(version) };
}
