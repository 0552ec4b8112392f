/**
 * `-n NAME`: the namespace of objects that name none, as `kubectl apply -n` and Helm place them. A chart rarely
 * writes `metadata.namespace`; the run must still know the namespace (its labels decide injection, and the
 * Dataplane previews need it). The namespace is set on the run's copy of each namespaced object only, and taken off
 * again before writing, so the output has no `namespace` the input did not have.
 */
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';

/**
 * Kinds that have no namespace (Kubernetes' own cluster-scoped kinds, and Kuma's Mesh), by `group/kind`. An
 * unknown custom kind is taken as namespaced: the run only reads namespaces of kinds it knows.
 */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'scheduling.k8s.io/PriorityClass', 'node.k8s.io/RuntimeClass', 'networking.k8s.io/IngressClass',
  'certificates.k8s.io/CertificateSigningRequest', 'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration', 'gateway.networking.k8s.io/GatewayClass',
  'kuma.io/Mesh', 'kuma.io/MeshGateway',
]);

const groupKind = (object: KubeObject): string => {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  return `${apiVersion.includes('/') ? apiVersion.split('/')[0] : ''}/${String(object.kind)}`;
};

const hasNamespace = (object: KubeObject): boolean =>
  isObject(object.metadata) && typeof object.metadata.namespace === 'string' && object.metadata.namespace !== '';

/** The run's copies: each namespaced object without a namespace gets `namespace`. */
export function withDefaultNamespace(objects: readonly KubeObject[], namespace: string): KubeObject[] {
  return objects.map((object) => {
    if (hasNamespace(object) || CLUSTER_SCOPED.has(groupKind(object))) return object;
    const metadata: JsonObject = isObject(object.metadata) ? object.metadata : {};
    return { ...object, metadata: { ...metadata, namespace } };
  });
}

/** An output object of an input that had no namespace: without the one the run was given. */
export function withoutDefaultNamespace(object: KubeObject, original: KubeObject): KubeObject {
  if (hasNamespace(original) || !isObject(object.metadata) || !Object.hasOwn(object.metadata, 'namespace')) return object;
  const { namespace: _, ...metadata } = object.metadata;
  return { ...object, metadata };
}
