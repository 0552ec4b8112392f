/**
 * `networking.inbound` (spec §11.6): one inbound per TCP port of each selecting Service, with Kuma's tags
 * (`kuma.io/service` `<svc>_<ns>_svc_<port>`, protocol, `k8s.kuma.io/*`, Pod labels, zone, node labels) and its
 * state from container readiness; the service-less inbound on port 49151 when no Service port lands.
 */
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { SIDECAR_NAME } from '../kuma/metadata.ts';
import { fail } from '../kuma/failure.ts';
import { type Behaviour, NEWEST_STABLE, releaseOf as releaseOfMinor } from '../kuma/releases.ts';
import { parseBool } from '../kuma/values.ts';
import type { PodView } from './pod.ts';
import {
  type ServicePort,
  findPort,
  isExternalName,
  isHeadless,
  isTcp,
  protocolOf,
  selectorMatches,
  selectorOf,
  serviceName,
  serviceNamespace,
  servicePorts,
} from './services.ts';
import { sortedMap } from './sorted.ts';
import { assignKeys } from '../user-keys.ts';

/** Port 49151, reserved by IANA: the inbound of a Pod that no Service selects. */
export const SERVICELESS_PORT = 49151;

export interface Inbound {
  health: { ready?: true };
  name?: string;
  port: number;
  /** From 2.14 (BEHAVIOUR.inboundProtocolField). */
  protocol?: string;
  state?: 'NotReady' | 'Ignored';
  tags?: Record<string, string>;
}

export interface InboundOptions {
  readonly zone: string;
  /** Node labels to copy into tags (empty when inbound tags are disabled). */
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly inboundTagsDisabled: boolean;
  /** The release's switches; the newest release's when left out. */
  readonly release?: InboundBehaviour;
}

/** The switches inbound generation reads (BEHAVIOUR, src/kuma/behaviour.ts). */
export type InboundBehaviour = Pick<
  Behaviour,
  'inboundProtocolField' | 'inboundName' | 'inboundDedupKey' | 'inboundDedupWinner' | 'knownAppProtocols' | 'errorWhenNoServicePortMatches'
>;
/** Without a release, the newest stable one: its row of the table, not a copy. */
const LATEST_INBOUNDS: InboundBehaviour = releaseOfMinor(NEWEST_STABLE).behaviour;
const releaseOf = (options: InboundOptions): InboundBehaviour => options.release ?? LATEST_INBOUNDS;

const statuses = (pod: PodView, key: 'containerStatuses' | 'initContainerStatuses'): JsonObject[] =>
  Array.isArray(pod.status[key]) ? (pod.status[key] as unknown[]).filter(isObject) : [];

/** A container status that says not ready; a template has no statuses, so it is ready. */
function notReady(pod: PodView, name: string, withInit: boolean): boolean {
  const all = withInit ? [...statuses(pod, 'containerStatuses'), ...statuses(pod, 'initContainerStatuses')] : statuses(pod, 'containerStatuses');
  const status = all.find((s) => (typeof s.name === 'string' ? s.name : '') === name);
  return status !== undefined && status.ready !== true;
}

const containerName = (container: JsonObject): string => (typeof container.name === 'string' ? container.name : '');

export function podReady(pod: PodView, container: JsonObject | undefined): boolean {
  if (container && notReady(pod, containerName(container), false)) return false;
  return !notReady(pod, SIDECAR_NAME, true) && !pod.deleting;
}

/** Pod labels become tags, except empty values and keys containing `kuma.io/` (reserved for Kuma). */
function labelTags(pod: PodView, keepKuma: boolean): Record<string, string> {
  return Object.fromEntries(Object.entries(pod.labels).filter(([key, value]) => value !== '' && (keepKuma || !key.includes('kuma.io/'))));
}

function gatewayEnabled(pod: PodView): boolean {
  const value = pod.annotations['kuma.io/gateway'];
  if (value === undefined) return false;
  const parsed = parseBool('kuma.io/gateway', value);
  return parsed.ok && parsed.value;
}

export function serviceTags(pod: PodView, service: KubeObject, port: ServicePort, options: InboundOptions): Record<string, string> {
  const tags = labelTags(pod, false);
  tags['k8s.kuma.io/namespace'] = pod.namespace;
  tags['k8s.kuma.io/service-name'] = serviceName(service);
  tags['k8s.kuma.io/service-port'] = String(port.port);
  tags['kuma.io/service'] = `${serviceName(service)}_${serviceNamespace(service)}_svc_${port.port}`;
  if (options.zone !== '') tags['kuma.io/zone'] = options.zone;
  assignKeys(tags, options.nodeLabels);
  const protocol = protocolOf(service, port, releaseOf(options).knownAppProtocols);
  // A delegated gateway only proxies TCP, so Kuma leaves a non-tcp protocol out of its tags.
  if (!(gatewayEnabled(pod) && protocol !== 'tcp')) tags['kuma.io/protocol'] = protocol;
  if (isHeadless(service)) tags['kuma.io/instance'] = pod.name;
  return sortedMap(tags);
}

