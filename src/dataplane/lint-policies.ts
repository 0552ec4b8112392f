/**
 * Dangling references of Mesh policies: a `targetRef` (top level, in `to[]` or `from[]`) naming a MeshService
 * or a `kuma.io/service` value that no Dataplane of the policy's mesh in the input provides. Only policies of a
 * mesh that has Dataplanes in the input are checked; references by labels or to other zones cannot be resolved.
 */
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { identityOf, isObject, labelsOf } from '../krm/object.ts';

import type { Result } from '../krm/result.ts';
import { warning } from '../krm/result.ts';

/** What the Dataplanes of one mesh offer to policies. */
export interface Provided {
  /** `kuma.io/service` values of their inbounds (Ignored inbounds cannot be targeted). */
  readonly services: Set<string>;
  /** MeshServices, as `namespace/name`. */
  readonly meshServices: Set<string>;
}

export const emptyProvided = (): Provided => ({ services: new Set(), meshServices: new Set() });

/** Adds what one Dataplane offers, from its inbound tags. */
export function addDataplane(provided: Provided, dataplane: KubeObject): void {
  const spec = isObject(dataplane.spec) ? dataplane.spec : {};
  const networking = isObject(spec.networking) ? spec.networking : {};
  for (const inbound of Array.isArray(networking.inbound) ? networking.inbound.filter(isObject) : []) {
    if (inbound.state === 'Ignored') continue;
    const tags = isObject(inbound.tags) ? inbound.tags : {};
    if (typeof tags['kuma.io/service'] === 'string') provided.services.add(tags['kuma.io/service']);
    const name = tags['k8s.kuma.io/service-name'];
    const namespace = tags['k8s.kuma.io/namespace'];
    if (typeof name === 'string' && typeof namespace === 'string') provided.meshServices.add(`${namespace}/${name}`);
  }
}

/** Kinds of kuma.io that start with `Mesh` but are not policies. */
const NOT_POLICIES = new Set(['Mesh', 'MeshService', 'MeshExternalService', 'MeshMultiZoneService', 'MeshGateway', 'MeshGatewayInstance', 'MeshGatewayConfig']);

export const isMeshPolicy = (object: KubeObject): boolean =>
  object.apiVersion === 'kuma.io/v1alpha1' && typeof object.kind === 'string' && object.kind.startsWith('Mesh') && !NOT_POLICIES.has(object.kind);

export const meshOfResource = (object: KubeObject): string => labelsOf(object)['kuma.io/mesh'] || 'default';

/** A kuma.io/service value in the Kubernetes form `<name>_<namespace>_svc[_<port>]`, as 2.x MeshService refs allow. */
const isServiceTag = (name: string): boolean => /^[^_]+_[^_]+_svc(_\d+)?$/.test(name);

interface Ref {
  readonly path: string;
  readonly ref: JsonObject;
}

function refsOf(spec: JsonObject): Ref[] {
  const refs: Ref[] = [];
  if (isObject(spec.targetRef)) refs.push({ path: 'spec.targetRef', ref: spec.targetRef });
  for (const key of ['to', 'from']) {
    const entries = Array.isArray(spec[key]) ? (spec[key] as unknown[]) : [];
    entries.forEach((entry, i) => {
      if (isObject(entry) && isObject(entry.targetRef)) refs.push({ path: `spec.${key}[${i}].targetRef`, ref: entry.targetRef });
    });
  }
  return refs;
}

/** The unresolved reference of one targetRef, described, with the field; undefined when it resolves or can't be judged. */
function dangling(ref: JsonObject, policyNamespace: string, provided: Provided): { what: string; field: string } | undefined {
  if (ref.zone !== undefined || ref.labels !== undefined) return undefined;
  const kind = ref.kind;
  if ((kind === 'MeshService' || kind === 'MeshServiceSubset') && typeof ref.name === 'string' && ref.name !== '') {
    if (isServiceTag(ref.name)) {
      return provided.services.has(ref.name) ? undefined : { what: `kuma.io/service "${ref.name}"`, field: 'name' };
    }
    const namespace = typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : policyNamespace;
    const id = `${namespace}/${ref.name}`;
    return provided.meshServices.has(id) ? undefined : { what: `MeshService "${id}"`, field: 'name' };
  }
  const tags = isObject(ref.tags) ? ref.tags : {};
  const service = tags['kuma.io/service'];
  if (typeof service === 'string' && service !== '' && !provided.services.has(service)) {
    return { what: `kuma.io/service "${service}"`, field: 'tags[kuma.io/service]' };
  }
  return undefined;
}

export function lintPolicies(items: readonly KubeObject[], providedByMesh: ReadonlyMap<string, Provided>): Result[] {
  const results: Result[] = [];
  for (const policy of items) {
    if (!isMeshPolicy(policy)) continue;
    const mesh = meshOfResource(policy);
    const provided = providedByMesh.get(mesh);
    if (!provided) continue;
    const namespace = identityOf(policy).namespace ?? 'default';
    for (const { path, ref } of refsOf(isObject(policy.spec) ? policy.spec : {})) {
      const found = dangling(ref, namespace, provided);
      if (!found) continue;
      results.push(
        warning(
          'POLICY_TARGET_MISSING',
          `\`${path}\` names ${found.what}, which no Dataplane of mesh "${mesh}" in the input provides: the policy would select nothing there`,
          policy,
          { field: `${path}.${found.field}` },
        ),
      );
    }
  }
  return results;
}
