/**
 * One Pod → the `mesh` and `spec` of its Dataplane, in the order of Kuma v2.14.3's converter (dataplaneFor,
 * spec §11): transparent proxying, address, gateway or inbounds and listeners, metrics, probes, admin.
 * Outbounds need every other Dataplane first, so the caller adds them (outbounds.ts). Errors are thrown.
 */
import type { JsonObject } from '../krm/object.ts';
import { isObject, stringMap } from '../krm/object.ts';
import { hasOwnKey } from '../user-keys.ts';
import { readAnnotations } from '../kuma/annotation-reader.ts';
import type { NamespaceView } from '../kuma/precheck.ts';
import type { Behaviour } from '../kuma/releases.ts';
import { type Inbound, inboundsFor } from './inbounds.ts';
import { type InputIndex, meshServicesMode } from './inputs.ts';
import { metrics, probes } from './metrics-probes.ts';
import { type Listener, type TransparentProxying, admin, gateway, listeners, transparentProxying } from './networking.ts';
import { type PodView, podIP } from './pod.ts';
import { type Workload, workloadOf } from './owner.ts';
import { type ServiceMatcher, isZoneProxyService, matchingServices, serviceName, serviceNamespace } from './services.ts';

export interface ConverterSettings {
  readonly zone: string;
  readonly inboundTagsDisabled: boolean;
  readonly nodeLabelsToCopy: readonly string[];
  readonly placeholderAddress: string;
  /** The modelled release's switches (BEHAVIOUR, src/kuma/behaviour.ts). */
  readonly behaviour: Behaviour;
}

/** The indexed input, and its Services prepared for matching (with `ignoredServiceSelectorLabels`). */
export interface ConverterInputs {
  readonly index: InputIndex;
  readonly matcher: ServiceMatcher;
}

export interface Conversion {
  readonly pod: PodView;
  readonly mesh: string;
  /** `spec` without outbounds. */
  readonly spec: JsonObject;
  /** The Pod's own IP when the input has it (the address is a placeholder otherwise). */
  readonly podIP: string | undefined;
  readonly reachableServices: readonly string[] | undefined;
  /** Node labels Kuma copies onto the Dataplane labels when inbound tags are disabled (always from 3.0). */
  readonly nodeLabels: Readonly<Record<string, string>>;
  /** The matched Services that are not zone proxies, as `namespace/name`: the MeshServices the Pod backs. */
  readonly services: readonly string[];
  /** The owner Kuma would have looked up, when it was needed and is not in the input. */
  readonly missingOwner?: { kind: string; name: string };
}

/**
 * Kuma's MeshOfByLabelOrAnnotation: the Pod's label, its (deprecated) annotation, then the Namespace's. 2.7
 * (MeshOfByAnnotation) reads only the annotations, 3.0 (MeshOfByLabel) only the labels (BEHAVIOUR.meshSource).
 */
export function meshOf(pod: PodView, namespace: NamespaceView, source: Behaviour['meshSource'] = 'labelOrAnnotation'): string {
  if (source === 'annotation') return pod.annotations['kuma.io/mesh'] || namespace.annotations['kuma.io/mesh'] || 'default';
  if (source === 'label') return pod.labels['kuma.io/mesh'] || namespace.labels['kuma.io/mesh'] || 'default';
  return (
    pod.labels['kuma.io/mesh'] ||
    pod.annotations['kuma.io/mesh'] ||
    namespace.labels['kuma.io/mesh'] ||
    namespace.annotations['kuma.io/mesh'] ||
    'default'
  );
}

/** Whether this release de-duplicates the inbounds on one port in this mesh. */
function dedupes(behaviour: Behaviour, exclusive: boolean, inboundTagsDisabled: boolean): boolean {
  if (behaviour.inboundDedup === 'never') return false;
  if (behaviour.inboundDedup === 'always') return true;
  return exclusive && (behaviour.inboundDedup === 'exclusive' || inboundTagsDisabled);
}

function nodeLabels(pod: PodView, index: InputIndex, keys: readonly string[]): Record<string, string> {
  const nodeName = typeof pod.spec.nodeName === 'string' ? pod.spec.nodeName : '';
  if (keys.length === 0 || nodeName === '') return {};
  // A Node outside the input is unknown, like any node a template will be scheduled on: nothing is copied.
  const node = index.nodes.get(nodeName);
  const labels = node && isObject(node.metadata) ? stringMap(node.metadata.labels) : {};
  return Object.fromEntries(keys.filter((k) => hasOwnKey(labels, k)).map((k) => [k, labels[k]!]));
}

