/**
 * `spec.metrics` from the `prometheus.metrics.kuma.io/*` annotations and `spec.probes` from the virtual-probe
 * rewrite of the Pod's httpGet probes (spec §11.7), as Kuma v2.14.3 computes them. Both are deprecated in 2.x
 * and gone in 3.0; the injector's own deprecation warnings already point that out.
 */
import type { JsonObject } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import type { AnnotationReader } from '../kuma/annotation-reader.ts';
import { annotationField, fail } from '../kuma/failure.ts';
import { SIDECAR_NAME } from '../kuma/metadata.ts';
import type { Behaviour } from '../kuma/releases.ts';
import { compareStrings } from './sorted.ts';

const AGGREGATE = /^prometheus\.metrics\.kuma\.io\/aggregate-([a-zA-Z0-9-]+)-(port|path|enabled)$/;
const aggregateKey = (name: string, what: string): string => `prometheus.metrics.kuma.io/aggregate-${name}-${what}`;

export interface Metrics {
  conf: JsonObject;
  type: 'prometheus';
}

function aggregates(pod: AnnotationReader): JsonObject[] | undefined {
  const names = new Set<string>();
  for (const key of Object.keys(pod.raw)) {
    const match = AGGREGATE.exec(key);
    if (match) names.add(match[1]!);
  }
  if (names.size === 0) return undefined;
  // Kuma walks a Go map here, in random order; sorting by name keeps the output stable.
  return [...names].sort(compareStrings).map((name) => {
    const enabled = pod.bool(aggregateKey(name, 'enabled')) ?? true;
    const port = pod.uint32(aggregateKey(name, 'port'));
    if (port === undefined && enabled) fail('port needs to be specified for metrics scraping', annotationField(aggregateKey(name, 'port')), 'DATAPLANE_FAILED');
    const address = pod.string(aggregateKey(name, 'address'));
    const path = pod.stringOr(aggregateKey(name, 'path'), '/metrics');
    const entry: JsonObject = {};
    if (address) entry.address = address;
    entry.enabled = enabled;
    entry.name = name;
    if (path) entry.path = path;
    if (port) entry.port = port;
    return entry;
  });
}

export function metrics(pod: AnnotationReader): Metrics | undefined {
  const path = pod.string('prometheus.metrics.kuma.io/path') ?? '';
  const port = pod.uint32('prometheus.metrics.kuma.io/port');
  const aggregate = aggregates(pod);
  if (path === '' && port === undefined && aggregate === undefined) return undefined;
  const conf: JsonObject = {};
  if (aggregate) conf.aggregate = aggregate;
  if (path) conf.path = path;
  if (port) conf.port = port;
  return { conf, type: 'prometheus' };
}

export interface Probes {
  endpoints?: Array<{ inboundPath?: string; inboundPort?: number; path?: string }>;
  port?: number;
}

const containers = (spec: JsonObject, key: string): JsonObject[] => (Array.isArray(spec[key]) ? (spec[key] as unknown[]).filter(isObject) : []);

/** What a release's virtual probes cover (BEHAVIOUR switches, both 2.9 on). */
export type ProbeBehaviour = Pick<Behaviour, 'applicationProbeProxy' | 'probesCoverNativeSidecars'>;
const LATEST_PROBES: ProbeBehaviour = { applicationProbeProxy: true, probesCoverNativeSidecars: true };

/**
 * The containers Kuma probes: init containers after kuma-sidecar that are native sidecars (from 2.9,
 * probesCoverNativeSidecars), then the others.
 */
function probedContainers(spec: JsonObject, nativeSidecars: boolean): JsonObject[] {
  const out: JsonObject[] = [];
  if (!nativeSidecars) return containers(spec, 'containers').filter((c) => c.name !== SIDECAR_NAME);
  let afterSidecar = false;
  for (const c of containers(spec, 'initContainers')) {
    if (c.name === SIDECAR_NAME) afterSidecar = true;
    else if (afterSidecar && c.restartPolicy === 'Always') out.push(c);
  }
  return [...out, ...containers(spec, 'containers').filter((c) => c.name !== SIDECAR_NAME)];
}

/** intstr.IntValue(): a number, or a string read as a decimal (0 when it isn't one). */
function intValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) return Number(value);
  return 0;
}

const probeFailure = (message: string): never =>
  fail(`unable to convert virtual probe to real: ${message}`, annotationField('kuma.io/virtual-probes'), 'DATAPLANE_FAILED');

/** `proxyPort` 0 and `skipNonHttp` false: 2.7, which knows neither the probe proxy nor tcp/grpc virtual probes. */
function endpointOf(httpGet: JsonObject, virtualPort: number, proxyPort: number, skipNonHttp: boolean): NonNullable<Probes['endpoints']>[number] | undefined {
  let port = intValue(httpGet.port);
  // Probes rewritten for the application probe proxy are mapped back onto the virtual probes port.
  if (proxyPort > 0 && port === proxyPort) port = virtualPort;
  if (port !== virtualPort) probeFailure(`probe's port ${port} should be equal to virtual port ${virtualPort}`);
  const path = typeof httpGet.path === 'string' ? httpGet.path : '';
  const segments = path.split('/');
  if (segments.length < 2 || segments[0] !== '') probeFailure("not enough segments in probe's path");
  if (skipNonHttp && (segments[1] === 'tcp' || segments[1] === 'grpc')) return undefined;
  const inboundPort = /^[+-]?\d+$/.test(segments[1]!) ? Number(segments[1]) : NaN;
  if (!Number.isInteger(inboundPort) || inboundPort > 2147483647 || inboundPort < -2147483648) probeFailure(`invalid port value ${segments[1]}`);
  const endpoint: NonNullable<Probes['endpoints']>[number] = {};
  const inboundPath = `/${segments.slice(2).join('/')}`;
  if (inboundPath) endpoint.inboundPath = inboundPath;
  if (inboundPort !== 0) endpoint.inboundPort = inboundPort >>> 0;
  if (path) endpoint.path = path;
  return endpoint;
}

/** With applicationProbeProxy (2.9+) the probe proxy port is mapped back and tcp/grpc probes skipped. */
export function probes(pod: AnnotationReader, spec: JsonObject, release: ProbeBehaviour = LATEST_PROBES): Probes | undefined {
  if (!(pod.bool('kuma.io/virtual-probes') ?? false)) return undefined;
  const port = pod.uint32('kuma.io/virtual-probes-port');
  if (port === undefined) fail('kuma.io/virtual-probes-port annotation doesn\'t exist', annotationField('kuma.io/virtual-probes-port'), 'DATAPLANE_FAILED');
  const modern = release.applicationProbeProxy;
  const proxyPort = modern ? (pod.uint32('kuma.io/application-probe-proxy-port') ?? 0) : 0;
  const endpoints: NonNullable<Probes['endpoints']> = [];
  for (const container of probedContainers(spec, release.probesCoverNativeSidecars)) {
    for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const probe = container[key];
      if (!isObject(probe) || !isObject(probe.httpGet)) continue;
      const endpoint = endpointOf(probe.httpGet, port!, proxyPort, modern);
      if (endpoint) endpoints.push(endpoint);
    }
  }
  const out: Probes = {};
  if (endpoints.length > 0) out.endpoints = endpoints;
  if (port) out.port = port;
  return out;
}
