/**
 * Whether Kuma 2.14 would inject a pod template, and into which mesh (spec §1.1 and §2): exception labels,
 * an existing kuma-sidecar, the pod label, the namespace label, mesh selection and existence, and the UID check.
 * It also warns where the Helm webhook's selectors (the 2.11 label rules) would not let the Pod through.
 */
import type { JsonObject } from '../krm/object.ts';
import { isObject, stringMap } from '../krm/object.ts';
import { hasOwnKey, own } from '../user-keys.ts';
import { ANNOTATION, LABEL, SIDECAR_NAME } from './metadata.ts';
import { annotationField, fail, labelField } from './failure.ts';
import { goQuoteList, parseBool } from './values.ts';
import type { InjectorConfig } from '../config.ts';
import type { Behaviour } from './releases.ts';

export interface NamespaceView {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** False when the namespace is neither in the input nor in the config: its labels are unknown. */
  readonly known: boolean;
}

export interface MeshCatalog {
  readonly names: ReadonlySet<string>;
  /** 'config': `spec.meshes` lists them all; 'input': only Mesh objects in the input are known; 'none'. */
  readonly authority: 'config' | 'input' | 'none';
}

export interface PrecheckInput {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly spec: JsonObject;
  readonly namespace: NamespaceView;
  readonly injector: InjectorConfig;
  readonly systemNamespace: string;
  readonly meshes: MeshCatalog;
  /** Some Service of the namespace that selects this template is a zone proxy (`k8s.kuma.io/zone-proxy-type`). */
  readonly selectedByZoneProxyService: boolean;
  /** The release's rules (BEHAVIOUR, behaviour.ts); `meshSource` says where the mesh is read from. */
  readonly rules: Pick<Behaviour, 'zoneProxyInjectedBeforeMesh' | 'systemNamespaceZoneProxyWebhook' | 'meshSource'>;
  /** A config field as the user writes it (`spec.meshes`, or `data.meshes` in the ConfigMap form). */
  readonly configField: (path: string) => string;
}

export interface Note {
  readonly severity: 'warning' | 'info';
  readonly code: 'NAMESPACE_LABEL_MISSING' | 'POD_LABEL_NOT_ENABLED' | 'NAMESPACE_UNKNOWN' | 'MESH_UNVERIFIED' | 'INIT_CONTAINER_SIDECAR_UID' | 'DEPRECATED_ANNOTATION' | 'MESH_LABEL_IGNORED';
  readonly message: string;
  readonly field?: string;
}

export type Decision =
  | { readonly inject: true; readonly mesh: string; readonly notes: readonly Note[] }
  | { readonly inject: false; readonly code: 'SKIPPED' | 'SIDECAR_PRESENT'; readonly reason: string; readonly notes: readonly Note[] };

const containersOf = (spec: JsonObject, key: 'containers' | 'initContainers'): JsonObject[] =>
  Array.isArray(spec[key]) ? (spec[key] as unknown[]).filter(isObject) : [];

const runAsUserOf = (container: JsonObject): unknown =>
  isObject(container.securityContext) ? container.securityContext.runAsUser : undefined;

function parseSwitch(value: string, key: string, field: string): boolean {
  const parsed = parseBool(key, value);
  return parsed.ok ? parsed.value : fail(parsed.error, field, 'INVALID_LABEL');
}

