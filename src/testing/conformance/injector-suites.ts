/**
 * The injector suites, one per Kuma release: each release's case table and harness constants, as its own
 * `pkg/plugins/runtime/k8s/webhooks/injector/injector_test.go` (at the release's tag) sets them up. The fixtures
 * are in testdata/kuma-fixtures/injector/<tag>/ (v2.14.3 at the top level).
 */
import { isObject } from '../../krm/object.ts';
import type { FailCase, Harness, InjectCase, InjectorSuite, Layout } from './injector.ts';
import type { Json } from './bundle.ts';

/** The case numbers 01..n. */
const numbers = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i + 1).padStart(2, '0'));

/** Inject cases: config file per case (default `inject.config.yaml`) and the other knobs per case. */
function injectCases(count: number, configByCase: Readonly<Record<string, string>>, knobs: Readonly<Record<string, Partial<InjectCase>>>): InjectCase[] {
  return numbers(count).map((num) => ({ num, config: configByCase[num] ?? 'inject.config.yaml', ...knobs[num] }));
}

/** ContainerPatch `kuma-system/container-patch-1`, which the tests create (case 28 and shouldfail.1 use it). */
const CONTAINER_PATCH_1: Json = {
  apiVersion: 'kuma.io/v1alpha1',
  kind: 'ContainerPatch',
  metadata: { namespace: 'kuma-system', name: 'container-patch-1' },
  spec: {
    sidecarPatch: [
      { op: 'add', path: '/securityContext/privileged', value: 'false' },
      {
        op: 'add',
        path: '/volumeMounts/-',
        value: '{ "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount/", "name": "{{ template \\"kong.serviceAccountTokenName\\" . }}", "readOnly": true }',
      },
    ],
    initPatch: [{ op: 'remove', path: '/securityContext/runAsUser' }],
  },
};

const HARNESS_2_14: Harness = {
  controlPlaneURL: 'http://kuma-control-plane.kuma-system:5681',
  adminPort: 9901,
  readinessPort: 9902,
  envoyAdminUnixSocket: false,
  systemNamespace: 'kuma-system',
  deltaXds: false,
  kubernetesVersion: '1.31',
  extraItems: [CONTAINER_PATCH_1],
};

/** Every injector key of 2.14's config at its Go zero value. */
const zeroInjectorConfig2_14 = (): Json => ({
  sidecarContainer: {
    uid: 0,
    gid: 0,
    adminPort: 0,
    drainTime: '0s',
    readinessProbe: { initialDelaySeconds: 0, timeoutSeconds: 0, periodSeconds: 0, successThreshold: 0, failureThreshold: 0 },
    livenessProbe: { initialDelaySeconds: 0, timeoutSeconds: 0, periodSeconds: 0, failureThreshold: 0 },
    startupProbe: { initialDelaySeconds: 0, timeoutSeconds: 0, periodSeconds: 0, failureThreshold: 0 },
    envVars: {},
    redirectPortInbound: 0,
    redirectPortOutbound: 0,
    waitForDataplaneReady: false,
  },
  containerPatches: [],
  cniEnabled: false,
  virtualProbesEnabled: false,
  virtualProbesPort: 0,
  applicationProbeProxyPort: 0,
  sidecarTraffic: { excludeInboundPorts: [], excludeOutboundPorts: [], excludeInboundIPs: [], excludeOutboundIPs: [] },
  exceptions: { labels: {} },
  builtinDNS: { enabled: false, port: 0, logging: false, experimentalProxy: false },
  ebpf: { enabled: false, instanceIPEnvVarName: '', bpffsPath: '', cgroupPath: '', tcAttachIface: '', programsSourcePath: '' },
  ignoredServiceSelectorLabels: [],
  nodeLabelsToCopy: [],
  transparentProxyConfigMap: '',
  unifiedResourceNamingEnabled: false,
  otelPipeEnabled: false,
  spire: { enabled: false, mountPath: '', socketFileName: '' },
});

/**
 * Two keys of the 2.14 config files are not fields of 2.14's injector config, and the test's non-strict loader
 * ignores them: `controlPlane.apiServer.url` and `initContainer.enabled`. Our schema is strict: drop them.
 */
