/**
 * The kuma-sidecar container (spec §4, §4.1). Expected containers are written out from the spec's tables with
 * the Helm defaults of §12.1 (UDS admin on → probe port 9902, no CPU limit, OTel pipe on, DNS proxy mode).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { failure, settingsWith } from '../testing/fixtures.ts';
import type { JsonObject } from '../krm/object.ts';
import { loadSettings, type Settings } from '../settings.ts';
import { yaml } from '../testing/yaml.ts';
import { readAnnotations } from './annotation-reader.ts';
import { InjectionFailure } from './failure.ts';
import { buildSidecar, sidecarProbePort } from './sidecar.ts';
import { TEST_CA } from '../testing/test-ca.ts';

const withInjector = (injector: JsonObject, rest: JsonObject = {}): Settings =>
  settingsWith({ ...rest, controlPlane: { ...((rest.controlPlane as JsonObject) ?? {}), runtime: { kubernetes: { injector } } } });
const withParams = (params: JsonObject): Settings => settingsWith({ controlPlane: { bootstrapServer: { params } } });

const defaults = settingsWith();
const POD_SPEC: JsonObject = { containers: [{ name: 'app', image: 'nginx' }] };

const build = (annotations: Record<string, string> = {}, settings = defaults, spec: JsonObject = POD_SPEC, mesh = 'default'): JsonObject =>
  buildSidecar(readAnnotations(annotations), spec, settings, mesh);


const envOf = (container: JsonObject): JsonObject[] => container.env as JsonObject[];
const envNames = (container: JsonObject): string[] => envOf(container).map((e) => String(e.name));
const envValue = (container: JsonObject, name: string): unknown => envOf(container).find((e) => e.name === name)?.value;
const hasEnv = (container: JsonObject, name: string): boolean => envNames(container).includes(name);

// ---------------------------------------------------------------------------------------------------------
const shape = suite('buildSidecar: the whole container');

shape('with Helm defaults matches §4 and the §12.2 production example', () => {
  const expected = yaml`
    name: kuma-sidecar
    image: docker.io/kumahq/kuma-dp:2.14.3
    imagePullPolicy: IfNotPresent
    args: [run, --log-level=info]
    env:
    - name: HOST_IP
      valueFrom: {fieldRef: {apiVersion: v1, fieldPath: status.hostIP}}
    - name: INSTANCE_IP
      valueFrom: {fieldRef: {apiVersion: v1, fieldPath: status.podIP}}
    - {name: KUMA_APPLICATION_PROBE_PROXY_PORT, value: "9001"}
    - {name: KUMA_CONTROL_PLANE_CA_CERT}
    - {name: KUMA_CONTROL_PLANE_URL, value: "https://kuma-control-plane.kuma-system:5678"}
    - {name: KUMA_DATAPLANE_DRAIN_TIME, value: 30s}
    - {name: KUMA_DATAPLANE_MESH, value: default}
    - {name: KUMA_DATAPLANE_RUNTIME_TOKEN_PATH, value: /var/run/secrets/kubernetes.io/serviceaccount/token}
    - {name: KUMA_DNS_ENABLED, value: "true"}
    - {name: KUMA_DNS_ENABLE_LOGGING, value: "false"}
    - {name: KUMA_DNS_PROXY_PORT, value: "15053"}
    - name: POD_NAME
      valueFrom: {fieldRef: {apiVersion: v1, fieldPath: metadata.name}}
    - name: POD_NAMESPACE
      valueFrom: {fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}}
    resources:
      requests: {cpu: 50m, memory: 64Mi, ephemeral-storage: 50M}
      limits: {memory: 512Mi, ephemeral-storage: 1G}
    volumeMounts:
    - {name: kuma-sidecar-tmp, mountPath: /tmp}
    livenessProbe:
      httpGet: {path: /ready, port: 9902}
      initialDelaySeconds: 60
      timeoutSeconds: 3
      periodSeconds: 5
      failureThreshold: 12
      successThreshold: 1
    readinessProbe:
      httpGet: {path: /ready, port: 9902}
      initialDelaySeconds: 1
      timeoutSeconds: 3
      periodSeconds: 5
      successThreshold: 1
      failureThreshold: 12
    startupProbe:
      httpGet: {path: /ready, port: 9902}
      initialDelaySeconds: 1
      timeoutSeconds: 3
      periodSeconds: 5
      failureThreshold: 12
      successThreshold: 1
    securityContext:
      runAsUser: 5678
      runAsGroup: 5678
      capabilities: {drop: [ALL]}
      readOnlyRootFilesystem: true
      allowPrivilegeEscalation: false
  `;
  assert.equal(build(), expected);
});

shape('leaves placement fields to the caller: no restartPolicy, no lifecycle, no command', () => {
  const sidecar = build();
  assert.is(sidecar.restartPolicy, undefined);
  assert.is(sidecar.lifecycle, undefined);
  assert.is(sidecar.command, undefined);
});

shape('has no startupProbe without native sidecars', () => {
  assert.is(build({}, settingsWith({ controlPlane: { experimental: { sidecarContainers: false } } })).startupProbe, undefined);
  assert.is(build({}, settingsWith({ kubernetesVersion: '1.28' })).startupProbe, undefined);
});

shape('takes image, UID and GID from the config', () => {
  const sidecar = build({}, withInjector({ sidecarContainer: { image: 'kuma/kuma-sidecar:latest', uid: 1000, gid: 2000 } }));
  assert.is(sidecar.image, 'kuma/kuma-sidecar:latest');
  assert.equal((sidecar.securityContext as JsonObject).runAsUser, 1000);
  assert.equal((sidecar.securityContext as JsonObject).runAsGroup, 2000);
});

// ---------------------------------------------------------------------------------------------------------
const probes = suite('buildSidecar: probes');

probes('omits zero timing fields like Go (omitempty), keeping the fixed successThreshold 1', () => {
  const zero = { initialDelaySeconds: 0, timeoutSeconds: 0, periodSeconds: 0, failureThreshold: 0 };
  const sidecar = build(
    {},
    withInjector({ sidecarContainer: { readinessProbe: { ...zero, successThreshold: 0 }, livenessProbe: zero, startupProbe: zero } }),
  );
  assert.equal(sidecar.readinessProbe, { httpGet: { path: '/ready', port: 9902 } });
  assert.equal(sidecar.livenessProbe, { httpGet: { path: '/ready', port: 9902 }, successThreshold: 1 });
  assert.equal(sidecar.startupProbe, { httpGet: { path: '/ready', port: 9902 }, successThreshold: 1 });
});

probes('readiness takes all five fields from config; liveness ignores a configured success threshold', () => {
  const sidecar = build(
    {},
    withInjector({
      sidecarContainer: {
        readinessProbe: { initialDelaySeconds: 11, timeoutSeconds: 13, periodSeconds: 15, successThreshold: 11, failureThreshold: 112 },
        livenessProbe: { initialDelaySeconds: 260, timeoutSeconds: 23, periodSeconds: 25, failureThreshold: 212 },
      },
    }),
  );
  assert.equal(sidecar.readinessProbe, {
    httpGet: { path: '/ready', port: 9902 },
    initialDelaySeconds: 11,
    timeoutSeconds: 13,
    periodSeconds: 15,
    successThreshold: 11,
    failureThreshold: 112,
  });
  assert.equal(sidecar.livenessProbe, {
    httpGet: { path: '/ready', port: 9902 },
    initialDelaySeconds: 260,
    timeoutSeconds: 23,
    periodSeconds: 25,
    successThreshold: 1,
    failureThreshold: 212,
  });
});

interface PortCase {
  name: string;
  annotations: Record<string, string>;
  settings: Settings;
  expected: number;
}

const portCases: PortCase[] = [
  { name: 'is the readiness port when the admin API is on a Unix socket (2.14 default)', annotations: {}, settings: defaults, expected: 9902 },
  {
    name: 'ignores kuma.io/envoy-admin-port when the admin API is on a Unix socket',
    annotations: { 'kuma.io/envoy-admin-port': '9555' },
    settings: defaults,
    expected: 9902,
  },
  { name: 'follows a configured readiness port', annotations: {}, settings: withParams({ readinessPort: 9999 }), expected: 9999 },
  { name: 'is the admin port when the admin API is on TCP', annotations: {}, settings: withParams({ envoyAdminUnixSocket: false }), expected: 9901 },
  {
    name: 'is kuma.io/envoy-admin-port when the admin API is on TCP',
    annotations: { 'kuma.io/envoy-admin-port': '9555' },
    settings: withParams({ envoyAdminUnixSocket: false }),
    expected: 9555,
  },
  {
    name: 'is the configured admin port when the admin API is on TCP',
    annotations: {},
    settings: withParams({ envoyAdminUnixSocket: false, adminPort: 9911 }),
    expected: 9911,
  },
];

// Kuma's factory (NewContainer) treats an envoy-admin-port of 0 as unset and uses the configured admin port.
portCases.push({ name: 'treats an envoy-admin-port of 0 as unset, as Kuma does', annotations: { 'kuma.io/envoy-admin-port': '0' }, settings: withParams({ envoyAdminUnixSocket: false }), expected: 9901 });

for (const c of portCases) {
  probes(`sidecarProbePort ${c.name}`, () => {
    assert.is(sidecarProbePort(readAnnotations(c.annotations), c.settings), c.expected);
    const sidecar = build(c.annotations, c.settings);
    assert.equal((sidecar.readinessProbe as JsonObject).httpGet, { path: '/ready', port: c.expected });
    assert.equal((sidecar.livenessProbe as JsonObject).httpGet, { path: '/ready', port: c.expected });
  });
}

probes('wait-for-dataplane-ready adds a postStart `kuma-dp wait` on the probe port', () => {
  const sidecar = build({ 'kuma.io/wait-for-dataplane-ready': 'true' });
  assert.equal(sidecar.lifecycle, { postStart: { exec: { command: ['kuma-dp', 'wait', '--url', 'http://localhost:9902/ready'] } } });
  const tcp = build({ 'kuma.io/wait-for-dataplane-ready': 'enabled' }, withParams({ envoyAdminUnixSocket: false }));
  assert.equal(tcp.lifecycle, { postStart: { exec: { command: ['kuma-dp', 'wait', '--url', 'http://localhost:9901/ready'] } } });
});

probes('the pod annotation turns off a configured wait-for-dataplane-ready', () => {
  const settings = withInjector({ sidecarContainer: { waitForDataplaneReady: true } });
  assert.ok(build({}, settings).lifecycle);
  assert.is(build({ 'kuma.io/wait-for-dataplane-ready': 'false' }, settings).lifecycle, undefined);
});

// ---------------------------------------------------------------------------------------------------------
const concurrency = suite('buildSidecar: concurrency and resources');

interface ConcurrencyCase {
  name: string;
  cpuLimit?: string;
  annotation?: string;
  expected: string[];
}

const concurrencyCases: ConcurrencyCase[] = [
  { name: 'omits --concurrency without a CPU limit (2.14 default "0")', expected: ['run', '--log-level=info'] },
  { name: 'uses at least 2 for a limit of 1100m (fixture 01)', cpuLimit: '1100m', expected: ['run', '--log-level=info', '--concurrency=2'] },
  { name: 'uses at least 2 for a limit of 1000m (the 2.13 default)', cpuLimit: '1000m', expected: ['run', '--log-level=info', '--concurrency=2'] },
  { name: 'uses at least 2 for a limit below one CPU', cpuLimit: '500m', expected: ['run', '--log-level=info', '--concurrency=2'] },
  { name: 'floors 8500m to 8 (fixture 25)', cpuLimit: '8500m', expected: ['run', '--log-level=info', '--concurrency=8'] },
  { name: 'floors a whole-CPU limit of 3 to 3', cpuLimit: '3', expected: ['run', '--log-level=info', '--concurrency=3'] },
  { name: 'takes the annotation (fixture 24)', annotation: '99', expected: ['run', '--log-level=info', '--concurrency=99'] },
  { name: 'takes the annotation over the limit', cpuLimit: '8500m', annotation: '4', expected: ['run', '--log-level=info', '--concurrency=4'] },
  { name: 'an annotation of 0 omits the flag despite a limit', cpuLimit: '8500m', annotation: '0', expected: ['run', '--log-level=info'] },
  { name: 'the annotation is not raised to 2', annotation: '1', expected: ['run', '--log-level=info', '--concurrency=1'] },
];

for (const c of concurrencyCases) {
  concurrency(c.name, () => {
    const settings = c.cpuLimit === undefined ? defaults : withInjector({ sidecarContainer: { resources: { limits: { cpu: c.cpuLimit } } } });
    const annotations: Record<string, string> = c.annotation === undefined ? {} : { 'kuma.io/sidecar-proxy-concurrency': c.annotation };
    assert.equal(build(annotations, settings).args, c.expected);
  });
}

concurrency('an unparsable concurrency annotation fails on that annotation', () => {
  const e = failure(() => build({ 'kuma.io/sidecar-proxy-concurrency': 'two' }));
  assert.is(e.message, 'failed to parse annotation "kuma.io/sidecar-proxy-concurrency": strconv.ParseUint: parsing "two": invalid syntax');
  assert.is(e.field, 'metadata.annotations[kuma.io/sidecar-proxy-concurrency]');
});

concurrency('emits a non-zero CPU limit in canonical form', () => {
  const limits = (cpu: string) =>
    (build({}, withInjector({ sidecarContainer: { resources: { limits: { cpu } } } })).resources as JsonObject).limits;
  assert.equal(limits('1100m'), { cpu: '1100m', memory: '512Mi', 'ephemeral-storage': '1G' });
  assert.equal(limits('1000m'), { cpu: '1', memory: '512Mi', 'ephemeral-storage': '1G' });
});

concurrency('takes requests and the memory limit from config, with fixed ephemeral storage', () => {
  const settings = withInjector({ sidecarContainer: { resources: { requests: { cpu: '150m', memory: '164Mi' }, limits: { memory: '1024Mi' } } } });
  assert.equal(build({}, settings).resources, {
    requests: { cpu: '150m', memory: '164Mi', 'ephemeral-storage': '50M' },
    limits: { memory: '1Gi', 'ephemeral-storage': '1G' },
  });
});

// ---------------------------------------------------------------------------------------------------------
const env = suite('buildSidecar: environment');

env('sorts names by byte order (uppercase, then `_`, then lowercase), not by locale', () => {
  const sidecar = build({}, withInjector({ sidecarContainer: { envVars: { zeta: '1', ZETA: '2', _X: '3', aa: '4' } } }));
  const names = envNames(sidecar);
  assert.equal(names.slice(-5), ['POD_NAMESPACE', 'ZETA', '_X', 'aa', 'zeta']);
});

env('KUMA_DNS_ENABLED sorts before KUMA_DNS_ENABLE_LOGGING (D < _)', () => {
  const names = envNames(build());
  assert.ok(names.indexOf('KUMA_DNS_ENABLED') < names.indexOf('KUMA_DNS_ENABLE_LOGGING'));
});

env('sets the mesh, drain time, CA and control-plane URL', () => {
  const settings = settingsWith({ caCert: TEST_CA, controlPlaneURL: 'https://cp.example:5678' });
  const sidecar = build({ 'kuma.io/sidecar-drain-time': '10s' }, settings, POD_SPEC, 'demo');
  assert.is(envValue(sidecar, 'KUMA_DATAPLANE_MESH'), 'demo');
  assert.is(envValue(sidecar, 'KUMA_DATAPLANE_DRAIN_TIME'), '10s');
  assert.is(envValue(sidecar, 'KUMA_CONTROL_PLANE_CA_CERT'), TEST_CA);
  assert.is(envValue(sidecar, 'KUMA_CONTROL_PLANE_URL'), 'https://cp.example:5678');
});

const drainCases: Array<{ name: string; annotation?: string; config?: string; expected: string }> = [
  { name: 'renders a minute as Go does (1m0s)', annotation: '1m', expected: '1m0s' },
  { name: 'renders sub-second durations in ms', annotation: '500ms', expected: '500ms' },
  { name: 'renders 90s as 1m30s', annotation: '90s', expected: '1m30s' },
  { name: 'takes the config drain time without the annotation', config: '1h', expected: '1h0m0s' },
  { name: 'the annotation beats the config drain time', config: '1h', annotation: '5s', expected: '5s' },
];
for (const c of drainCases) {
  env(`drain time ${c.name}`, () => {
    const settings = c.config === undefined ? defaults : withInjector({ sidecarContainer: { drainTime: c.config } });
    const annotations: Record<string, string> = c.annotation === undefined ? {} : { 'kuma.io/sidecar-drain-time': c.annotation };
    assert.is(envValue(build(annotations, settings), 'KUMA_DATAPLANE_DRAIN_TIME'), c.expected);
  });
}

env('an invalid drain time fails on the annotation', () => {
  const e = failure(() => build({ 'kuma.io/sidecar-drain-time': 'soon' }));
  assert.is(e.message, 'time: invalid duration "soon"');
  assert.is(e.field, 'metadata.annotations[kuma.io/sidecar-drain-time]');
});

env('DNS off: only KUMA_DNS_ENABLED=false', () => {
  const sidecar = build({}, withInjector({ builtinDNS: { enabled: false } }));
  assert.is(envValue(sidecar, 'KUMA_DNS_ENABLED'), 'false');
  assert.not.ok(envNames(sidecar).some((n) => n.startsWith('KUMA_DNS_') && n !== 'KUMA_DNS_ENABLED'));
});

env('CoreDNS mode (experimentalProxy false): CoreDNS port, Envoy port + 2 and binary, no proxy port', () => {
  const sidecar = build({}, withInjector({ builtinDNS: { enabled: true, port: 25053, experimentalProxy: false, logging: true } }));
  assert.is(envValue(sidecar, 'KUMA_DNS_CORE_DNS_PORT'), '25053');
  assert.is(envValue(sidecar, 'KUMA_DNS_ENVOY_DNS_PORT'), '25055');
  assert.is(envValue(sidecar, 'KUMA_DNS_CORE_DNS_BINARY_PATH'), 'coredns');
  assert.is(envValue(sidecar, 'KUMA_DNS_ENABLE_LOGGING'), 'true');
  assert.not.ok(hasEnv(sidecar, 'KUMA_DNS_PROXY_PORT'));
});

env('the kuma.io/builtin-dns annotation does not change the DNS env', () => {
  assert.is(envValue(build({ 'kuma.io/builtin-dns': 'disabled' }), 'KUMA_DNS_ENABLED'), 'true');
});

env('xDS transport variant: DELTA_GRPC from config, the annotation overrides or sets it alone', () => {
  const KEY = 'KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT';
  const delta = settingsWith({ controlPlane: { experimental: { deltaXds: true } } });
  assert.not.ok(hasEnv(build(), KEY));
  assert.is(envValue(build({}, delta), KEY), 'DELTA_GRPC');
  assert.is(envValue(build({ 'kuma.io/xds-transport-protocol-variant': 'GRPC' }, delta), KEY), 'GRPC');
  assert.is(envValue(build({ 'kuma.io/xds-transport-protocol-variant': 'DELTA_GRPC' }), KEY), 'DELTA_GRPC');
});

env('envoy log levels come from their annotations only', () => {
  const sidecar = build({ 'kuma.io/envoy-log-level': 'debug', 'kuma.io/envoy-component-log-level': 'upstream:debug' });
  assert.is(envValue(sidecar, 'KUMA_DATAPLANE_RUNTIME_ENVOY_LOG_LEVEL'), 'debug');
  assert.is(envValue(sidecar, 'KUMA_DATAPLANE_RUNTIME_ENVOY_COMPONENT_LOG_LEVEL'), 'upstream:debug');
  assert.not.ok(hasEnv(build(), 'KUMA_DATAPLANE_RUNTIME_ENVOY_LOG_LEVEL'));
});

env('unified resource naming adds its flag', () => {
  assert.is(envValue(build({}, withInjector({ unifiedResourceNamingEnabled: true })), 'KUMA_DATAPLANE_RUNTIME_UNIFIED_RESOURCE_NAMING_ENABLED'), 'true');
  assert.not.ok(hasEnv(build(), 'KUMA_DATAPLANE_RUNTIME_UNIFIED_RESOURCE_NAMING_ENABLED'));
});

env('OTel pipe off: KUMA_DATAPLANE_RUNTIME_OTEL_PIPE_ENABLED=false instead of HOST_IP', () => {
  const sidecar = build({}, withInjector({ otelPipeEnabled: false }));
  assert.is(envValue(sidecar, 'KUMA_DATAPLANE_RUNTIME_OTEL_PIPE_ENABLED'), 'false');
  assert.not.ok(hasEnv(sidecar, 'HOST_IP'));
});

interface ProbeProxyEnvCase {
  name: string;
  annotations: Record<string, string>;
  expected?: string;
  error?: string;
}

const probeProxyEnvCases: ProbeProxyEnvCase[] = [
  { name: 'is the config port by default', annotations: {}, expected: '9001' },
  { name: 'is the pod annotation when set', annotations: { 'kuma.io/application-probe-proxy-port': '19000' }, expected: '19000' },
  { name: 'is 0 for a gateway', annotations: { 'kuma.io/gateway': 'enabled' }, expected: '0' },
  { name: 'is 0 when the gateway key is present even as `disabled` (legacy rule)', annotations: { 'kuma.io/gateway': 'disabled' }, expected: '0' },
  { name: 'is 0 for a gateway that sets the port to 0', annotations: { 'kuma.io/gateway': 'enabled', 'kuma.io/application-probe-proxy-port': '0' }, expected: '0' },
  {
    name: 'fails for a gateway that sets a positive port',
    annotations: { 'kuma.io/gateway': 'enabled', 'kuma.io/application-probe-proxy-port': '9000' },
    error: "application probe proxies probes can't be enabled in gateway mode",
  },
];

for (const c of probeProxyEnvCases) {
  env(`KUMA_APPLICATION_PROBE_PROXY_PORT ${c.name}`, () => {
    if (c.error) {
      const e = failure(() => build(c.annotations));
      assert.is(e.message, c.error);
      assert.is(e.field, 'metadata.annotations[kuma.io/application-probe-proxy-port]');
    } else {
      assert.is(envValue(build(c.annotations), 'KUMA_APPLICATION_PROBE_PROXY_PORT'), c.expected);
    }
  });
}

env('config envVars override built-in values and add new ones (fixture 22)', () => {
  const settings = withInjector({ sidecarContainer: { envVars: { KUMA_DATAPLANE_RUNTIME_TOKEN_PATH: '/tmp/token', TEST_ENV_VAR: 'x' } } });
  const sidecar = build({}, settings);
  assert.is(envValue(sidecar, 'KUMA_DATAPLANE_RUNTIME_TOKEN_PATH'), '/tmp/token');
  assert.is(envValue(sidecar, 'TEST_ENV_VAR'), 'x');
});

env('kuma.io/sidecar-env-vars overrides config envVars and built-ins (fixture 22)', () => {
  const settings = withInjector({ sidecarContainer: { envVars: { TEST_ENV_VAR: 'from-config' } } });
  const sidecar = build({ 'kuma.io/sidecar-env-vars': 'KUMA_DATAPLANE_DRAIN_TIME=5s;NEW_ENV_VAR=y;TEST_ENV_VAR=from-pod' }, settings);
  assert.is(envValue(sidecar, 'KUMA_DATAPLANE_DRAIN_TIME'), '5s');
  assert.is(envValue(sidecar, 'NEW_ENV_VAR'), 'y');
  assert.is(envValue(sidecar, 'TEST_ENV_VAR'), 'from-pod');
  const names = envNames(sidecar);
  assert.equal(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  assert.is(new Set(names).size, names.length);
});

env('an override of a fieldRef variable becomes a plain value', () => {
  const sidecar = build({ 'kuma.io/sidecar-env-vars': 'POD_NAME=fixed' });
  assert.equal(
    envOf(sidecar).find((e) => e.name === 'POD_NAME'),
    { name: 'POD_NAME', value: 'fixed' },
  );
});

const badEnvVars = ['A=1;', 'A=1=2', 'A', ''];
for (const value of badEnvVars) {
  env(`rejects kuma.io/sidecar-env-vars ${JSON.stringify(value)}`, () => {
    const e = failure(() => build({ 'kuma.io/sidecar-env-vars': value }));
    assert.is(e.message, 'invalid format. Map in "kuma.io/sidecar-env-vars" has to be provided in the following format: key1=value1;key2=value2');
    assert.is(e.field, 'metadata.annotations[kuma.io/sidecar-env-vars]');
  });
}

// ---------------------------------------------------------------------------------------------------------
const mounts = suite('buildSidecar: volume mounts');

const SA = '/var/run/secrets/kubernetes.io/serviceaccount';

mounts('copies the first service-account token mount of a regular container verbatim', () => {
  const spec = yaml`
    containers:
    - name: a
      volumeMounts: [{name: data, mountPath: /data}]
    - name: b
      volumeMounts:
      - {name: kube-api-access-x, mountPath: ${SA}, readOnly: true, subPath: sub}
    - name: c
      volumeMounts:
      - {name: other-token, mountPath: ${SA}}
  `;
  assert.equal(build({}, defaults, spec).volumeMounts, [
    { name: 'kuma-sidecar-tmp', mountPath: '/tmp' },
    { name: 'kube-api-access-x', mountPath: SA, readOnly: true, subPath: 'sub' },
  ]);
});

mounts('matches the mount path exactly (a trailing slash is another path)', () => {
  const spec = { containers: [{ name: 'a', volumeMounts: [{ name: 't', mountPath: `${SA}/` }] }] };
  assert.equal(build({}, defaults, spec).volumeMounts, [{ name: 'kuma-sidecar-tmp', mountPath: '/tmp' }]);
});

mounts("ignores init containers' token mounts (fixture 35)", () => {
  const spec = { initContainers: [{ name: 'i', volumeMounts: [{ name: 't', mountPath: SA }] }], containers: [{ name: 'a' }] };
  assert.equal(build({}, defaults, spec).volumeMounts, [{ name: 'kuma-sidecar-tmp', mountPath: '/tmp' }]);
});

mounts('kuma.io/service-account-token-volume mounts that volume read-only instead of the copy (fixture 26)', () => {
  const spec = {
    volumes: [{ name: 'token', projected: { sources: [] } }],
    containers: [{ name: 'a', volumeMounts: [{ name: 'kube-api-access', mountPath: SA }] }],
  };
  assert.equal(build({ 'kuma.io/service-account-token-volume': 'token' }, defaults, spec).volumeMounts, [
    { name: 'kuma-sidecar-tmp', mountPath: '/tmp' },
    { name: 'token', mountPath: SA, readOnly: true },
  ]);
});

mounts('keeps the SPIRE mount out when a token volume is named (quirk)', () => {
  const spec = { volumes: [{ name: 'token', secret: { secretName: 't' } }], containers: [{ name: 'a' }] };
  const sidecar = build({ 'kuma.io/service-account-token-volume': 'token', 'k8s.kuma.io/spire-support': 'true' }, defaults, spec);
  assert.equal(sidecar.volumeMounts, [
    { name: 'kuma-sidecar-tmp', mountPath: '/tmp' },
    { name: 'token', mountPath: SA, readOnly: true },
  ]);
  assert.is(envValue(sidecar, 'KUMA_DATAPLANE_RUNTIME_SPIRE_SUPPORTED'), 'true');
});

mounts('a token volume missing from spec.volumes is an error', () => {
  const e = failure(() => build({ 'kuma.io/service-account-token-volume': 'token' }, defaults, { containers: [{ name: 'a' }], volumes: [{ name: 'other' }] }));
  assert.is(e.message, 'volume (token) specified for kuma.io/service-account-token-volume but volume does not exist in pod spec');
  assert.is(e.field, 'metadata.annotations[kuma.io/service-account-token-volume]');
});

mounts('SPIRE (annotation) mounts the agent socket before the token copy and sets the env', () => {
  const spec = { containers: [{ name: 'a', volumeMounts: [{ name: 'kube-api-access', mountPath: SA, readOnly: true }] }] };
  const sidecar = build({ 'k8s.kuma.io/spire-support': 'true' }, defaults, spec);
  assert.equal(sidecar.volumeMounts, [
    { name: 'kuma-sidecar-tmp', mountPath: '/tmp' },
    { name: 'kuma-spire-agent-socket', mountPath: '/run/spire/sockets', readOnly: true },
    { name: 'kube-api-access', mountPath: SA, readOnly: true },
  ]);
  assert.is(envValue(sidecar, 'KUMA_DATAPLANE_RUNTIME_SPIRE_SUPPORTED'), 'true');
});

mounts('SPIRE from config uses the configured mount path; the annotation can turn it off', () => {
  const settings = withInjector({ spire: { enabled: true, mountPath: '/spire' } });
  assert.equal(build({}, settings).volumeMounts, [
    { name: 'kuma-sidecar-tmp', mountPath: '/tmp' },
    { name: 'kuma-spire-agent-socket', mountPath: '/spire', readOnly: true },
  ]);
  const off = build({ 'k8s.kuma.io/spire-support': 'false' }, settings);
  assert.equal(off.volumeMounts, [{ name: 'kuma-sidecar-tmp', mountPath: '/tmp' }]);
  assert.not.ok(hasEnv(off, 'KUMA_DATAPLANE_RUNTIME_SPIRE_SUPPORTED'));
});

mounts('ConfigMap mode mounts the base (and custom) config and passes them to kuma-dp', () => {
  const settings = withInjector({ transparentProxyConfigMap: 'kuma-transparent-proxy-config', sidecarContainer: { resources: { limits: { cpu: '2' } } } });
  const spec = { containers: [{ name: 'a', volumeMounts: [{ name: 'kube-api-access', mountPath: SA }] }] };
  const base = build({}, settings, spec);
  assert.equal(base.args, ['run', '--log-level=info', '--concurrency=2', '--transparent-proxy-config=/tmp/transparent-proxy/base/config.yaml']);
  assert.equal(base.volumeMounts, [
    { name: 'kuma-sidecar-tmp', mountPath: '/tmp' },
    { name: 'transparent-proxy-base', mountPath: '/tmp/transparent-proxy/base', readOnly: true },
    { name: 'kube-api-access', mountPath: SA },
  ]);
  const custom = build({ 'traffic.kuma.io/transparent-proxy-configmap-name': 'mine' }, settings, spec);
  assert.equal(custom.args, [
    'run',
    '--log-level=info',
    '--concurrency=2',
    '--transparent-proxy-config=/tmp/transparent-proxy/base/config.yaml',
    '--transparent-proxy-config=/tmp/transparent-proxy/custom/config.yaml',
  ]);
  assert.equal((custom.volumeMounts as JsonObject[])[2], { name: 'transparent-proxy-custom', mountPath: '/tmp/transparent-proxy/custom', readOnly: true });
});

mounts('legacy mode ignores the custom ConfigMap annotation', () => {
  const sidecar = build({ 'traffic.kuma.io/transparent-proxy-configmap-name': 'mine' });
  assert.equal(sidecar.args, ['run', '--log-level=info']);
  assert.equal(sidecar.volumeMounts, [{ name: 'kuma-sidecar-tmp', mountPath: '/tmp' }]);
});

shape.run();
probes.run();
concurrency.run();
env.run();
mounts.run();

// ---------------------------------------------------------------------------------------------------------
const old = suite('buildSidecar: Kuma 2.9 and 2.7');
const at29 = settingsWith({ kumaVersion: '2.9' });
const at27 = settingsWith({ kumaVersion: '2.7' });
const envByName = (c: JsonObject): Record<string, unknown> =>
  Object.fromEntries((c.env as JsonObject[]).map((e) => [String(e.name), e.value ?? e.valueFrom]));
const TOKEN_SPEC: JsonObject = { containers: [{ name: 'app', volumeMounts: [{ name: 'token', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] }] };

old('2.9 ignores the xDS-variant annotation (xdsTransportVariantEnv `none`); 2.11 takes it', () => {
  const annotations = { 'kuma.io/xds-transport-protocol-variant': 'DELTA_GRPC' };
  assert.is(envByName(build(annotations, at29)).KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT, undefined);
  assert.is(envByName(build(annotations, settingsWith({ kumaVersion: '2.11' }))).KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT, 'DELTA_GRPC');
});

old('2.9 and 2.7 always run CoreDNS (dnsEnv `coreDns`); only 2.7 adds its empty port (coreDnsEmptyPortEnv)', () => {
  const e29 = envByName(build({}, at29));
  assert.is(e29.KUMA_DNS_PROXY_PORT, undefined);
  assert.is(e29.KUMA_DNS_CORE_DNS_PORT, '15053');
  assert.is(e29.KUMA_DNS_CORE_DNS_EMPTY_PORT, undefined);
  const e27 = envByName(build({}, at27));
  assert.is(e27.KUMA_DNS_CORE_DNS_EMPTY_PORT, '15054');
  assert.is(e27.KUMA_DNS_ENVOY_DNS_PORT, '15055');
  assert.is(envByName(build({}, settingsWith({ kumaVersion: '2.11' }))).KUMA_DNS_PROXY_PORT, '15053');
});

old('2.7 has no probe proxy env, even with the pod annotation (applicationProbeProxy)', () => {
  assert.is(envByName(build({ 'kuma.io/application-probe-proxy-port': '9005' }, at27)).KUMA_APPLICATION_PROBE_PROXY_PORT, undefined);
  assert.is(envByName(build({}, at29)).KUMA_APPLICATION_PROBE_PROXY_PORT, '9001');
});

old('2.9 puts /tmp after the token mount and sets no allowPrivilegeEscalation', () => {
  const c = build({}, at29, TOKEN_SPEC);
  assert.equal((c.volumeMounts as JsonObject[]).map((m) => m.mountPath), ['/var/run/secrets/kubernetes.io/serviceaccount', '/tmp']);
  assert.is((c.securityContext as JsonObject).allowPrivilegeEscalation, undefined);
  assert.is((c.securityContext as JsonObject).readOnlyRootFilesystem, true);
  const c211 = build({}, settingsWith({ kumaVersion: '2.11' }), TOKEN_SPEC);
  assert.equal((c211.volumeMounts as JsonObject[]).map((m) => m.mountPath), ['/tmp', '/var/run/secrets/kubernetes.io/serviceaccount']);
});

old('2.9 and 2.7 defaults: CPU limit 1000m and --concurrency=2, admin-port probes', () => {
  for (const s of [at29, at27]) {
    const c = build({}, s);
    assert.ok((c.args as string[]).includes('--concurrency=2'));
    assert.is(((c.resources as JsonObject).limits as JsonObject).cpu, '1');
    assert.is(((c.readinessProbe as JsonObject).httpGet as JsonObject).port, 9901);
  }
});

old.run();
