/**
 * Namespace-level lints over the injected workloads (seed 001, spec §2): a namespace whose Pods are in more
 * than one mesh (Kuma 2.13+ then skips workload generation there), and a namespace with injected workloads but
 * no `kuma.io/sidecar-injection` label (required since 2.11). One warning per namespace, naming the workloads.
 */
import type { KubeObject } from '../krm/object.ts';
import { identityOf } from '../krm/object.ts';
import type { Result } from '../krm/result.ts';
import { warning } from '../krm/result.ts';
import type { NamespaceView } from '../kuma/precheck.ts';
import { compareStrings, pushTo } from './sorted.ts';

export interface InjectedWorkload {
  readonly workload: KubeObject;
  readonly namespace: string;
  readonly mesh: string;
}

const describe = (object: KubeObject): string => `${String(object.kind)} ${identityOf(object).name}`;

export function lintNamespaces(
  injected: readonly InjectedWorkload[],
  namespaceOf: (name: string) => { view: NamespaceView; object: KubeObject | undefined },
): Result[] {
  const byNamespace = new Map<string, InjectedWorkload[]>();
  const seen = new Set<KubeObject>();
  for (const entry of injected) {
    // A StatefulSet stands for several Pods but is one workload.
    if (seen.has(entry.workload)) continue;
    seen.add(entry.workload);
    pushTo(byNamespace, entry.namespace, entry);
  }
  const results: Result[] = [];
  for (const name of [...byNamespace.keys()].sort(compareStrings)) {
    const entries = byNamespace.get(name)!;
    const { view, object } = namespaceOf(name);
    const target = object ?? entries[0]!.workload;
    const meshes = [...new Set(entries.map((e) => e.mesh))].sort(compareStrings);
    if (meshes.length > 1) {
      const detail = meshes
        .map((mesh) => `mesh "${mesh}": ${entries.filter((e) => e.mesh === mesh).map((e) => describe(e.workload)).join(', ')}`)
        .join('; ');
      results.push(
        warning(
          'MESH_NAMESPACE_CONFLICT',
          `namespace "${name}" has Pods in ${meshes.length} meshes (${detail}): since Kuma 2.13 all Pods of a namespace must be in one mesh, else the control plane skips workload generation there`,
          target,
          object ? { field: 'metadata.labels[kuma.io/mesh]' } : {},
        ),
      );
    }
    if (view.known && view.labels['kuma.io/sidecar-injection'] === undefined) {
      results.push(
        warning(
          'MESH_NAMESPACE_UNLABELED',
          `namespace "${name}" has injected workloads (${entries.map((e) => describe(e.workload)).join(', ')}) but no \`kuma.io/sidecar-injection\` label: since Kuma 2.11 every namespace in the mesh must have it (\`enabled\`, or \`disabled\` with Pods opting in)`,
          target,
          object ? { field: 'metadata.labels[kuma.io/sidecar-injection]' } : {},
        ),
      );
    }
  }
  return results;
}