function dropUnknownKeys2_14(fromFile: Json): void {
  delete fromFile.controlPlane;
  if (isObject(fromFile.initContainer)) delete fromFile.initContainer.enabled;
}

const goldenByLayout = (num: string, layout: Layout): string =>
  layout === 'native' ? `inject.sidecar-feature.${num}.golden.yaml` : `inject.${num}.golden.yaml`;

const SKIP_2_14: InjectCase[] = [
  { num: '1', config: 'inject.config.yaml' },
  { num: '2', config: 'inject.config.yaml' },
  // The namespace carries `kuma.io/sidecar-injection: enabled` only as an annotation.
  { num: '3', config: 'inject.config.yaml', namespaceLabel: null },
];

const FAIL_2_14: FailCase[] = [
  { num: '1', config: 'inject.config.yaml', expected: /it appears some expected container patches are missing: \["missing-container-patch"\]/ },
  { num: '2', config: 'inject.config.yaml', expected: /containers using same UID as sidecar is unsupported/ },
];

const KNOBS_2_14: Record<string, Partial<InjectCase>> = {
  '04': { mesh: 'demo' },
  '07': { meshHasMetrics: true },
  '08': { meshHasMetrics: true },
  '09': { meshHasMetrics: true },
  '10': { namespaceLabel: 'disabled' },
  '11': { mesh: 'mesh-name-from-ns', namespaceMeshAnnotation: 'mesh-name-from-ns' },
  '12': { mesh: 'mesh-name-from-pod', namespaceMeshAnnotation: 'mesh-name-from-ns' },
};

const CONFIG_BY_CASE_2_14: Record<string, string> = {
  '17': 'inject.config-ports.yaml',
  '18': 'inject.config-ports.yaml',
  '19': 'inject.vp-disabled.config.yaml',
  '20': 'inject.vp-disabled.config.yaml',
  '22': 'inject.env-vars.config.yaml',
  '23': 'inject.builtindns.config.yaml',
  '24': 'inject.builtindns.config.yaml',
  '25': 'inject.high-resources.config.yaml',
  '29': 'inject.builtindns.config.yaml',
  '30': 'inject.ebpf.config.yaml',
  '33': 'inject.config-ipv6-disabled.yaml',
  '34': 'inject.config-cni.yaml',
  '40': 'inject.vp-disabled.config.yaml',
  '41': 'inject.config-cni.yaml',
  '43': 'inject.spire.config.yaml',
};

export const V2_14: InjectorSuite = {
  release: '2.14',
  tag: 'v2.14.3',
  dir: '',
  layouts: ['legacy', 'native'],
  inject: injectCases(43, CONFIG_BY_CASE_2_14, KNOBS_2_14),
  skip: SKIP_2_14,
  fail: FAIL_2_14,
  harness: HARNESS_2_14,
  golden: goldenByLayout,
  zeroInjectorConfig: zeroInjectorConfig2_14,
  adaptConfigFile: dropUnknownKeys2_14,
};

/**
 * 2.11 to 2.13: `inject.New` has no readiness port, Unix socket (both new in 2.14) or, before 2.13,
 * deltaXds argument; the rest is 2.14's (controlPlaneURL, admin port 9901, kuma-system, container-patch-1).
 */
const { readinessPort: _r, envoyAdminUnixSocket: _u, ...HARNESS_BEFORE_2_14 } = HARNESS_2_14;

/** 2.13's injector keys: 2.14's without otelPipeEnabled (init and validation resources are fixed, not keys). */
const zeroInjectorConfig2_13 = (): Json => {
  const { otelPipeEnabled: _o, ...rest } = zeroInjectorConfig2_14();
  return rest;
};

/** 2.11's injector keys: 2.13's without SPIRE and unified resource naming (both new in 2.12). */
const zeroInjectorConfig2_11 = (): Json => {
  const { spire: _s, unifiedResourceNamingEnabled: _n, ...rest } = zeroInjectorConfig2_13();
  return rest;
};

