/**
 * The `kuma-sidecar` container as Kuma 2.14's factory builds it (spec §4): args, env sorted by name, probes,
 * resources, security context and mounts. Placement (native or not) and ContainerPatches happen elsewhere.
 */
import type { JsonObject, JsonValue } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import type { Settings } from '../settings.ts';
import type { AnnotationReader } from './annotation-reader.ts';
import { annotationField, fail } from './failure.ts';
import { ANNOTATION, SERVICE_ACCOUNT_TOKEN_PATH, SIDECAR_NAME } from './metadata.ts';
import { applicationProbeProxyPortAnnotation, virtualProbesAnnotation } from './probes.ts';
import { isZeroQuantity, milliValue } from './quantity.ts';
import { formatGoDuration, parseEnvVarMap, parseGoDuration } from './values.ts';

export const TP_CONFIG_BASE_PATH = '/tmp/transparent-proxy/base';
export const TP_CONFIG_CUSTOM_PATH = '/tmp/transparent-proxy/custom';

/** Kubernetes' rule for env var names (C_IDENTIFIER plus "-" and "."). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

const fieldRef = (fieldPath: string): JsonObject => ({ valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } });

/** Go omits zero probe fields (`omitempty`), and so must we to match the webhook's output. */
function probe(port: number, timing: Record<string, number>): JsonObject {
  const out: JsonObject = { httpGet: { path: '/ready', port } };
  for (const [key, value] of Object.entries(timing)) if (value !== 0) out[key] = value;
  return out;
}

/** Whether kuma-sidecar gets SPIRE's socket; releases without SPIRE ignore the annotation. */
export function spireEnabled(pod: AnnotationReader, settings: Settings): boolean {
  if (!settings.release.behaviour.spireSupport) return false;
  return pod.boolOr(ANNOTATION.spireSupport, settings.injector.spire.enabled);
}

