/**
 * `networking.transparentProxying`, `gateway`, `listeners` and `admin` of a Dataplane, read from the Pod's
 * annotations and zone-proxy Services as Kuma v2.14.3's converter reads them (spec §11.7). Kuma's errors are
 * thrown as InjectionFailure (code DATAPLANE_FAILED) with the annotation as the field.
 */
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { isObject, labelsOf } from '../krm/object.ts';

import { parseYamlText } from '../krm/resource-list.ts';
import type { AnnotationReader } from '../kuma/annotation-reader.ts';
import { annotationField, fail } from '../kuma/failure.ts';
import type { Behaviour } from '../kuma/releases.ts';
import { goQuote, parseList, parseUint32 } from '../kuma/values.ts';
import { podReady } from './inbounds.ts';
import type { PodView } from './pod.ts';
import { ZONE_PROXY_TYPE_LABEL, findPort, isTcp, serviceName, serviceNamespace, servicePorts } from './services.ts';

const KEY = {
  tpConfig: 'traffic.kuma.io/transparent-proxy-config',
  tp: 'kuma.io/transparent-proxying',
  directAccess: 'kuma.io/direct-access-services',
  reachableServices: 'kuma.io/transparent-proxying-reachable-services',
  reachableBackends: 'kuma.io/reachable-backends',
  inboundPort: 'kuma.io/transparent-proxying-inbound-port',
  outboundPort: 'kuma.io/transparent-proxying-outbound-port',
  ipFamilyMode: 'kuma.io/transparent-proxying-ip-family-mode',
  inboundPortV6: 'kuma.io/transparent-proxying-inbound-v6-port',
  adminPort: 'kuma.io/envoy-admin-port',
} as const;

const failHere = (message: string, key: string): never => fail(message, annotationField(key), 'DATAPLANE_FAILED');

export interface TransparentProxying {
  directAccessServices?: string[];
  ipFamilyMode?: 'DualStack' | 'IPv4';
  reachableBackends?: { refs?: JsonObject[] };
  reachableServices?: string[];
  redirectPortInbound?: number;
  redirectPortInboundV6?: number;
  redirectPortOutbound?: number;
}

/** The switches transparentProxying reads (BEHAVIOUR, src/kuma/behaviour.ts). */
export type TpBehaviour = Pick<Behaviour, 'configMapMode' | 'reachableBackendsAnnotation' | 'inboundV6PortAnnotation' | 'transparentProxyingUserFieldsOnly'>;
const LATEST_TP: TpBehaviour = {
  configMapMode: 'mounts',
  reachableBackendsAnnotation: true,
  inboundV6PortAnnotation: false,
  transparentProxyingUserFieldsOnly: false,
};

/** GetList: a list only when some item is non-empty (Kuma leaves the field nil otherwise). */
function list(pod: AnnotationReader, key: string): string[] | undefined {
  const value = pod.string(key);
  const items = value === undefined ? [] : parseList(value);
  return items.length > 0 ? items : undefined;
}

const scalarString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

/** `kuma.io/reachable-backends`, loaded as Kuma's Go struct loads it: unknown keys ignored, wrong types fail. */
function reachableBackends(text: string): { refs?: JsonObject[] } {
  const invalid = (): never => failHere(`cannot parse, ${KEY.reachableBackends} has invalid format`, KEY.reachableBackends);
  const parsed = parseYamlText(text);
  if (!parsed.ok) return invalid();
  if (parsed.value === null || parsed.value === undefined) return {};
  if (!isObject(parsed.value)) return invalid();
  const raw = parsed.value.refs;
  if (raw === undefined || raw === null) return {};
  if (!Array.isArray(raw)) return invalid();
  const refs = raw.map((entry): JsonObject => {
    if (entry === null) return {};
    if (!isObject(entry)) return invalid();
    const ref: JsonObject = {};
    for (const key of ['kind', 'name', 'namespace'] as const) {
      if (entry[key] === undefined || entry[key] === null) continue;
      const value = scalarString(entry[key]);
      if (value === undefined) return invalid();
      if (value !== '') ref[key] = value;
    }
    if (entry.labels !== undefined && entry.labels !== null) {
      if (!isObject(entry.labels)) return invalid();
      const labels = Object.entries(entry.labels).map(([k, v]) => [k, scalarString(v) ?? invalid()] as const);
      if (labels.length > 0) ref.labels = Object.fromEntries(labels);
    }
    if (entry.port !== undefined && entry.port !== null) {
      const port = entry.port;
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 4294967295) return invalid();
      ref.port = port;
    }
    return ref;
  });
  return refs.length > 0 ? { refs } : {};
}

