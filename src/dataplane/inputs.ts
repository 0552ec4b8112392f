/**
 * One pass over the input items that indexes what the Dataplane converter and the lints look up: Services by
 * namespace, EndpointSlice targets, owners (ReplicaSets, Jobs), Nodes, Namespaces, Meshes and Dataplanes.
 * Built once per run, so every later lookup is a map read and nothing loops over all items per Pod.
 */
import type { KubeObject } from '../krm/object.ts';
import { identityOf, isKind, isObject, labelsOf } from '../krm/object.ts';

import { pushTo } from './sorted.ts';

export interface IndexedDataplane {
  /** Position of the item in the transform's input. */
  readonly index: number;
  readonly object: KubeObject;
}

export interface InputIndex {
  readonly namespaces: ReadonlyMap<string, KubeObject>;
  readonly meshes: ReadonlyMap<string, KubeObject>;
  /** Services of each namespace, in input order. */
  readonly servicesByNamespace: ReadonlyMap<string, readonly KubeObject[]>;
  /** `namespace/name` → Service. */
  readonly services: ReadonlyMap<string, KubeObject>;
  /** `namespace/service` → UIDs of the Pods its EndpointSlices name (`targetRef.uid`). */
  readonly endpointPodUids: ReadonlyMap<string, ReadonlySet<string>>;
  /** `namespace/name` → ReplicaSet, Job. */
  readonly replicaSets: ReadonlyMap<string, KubeObject>;
  readonly jobs: ReadonlyMap<string, KubeObject>;
  readonly nodes: ReadonlyMap<string, KubeObject>;
  /** `namespace/name` → Dataplane item. */
  readonly dataplanes: ReadonlyMap<string, IndexedDataplane>;
}

export const nsKey = (namespace: string, name: string): string => `${namespace}/${name}`;

const namespaceOf = (object: KubeObject): string => identityOf(object).namespace ?? 'default';

function addEndpointTargets(slice: KubeObject, into: Map<string, Set<string>>): void {
  const service = labelsOf(slice)['kubernetes.io/service-name'];
  if (!service) return;
  const key = nsKey(namespaceOf(slice), service);
  const uids = into.get(key) ?? new Set<string>();
  for (const endpoint of Array.isArray(slice.endpoints) ? slice.endpoints : []) {
    const ref = isObject(endpoint) && isObject(endpoint.targetRef) ? endpoint.targetRef : undefined;
    if (ref && typeof ref.uid === 'string' && ref.uid !== '') uids.add(ref.uid);
  }
  into.set(key, uids);
}

export function indexInputs(items: readonly KubeObject[]): InputIndex {
  const namespaces = new Map<string, KubeObject>();
  const meshes = new Map<string, KubeObject>();
  const servicesByNamespace = new Map<string, KubeObject[]>();
  const services = new Map<string, KubeObject>();
  const endpointPodUids = new Map<string, Set<string>>();
  const replicaSets = new Map<string, KubeObject>();
  const jobs = new Map<string, KubeObject>();
  const nodes = new Map<string, KubeObject>();
  const dataplanes = new Map<string, IndexedDataplane>();
  items.forEach((object, index) => {
    const name = identityOf(object).name;
    if (isKind(object, '', 'Namespace')) namespaces.set(name, object);
    else if (isKind(object, 'kuma.io', 'Mesh')) meshes.set(name, object);
    else if (isKind(object, '', 'Service')) {
      const namespace = namespaceOf(object);
      pushTo(servicesByNamespace, namespace, object);
      services.set(nsKey(namespace, name), object);
    } else if (isKind(object, 'discovery.k8s.io', 'EndpointSlice')) addEndpointTargets(object, endpointPodUids);
    else if (isKind(object, 'apps', 'ReplicaSet')) replicaSets.set(nsKey(namespaceOf(object), name), object);
    else if (isKind(object, 'batch', 'Job')) jobs.set(nsKey(namespaceOf(object), name), object);
    else if (isKind(object, '', 'Node')) nodes.set(name, object);
    else if (isKind(object, 'kuma.io', 'Dataplane')) dataplanes.set(nsKey(namespaceOf(object), name), { index, object });
  });
  return { namespaces, meshes, servicesByNamespace, services, endpointPodUids, replicaSets, jobs, nodes, dataplanes };
}

/** `spec.meshServices.mode` of a Mesh in the input; Kuma's default (`Disabled`) when it is not there. */
export function meshServicesMode(index: InputIndex, mesh: string): string {
  const object = index.meshes.get(mesh);
  const spec = object && isObject(object.spec) ? object.spec : {};
  const meshServices = isObject(spec.meshServices) ? spec.meshServices : {};
  return typeof meshServices.mode === 'string' && meshServices.mode !== '' ? meshServices.mode : 'Disabled';
}

/** A Namespace in the input that Kubernetes is deleting: the reconciler leaves its Pods alone. */
export function namespaceTerminating(index: InputIndex, namespace: string): boolean {
  const object = index.namespaces.get(namespace);
  const status = object && isObject(object.status) ? object.status : {};
  return status.phase === 'Terminating';
}
