/**
 * The workload a Pod belongs to, for the service-less `kuma.io/service` and `kuma.io/gateway: provided`
 * (Kuma's NameExtractor, spec §11.6): ReplicaSet → its Deployment, Job → its CronJob, any other owner as it is,
 * no owner → the Pod. A Pod object's owners are looked up in the input; a template's follow from its workload.
 */
import type { KubeObject } from '../krm/object.ts';
import { identityOf, isObject, metadataOf } from '../krm/object.ts';
import { type InputIndex, nsKey } from './inputs.ts';
import type { OwnerRef, PodView } from './pod.ts';

export interface Workload {
  readonly name: string;
  readonly kind: string;
  /** An owner Kuma would have read from the API is not in the input; the name is the owner's own. */
  readonly missing?: OwnerRef;
}

function ownersOf(object: KubeObject): OwnerRef[] {
  const refs = metadataOf(object).ownerReferences;
  return (Array.isArray(refs) ? refs : []).filter(isObject).map((r) => ({ kind: String(r.kind ?? ''), name: String(r.name ?? '') }));
}

/** One step of the chain: the parent of kind `parentKind` (Deployment, CronJob) of a ReplicaSet or Job. */
function viaParent(child: KubeObject, childKind: string, parentKind: string): Workload | 'next' {
  const owners = ownersOf(child);
  if (owners.length === 0) return { name: identityOf(child).name, kind: childKind };
  const parent = owners.find((o) => o.kind === parentKind);
  // With owners but none of the expected kind, Kuma goes on to the Pod's next owner.
  return parent ? { name: parent.name, kind: parentKind } : 'next';
}

/** Kuma's NameExtractor for a Pod object, with ReplicaSets and Jobs from the input. */
function ofPodObject(pod: PodView, index: InputIndex): Workload {
  for (const owner of pod.owners) {
    const lookup = owner.kind === 'ReplicaSet' ? index.replicaSets : owner.kind === 'Job' ? index.jobs : undefined;
    if (!lookup) return { name: owner.name, kind: owner.kind };
    const child = lookup.get(nsKey(pod.namespace, owner.name));
    if (!child) return { name: owner.name, kind: owner.kind, missing: owner };
    const step = viaParent(child, owner.kind, owner.kind === 'ReplicaSet' ? 'Deployment' : 'CronJob');
    if (step !== 'next') return step;
  }
  return { name: pod.name, kind: 'Pod' };
}

/** A template's Pods are owned through its workload: a Deployment's via a ReplicaSet, a CronJob's via a Job. */
function ofTemplate(pod: PodView): Workload {
  const workload = pod.source;
  const kind = String(workload.kind ?? '');
  const name = identityOf(workload).name;
  if (kind === 'ReplicaSet' || kind === 'Job') {
    const step = viaParent(workload, kind, kind === 'ReplicaSet' ? 'Deployment' : 'CronJob');
    // A ReplicaSet or Job owned by something else: Kuma would name the Pod, whose name a template doesn't have.
    return step === 'next' ? { name, kind } : step;
  }
  return { name, kind };
}

export function workloadOf(pod: PodView, index: InputIndex): Workload {
  return pod.source.kind === 'Pod' ? ofPodObject(pod, index) : ofTemplate(pod);
}