/**
 * 3.0 (BEHAVIOUR.transparentProxyingUserFieldsOnly): only direct access and reachable backends, read whatever
 * the transparent-proxy annotations say; the redirect ports, IP family and reachable services are gone with
 * their errors.
 */
export function transparentProxying(pod: AnnotationReader, release: TpBehaviour = LATEST_TP): TransparentProxying | undefined {
  if (release.transparentProxyingUserFieldsOnly) {
    const tp: TransparentProxying = {};
    const direct = list(pod, KEY.directAccess);
    if (direct) tp.directAccessServices = direct;
    const backends = pod.string(KEY.reachableBackends);
    if (backends !== undefined) tp.reachableBackends = reachableBackends(backends);
    return Object.keys(tp).length > 0 ? sortedTp(tp) : undefined;
  }
  // From 2.11 (configMapMode `mounts`) the ConfigMap-mode config travels in an annotation the converter reads.
  const annotationMode = release.configMapMode === 'mounts';
  const configInAnnotation = annotationMode && (pod.string(KEY.tpConfig) ?? '') !== '';
  const enabled = pod.bool(KEY.tp) ?? false;
  const tp: TransparentProxying = {};
  if (configInAnnotation || enabled) {
    const direct = list(pod, KEY.directAccess);
    if (direct) tp.directAccessServices = direct;
    const backends = release.reachableBackendsAnnotation ? pod.string(KEY.reachableBackends) : undefined;
    const reachable = list(pod, KEY.reachableServices);
    if (backends !== undefined) tp.reachableBackends = reachableBackends(backends);
    if (reachable) tp.reachableServices = reachable;
  }
  if (enabled) {
    const inbound = pod.uint32(KEY.inboundPort);
    if (inbound === undefined) failHere('transparent proxying inbound port has to be set in transparent mode', KEY.inboundPort);
    const outbound = pod.uint32(KEY.outboundPort);
    if (outbound === undefined) failHere('transparent proxying outbound port has to be set in transparent mode', KEY.outboundPort);
    if (inbound) tp.redirectPortInbound = inbound;
    if (outbound) tp.redirectPortOutbound = outbound;
    if (annotationMode) ipFamilyMode(pod, tp);
    else legacyIpFamilyMode(pod, tp, release.inboundV6PortAnnotation);
  }
  return Object.keys(tp).length > 0 ? sortedTp(tp) : undefined;
}

/** 2.11+: an empty annotation leaves the mode out; an unknown one is an error naming it. */
function ipFamilyMode(pod: AnnotationReader, tp: TransparentProxying): void {
  const mode = pod.stringOr(KEY.ipFamilyMode, 'dualstack');
  if (mode === 'dualstack') tp.ipFamilyMode = 'DualStack';
  else if (mode === 'ipv4') tp.ipFamilyMode = 'IPv4';
  else if (mode !== '') failHere(`invalid ip family mode '${mode}'`, KEY.ipFamilyMode);
}

/**
 * 2.7 and 2.9: the mode is always set; any value but dualstack/ipv4 (an empty one too) is an error whose
 * message names the default, not the value (Kuma prints the wrong variable). 2.7 also reads the v6 inbound
 * port: a non-zero one is written, and 0 without a mode annotation means IPv4 (an unparsable one counts as 0).
 */
function legacyIpFamilyMode(pod: AnnotationReader, tp: TransparentProxying, v6Port: boolean): void {
  const mode = pod.string(KEY.ipFamilyMode);
  const v6Text = v6Port ? pod.string(KEY.inboundPortV6) : undefined;
  const parsedV6 = v6Text === undefined ? undefined : parseUint32(KEY.inboundPortV6, v6Text);
  const inboundV6 = parsedV6?.ok ? parsedV6.value : 0;
  if (inboundV6) tp.redirectPortInboundV6 = inboundV6;
  if (mode === 'dualstack') tp.ipFamilyMode = 'DualStack';
  else if (mode === 'ipv4') tp.ipFamilyMode = 'IPv4';
  else if (mode !== undefined) failHere("invalid ip family mode 'DualStack'", KEY.ipFamilyMode);
  else tp.ipFamilyMode = v6Text !== undefined && inboundV6 === 0 ? 'IPv4' : 'DualStack';
}

