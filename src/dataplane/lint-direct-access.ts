/**
 * `kuma.io/direct-access-services` of injected workloads: `*` gets an info result about its cost (seed 001);
 * entries Kuma would never match (with whitespace, or `*` among names) and names no Dataplane of the mesh in the
 * input provides get a warning. Kuma splits on commas and drops empty items but does not trim: " b" is not "b".
 */
import type { KubeObject } from '../krm/object.ts';
import type { Result } from '../krm/result.ts';
import { info, warning } from '../krm/result.ts';

export const DIRECT_ACCESS = 'kuma.io/direct-access-services';

export interface DirectAccessUse {
  readonly workload: KubeObject;
  /** Field prefix of the pod template in the workload (`spec.template.`). */
  readonly fieldPrefix: string;
  readonly value: string;
  readonly mesh: string;
}

export function lintDirectAccess(uses: readonly DirectAccessUse[], servicesOfMesh: (mesh: string) => ReadonlySet<string>): Result[] {
  const results: Result[] = [];
  const seen = new Set<KubeObject>();
  for (const use of uses) {
    // A StatefulSet's Pods share one annotation: report it once.
    if (seen.has(use.workload)) continue;
    seen.add(use.workload);
    const field = `${use.fieldPrefix}metadata.annotations[${DIRECT_ACCESS}]`;
    const items = use.value.split(',');
    if (use.value === '*') {
      results.push(
        info(
          'DIRECT_ACCESS_ALL',
          '`*` gives direct access to every service of the mesh: each sidecar then gets a listener and cluster per endpoint of the mesh, which costs memory and CPU as the mesh grows, and policies do not apply to that traffic; list the services instead',
          use.workload,
          { field },
        ),
      );
      continue;
    }
    const malformed = items.filter((item) => /\s/.test(item) || item === '*');
    if (malformed.length > 0) {
      const why = malformed.includes('*') ? '`*` only works alone' : 'Kuma splits on commas and does not trim the items';
      results.push(
        warning(
          'DIRECT_ACCESS_INVALID',
          `malformed entries ${malformed.map((m) => JSON.stringify(m)).join(', ')} in "${use.value}": ${why}, so ${malformed.length === 1 ? 'it matches' : 'they match'} no service`,
          use.workload,
          { field },
        ),
      );
    }
    const known = servicesOfMesh(use.mesh);
    const unknown = items.filter((item) => item !== '' && !malformed.includes(item) && !known.has(item));
    if (unknown.length > 0) {
      results.push(
        warning(
          'DIRECT_ACCESS_INVALID',
          `${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not the kuma.io/service of any Dataplane of mesh "${use.mesh}" in the input: direct access expects values such as "backend_demo_svc_8080"`,
          use.workload,
          { field },
        ),
      );
    }
  }
  return results;
}