export function convertPod(pod: PodView, namespace: NamespaceView, inputs: ConverterInputs, settings: ConverterSettings): Conversion {
  const { index } = inputs;
  const annotations = readAnnotations(pod.annotations);
  const release = settings.behaviour;
  const mesh = meshOf(pod, namespace, release.meshSource);
  // Before 2.11 the converter reads no Mesh object, so its MeshServices mode plays no part.
  const exclusive = release.converterReadsMesh && meshServicesMode(index, mesh) === 'Exclusive';
  const copied = nodeLabels(pod, index, settings.nodeLabelsToCopy);
  // 3.0's inbounds never have tags: as if inbound tags were disabled.
  const tagsDisabled = settings.inboundTagsDisabled || release.tagFreeInbounds;
  const options = { zone: settings.zone, nodeLabels: tagsDisabled ? {} : copied, inboundTagsDisabled: tagsDisabled, release };
  let missingOwner: Conversion['missingOwner'];
  let workload: Workload | undefined;
  const owner = (): Workload => {
    workload ??= workloadOf(pod, index);
    if (workload.missing) missingOwner = workload.missing;
    return workload;
  };

  let tp: TransparentProxying | undefined = transparentProxying(annotations, release);
  const ip = podIP(pod);
  const address = ip ?? settings.placeholderAddress;
  const services = matchingServices(pod, index, inputs.matcher, release.selectorlessServicesByEndpointSlices);
  // Before 2.14 the zone-proxy label means nothing: such Services are ordinary ones.
  const isListenerService = (s: (typeof services)[number]): boolean => release.zoneProxyListeners !== 'none' && isZoneProxyService(s);
  const networking: JsonObject = { address };
  let inbound: Inbound[] | undefined;
  let zoneListeners: Listener[] = [];
  const gatewayType = annotations.string('kuma.io/gateway');
  if (gatewayType !== undefined) {
    // 3.0's delegated gateway takes no tags from the inbounds (they have none).
    const firstTags = () => (release.gatewayWithoutInboundTags ? undefined : inboundsFor(pod, services, () => owner().name, options, false)[0]?.tags);
    networking.gateway = gateway(gatewayType, pod, firstTags, owner) as JsonObject;
  } else {
    const regular = services.filter((s) => !isListenerService(s));
    const zoneProxies = services.filter(isListenerService);
    if (regular.length > 0 || zoneProxies.length === 0) {
      inbound = inboundsFor(pod, regular, () => owner().name, options, dedupes(release, exclusive, tagsDisabled));
      networking.inbound = inbound as unknown as JsonObject[];
    }
    if (exclusive || release.zoneProxyListeners === 'anyMesh') zoneListeners = listeners(pod, zoneProxies, address);
    if (zoneListeners.length > 0) networking.listeners = zoneListeners as unknown as JsonObject[];
    if ((inbound ?? []).length === 0 && zoneListeners.length > 0) {
      // A zone-proxy-only Dataplane: empty reachable backends, so that Envoy builds no outbound clusters.
      tp = { ...(tp ?? {}), reachableBackends: tp?.reachableBackends ?? {} };
    }
  }
  if (tp) networking.transparentProxying = tp as JsonObject;

  const spec: JsonObject = {};
  const metricsOut = release.noDataplaneMetrics ? undefined : metrics(annotations);
  const probesOut = release.virtualProbesRemoved ? undefined : probes(annotations, pod.spec, release);
  const adminOut = admin(annotations);
  if (metricsOut) spec.metrics = metricsOut as unknown as JsonObject;
  spec.networking = orderNetworking({ ...networking, ...(adminOut ? { admin: adminOut } : {}) });
  if (probesOut) spec.probes = probesOut as JsonObject;
  return {
    pod,
    mesh,
    spec,
    podIP: ip,
    reachableServices: tp?.reachableServices,
    nodeLabels: copied,
    services: services.filter((s) => !isListenerService(s)).map((s) => `${serviceNamespace(s)}/${serviceName(s)}`),
    ...(missingOwner ? { missingOwner } : {}),
  };
}

const NETWORKING_ORDER = ['address', 'admin', 'gateway', 'inbound', 'listeners', 'outbound', 'transparentProxying'];

/** Keys in the order kuma-cp writes them (sorted), so that previews read like `kubectl get dataplane -o yaml`. */
export function orderNetworking(networking: JsonObject): JsonObject {
  return Object.fromEntries(NETWORKING_ORDER.filter((k) => networking[k] !== undefined).map((k) => [k, networking[k]!]));
}