/**
 * v2.13.10 and v2.12.14: the case table, knobs, skip and fail cases and config files are 2.14's (the Entry
 * blocks of injector_test.go are unchanged from v2.12.14 to v2.14.3). Their files have the same two keys that
 * are not Go fields (controlPlane.apiServer.url, initContainer.enabled).
 */
export const V2_13: InjectorSuite = {
  ...V2_14,
  release: '2.13',
  tag: 'v2.13.10',
  dir: 'v2.13.10',
  harness: HARNESS_BEFORE_2_14,
  zeroInjectorConfig: zeroInjectorConfig2_13,
};

export const V2_12: InjectorSuite = { ...V2_13, release: '2.12', tag: 'v2.12.14', dir: 'v2.12.14' };

/** v2.11.18: 2.12's table without case 43 (SPIRE) and its config file. */
const { '43': _spire, ...CONFIG_BY_CASE_2_11 } = CONFIG_BY_CASE_2_14;

export const V2_11: InjectorSuite = {
  ...V2_12,
  release: '2.11',
  tag: 'v2.11.18',
  dir: 'v2.11.18',
  inject: injectCases(42, CONFIG_BY_CASE_2_11, KNOBS_2_14),
  zeroInjectorConfig: zeroInjectorConfig2_11,
};

/** The cases of 2.14's table that an older release's table also has: 2.14's minus those it lacks. */
const configUpTo = (last: number): Record<string, string> =>
  Object.fromEntries(Object.entries(CONFIG_BY_CASE_2_14).filter(([num]) => Number(num) <= last));

/**
 * 2.14's zero config without the keys an older release's injector config does not have. Those keys are left
 * to the release (its switches and defaults), as the Go test's empty struct has no field for them.
 */
function zeroWithout(drop: readonly string[], add: Json = {}): () => Json {
  return () => {
    const zero = zeroInjectorConfig2_14();
    for (const path of drop) {
      const keys = path.split('.');
      let at: unknown = zero;
      for (const key of keys.slice(0, -1)) at = isObject(at) ? at[key] : undefined;
      if (isObject(at)) delete at[keys[keys.length - 1]!];
    }
    return { ...zero, ...add, sidecarContainer: { ...(zero.sidecarContainer as Json), ...(isObject(add.sidecarContainer) ? add.sidecarContainer : {}) } };
  };
}

/** Keys 2.14's injector config has and 2.9's lacks (pkg/config/plugins/runtime/k8s/config.go at 2.9.19). */
const NOT_IN_2_9 = ['builtinDNS.experimentalProxy', 'unifiedResourceNamingEnabled', 'otelPipeEnabled', 'spire'];

/** The pre-2.12 harness: no readiness port, unix socket or delta-xDS argument exists (injector_test.go). */
const HARNESS_BEFORE_2_11: Harness = {
  controlPlaneURL: HARNESS_2_14.controlPlaneURL,
  adminPort: 9901,
  systemNamespace: 'kuma-system',
  kubernetesVersion: '1.31',
  extraItems: [CONTAINER_PATCH_1],
};

/** 2.9.19 (Kuma's tag has no `v`; the fixture folder has): cases 01-41, 2.14's table otherwise. */
export const V2_9: InjectorSuite = {
  release: '2.9',
  tag: '2.9.19',
  dir: 'v2.9.19',
  layouts: ['legacy', 'native'],
  inject: injectCases(41, configUpTo(41), KNOBS_2_14),
  skip: SKIP_2_14,
  fail: FAIL_2_14,
  harness: HARNESS_BEFORE_2_11,
  golden: goldenByLayout,
  zeroInjectorConfig: zeroWithout(NOT_IN_2_9),
  adaptConfigFile: dropUnknownKeys2_14,
};

/** v2.7.29: cases 01-34; its config also lacks the probe proxy, the exclude-IPs lists and the tproxy ConfigMap. */
export const V2_7: InjectorSuite = {
  release: '2.7',
  tag: 'v2.7.29',
  dir: 'v2.7.29',
  layouts: ['legacy', 'native'],
  inject: injectCases(34, configUpTo(34), KNOBS_2_14),
  skip: SKIP_2_14,
  fail: FAIL_2_14,
  harness: HARNESS_BEFORE_2_11,
  golden: goldenByLayout,
  zeroInjectorConfig: zeroWithout(
    [...NOT_IN_2_9, 'applicationProbeProxyPort', 'sidecarTraffic.excludeInboundIPs', 'sidecarTraffic.excludeOutboundIPs', 'transparentProxyConfigMap'],
    { sidecarContainer: { redirectPortInboundV6: 0 } },
  ),
  adaptConfigFile: dropUnknownKeys2_14,
};

