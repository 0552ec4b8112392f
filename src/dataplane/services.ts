/**
 * Which Services of the input select a Pod and which container port each Service port lands on, as Kuma
 * v2.14.3's Pod reconciler decides (spec §11.5, §11.6): selectors minus the ignored labels, EndpointSlices for
 * selector-less Services, `kuma.io/ignore`, targetPort by number or name, and the protocol of a port.
 */
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { identityOf, isObject, annotationsOf, labelsOf, stringMap } from '../krm/object.ts';
import { own } from '../user-keys.ts';
import { parseBool } from '../kuma/values.ts';
import { type InputIndex, nsKey } from './inputs.ts';
import type { PodView } from './pod.ts';
import { compareStrings, pushTo } from './sorted.ts';

export const ZONE_PROXY_TYPE_LABEL = 'k8s.kuma.io/zone-proxy-type';

export const serviceSpec = (service: KubeObject): JsonObject => (isObject(service.spec) ? service.spec : {});
export const serviceName = (service: KubeObject): string => identityOf(service).name;
export const serviceNamespace = (service: KubeObject): string => identityOf(service).namespace ?? 'default';
export const selectorOf = (service: KubeObject): Record<string, string> => stringMap(serviceSpec(service).selector);
export const isHeadless = (service: KubeObject): boolean => serviceSpec(service).clusterIP === 'None';
export const isExternalName = (service: KubeObject): boolean => serviceSpec(service).type === 'ExternalName';
export const isZoneProxyService = (service: KubeObject): boolean => ZONE_PROXY_TYPE_LABEL in labelsOf(service);

/** `kuma.io/ignore` parsed as Kuma does; a value it cannot parse counts as not ignored. */
export function isIgnored(object: KubeObject): boolean {
  const value = annotationsOf(object)['kuma.io/ignore'];
  if (value === undefined) return false;
  const parsed = parseBool('kuma.io/ignore', value);
  return parsed.ok && parsed.value;
}