/** `inbound[].name`: the container port's name (2.11+), the Service port's (2.9) or none (2.7). */
function inboundName(release: InboundBehaviour, containerPort: string, servicePort: ServicePort): string {
  if (release.inboundName === 'containerPort') return containerPort;
  return release.inboundName === 'servicePort' ? servicePort.name : '';
}

function inboundsOfService(pod: PodView, service: KubeObject, options: InboundOptions): Inbound[] {
  const release = releaseOf(options);
  const out: Inbound[] = [];
  const selected = selectorMatches(selectorOf(service), pod.labels);
  for (const port of servicePorts(service)) {
    if (!isTcp(port)) continue;
    const resolved = findPort(pod.spec, port);
    if (!resolved) continue;
    // The full selector, without the ignored labels: a Service that selects the Pod only through them is Ignored.
    const state = !selected ? 'Ignored' : podReady(pod, resolved.container) ? undefined : 'NotReady';
    const name = inboundName(release, resolved.name, port);
    out.push({
      health: state ? {} : { ready: true },
      ...(name !== '' ? { name } : {}),
      port: resolved.port,
      ...(release.inboundProtocolField ? { protocol: protocolOf(service, port, release.knownAppProtocols) } : {}),
      ...(state ? { state } : {}),
      ...(options.inboundTagsDisabled ? {} : { tags: serviceTags(pod, service, port, options) }),
    });
  }
  return out;
}

export function servicelessTags(pod: PodView, workloadName: string, options: InboundOptions): Record<string, string> {
  // Here Kuma keeps `kuma.io/*` Pod labels (unlike the per-Service tags).
  const tags = labelTags(pod, true);
  tags['k8s.kuma.io/namespace'] = pod.namespace;
  tags['kuma.io/service'] = `${workloadName}_${pod.namespace}_svc`;
  if (options.zone !== '') tags['kuma.io/zone'] = options.zone;
  tags['kuma.io/protocol'] = 'tcp';
  tags['kuma.io/instance'] = pod.name;
  assignKeys(tags, options.nodeLabels);
  return sortedMap(tags);
}

function servicelessInbound(pod: PodView, workloadName: string, options: InboundOptions): Inbound {
  const containers = Array.isArray(pod.spec.containers) ? pod.spec.containers.filter(isObject) : [];
  // No deletion check here, unlike the per-Service inbounds: Kuma's service-less path has none.
  const ready =
    !containers.some((c) => containerName(c) !== SIDECAR_NAME && notReady(pod, containerName(c), false)) && !notReady(pod, SIDECAR_NAME, true);
  return {
    health: ready ? { ready: true } : {},
    port: SERVICELESS_PORT,
    ...(releaseOf(options).inboundProtocolField ? { protocol: 'tcp' } : {}),
    ...(ready ? {} : { state: 'NotReady' as const }),
    ...(options.inboundTagsDisabled ? {} : { tags: servicelessTags(pod, workloadName, options) }),
  };
}

/** Ready 3 > NotReady 2 > Ignored 1: which of two inbounds on one port 3.0's de-duplication keeps. */
const rank = (inbound: Inbound): number => (inbound.state === undefined ? 3 : inbound.state === 'NotReady' ? 2 : 1);

/**
 * One inbound per key (the address is the same for all): the port, or (2.13) the port and state. `first`: the
 * first one wins; `highestRank` (3.0): the first one keeps its place, and a later one of higher rank replaces it
 * there (BEHAVIOUR.inboundDedupKey, inboundDedupWinner).
 */
export function dedupeInbounds(inbounds: readonly Inbound[], key: Behaviour['inboundDedupKey'], winner: Behaviour['inboundDedupWinner']): Inbound[] {
  const keyOf = (inbound: Inbound): string => (key === 'portAndState' ? `${inbound.port}:${inbound.state ?? 'Ready'}` : String(inbound.port));
  const out: Inbound[] = [];
  const at = new Map<string, number>();
  for (const inbound of inbounds) {
    const position = at.get(keyOf(inbound));
    if (position === undefined) {
      at.set(keyOf(inbound), out.length);
      out.push(inbound);
    } else if (winner === 'highestRank' && rank(inbound) > rank(out[position]!)) {
      out[position] = inbound;
    }
  }
  return out;
}

/**
 * The inbounds of the Services in order (ExternalName skipped); the service-less one when none landed (in 2.7,
 * with Services selecting the Pod, an error instead). With `dedupe` they are de-duplicated as the release does
 * (dedupeInbounds); the caller decides when the release de-duplicates.
 */
export function inboundsFor(pod: PodView, services: readonly KubeObject[], workloadName: () => string, options: InboundOptions, dedupe: boolean): Inbound[] {
  const release = releaseOf(options);
  let inbounds = services.filter((s) => !isExternalName(s)).flatMap((s) => inboundsOfService(pod, s, options));
  if (inbounds.length === 0 && services.length > 0 && release.errorWhenNoServicePortMatches) {
    fail(`A service that selects pod ${pod.name} was found, but it doesn't match any container ports.`, undefined, 'DATAPLANE_FAILED');
  }
  if (inbounds.length === 0) inbounds = [servicelessInbound(pod, workloadName(), options)];
  if (!dedupe) return inbounds;
  return dedupeInbounds(inbounds, release.inboundDedupKey, release.inboundDedupWinner);
}
