/**
 * Application probes (spec §10): the annotation rules that pick the probe mode, the application probe proxy
 * rewrite (httpGet/tcpSocket/grpc onto kuma-dp's port) and the legacy virtual-probes rewrite (httpGet only).
 * Exec probes and the sidecar's own probes are never touched.
 */
import type { JsonObject, JsonValue } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import type { AnnotationReader } from './annotation-reader.ts';
import { fail } from './failure.ts';
import { ANNOTATION, SIDECAR_NAME } from './metadata.ts';

/** The release's probe rules (BEHAVIOUR, behaviour.ts). */
export interface ProbeRules {
  readonly probeProxyOffWhenVirtualProbesOff: boolean;
}

/** `kuma.io/virtual-probes` as the webhook writes it (Kuma's SetVirtualProbesEnabledAnnotation). */
export function virtualProbesAnnotation(pod: AnnotationReader, configEnabled: boolean, rules: ProbeRules): 'enabled' | 'disabled' {
  const requested = pod.bool(ANNOTATION.virtualProbes);
  const gateway = pod.bool(ANNOTATION.gateway) ?? false;
  if (gateway) {
    if (requested) fail("virtual probes can't be enabled in gateway mode", `metadata.annotations[${ANNOTATION.virtualProbes}]`);
    return 'disabled';
  }
  // From 2.13, turning the probe proxy off on the pod falls back to virtual probes.
  if (!rules.probeProxyOffWhenVirtualProbesOff && pod.uint32(ANNOTATION.applicationProbeProxyPort) === 0) return 'enabled';
  return (requested ?? configEnabled) ? 'enabled' : 'disabled';
}

/**
 * `kuma.io/application-probe-proxy-port` by the legacy rule: any `kuma.io/gateway` key forces 0. `virtualProbes`
 * is the value written for `kuma.io/virtual-probes`; up to 2.12, its being disabled turns the proxy off unless
 * the pod names a port.
 */
export function applicationProbeProxyPortAnnotation(pod: AnnotationReader, configPort: number, virtualProbes: 'enabled' | 'disabled', rules: ProbeRules): number {
  const requested = pod.uint32(ANNOTATION.applicationProbeProxyPort);
  if (rules.probeProxyOffWhenVirtualProbesOff && virtualProbes === 'disabled' && requested === undefined) return 0;
  if (pod.has(ANNOTATION.gateway)) {
    if (requested !== undefined && requested > 0) {
      fail("application probe proxies probes can't be enabled in gateway mode", `metadata.annotations[${ANNOTATION.applicationProbeProxyPort}]`);
    }
    return 0;
  }
  return requested ?? configPort;
}

/** The release's rules for the ConfigMap-mode port (BEHAVIOUR, behaviour.ts). */
export interface ConfigMapProbeRules {
  readonly virtualProbesRemoved: boolean;
}
const LATEST_CONFIG_MAP_PROBE_RULES: ConfigMapProbeRules = { virtualProbesRemoved: false };

/**
 * The same port by the ConfigMap-mode rule (Kuma's GetApplicationProbeProxyPort at v2.11.18 on). From 3.0
 * (`virtualProbesRemoved`) `kuma.io/virtual-probes` no longer counts. 2.9's rule (a pod port of "0" meant the
 * configured one) is not modelled: its ConfigMap mode is refused (NOT_MODELLED_FOR_RELEASE, settings.ts).
 */
export function applicationProbeProxyPortConfigMapMode(pod: AnnotationReader, configPort: number, rules: ConfigMapProbeRules = LATEST_CONFIG_MAP_PROBE_RULES): number {
  const requested = pod.uint32(ANNOTATION.applicationProbeProxyPort);
  const virtualProbes = !rules.virtualProbesRemoved && pod.has(ANNOTATION.virtualProbes) ? safeBool(pod, ANNOTATION.virtualProbes) : undefined;
  const gateway = safeBool(pod, ANNOTATION.gateway) ?? false;
  if (gateway && requested !== undefined && requested > 0) {
    fail("application probe proxies probes can't be enabled in gateway mode", `metadata.annotations[${ANNOTATION.applicationProbeProxyPort}]`);
  }
  if (gateway) return 0;
  if (requested !== undefined) return requested;
  if (virtualProbes === true) return configPort;
  if (virtualProbes === false) return 0;
  return configPort;
}

/** Kuma ignores parse errors in these particular reads. */
function safeBool(pod: AnnotationReader, key: string): boolean | undefined {
  try {
    return pod.bool(key);
  } catch {
    return undefined;
  }
}

type ProbeKey = 'livenessProbe' | 'readinessProbe' | 'startupProbe';
const PROBE_KEYS: readonly ProbeKey[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];

/** Go's intstr.IntValue(): a number, or a string that parses as one, else 0. */
function intValue(port: unknown): number {
  if (typeof port === 'number') return Math.trunc(port);
  if (typeof port === 'string' && /^[+-]?\d+$/.test(port)) return Number(port);
  return 0;
}

export function resolveNamedPort(container: JsonObject, port: JsonValue | undefined): JsonValue | undefined {
  if (intValue(port) !== 0 || typeof port !== 'string') return port;
  const ports = Array.isArray(container.ports) ? container.ports.filter(isObject) : [];
  const match = ports.find((p) => p.name !== undefined && p.name !== '' && p.name === port);
  return match && typeof match.containerPort === 'number' ? match.containerPort : port;
}

const reserved = (port: number): string =>
  `cannot override Pod's probes. Port for probe cannot be set to ${port}. It is reserved for the dataplane that will serve pods without mTLS.`;

const withLeadingSlash = (path: unknown): string => {
  const text = typeof path === 'string' ? path : '';
  return text.startsWith('/') ? text : `/${text}`;
};