/** The decision; throws InjectionFailure where the webhook would answer with an error. */
export function precheck(input: PrecheckInput): Decision {
  const { labels, annotations, spec, namespace, injector } = input;
  const notes: Note[] = [];

  for (const [key, value] of Object.entries(injector.exceptions.labels)) {
    if (hasOwnKey(labels, key) && (value === '*' || own(labels, key) === value)) {
      return { inject: false, code: 'SKIPPED', reason: `it has the exception label \`${key}\``, notes };
    }
  }
  const all = [...containersOf(spec, 'containers'), ...containersOf(spec, 'initContainers')];
  if (all.some((c) => c.name === SIDECAR_NAME)) {
    return { inject: false, code: 'SIDECAR_PRESENT', reason: `it already has a \`${SIDECAR_NAME}\` container`, notes };
  }

  const podLabel = labels[LABEL.sidecarInjection];
  const namespaceLabel = namespace.labels[LABEL.sidecarInjection];
  let enabled: boolean;
  if (podLabel !== undefined) {
    enabled = parseSwitch(podLabel, LABEL.sidecarInjection, labelField(LABEL.sidecarInjection));
  } else if (namespaceLabel !== undefined) {
    enabled = parseSwitch(namespaceLabel, LABEL.sidecarInjection, `Namespace ${namespace.name} ${labelField(LABEL.sidecarInjection)}`);
  } else {
    const reason = namespace.known
      ? `neither it nor its namespace "${namespace.name}" has the label \`${LABEL.sidecarInjection}\``
      : `it has no \`${LABEL.sidecarInjection}\` label, and namespace "${namespace.name}" is not in the input or in \`${input.configField('namespaces')}\``;
    return { inject: false, code: 'SKIPPED', reason, notes };
  }
  if (!enabled) {
    const by = podLabel !== undefined ? 'its' : `its namespace's`;
    return { inject: false, code: 'SKIPPED', reason: `${by} label \`${LABEL.sidecarInjection}\` disables injection`, notes };
  }
  if (namespace.name === 'kube-system') {
    return { inject: false, code: 'SKIPPED', reason: 'the Kuma webhook never sees Pods in kube-system', notes };
  }
  if (namespace.name === input.systemNamespace && !input.rules.systemNamespaceZoneProxyWebhook) {
    return { inject: false, code: 'SKIPPED', reason: `the Kuma webhook never sees Pods in the system namespace "${input.systemNamespace}"`, notes };
  }
  if (namespace.name === input.systemNamespace) {
    // The third webhook's objectSelector: injection label `enabled`, and the other two labels merely present.
    const zoneProxy = labels[LABEL.sidecarInjection] === 'enabled' && LABEL.mesh in labels && LABEL.zoneProxyType in labels;
    if (!zoneProxy) {
      return {
        inject: false,
        code: 'SKIPPED',
        reason: `the Kuma webhook only sees mesh-scoped zone proxies in the system namespace "${input.systemNamespace}"`,
        notes,
      };
    }
  }
  if (podLabel !== undefined && namespace.known) {
    const namespaceEnables = namespaceLabel === 'enabled' || namespaceLabel === 'true';
    if (namespaceLabel === undefined) {
      notes.push({
        severity: 'warning',
        code: 'NAMESPACE_LABEL_MISSING',
        field: labelField(LABEL.sidecarInjection),
        message: `namespace "${namespace.name}" has no \`${LABEL.sidecarInjection}\` label; since Kuma 2.11 the webhook ignores Pods there, so only this offline injection adds the sidecar: label the namespace \`${LABEL.sidecarInjection}: disabled\` (or \`enabled\`)`,
      });
    } else if (!namespaceEnables && podLabel !== 'enabled') {
      notes.push({
        severity: 'warning',
        code: 'POD_LABEL_NOT_ENABLED',
        field: labelField(LABEL.sidecarInjection),
        message: `the Kuma webhook only takes a pod-level opt-in spelled exactly \`enabled\`, and this one is "${podLabel}": write \`${LABEL.sidecarInjection}: enabled\``,
      });
    }
  } else if (podLabel !== undefined && !namespace.known) {
    notes.push({
      severity: 'info',
      code: 'NAMESPACE_UNKNOWN',
      message: `namespace "${namespace.name}" is not in the input or in \`${input.configField('namespaces')}\`, so its labels are unknown; the pod label decided`,
    });
  }

  const source = input.rules.meshSource;
  const mesh =
    source === 'annotation'
      ? selectMeshByAnnotation(labels, annotations, namespace, notes)
      : source === 'label'
        ? selectMeshByLabel(labels, namespace)
        : selectMesh(labels, annotations, namespace, notes);
  if (!input.meshes.names.has(mesh.name) && input.meshes.authority !== 'none') {
    const zoneProxyException =
      input.rules.zoneProxyInjectedBeforeMesh && mesh.explicit && (!!labels[LABEL.zoneProxyType] || input.selectedByZoneProxyService);
    if (!zoneProxyException) {
      if (input.meshes.authority === 'config') {
        fail(
          `meshes.kuma.io "${mesh.name}" not found: add the Mesh to the input or its name to \`${input.configField('meshes')}\``,
          mesh.field,
          'MESH_NOT_FOUND',
        );
      }
      notes.push({
        severity: 'warning',
        code: 'MESH_UNVERIFIED',
        field: mesh.field,
        message: `mesh "${mesh.name}" is not among the Mesh objects in the input; list the meshes that exist in \`${input.configField('meshes')}\` to make this an error`,
      });
    }
  }

  const uid = injector.sidecarContainer.uid;
  const initOnUid = containersOf(spec, 'initContainers').filter((c) => runAsUserOf(c) === uid);
  if (initOnUid.length > 0) {
    notes.push({
      severity: 'warning',
      code: 'INIT_CONTAINER_SIDECAR_UID',
      message: `init containers ${goQuoteList(initOnUid.map((c) => String(c.name)))} run as the sidecar's UID ${uid}, so their traffic bypasses the mesh`,
    });
  }
  const regular = containersOf(spec, 'containers');
  const onUid = regular.filter((c) => runAsUserOf(c) === uid);
  if (onUid.length > 0) {
    fail(
      `containers using same UID as sidecar is unsupported: ${goQuoteList(onUid.map((c) => String(c.name)))}`,
      `spec.containers[${regular.indexOf(onUid[0]!)}].securityContext.runAsUser`,
      'SIDECAR_UID_CONFLICT',
    );
  }
  return { inject: true, mesh: mesh.name, notes };
}