const sortedTp = (tp: TransparentProxying): TransparentProxying => {
  const order: Array<keyof TransparentProxying> = [
    'directAccessServices',
    'ipFamilyMode',
    'reachableBackends',
    'reachableServices',
    'redirectPortInbound',
    'redirectPortInboundV6',
    'redirectPortOutbound',
  ];
  return Object.fromEntries(order.filter((k) => tp[k] !== undefined).map((k) => [k, tp[k]])) as TransparentProxying;
};

export interface Gateway {
  tags?: Record<string, string>;
}

/** A delegated gateway: `enabled` takes the first inbound's tags, `provided` names its Deployment when it has one. */
export function gateway(
  value: string,
  pod: PodView,
  firstInboundTags: () => Record<string, string> | undefined,
  workload: () => { name: string; kind: string },
): Gateway {
  const fromInbound = (): Gateway => {
    const tags = firstInboundTags();
    return tags && Object.keys(tags).length > 0 ? { tags } : {};
  };
  if (value === 'enabled') return fromInbound();
  if (value === 'provided') {
    const owner = workload();
    return owner.kind === 'Deployment' ? { tags: { 'kuma.io/service-name': `${owner.name}_${pod.namespace}_svc` } } : fromInbound();
  }
  return failHere(`invalid delegated gateway type '${value}'`, 'kuma.io/gateway');
}

export interface Listener {
  address: string;
  name: string;
  port: number;
  state?: 'NotReady';
  type: 'ZoneIngress' | 'ZoneEgress';
}

/** Zone-proxy listeners of the Services labelled `k8s.kuma.io/zone-proxy-type` (Exclusive MeshServices only). */
export function listeners(pod: PodView, services: readonly KubeObject[], address: string): Listener[] {
  const out: Listener[] = [];
  const claimed = new Map<string, { service: string; type: Listener['type'] }>();
  for (const service of services) {
    const proxyType = labelsOf(service)[ZONE_PROXY_TYPE_LABEL];
    if (proxyType === undefined) continue;
    if (proxyType !== 'ingress' && proxyType !== 'egress') {
      fail(
        `service ${serviceNamespace(service)}/${serviceName(service)} has invalid ${ZONE_PROXY_TYPE_LABEL} label value ${goQuote(proxyType)}; allowed: "ingress", "egress"`,
        undefined,
        'DATAPLANE_FAILED',
      );
    }
    const type = proxyType === 'ingress' ? 'ZoneIngress' : 'ZoneEgress';
    for (const port of servicePorts(service)) {
      if (!isTcp(port)) continue;
      const resolved = findPort(pod.spec, port);
      if (!resolved) continue;
      const key = `${address}:${resolved.port}`;
      const existing = claimed.get(key);
      if (existing) {
        if (existing.type !== type) {
          fail(
            `conflicting listener types on port ${resolved.port}: services ${goQuote(existing.service)} and ${goQuote(serviceName(service))} have different ${ZONE_PROXY_TYPE_LABEL} labels, please remove one of the Services`,
            undefined,
            'DATAPLANE_FAILED',
          );
        }
        continue;
      }
      claimed.set(key, { service: serviceName(service), type });
      out.push({
        address,
        name: port.name !== '' ? port.name : String(port.port),
        port: resolved.port,
        ...(podReady(pod, resolved.container) ? {} : { state: 'NotReady' as const }),
        type,
      });
    }
  }
  return out;
}

/** `networking.admin` when the Pod has `kuma.io/envoy-admin-port` (the injector always writes it). */
export function admin(pod: AnnotationReader): { port?: number } | undefined {
  const port = pod.uint32(KEY.adminPort);
  if (port === undefined) return undefined;
  return port === 0 ? {} : { port };
}