function proxiedProbe(container: JsonObject, probe: JsonObject, proxyPort: number): JsonObject | undefined {
  const timeout = typeof probe.timeoutSeconds === 'number' ? probe.timeoutSeconds : 0;
  const timeoutHeader = timeout > 1 ? [{ name: 'X-Kuma-Probes-Timeout', value: String(timeout) }] : [];
  let path: string;
  let headers: JsonObject[];
  if (isObject(probe.httpGet)) {
    const httpGet = probe.httpGet;
    const appPort = intValue(resolveNamedPort(container, httpGet.port));
    if (appPort === proxyPort) fail(reserved(proxyPort));
    path = `/${appPort}${withLeadingSlash(httpGet.path)}`;
    const original = Array.isArray(httpGet.httpHeaders) ? httpGet.httpHeaders.filter(isObject) : [];
    const hostIndex = original.findIndex((h) => h.name === 'Host');
    headers = original.map((h, i) => (i === hostIndex ? { name: 'X-Kuma-Probes-Host', value: h.value ?? '' } : h));
    if (typeof httpGet.scheme === 'string' && httpGet.scheme !== '' && httpGet.scheme !== 'HTTP') {
      headers.push({ name: 'X-Kuma-Probes-Scheme', value: httpGet.scheme });
    }
    headers.push(...timeoutHeader);
  } else if (isObject(probe.tcpSocket)) {
    const appPort = intValue(resolveNamedPort(container, probe.tcpSocket.port));
    if (appPort === proxyPort) fail(reserved(proxyPort));
    path = `/tcp/${appPort}`;
    headers = [...timeoutHeader];
  } else if (isObject(probe.grpc)) {
    const appPort = intValue(probe.grpc.port);
    if (appPort === proxyPort) fail(reserved(proxyPort));
    path = `/grpc/${appPort}`;
    headers = [...timeoutHeader];
    if (typeof probe.grpc.service === 'string' && probe.grpc.service !== '') {
      headers.push({ name: 'X-Kuma-Probes-GRPC-Service', value: probe.grpc.service });
    }
  } else {
    return undefined;
  }
  const { httpGet: _h, tcpSocket: _t, grpc: _g, ...rest } = probe;
  const httpGet: JsonObject = { path, port: proxyPort };
  if (headers.length > 0) httpGet.httpHeaders = headers;
  return { ...rest, httpGet };
}

function virtualProbe(container: JsonObject, probe: JsonObject, virtualPort: number): JsonObject | undefined {
  if (!isObject(probe.httpGet)) return undefined;
  const appPort = intValue(resolveNamedPort(container, probe.httpGet.port));
  if (appPort === virtualPort) fail(reserved(virtualPort));
  return { ...probe, httpGet: { ...probe.httpGet, port: virtualPort, path: `/${appPort}${withLeadingSlash(probe.httpGet.path)}` } };
}

/** What a release's probe rewrite covers (switches applicationProbeProxy, probesCoverNativeSidecars). */
export interface ProbeRewriteRelease {
  readonly applicationProbeProxy: boolean;
  readonly probesCoverNativeSidecars: boolean;
  readonly virtualProbesRemoved: boolean;
}
const LATEST_PROBE_REWRITE: ProbeRewriteRelease = { applicationProbeProxy: true, probesCoverNativeSidecars: true, virtualProbesRemoved: false };

/** Native sidecars of the user that start after kuma-sidecar get their probes rewritten too (fixture 35), from 2.9. */
function rewriteContainers(spec: JsonObject, rewrite: (container: JsonObject) => JsonObject, release: ProbeRewriteRelease): JsonObject {
  const out: JsonObject = { ...spec };
  if (Array.isArray(spec.initContainers) && release.probesCoverNativeSidecars) {
    let afterSidecar = false;
    out.initContainers = spec.initContainers.map((c) => {
      if (!isObject(c)) return c;
      if (c.name === SIDECAR_NAME) {
        afterSidecar = true;
        return c;
      }
      return afterSidecar && c.restartPolicy === 'Always' ? rewrite(c) : c;
    });
  }
  if (Array.isArray(spec.containers)) {
    out.containers = spec.containers.map((c) => (isObject(c) && c.name !== SIDECAR_NAME ? rewrite(c) : c));
  }
  return out;
}

function rewriteWith(spec: JsonObject, release: ProbeRewriteRelease, convert: (container: JsonObject, probe: JsonObject) => JsonObject | undefined): JsonObject {
  return rewriteContainers(spec, (container) => {
    let changed = container;
    for (const key of PROBE_KEYS) {
      const probe = container[key];
      if (!isObject(probe)) continue;
      const rewritten = convert(container, probe);
      if (rewritten) changed = { ...changed, [key]: rewritten };
    }
    return changed;
  }, release);
}

/** Step 11 of the injection: picks the mode from the final annotations and rewrites the pod spec's probes. */
export function rewriteProbes(spec: JsonObject, annotations: AnnotationReader, release: ProbeRewriteRelease = LATEST_PROBE_REWRITE): JsonObject {
  const proxyPort = release.applicationProbeProxy ? (annotations.uint32(ANNOTATION.applicationProbeProxyPort) ?? 0) : 0;
  if (proxyPort !== 0) return rewriteWith(spec, release, (c, p) => proxiedProbe(c, p, proxyPort));
  // From 3.0 there are no virtual probes: probes the proxy does not take are left as they are.
  if (release.virtualProbesRemoved || !annotations.bool(ANNOTATION.virtualProbes)) return spec;
  const virtualPort = annotations.uint32(ANNOTATION.virtualProbesPort) ?? 0;
  return rewriteWith(spec, release, (c, p) => virtualProbe(c, p, virtualPort));
}