/** Kuma 2.7: the pod annotation, then the namespace annotation; labels mean nothing yet. */
function selectMeshByAnnotation(
  labels: Readonly<Record<string, string>>,
  annotations: Readonly<Record<string, string>>,
  namespace: NamespaceView,
  notes: Note[],
): { name: string; explicit: boolean; field?: string } {
  const ignored = labels[LABEL.mesh] ? 'pod template' : namespace.labels[LABEL.mesh] ? `namespace "${namespace.name}"` : undefined;
  if (ignored) {
    notes.push({
      severity: 'warning',
      code: 'MESH_LABEL_IGNORED',
      field: ignored === 'pod template' ? labelField(LABEL.mesh) : undefined,
      message: `Kuma 2.7 reads the mesh only from the \`${ANNOTATION.mesh}\` annotation, so the \`${LABEL.mesh}\` label on the ${ignored} is ignored: set the annotation (the label counts from 2.9)`,
    });
  }
  if (annotations[ANNOTATION.mesh]) return { name: annotations[ANNOTATION.mesh]!, explicit: true, field: annotationField(ANNOTATION.mesh) };
  if (namespace.annotations[ANNOTATION.mesh]) return { name: namespace.annotations[ANNOTATION.mesh]!, explicit: true };
  return { name: 'default', explicit: false };
}

/** Kuma 3.0: the pod label, then the namespace label; the annotation is no longer read. */
function selectMeshByLabel(labels: Readonly<Record<string, string>>, namespace: NamespaceView): { name: string; explicit: boolean; field?: string } {
  if (labels[LABEL.mesh]) return { name: labels[LABEL.mesh]!, explicit: true, field: labelField(LABEL.mesh) };
  if (namespace.labels[LABEL.mesh]) return { name: namespace.labels[LABEL.mesh]!, explicit: true };
  return { name: 'default', explicit: false };
}

function selectMesh(
  labels: Readonly<Record<string, string>>,
  annotations: Readonly<Record<string, string>>,
  namespace: NamespaceView,
  notes: Note[],
): { name: string; explicit: boolean; field?: string } {
  const deprecated = (where: string): void => {
    notes.push({
      severity: 'warning',
      code: 'DEPRECATED_ANNOTATION',
      field: annotationField(ANNOTATION.mesh),
      message: `the \`${ANNOTATION.mesh}\` annotation on the ${where} is deprecated since Kuma 2.9 and ignored by 3.0: use the \`${LABEL.mesh}\` label`,
    });
  };
  if (labels[LABEL.mesh]) return { name: labels[LABEL.mesh]!, explicit: true, field: labelField(LABEL.mesh) };
  if (annotations[ANNOTATION.mesh]) {
    deprecated('pod template');
    return { name: annotations[ANNOTATION.mesh]!, explicit: true, field: annotationField(ANNOTATION.mesh) };
  }
  if (namespace.labels[LABEL.mesh]) return { name: namespace.labels[LABEL.mesh]!, explicit: true };
  if (namespace.annotations[ANNOTATION.mesh]) {
    deprecated(`namespace "${namespace.name}"`);
    return { name: namespace.annotations[ANNOTATION.mesh]!, explicit: true };
  }
  return { name: 'default', explicit: false };
}

export const namespaceFromObject = (name: string, object: JsonObject | undefined, fallback?: { labels: Record<string, string>; annotations: Record<string, string> }): NamespaceView => {
  const metadata = object && isObject(object.metadata) ? object.metadata : undefined;
  if (metadata) return { name, labels: stringMap(metadata.labels), annotations: stringMap(metadata.annotations), known: true };
  if (fallback) return { name, labels: fallback.labels, annotations: fallback.annotations, known: true };
  return { name, labels: {}, annotations: {}, known: false };
};

const BOOLEAN_ANNOTATIONS = [
  ANNOTATION.gateway,
  ANNOTATION.virtualProbes,
  ANNOTATION.builtinDns,
  ANNOTATION.builtinDnsLogging,
  ANNOTATION.waitForDataplaneReady,
  ANNOTATION.initFirst,
  ANNOTATION.spireSupport,
  ANNOTATION.transparentProxying,
  ANNOTATION.ebpf,
  ANNOTATION.dropInvalidPackets,
  ANNOTATION.iptablesLogs,
];