function sidecarEnv(pod: AnnotationReader, settings: Settings, mesh: string): JsonObject[] {
  const { injector } = settings;
  const drain = pod.string(ANNOTATION.sidecarDrainTime);
  let drainNanos = parseGoDuration(injector.sidecarContainer.drainTime);
  if (drain !== undefined) {
    drainNanos = parseGoDuration(drain);
    if (!drainNanos.ok) fail(drainNanos.error, annotationField(ANNOTATION.sidecarDrainTime), 'INVALID_ANNOTATION');
  }
  const env = new Map<string, JsonObject>();
  const set = (name: string, value: string | JsonObject): void => {
    env.set(name, typeof value === 'string' ? { name, value } : { name, ...value });
  };
  set('POD_NAME', fieldRef('metadata.name'));
  set('POD_NAMESPACE', fieldRef('metadata.namespace'));
  set('INSTANCE_IP', fieldRef('status.podIP'));
  set('KUMA_CONTROL_PLANE_URL', settings.controlPlaneURL);
  set('KUMA_DATAPLANE_MESH', mesh);
  set('KUMA_DATAPLANE_DRAIN_TIME', formatGoDuration(drainNanos.ok ? drainNanos.value : 0));
  set('KUMA_DATAPLANE_RUNTIME_TOKEN_PATH', `${SERVICE_ACCOUNT_TOKEN_PATH}/token`);
  // An empty value is dropped by Go's JSON encoder, which leaves only the name.
  env.set('KUMA_CONTROL_PLANE_CA_CERT', settings.caCert ? { name: 'KUMA_CONTROL_PLANE_CA_CERT', value: settings.caCert } : { name: 'KUMA_CONTROL_PLANE_CA_CERT' });
  const { behaviour } = settings.release;
  // Who sets the xDS transport variant: the annotation (from 2.11; from 2.13 deltaXds beneath it); nobody in 2.7, 2.9 and 3.0.
  if (behaviour.xdsTransportVariantEnv !== 'none') {
    if (settings.deltaXds && behaviour.xdsTransportVariantEnv === 'annotationOrDeltaXds') set('KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT', 'DELTA_GRPC');
    const variant = pod.string(ANNOTATION.xdsTransportProtocolVariant);
    if (variant !== undefined) set('KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT', variant);
  }
  const dns = injector.builtinDNS;
  if (dns.enabled) {
    set('KUMA_DNS_ENABLED', 'true');
    // 3.0 always runs the embedded DNS proxy and has no DNS logging switch; 2.7 and 2.9 always run CoreDNS.
    if (behaviour.dnsEnv !== 'proxyOnly') set('KUMA_DNS_ENABLE_LOGGING', String(dns.logging));
    if (behaviour.dnsEnv === 'proxyOnly' || (behaviour.dnsEnv === 'coreDnsOrProxy' && dns.experimentalProxy)) {
      set('KUMA_DNS_PROXY_PORT', String(dns.port));
    } else {
      set('KUMA_DNS_CORE_DNS_PORT', String(dns.port));
      if (behaviour.coreDnsEmptyPortEnv) set('KUMA_DNS_CORE_DNS_EMPTY_PORT', String(dns.port + 1));
      set('KUMA_DNS_ENVOY_DNS_PORT', String(dns.port + 2));
      set('KUMA_DNS_CORE_DNS_BINARY_PATH', 'coredns');
    }
  } else {
    set('KUMA_DNS_ENABLED', 'false');
  }
  const logLevel = pod.string(ANNOTATION.envoyLogLevel);
  if (logLevel !== undefined) set('KUMA_DATAPLANE_RUNTIME_ENVOY_LOG_LEVEL', logLevel);
  const componentLogLevel = pod.string(ANNOTATION.envoyComponentLogLevel);
  if (componentLogLevel !== undefined) set('KUMA_DATAPLANE_RUNTIME_ENVOY_COMPONENT_LOG_LEVEL', componentLogLevel);
  if (injector.unifiedResourceNamingEnabled && behaviour.unifiedResourceNamingEnv) set('KUMA_DATAPLANE_RUNTIME_UNIFIED_RESOURCE_NAMING_ENABLED', 'true');
  if (behaviour.otelPipeEnv) {
    if (injector.otelPipeEnabled) set('HOST_IP', fieldRef('status.hostIP'));
    else set('KUMA_DATAPLANE_RUNTIME_OTEL_PIPE_ENABLED', 'false');
  }
  if (spireEnabled(pod, settings)) set('KUMA_DATAPLANE_RUNTIME_SPIRE_SUPPORTED', 'true');
  // Validates the annotation (its errors are the webhook's); 3.0 no longer reads it (and its value then counts for nothing).
  const virtualProbes = behaviour.virtualProbesRemoved ? 'enabled' : virtualProbesAnnotation(pod, injector.virtualProbesEnabled, behaviour);
  if (behaviour.applicationProbeProxy) {
    set('KUMA_APPLICATION_PROBE_PROXY_PORT', String(applicationProbeProxyPortAnnotation(pod, injector.applicationProbeProxyPort, virtualProbes, behaviour)));
  }
  for (const [name, value] of Object.entries(injector.sidecarContainer.envVars)) set(name, value);
  const extra = pod.string(ANNOTATION.sidecarEnvVars);
  if (extra !== undefined) {
    const parsed = parseEnvVarMap(extra);
    if (!parsed.ok) fail(parsed.error, annotationField(ANNOTATION.sidecarEnvVars), 'INVALID_ANNOTATION');
    else {
      for (const [name, value] of Object.entries(parsed.value)) {
        // Kuma passes names through and the API server rejects the Pod; say so at render time instead.
        if (!ENV_NAME.test(name)) {
          fail(`"${name}" in ${ANNOTATION.sidecarEnvVars} is not a valid environment variable name: use letters, digits, "_", "-" and ".", not starting with a digit`, annotationField(ANNOTATION.sidecarEnvVars), 'INVALID_ANNOTATION');
        }
        set(name, value);
      }
    }
  }
  // Go sorts by byte order of the name.
  return [...env.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
}

function concurrency(pod: AnnotationReader, settings: Settings): number {
  const requested = pod.uint32(ANNOTATION.sidecarConcurrency);
  if (requested !== undefined) return requested;
  const limit = settings.injector.sidecarContainer.resources.limits.cpu;
  // Before 2.14 a zero limit still gives the minimum of 2 worker threads.
  if (isZeroQuantity(limit) && settings.release.behaviour.sidecarZeroCpuLimitOmitted) return 0;
  return Math.max(Math.floor(milliValue(limit) / 1000), 2);
}

/** The port kuma-dp's readiness endpoint listens on, which the sidecar probes and `kuma-dp wait` use. */
export function sidecarProbePort(pod: AnnotationReader, settings: Settings): number {
  // Kuma's factory treats an annotation of 0 as unset and falls back to the configured admin port.
  const adminPort = pod.uint32(ANNOTATION.envoyAdminPort) || settings.adminPort;
  return settings.envoyAdminUnixSocket ? settings.readinessPort : adminPort;
}

const SIDECAR_TMP_MOUNT: JsonObject = { name: 'kuma-sidecar-tmp', mountPath: '/tmp' };

/** The mounts with `/tmp` where the release puts it: first, or (2.7, 2.9) after the factory's own mounts. */
function volumeMounts(pod: AnnotationReader, spec: JsonObject, settings: Settings): JsonObject[] {
  const rest = factoryVolumeMounts(pod, spec, settings);
  return settings.release.behaviour.sidecarTmpMountLast ? [...rest, SIDECAR_TMP_MOUNT] : [SIDECAR_TMP_MOUNT, ...rest];
}

function factoryVolumeMounts(pod: AnnotationReader, spec: JsonObject, settings: Settings): JsonObject[] {
  const mounts: JsonObject[] = [];
  if (settings.configMapMode && settings.release.behaviour.configMapMode === 'mounts') {
    mounts.push({ name: 'transparent-proxy-base', mountPath: TP_CONFIG_BASE_PATH, readOnly: true });
    if (pod.string(ANNOTATION.transparentProxyConfigMapName)) {
      mounts.push({ name: 'transparent-proxy-custom', mountPath: TP_CONFIG_CUSTOM_PATH, readOnly: true });
    }
  }
  const tokenVolume = pod.string(ANNOTATION.serviceAccountTokenVolume);
  if (tokenVolume !== undefined) {
    const volumes = Array.isArray(spec.volumes) ? spec.volumes.filter(isObject) : [];
    if (!volumes.some((v) => v.name === tokenVolume)) {
      fail(
        `volume (${tokenVolume}) specified for ${ANNOTATION.serviceAccountTokenVolume} but volume does not exist in pod spec`,
        annotationField(ANNOTATION.serviceAccountTokenVolume),
        'INVALID_ANNOTATION',
      );
    }
    // Kuma stops here: the SPIRE mount is not added in this case.
    return [...mounts, { name: tokenVolume, mountPath: SERVICE_ACCOUNT_TOKEN_PATH, readOnly: true }];
  }
  if (spireEnabled(pod, settings)) {
    mounts.push({ name: 'kuma-spire-agent-socket', mountPath: settings.injector.spire.mountPath, readOnly: true });
  }
  const containers = Array.isArray(spec.containers) ? spec.containers.filter(isObject) : [];
  for (const container of containers) {
    const found = (Array.isArray(container.volumeMounts) ? container.volumeMounts.filter(isObject) : []).find(
      (m) => m.mountPath === SERVICE_ACCOUNT_TOKEN_PATH,
    );
    if (found) return [...mounts, structuredClone(found)];
  }
  return mounts;
}

/** Builds kuma-sidecar from the pod template's annotations as they were before injection. */
export function buildSidecar(pod: AnnotationReader, spec: JsonObject, settings: Settings, mesh: string): JsonObject {
  const { sidecarContainer } = settings.injector;
  const env = sidecarEnv(pod, settings, mesh);
  const cpus = concurrency(pod, settings);
  const probePort = sidecarProbePort(pod, settings);
  const args = ['run', '--log-level=info'];
  if (cpus > 0) args.push(`--concurrency=${cpus}`);
  if (settings.configMapMode && settings.release.behaviour.configMapMode === 'mounts') {
    args.push(`--transparent-proxy-config=${TP_CONFIG_BASE_PATH}/config.yaml`);
    if (pod.string(ANNOTATION.transparentProxyConfigMapName)) args.push(`--transparent-proxy-config=${TP_CONFIG_CUSTOM_PATH}/config.yaml`);
  }
  const limits: JsonObject = { memory: sidecarContainer.resources.limits.memory, 'ephemeral-storage': '1G' };
  const cpuLimit = sidecarContainer.resources.limits.cpu;
  if (!isZeroQuantity(cpuLimit) || !settings.release.behaviour.sidecarZeroCpuLimitOmitted) limits.cpu = cpuLimit;
  const { readinessProbe: ready, livenessProbe: live, startupProbe: startup } = sidecarContainer;
  const container: JsonObject = {
    name: SIDECAR_NAME,
    image: sidecarContainer.image,
    args,
    env: env as JsonValue,
    resources: {
      limits,
      requests: {
        cpu: sidecarContainer.resources.requests.cpu,
        memory: sidecarContainer.resources.requests.memory,
        'ephemeral-storage': '50M',
      },
    },
    volumeMounts: volumeMounts(pod, spec, settings) as JsonValue,
    livenessProbe: probe(probePort, { ...live, successThreshold: 1 }),
    readinessProbe: probe(probePort, ready),
  };
  if (settings.native) container.startupProbe = probe(probePort, { ...startup, successThreshold: 1 });
  if (pod.boolOr(ANNOTATION.waitForDataplaneReady, sidecarContainer.waitForDataplaneReady)) {
    container.lifecycle = {
      postStart: { exec: { command: ['kuma-dp', 'wait', '--url', `http://localhost:${probePort}/ready`] } },
    };
  }
  container.imagePullPolicy = 'IfNotPresent';
  container.securityContext = {
    runAsUser: sidecarContainer.uid,
    runAsGroup: sidecarContainer.gid,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
  };
  if (settings.release.behaviour.sidecarNoPrivilegeEscalation) (container.securityContext as JsonObject).allowPrivilegeEscalation = false;
  return container;
}
