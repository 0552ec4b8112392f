/**
 * The Pods a workload stands for, as the Dataplane converter sees them (spec §11, §16). A Pod object is taken
 * as it is (with its status, UID and owners when it has them); a pod template becomes one preview Pod named
 * after the workload, or one per ordinal for a StatefulSet, with what Kubernetes would add at admission.
 * It does not read Services or decide whether a Dataplane is due (see convert.ts and the transform).
 */
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { identityOf, isObject, metadataOf, stringMap } from '../krm/object.ts';

export interface OwnerRef {
  readonly kind: string;
  readonly name: string;
}

/** What the converter reads of one Pod. */
export interface PodView {
  /** The Pod's name, which is also the Dataplane's. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** `spec` of the Pod: containers, initContainers, serviceAccountName, nodeName. */
  readonly spec: JsonObject;
  /** `status` of the Pod; empty for a pod template. */
  readonly status: JsonObject;
  readonly uid?: string;
  readonly deleting: boolean;
  /** The Pod's ownerReferences (a template's are implied by its workload, see `workload`). */
  readonly owners: readonly OwnerRef[];
  /** The workload object the Pod comes from: the Pod itself, or the Deployment, StatefulSet... */
  readonly source: KubeObject;
  /** Field path prefix of the pod template inside `source`, for results. */
  readonly fieldPrefix: string;
  /** The Pod has been through the API server (it has a `status`): no admission defaults are applied. */
  readonly admitted: boolean;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function ownersOf(metadata: JsonObject): OwnerRef[] {
  const refs = Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences : [];
  return refs.filter(isObject).map((ref) => ({ kind: str(ref.kind), name: str(ref.name) }));
}

/** Pod label values Kubernetes writes as strings; the Go loader turns YAML scalars into strings too. */
const labelsOf = (metadata: JsonObject): Record<string, string> => stringMap(metadata.labels);

/** A `Pod` object, as it is. */
export function podViewOfPod(pod: KubeObject): PodView {
  const metadata = metadataOf(pod);
  const id = identityOf(pod);
  const uid = str(metadata.uid);
  const admitted = isObject(pod.status);
  return {
    name: id.name,
    namespace: id.namespace ?? 'default',
    labels: labelsOf(metadata),
    annotations: stringMap(metadata.annotations),
    spec: admitted ? (isObject(pod.spec) ? pod.spec : {}) : withAdmissionDefaults(pod.spec),
    status: isObject(pod.status) ? pod.status : {},
    ...(uid ? { uid } : {}),
    deleting: metadata.deletionTimestamp !== undefined && metadata.deletionTimestamp !== null,
    owners: ownersOf(metadata),
    source: pod,
    fieldPrefix: '',
    admitted,
  };
}

/** What the API server's admission adds that the converter reads: the `default` ServiceAccount. */
function withAdmissionDefaults(value: unknown): JsonObject {
  const spec: JsonObject = isObject(value) ? { ...value } : {};
  if (str(spec.serviceAccountName) === '') spec.serviceAccountName = 'default';
  return spec;
}

export interface TemplateOptions {
  /** Kubernetes ≥ 1.28 labels StatefulSet Pods with `apps.kubernetes.io/pod-index`. */
  readonly podIndexLabel: boolean;
}

/**
 * The preview Pods of a workload's template, with what admission and the StatefulSet controller add that the
 * converter reads: `serviceAccountName: default` and the per-Pod labels of a StatefulSet's Pods. The labels
 * other controllers add (`pod-template-hash`, `controller-revision-hash`...) hold hashes nobody can know offline.
 */
export function podViewsOfTemplate(workload: KubeObject, template: JsonObject, templatePath: readonly string[], options: TemplateOptions): PodView[] {
  const id = identityOf(workload);
  const metadata = isObject(template.metadata) ? template.metadata : {};
  const spec = withAdmissionDefaults(template.spec);
  const base = {
    namespace: id.namespace ?? 'default',
    annotations: stringMap(metadata.annotations),
    spec,
    status: {},
    deleting: false,
    owners: [],
    source: workload,
    fieldPrefix: templatePath.length ? `${templatePath.join('.')}.` : '',
    admitted: false,
  };
  const labels = labelsOf(metadata);
  if (workload.kind !== 'StatefulSet') return [{ ...base, name: id.name, labels }];
  const workloadSpec = isObject(workload.spec) ? workload.spec : {};
  const replicas = typeof workloadSpec.replicas === 'number' ? workloadSpec.replicas : 1;
  return Array.from({ length: Math.max(0, Math.trunc(replicas)) }, (_, ordinal) => {
    const name = `${id.name}-${ordinal}`;
    const podLabels: Record<string, string> = { ...labels, 'statefulset.kubernetes.io/pod-name': name };
    if (options.podIndexLabel) podLabels['apps.kubernetes.io/pod-index'] = String(ordinal);
    return { ...base, name, labels: podLabels };
  });
}

/** The Pod's IP when the input has one (a Pod exported from a cluster), else undefined. */
export const podIP = (pod: PodView): string | undefined => str(pod.status.podIP) || undefined;
