/**
 * The cluster's Kubernetes version as the host states it. Argo CD gives every config management plugin
 * `KUBE_VERSION` (the cluster's version: `1.31.2`, `v1.31.2`, or a provider's `1.31+`), so a CMP user need not
 * repeat it in the config: it is used when `kubernetesVersion` is unset, and said so in an info result. A version
 * in the config always wins. main.ts reads the variable; everything here is pure.
 */
import type { JsonObject, KubeObject } from './krm/object.ts';
import type { Result } from './krm/result.ts';
import { info, warning } from './krm/result.ts';

/** What the host says about the run: `KUBE_VERSION`, as main.ts found it in the environment. */
export interface HostFacts {
  readonly kubeVersion?: string | undefined;
}

/** `1.31` from `v1.31.2`, `1.31.2` or `1.31+`; undefined for anything else. */
export function minorVersionOf(raw: string): string | undefined {
  const match = /^v?(\d+)\.(\d+)\+?(?:\.\d+)?(?:[-+].*)?$/.exec(raw.trim());
  return match ? `${Number(match[1])}.${Number(match[2])}` : undefined;
}

/**
 * The spec with `kubernetesVersion` from the host when the config has none (`field` names where it would be:
 * `spec.kubernetesVersion` or `data.kubernetesVersion`), and the result that says so.
 */
export function withHostKubernetesVersion(spec: JsonObject, host: HostFacts, field: string, object: KubeObject | undefined): { spec: JsonObject; results: Result[] } {
  const raw = host.kubeVersion;
  if (raw === undefined || raw.trim() === '' || Object.hasOwn(spec, 'kubernetesVersion')) return { spec, results: [] };
  const version = minorVersionOf(raw);
  if (version === undefined) {
    return { spec, results: [warning('KUBERNETES_VERSION_FROM_HOST', `KUBE_VERSION="${raw}" is not a Kubernetes version such as "1.31", so it is not used: set \`${field}\``, object, { field })] };
  }
  const message = `\`${field}\` is unset, so the cluster's version is taken from KUBE_VERSION="${raw}" (Argo CD sets it for config management plugins): Kubernetes ${version}`;
  return { spec: { ...spec, kubernetesVersion: version }, results: [info('KUBERNETES_VERSION_FROM_HOST', message, object, { field })] };
}