// --- Kuma main at 348b6528 (3.0-preview): native only, the ConfigMap created in BeforeAll, renamed config files.

/** The transparent-proxy ConfigMap main's test creates in the system namespace (and forces on every injector). */
const TPROXY_CONFIG_MAP_MAIN: Json = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { namespace: 'kuma-system', name: 'kuma-transparent-proxy-config' },
  data: { 'config.yaml': '\nkumaDPUser: "5678"\nipFamilyMode: dualstack\n' },
};

const HARNESS_MAIN: Harness = { ...HARNESS_2_14, deltaXds: undefined, experimentalSection: false, extraItems: [CONTAINER_PATCH_1, TPROXY_CONFIG_MAP_MAIN] };

/** Main's injector config without the keys it removed (virtual probes, eBPF, DNS logging, unified naming, adminPort). */
function zeroInjectorConfigMain(): Json {
  const zero = zeroInjectorConfig2_14();
  delete (zero.sidecarContainer as Json).adminPort;
  delete zero.virtualProbesEnabled;
  delete zero.virtualProbesPort;
  delete zero.ebpf;
  delete zero.unifiedResourceNamingEnabled;
  zero.builtinDNS = { enabled: false, port: 0 };
  zero.transparentProxyConfigMap = 'kuma-transparent-proxy-config';
  return zero;
}

const KNOBS_MAIN: Record<string, Partial<InjectCase>> = {
  '04': { mesh: 'demo' },
  '07': { meshHasMetrics: true },
  '08': { meshHasMetrics: true },
  '09': { meshHasMetrics: true },
  '10': { namespaceLabel: 'disabled' },
  '11': { mesh: 'mesh-name-from-ns', namespaceMeshLabel: 'mesh-name-from-ns' },
  '12': { mesh: 'mesh-name-from-pod', namespaceMeshLabel: 'mesh-name-from-ns' },
};

const CONFIG_BY_CASE_MAIN: Record<string, string> = {
  '17': 'inject.config-ports.yaml',
  '18': 'inject.config-ports.yaml',
  '19': 'inject.probe-proxy-disabled.config.yaml',
  '20': 'inject.probe-proxy-disabled.config.yaml',
  '22': 'inject.env-vars.config.yaml',
  '23': 'inject.builtin-dns.config.yaml',
  '24': 'inject.builtin-dns.config.yaml',
  '25': 'inject.high-resources.config.yaml',
  '29': 'inject.builtin-dns.config.yaml',
  '33': 'inject.config-ipv6-disabled.yaml',
  '34': 'inject.config-cni.yaml',
  '40': 'inject.probe-proxy-disabled.config.yaml',
  '41': 'inject.config-cni.yaml',
  '43': 'inject.spire.config.yaml',
};

export const MAIN_348B6528: InjectorSuite = {
  release: '3.0-preview',
  tag: 'main-348b6528',
  dir: 'main-348b6528',
  layouts: ['native'],
  // 30 (eBPF) and 42 (delta xDS) are gone from main's table.
  inject: injectCases(43, CONFIG_BY_CASE_MAIN, KNOBS_MAIN).filter((c) => c.num !== '30' && c.num !== '42'),
  skip: SKIP_2_14,
  fail: FAIL_2_14,
  harness: HARNESS_MAIN,
  // Main has one golden per case, the native one, under the old legacy name.
  golden: (num) => `inject.${num}.golden.yaml`,
  zeroInjectorConfig: zeroInjectorConfigMain,
  adaptConfigFile: dropUnknownKeys2_14,
};

/** Every release's suite, oldest first. */
export const INJECTOR_SUITES: readonly InjectorSuite[] = [V2_7, V2_9, V2_11, V2_12, V2_13, V2_14, MAIN_348B6528];

