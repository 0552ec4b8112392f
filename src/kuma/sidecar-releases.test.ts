/**
 * The release switches of kuma-sidecar, kuma-init and kuma-validation that no fixture exercises (BEHAVIOUR, behaviour.ts):
 * each case shows the 2.14 value beside the older release's.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { settingsWith } from '../testing/fixtures.ts';
import type { JsonObject } from '../krm/object.ts';
import type { Settings } from '../settings.ts';
import { readAnnotations } from './annotation-reader.ts';
import { buildInitContainer, buildValidationContainer } from './init-container.ts';
import { injectPodTemplate } from './inject-pod.ts';
import { releaseOf, type Minor } from './releases.ts';
import { buildSidecar, sidecarProbePort } from './sidecar.ts';

const POD_SPEC: JsonObject = { containers: [{ name: 'app', image: 'nginx' }] };
const at = (minor: Minor, spec: JsonObject = {}): Settings => settingsWith({ ...spec, kumaVersion: minor });
const injector = (values: JsonObject): JsonObject => ({ controlPlane: { runtime: { kubernetes: { injector: values } } } });
/** Settings read for one release and run with another's switches, for keys the older release does not have. */
const withSwitchesOf = (settings: Settings, minor: Minor): Settings => ({ ...settings, release: releaseOf(minor) });

const build = (settings: Settings, annotations: Record<string, string> = {}): JsonObject =>
  buildSidecar(readAnnotations(annotations), POD_SPEC, settings, 'default');
const envValue = (container: JsonObject, name: string): unknown => (container.env as JsonObject[]).find((e) => e.name === name)?.value;
const hasEnv = (container: JsonObject, name: string): boolean => (container.env as JsonObject[]).some((e) => e.name === name);
const limitsOf = (container: JsonObject): JsonObject => (container.resources as JsonObject).limits as JsonObject;

const zeroCpu = suite('sidecarZeroCpuLimitOmitted');
const ZERO_CPU = injector({ sidecarContainer: { resources: { limits: { cpu: '0' } } } });

zeroCpu('2.14: a CPU limit of "0" gives no CPU limit and no --concurrency', () => {
  const sidecar = build(at('2.14', ZERO_CPU));
  assert.equal(sidecar.args, ['run', '--log-level=info']);
  assert.equal(limitsOf(sidecar), { memory: '512Mi', 'ephemeral-storage': '1G' });
});

zeroCpu('2.13 and 2.12: the limit is written as "0" and concurrency is the minimum, 2', () => {
  for (const minor of ['2.13', '2.12', '2.11'] as const) {
    const sidecar = build(at(minor, ZERO_CPU));
    assert.equal(sidecar.args, ['run', '--log-level=info', '--concurrency=2'], minor);
    assert.equal(limitsOf(sidecar), { cpu: '0', memory: '512Mi', 'ephemeral-storage': '1G' }, minor);
  }
});

zeroCpu('the concurrency annotation wins in both', () => {
  for (const minor of ['2.14', '2.13'] as const) {
    assert.equal(build(at(minor, ZERO_CPU), { 'kuma.io/sidecar-proxy-concurrency': '3' }).args, ['run', '--log-level=info', '--concurrency=3'], minor);
  }
});

zeroCpu('the release defaults: 2.14 has no CPU limit, 2.13 has 1000m (concurrency 2)', () => {
  assert.equal(build(at('2.14')).args, ['run', '--log-level=info']);
  const older = build(at('2.13'));
  assert.equal(older.args, ['run', '--log-level=info', '--concurrency=2']);
  assert.is(limitsOf(older).cpu, '1');
});

const delta = suite('xdsTransportVariantEnv');
const VARIANT = 'KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT';
const DELTA = { controlPlane: { experimental: { deltaXds: true } } };

delta('2.13 and 2.14: deltaXds sets DELTA_GRPC (2.13 Describe("delta xDS injection") a)', () => {
  for (const minor of ['2.13', '2.14'] as const) assert.is(envValue(build(at(minor, DELTA)), VARIANT), 'DELTA_GRPC', minor);
});

delta('2.13 and 2.14: the annotation and sidecar-env-vars override it (b, c)', () => {
  for (const minor of ['2.13', '2.14'] as const) {
    assert.is(envValue(build(at(minor, DELTA), { 'kuma.io/xds-transport-protocol-variant': 'GRPC' }), VARIANT), 'GRPC', minor);
    assert.is(envValue(build(at(minor, DELTA), { 'kuma.io/sidecar-env-vars': `${VARIANT}=GRPC` }), VARIANT), 'GRPC', minor);
  }
});

delta('2.12 and 2.11: deltaXds is not read, only the annotation sets a variant', () => {
  for (const minor of ['2.12', '2.11'] as const) {
    assert.not.ok(hasEnv(build(at(minor, DELTA)), VARIANT), minor);
    assert.is(envValue(build(at(minor, DELTA), { 'kuma.io/xds-transport-protocol-variant': 'DELTA_GRPC' }), VARIANT), 'DELTA_GRPC', minor);
  }
});