/** Boolean annotations 3.0 no longer reads at all (so their yes/no spelling no longer matters). */
const REMOVED_BOOLEANS = new Set<string>([ANNOTATION.virtualProbes, ANNOTATION.builtinDns, ANNOTATION.builtinDnsLogging, ANNOTATION.ebpf]);

/** What Kuma only logs: deprecated annotations and values, and per-pod values it overrides (spec §2.1, §6.3). */
export function deprecationNotes(
  annotations: Readonly<Record<string, string>>,
  injector?: InjectorConfig,
  /**
   * 3.0 (BEHAVIOUR.noDeprecationNotes): none but the sidecar-injection one; what 3.0 removed gets
   * ANNOTATION_NOT_IN_RELEASE instead (annotation-releases.ts).
   */
  removedIn3 = false,
): Array<{ code: 'DEPRECATED_ANNOTATION' | 'ANNOTATION_OVERRIDDEN'; message: string; field: string }> {
  const notes: Array<{ code: 'DEPRECATED_ANNOTATION' | 'ANNOTATION_OVERRIDDEN'; message: string; field: string }> = [];
  const deprecated = (key: string, message: string): void => {
    if (removedIn3 && key !== ANNOTATION.sidecarInjection) return;
    if (key in annotations) {
      notes.push({ code: 'DEPRECATED_ANNOTATION', field: annotationField(key), message: `\`${key}\` ${message}` });
    }
  };
  deprecated(ANNOTATION.deprecatedBuiltinDns, `is ignored since Kuma 2.0: use \`${ANNOTATION.builtinDns}\``);
  deprecated(ANNOTATION.deprecatedBuiltinDnsPort, `is ignored since Kuma 2.0: use \`${ANNOTATION.builtinDnsPort}\``);
  deprecated(ANNOTATION.virtualProbes, 'is deprecated since Kuma 2.9 and removed in 3.0: use the application probe proxy');
  deprecated(ANNOTATION.virtualProbesPort, 'is deprecated since Kuma 2.9 and removed in 3.0: use the application probe proxy');
  deprecated(ANNOTATION.sidecarInjection, `as an annotation is not supported since Kuma 2.2: use the \`${LABEL.sidecarInjection}\` label`);
  deprecated(ANNOTATION.prometheusPort, 'is deprecated: use a MeshMetric policy');
  deprecated(ANNOTATION.prometheusPath, 'is deprecated: use a MeshMetric policy');
  for (const key of removedIn3 ? BOOLEAN_ANNOTATIONS.filter((k) => !REMOVED_BOOLEANS.has(k)) : BOOLEAN_ANNOTATIONS) {
    const value = annotations[key];
    if (value === 'yes' || value === 'no') {
      notes.push({ code: 'DEPRECATED_ANNOTATION', field: annotationField(key), message: `the value "${value}" of \`${key}\` is deprecated since Kuma 2.9: use "${value === 'yes' ? 'true' : 'false'}"` });
    }
  }
  const overridden = (key: string, why: string): void => {
    if (key in annotations) {
      notes.push({ code: 'ANNOTATION_OVERRIDDEN', field: annotationField(key), message: `\`${key}\` ${why}` });
    }
  };
  if (annotations[ANNOTATION.transparentProxying] !== undefined && annotations[ANNOTATION.transparentProxying] !== 'enabled' && annotations[ANNOTATION.transparentProxying] !== 'true') {
    overridden(ANNOTATION.transparentProxying, 'cannot disable the transparent proxy on Kubernetes: Kuma overwrites it with "enabled"');
  }
  for (const key of Object.keys(annotations)) {
    if (!removedIn3 && /^prometheus\.metrics\.kuma\.io\/aggregate-/.test(key)) {
      notes.push({ code: 'DEPRECATED_ANNOTATION', field: annotationField(key), message: `\`${key}\` is deprecated: use a MeshMetric policy` });
    }
  }
  if (injector) {
    const perPod: Array<[string, number]> = [[ANNOTATION.sidecarUid, injector.sidecarContainer.uid]];
    if (!removedIn3) {
      perPod.push([ANNOTATION.inboundPort, injector.sidecarContainer.redirectPortInbound], [ANNOTATION.outboundPort, injector.sidecarContainer.redirectPortOutbound]);
    }
    for (const [key, configured] of perPod) {
      const value = annotations[key];
      if (value !== undefined && value !== String(configured)) {
        overridden(key, `cannot be set per pod: Kuma overwrites "${value}" with the control plane's "${configured}"`);
      }
    }
  }
  return notes;
}
