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
import { type Inbound, inboundsFor } from './inbounds.ts';
import { type InputIndex, meshServicesMode } from './inputs.ts';
import { metrics, probes } from './metrics-probes.ts';
import { type Listener, type TransparentProxying, admin, gateway, listeners, transparentProxying } from './networking.ts';
import { type PodView, podIP } from './pod.ts';
import { type Workload, workloadOf } from './owner.ts';
import type { Behaviour } from '../kuma/releases.ts';
import { type ServiceMatcher, isZoneProxyService, matchingServices, serviceName, serviceNamespace } from './services.ts';

export interface ConverterSettings {
  readonly zone: string;
  readonly inboundTagsDisabled: boolean;
  readonly nodeLabelsToCopy: readonly string[];
  readonly placeholderAddress: string;
  /** The release's converter switches (releases.ts). */
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
 * Kuma's MeshOfByLabelOrAnnotation: the Pod's label, its (deprecated) annotation, then the Namespace's. From 3.0
 * (MeshOfByLabel, `labelOnly`) the annotations are not read.
 */
export function meshOf(pod: PodView, namespace: NamespaceView, labelOnly = false): string {
  if (labelOnly) return pod.labels['kuma.io/mesh'] || namespace.labels['kuma.io/mesh'] || 'default';
  return (
    pod.labels['kuma.io/mesh'] ||
    pod.annotations['kuma.io/mesh'] ||
    namespace.labels['kuma.io/mesh'] ||
    namespace.annotations['kuma.io/mesh'] ||
    'default'
  );
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
  const { behaviour } = settings;
  const annotations = readAnnotations(pod.annotations);
  const mesh = meshOf(pod, namespace, behaviour.meshFromLabelOnly);
  const exclusive = meshServicesMode(index, mesh) === 'Exclusive';
  const copied = nodeLabels(pod, index, settings.nodeLabelsToCopy);
  const tagsDisabled = settings.inboundTagsDisabled || behaviour.tagFreeInbounds;
  const options = { zone: settings.zone, nodeLabels: tagsDisabled ? {} : copied, inboundTagsDisabled: tagsDisabled };
  // 2.x de-duplicates (first wins) only with Exclusive MeshServices and no tags; 3.0 always, by rank.
  const dedupe = behaviour.alwaysDedupeInbounds ? 'rank' : exclusive && tagsDisabled;
  let missingOwner: Conversion['missingOwner'];
  let workload: Workload | undefined;
  const owner = (): Workload => {
    workload ??= workloadOf(pod, index);
    if (workload.missing) missingOwner = workload.missing;
    return workload;
  };

  let tp: TransparentProxying | undefined = transparentProxying(annotations, behaviour.transparentProxyingUserFieldsOnly);
  const ip = podIP(pod);
  const address = ip ?? settings.placeholderAddress;
  const services = matchingServices(pod, index, inputs.matcher);
  const networking: JsonObject = { address };
  let inbound: Inbound[] | undefined;
  let zoneListeners: Listener[] = [];
  const gatewayType = annotations.string('kuma.io/gateway');
  if (gatewayType !== undefined) {
    // 3.0's delegated gateway takes no tags from the inbounds (they have none).
    const firstTags = () => (behaviour.gatewayWithoutInboundTags ? undefined : inboundsFor(pod, services, () => owner().name, options, false)[0]?.tags);
    networking.gateway = gateway(gatewayType, pod, firstTags, owner) as JsonObject;
  } else {
    const regular = services.filter((s) => !isZoneProxyService(s));
    const zoneProxies = services.filter(isZoneProxyService);
    if (regular.length > 0 || zoneProxies.length === 0) {
      inbound = inboundsFor(pod, regular, () => owner().name, options, dedupe);
      networking.inbound = inbound as unknown as JsonObject[];
    }
    if (exclusive || behaviour.listenersInAnyMeshMode) zoneListeners = listeners(pod, zoneProxies, address);
    if (zoneListeners.length > 0) networking.listeners = zoneListeners as unknown as JsonObject[];
    if ((inbound ?? []).length === 0 && zoneListeners.length > 0) {
      // A zone-proxy-only Dataplane: empty reachable backends, so that Envoy builds no outbound clusters.
      tp = { ...(tp ?? {}), reachableBackends: tp?.reachableBackends ?? {} };
    }
  }
  if (tp) networking.transparentProxying = tp as JsonObject;

  const spec: JsonObject = {};
  const metricsOut = behaviour.noDataplaneMetrics ? undefined : metrics(annotations);
  const probesOut = behaviour.noDataplaneProbes ? undefined : probes(annotations, pod.spec);
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
    services: services.filter((s) => !isZoneProxyService(s)).map((s) => `${serviceNamespace(s)}/${serviceName(s)}`),
    ...(missingOwner ? { missingOwner } : {}),
  };
}

const NETWORKING_ORDER = ['address', 'admin', 'gateway', 'inbound', 'listeners', 'outbound', 'transparentProxying'];

/** Keys in the order kuma-cp writes them (sorted), so that previews read like `kubectl get dataplane -o yaml`. */
export function orderNetworking(networking: JsonObject): JsonObject {
  return Object.fromEntries(NETWORKING_ORDER.filter((k) => networking[k] !== undefined).map((k) => [k, networking[k]!]));
}