/** A label selector given as a map: every entry must match; an empty one matches every Pod. */
export const selectorMatches = (selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean =>
  Object.entries(selector).every(([key, value]) => own(labels, key) === value);

interface PreparedService {
  readonly object: KubeObject;
  readonly name: string;
  /** The selector without the ignored labels: what decides whether the reconciler matches the Service. */
  readonly relevant: Readonly<Record<string, string>>;
}

interface NamespaceServices {
  /** By one `key=value` entry of their relevant selector: a Pod only needs to look at its own labels' entries. */
  readonly byLabel: Map<string, PreparedService[]>;
  /** A selector made only of ignored labels selects every Pod. */
  readonly everyPod: PreparedService[];
  /** No selector: matched through EndpointSlices. */
  readonly selectorless: PreparedService[];
}

/** The Services of each namespace prepared for matching, built once per run, so that matching stays linear. */
export type ServiceMatcher = ReadonlyMap<string, NamespaceServices>;

export function serviceMatcher(index: InputIndex, ignoredSelectorLabels: readonly string[]): ServiceMatcher {
  const ignored = new Set(ignoredSelectorLabels);
  const out = new Map<string, NamespaceServices>();
  for (const [namespace, services] of index.servicesByNamespace) {
    const prepared: NamespaceServices = { byLabel: new Map(), everyPod: [], selectorless: [] };
    for (const object of services) {
      if (isIgnored(object)) continue;
      const selector = selectorOf(object);
      const relevant = Object.fromEntries(Object.entries(selector).filter(([key]) => !ignored.has(key)));
      const service = { object, name: serviceName(object), relevant };
      const first = Object.keys(relevant).sort(compareStrings)[0];
      if (Object.keys(selector).length === 0) prepared.selectorless.push(service);
      else if (first === undefined) prepared.everyPod.push(service);
      else pushTo(prepared.byLabel, `${first}=${relevant[first]!}`, service);
    }
    out.set(namespace, prepared);
  }
  return out;
}

/**
 * The Services of the Pod's namespace that select it, sorted by name as the reconciler sorts them. Before 2.9
 * (`byEndpointSlices` false) a Service without a selector never matches.
 */
export function matchingServices(pod: PodView, index: InputIndex, matcher: ServiceMatcher, byEndpointSlices = true): KubeObject[] {
  const prepared = matcher.get(pod.namespace);
  if (!prepared) return [];
  const byName = new Map<string, KubeObject>();
  for (const service of byEndpointSlices ? prepared.selectorless : []) {
    // Selector-less Services are matched by their EndpointSlices, which name Pods by UID.
    const uids = index.endpointPodUids.get(nsKey(pod.namespace, service.name));
    if (pod.uid !== undefined && uids?.has(pod.uid)) byName.set(service.name, service.object);
  }
  const candidates = [...prepared.everyPod, ...Object.entries(pod.labels).flatMap(([k, v]) => prepared.byLabel.get(`${k}=${v}`) ?? [])];
  for (const service of candidates) if (selectorMatches(service.relevant, pod.labels)) byName.set(service.name, service.object);
  return [...byName.keys()].sort(compareStrings).map((name) => byName.get(name)!);
}

export interface ServicePort {
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
  /** A number, a port name, or (omitted) the port itself, as the API server defaults it. */
  readonly targetPort: number | string;
  readonly appProtocol?: string;
}

export function servicePorts(service: KubeObject): ServicePort[] {
  const ports = Array.isArray(serviceSpec(service).ports) ? (serviceSpec(service).ports as unknown[]) : [];
  return ports.filter(isObject).map((p) => {
    const port = typeof p.port === 'number' ? p.port : 0;
    const target = typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : port;
    return {
      name: typeof p.name === 'string' ? p.name : '',
      protocol: typeof p.protocol === 'string' ? p.protocol : '',
      port,
      targetPort: target,
      ...(typeof p.appProtocol === 'string' ? { appProtocol: p.appProtocol } : {}),
    };
  });
}

export const isTcp = (port: ServicePort): boolean => port.protocol === '' || port.protocol === 'TCP';

export interface ResolvedPort {
  readonly port: number;
  /** The container port's name, '' when it has none or the target is a bare number. */
  readonly name: string;
  /** The container that declares the port, when one does. */
  readonly container?: JsonObject;
}

const orTcp = (protocol: unknown): string => (typeof protocol === 'string' && protocol !== '' ? protocol : 'TCP');

/**
 * Kuma's FindPort: a named target must be a declared container port of the same protocol; a numbered one
 * need not be declared (the number is used as it is). Undefined when a named port is not found.
 */
export function findPort(spec: JsonObject, port: ServicePort): ResolvedPort | undefined {
  const containers = Array.isArray(spec.containers) ? spec.containers.filter(isObject) : [];
  for (const container of containers) {
    for (const declared of Array.isArray(container.ports) ? container.ports.filter(isObject) : []) {
      const name = typeof declared.name === 'string' ? declared.name : '';
      const matches = typeof port.targetPort === 'string' ? name === port.targetPort : declared.containerPort === port.targetPort;
      if (matches && orTcp(declared.protocol) === orTcp(port.protocol)) {
        return { port: typeof declared.containerPort === 'number' ? declared.containerPort : 0, name, container };
      }
    }
  }
  return typeof port.targetPort === 'number' ? { port: port.targetPort, name: '' } : undefined;
}

/**
 * `appProtocol` when the release knows it (`known`: BEHAVIOUR.knownAppProtocols of the release), else the `<port>.service.kuma.io/protocol` annotation,
 * else tcp; lower case.
 */
export function protocolOf(service: KubeObject, port: ServicePort, known: readonly string[]): string {
  let value = port.appProtocol !== undefined && known.includes(port.appProtocol.toLowerCase()) ? port.appProtocol : '';
  const annotation = annotationsOf(service)[`${port.port}.service.kuma.io/protocol`];
  if (value === '' && annotation !== undefined) value = annotation;
  return (value === '' ? 'tcp' : value).toLowerCase();
}