const socket = suite('envoyAdminUnixSocketSupported');

socket('2.14 (Helm default: socket on) probes the readiness port 9902; 2.13 has no socket and probes the admin port', () => {
  const pod = readAnnotations({});
  assert.is(sidecarProbePort(pod, at('2.14')), 9902);
  assert.is(sidecarProbePort(pod, at('2.13')), 9901);
  assert.is((build(at('2.13')).readinessProbe as JsonObject & { httpGet: JsonObject }).httpGet.port, 9901);
});

socket('2.13 with the 2.14 keys set still probes the admin port (the keys are ignored)', () => {
  const settings = at('2.13', { controlPlane: { bootstrapServer: { params: { envoyAdminUnixSocket: true, readinessPort: 9990 } } } });
  assert.is(settings.envoyAdminUnixSocket, false);
  assert.is(sidecarProbePort(readAnnotations({ 'kuma.io/envoy-admin-port': '9555' }), settings), 9555);
});

const spire = suite('spireSupport');
const SPIRE = injector({ spire: { enabled: true } });

spire('2.12: SPIRE adds the socket mount and env; 2.11 has no SPIRE, so the annotation does nothing', () => {
  const pod = { 'k8s.kuma.io/spire-support': 'true' };
  const newer = build(at('2.12'), pod);
  assert.is(envValue(newer, 'KUMA_DATAPLANE_RUNTIME_SPIRE_SUPPORTED'), 'true');
  assert.ok((newer.volumeMounts as JsonObject[]).some((m) => m.name === 'kuma-spire-agent-socket'));
  const older = build(at('2.11'), pod);
  assert.not.ok(hasEnv(older, 'KUMA_DATAPLANE_RUNTIME_SPIRE_SUPPORTED'));
  assert.not.ok((older.volumeMounts as JsonObject[]).some((m) => m.name === 'kuma-spire-agent-socket'));
});

spire('with 2.11\'s switches, spire.enabled adds no CSI volume either, even with spire.enabled', () => {
  const template = { metadata: { labels: { 'kuma.io/sidecar-injection': 'enabled' } }, spec: POD_SPEC };
  const volumesAt = (settings: Settings): string[] => {
    const out = injectPodTemplate(template, { settings, mesh: 'default', patches: { names: [], sidecar: [], init: [] }, warn: () => {} });
    const spec = out.spec as JsonObject | undefined;
    return ((spec?.volumes as JsonObject[]) ?? []).map((v) => String(v.name));
  };
  const settings212 = at('2.12', SPIRE);
  assert.ok(volumesAt(settings212).includes('kuma-spire-agent-socket'));
  assert.not.ok(volumesAt(withSwitchesOf(settings212, '2.11')).includes('kuma-spire-agent-socket'));
});

const naming = suite('unifiedResourceNamingEnv');
const NAMING = 'KUMA_DATAPLANE_RUNTIME_UNIFIED_RESOURCE_NAMING_ENABLED';

naming("2.12: unifiedResourceNamingEnabled sets the env; with 2.11's switches it does not", () => {
  const settings = at('2.12', injector({ unifiedResourceNamingEnabled: true }));
  assert.is(envValue(build(settings), NAMING), 'true');
  assert.not.ok(hasEnv(build(withSwitchesOf(settings, '2.11')), NAMING));
});

const initResources = suite('fixedInitContainerResources');
const CONFIGURED = injector({
  initContainer: { resources: { limits: { cpu: '300m', memory: '60M' } } },
  validationContainer: { resources: { requests: { cpu: '30m' } } },
});

initResources('2.14 takes the configured resources; 2.13 the fixed ones (the keys are ignored)', () => {
  const merged = readAnnotations({});
  const newer = buildInitContainer([], merged, at('2.14', CONFIGURED));
  assert.equal(newer.resources, { limits: { cpu: '300m', memory: '60M' }, requests: { cpu: '20m', memory: '20M' } });
  const older = buildInitContainer([], merged, at('2.13', CONFIGURED));
  assert.equal(older.resources, { limits: { cpu: '100m', memory: '50M' }, requests: { cpu: '20m', memory: '20M' } });
  assert.equal(buildValidationContainer(merged, at('2.14', CONFIGURED)).resources, { limits: { memory: '50M' }, requests: { cpu: '30m', memory: '20M' } });
  assert.equal(buildValidationContainer(merged, at('2.13', CONFIGURED)).resources, { limits: { cpu: '100m', memory: '50M' }, requests: { cpu: '20m', memory: '20M' } });
});

zeroCpu.run();
delta.run();
socket.run();
spire.run();
naming.run();
initResources.run();
