/**
 * The 3.0-preview (Kuma main at 348b6528) injector switches that no main fixture exercises: eBPF gone, no xDS
 * variant or unified-naming env, pod-level resources, the legacy fallback below Kubernetes 1.29, the mandatory
 * ConfigMap's errors, probe-port exclusion for gateways, mesh by label only, and the ANNOTATION_NOT_IN_RELEASE and CONFIG_KEY_NOT_IN_RELEASE warnings.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { runObjects } from '../run.ts';
import { failure, settingsWith } from '../testing/fixtures.ts';
import type { Settings } from '../settings.ts';
import { type InjectionInput, injectPodTemplate } from './inject-pod.ts';
import { TEST_CA } from '../testing/test-ca.ts';

const preview = suite('3.0-preview injector');

const BASE_CONFIG = 'kumaDPUser: "5678"\nipFamilyMode: dualstack\n';
const with30 = (spec: JsonObject = {}): Settings => settingsWith({ kumaVersion: '3.0-preview', ...spec });
const injector30 = (injector: JsonObject, spec: JsonObject = {}): Settings =>
  with30({ ...spec, controlPlane: { runtime: { kubernetes: { injector } } } });

function inject(template: JsonObject, settings: Settings = with30(), extra: Partial<InjectionInput> = {}): JsonObject {
  return injectPodTemplate(template, {
    settings,
    mesh: 'default',
    patches: { names: [], sidecar: [], init: [] },
    transparentProxyBaseConfig: BASE_CONFIG,
    transparentProxyConfigMapFound: true,
    warn: () => {},
    ...extra,
  });
}

const podSpec = (t: JsonObject): JsonObject => t.spec as JsonObject;
const annotationsOf = (t: JsonObject): Record<string, string> => (t.metadata as JsonObject).annotations as Record<string, string>;
const byName = (list: unknown, name: string): JsonObject | undefined => (list as JsonObject[] | undefined)?.find((c) => c.name === name);
const sidecarOf = (t: JsonObject): JsonObject => (byName(podSpec(t).initContainers, 'kuma-sidecar') ?? byName(podSpec(t).containers, 'kuma-sidecar'))!;
const envNames = (c: JsonObject): string[] => (c.env as JsonObject[]).map((e) => String(e.name));
const tproxyConfig = (t: JsonObject): string => annotationsOf(t)['traffic.kuma.io/transparent-proxy-config']!;

const app = (annotations: JsonObject = {}, extraSpec: JsonObject = {}): JsonObject => ({
  metadata: { annotations },
  spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }], readinessProbe: { httpGet: { path: '/r', port: 'http' } } }], ...extraSpec },
});

preview('ConfigMap mode is on without any config, with the default ConfigMap name; no legacy tproxy annotations', () => {
  const settings = with30();
  assert.ok(settings.configMapMode);
  assert.is(settings.injector.transparentProxyConfigMap, 'kuma-transparent-proxy-config');
  const out = inject(app());
  const annotations = annotationsOf(out);
  for (const key of ['kuma.io/transparent-proxying', 'kuma.io/sidecar-uid', 'kuma.io/builtin-dns', 'kuma.io/virtual-probes', 'kuma.io/virtual-probes-port']) {
    assert.not.ok(key in annotations, key);
  }
  assert.equal(byName(podSpec(out).initContainers, 'kuma-init')!.args, ['--config=/tmp/transparent-proxy/base/config.yaml']);
});

preview('a missing ConfigMap, an empty config.yaml and bad YAML fail with Kuma 3.0\'s texts', () => {
  const missing = failure(() => inject(app(), with30(), { transparentProxyBaseConfig: undefined, transparentProxyConfigMapFound: false }));
  assert.is(
    missing.message,
    `could not retrieve transparent proxy configuration: unable to get transparent proxy ConfigMap 'kuma-system/kuma-transparent-proxy-config': configmaps "kuma-transparent-proxy-config" not found`,
  );
  assert.is(missing.code, 'TRANSPARENT_PROXY_CONFIG_MISSING');
  const empty = failure(() => inject(app(), with30(), { transparentProxyBaseConfig: '', transparentProxyConfigMapFound: true }));
  assert.is(empty.message, `could not retrieve transparent proxy configuration: key 'config.yaml' is missing or empty in transparent proxy ConfigMap 'kuma-system/kuma-transparent-proxy-config'`);
  const unnamed = failure(() => inject(app(), injector30({ transparentProxyConfigMap: '' }), { transparentProxyBaseConfig: undefined, transparentProxyConfigMapFound: false }));
  assert.match(unnamed.message, /ConfigMap 'kuma-system\/': resource name may not be empty$/);
  const bad = failure(() => inject(app(), with30(), { transparentProxyBaseConfig: 'redirect: [' }));
  assert.match(bad.message, /^could not retrieve transparent proxy configuration: unable to load transparent proxy configuration from ConfigMap 'kuma-system\/kuma-transparent-proxy-config': unable to parse configuration: /);
});

preview('eBPF is gone: the config, the ConfigMap and the annotation change nothing', () => {
  const settings = injector30({ ebpf: { enabled: true } });
  const out = inject(app({ 'kuma.io/transparent-proxying-ebpf': 'enabled' }), settings, {
    transparentProxyBaseConfig: `${BASE_CONFIG}ebpf:\n  enabled: true\n`,
  });
  const volumes = (podSpec(out).volumes as JsonObject[]).map((v) => v.name);
  assert.not.ok(volumes.includes('sys-fs-cgroup') || volumes.includes('bpf-fs'));
  const init = byName(podSpec(out).initContainers, 'kuma-init')!;
  assert.not.ok((init.securityContext as JsonObject).privileged);
  assert.not.match(tproxyConfig(out), /ebpf/);
});

preview('no xDS transport variant env (config nor annotation) and no unified-naming env', () => {
  const settings = with30({
    controlPlane: { experimental: { deltaXds: true }, runtime: { kubernetes: { injector: { unifiedResourceNamingEnabled: true } } } },
  });
  const env = envNames(sidecarOf(inject(app({ 'kuma.io/xds-transport-protocol-variant': 'DELTA_GRPC' }), settings)));
  assert.not.ok(env.includes('KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT'));
  assert.not.ok(env.includes('KUMA_DATAPLANE_RUNTIME_UNIFIED_RESOURCE_NAMING_ENABLED'));
  // 2.14 still writes both.
  const env214 = envNames(sidecarOf(injectPodTemplate(app({ 'kuma.io/xds-transport-protocol-variant': 'DELTA_GRPC' }), {
    settings: settingsWith({ controlPlane: { runtime: { kubernetes: { injector: { unifiedResourceNamingEnabled: true } } } } }),
    mesh: 'default',
    patches: { names: [], sidecar: [], init: [] },
    warn: () => {},
  })));
  assert.ok(env214.includes('KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT'));
  assert.ok(env214.includes('KUMA_DATAPLANE_RUNTIME_UNIFIED_RESOURCE_NAMING_ENABLED'));
});

preview('DNS env: the proxy port even with experimentalProxy false, and no logging env', () => {
  const settings = injector30({ builtinDNS: { enabled: true, port: 25053, experimentalProxy: false, logging: true } });
  const env = sidecarOf(inject(app(), settings)).env as JsonObject[];
  const dns = env.filter((e) => String(e.name).startsWith('KUMA_DNS'));
  assert.equal(dns, [{ name: 'KUMA_DNS_ENABLED', value: 'true' }, { name: 'KUMA_DNS_PROXY_PORT', value: '25053' }]);
});

preview('pod-level spec.resources gives kuma-sidecar empty resources; the init container keeps its own; concurrency stays', () => {
  const settings = injector30({ sidecarContainer: { resources: { limits: { cpu: '4' } } } });
  const out = inject(app({}, { resources: { limits: { cpu: '2' } } }), settings);
  const sidecar = sidecarOf(out);
  assert.equal(sidecar.resources, {});
  assert.ok((sidecar.args as string[]).includes('--concurrency=4'));
  assert.ok(Object.keys(byName(podSpec(out).initContainers, 'kuma-init')!.resources as JsonObject).length > 0);
  // Even an empty object counts; no spec.resources keeps them.
  assert.equal(sidecarOf(inject(app({}, { resources: {} }), settings)).resources, {});
  assert.ok(Object.keys(sidecarOf(inject(app(), settings)).resources as JsonObject).length > 0);
  // 2.14 ignores pod-level resources.
  const out214 = injectPodTemplate(app({}, { resources: {} }), { settings: settingsWith(), mesh: 'default', patches: { names: [], sidecar: [], init: [] }, warn: () => {} });
  assert.ok(Object.keys(sidecarOf(out214).resources as JsonObject).length > 0);
});

preview('below Kubernetes 1.29 the init-container layout is used; experimental.sidecarContainers no longer matters', () => {
  const legacy = with30({ kubernetesVersion: '1.28' });
  assert.is(legacy.native, false);
  const out = inject(app(), legacy);
  const s = podSpec(out);
  assert.is((s.containers as JsonObject[])[0]!.name, 'kuma-sidecar');
  assert.not.ok('restartPolicy' in (s.containers as JsonObject[])[0]!);
  assert.not.ok('startupProbe' in (s.containers as JsonObject[])[0]!);
  assert.equal((s.initContainers as JsonObject[]).map((c) => c.name), ['kuma-init']);
  assert.is(with30({ controlPlane: { experimental: { sidecarContainers: false } } }).native, true);
});

preview('probe proxy off: real probe ports (named ones resolved, startup and grpc too, exec skipped) are excluded, sorted', () => {
  const template: JsonObject = {
    metadata: { annotations: { 'kuma.io/application-probe-proxy-port': '0', 'traffic.kuma.io/exclude-inbound-ports': '9000' } },
    spec: {
      containers: [
        { name: 'a', ports: [{ name: 'http', containerPort: 8080 }], readinessProbe: { httpGet: { port: 'http' } }, livenessProbe: { exec: { command: ['true'] } } },
        { name: 'b', startupProbe: { tcpSocket: { port: 7070 } }, livenessProbe: { grpc: { port: 9000 } }, readinessProbe: { httpGet: { port: 'nope' } } },
      ],
    },
  };
  const out = inject(template);
  // Annotation, readiness port (admin on a Unix socket), then the probe ports. The annotation's 9000 and the
  // probe's 9000 both stay: Kuma appends without de-duplicating.
  assert.match(tproxyConfig(out), /excludePorts:\n\s+- 9000\n\s+- 9902\n\s+- 7070\n\s+- 8080\n\s+- 9000\n/);
  assert.equal((podSpec(out).containers as JsonObject[])[0]!.readinessProbe, { httpGet: { port: 'http' } });
});

preview('a gateway has no probe proxy, so its probe ports are excluded although inbound redirection is off', () => {
  const out = inject(app({ 'kuma.io/gateway': 'enabled' }));
  assert.match(tproxyConfig(out), /inbound:\n\s+enabled: false\n\s+excludePorts:\n\s+- 9902\n\s+- 8080\n/);
});

preview('kuma.io/virtual-probes is not read: no gateway error, no rewrite onto the virtual port', () => {
  const out = inject(app({ 'kuma.io/gateway': 'enabled', 'kuma.io/virtual-probes': 'enabled', 'kuma.io/application-probe-proxy-port': '0' }));
  assert.equal((podSpec(out).containers as JsonObject[])[0]!.readinessProbe, { httpGet: { path: '/r', port: 'http' } });
});

// ---------------------------------------------------------------------------------------------------------
// Whole runs: mesh selection and the ANNOTATION_NOT_IN_RELEASE and CONFIG_KEY_NOT_IN_RELEASE warnings

const CONFIG_MAP: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'kuma-transparent-proxy-config', namespace: 'kuma-system' },
  data: { 'config.yaml': BASE_CONFIG },
};

function runWith(objects: KubeObject[], spec: JsonObject = {}) {
  const functionConfig: KubeObject = { apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'x' }, spec: { kumaVersion: '3.0-preview', caCert: TEST_CA, ...spec } };
  return runObjects(objects, functionConfig);
}

const deployment = (annotations: JsonObject, labels: JsonObject = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { template: { metadata: { labels: { app: 'web', ...labels }, annotations }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
});

const namespace = (labels: JsonObject, annotations: JsonObject = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels, annotations } });
const mesh = (name: string): KubeObject => ({ apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', metadata: { name } });
const meshLabelOf = (objects: ReturnType<typeof runObjects>['objects']): unknown => {
  const d = objects.find((o) => o.object.kind === 'Deployment')!.object as JsonObject;
  return (((d.spec as JsonObject).template as JsonObject).metadata as JsonObject & { labels: Record<string, string> }).labels['kuma.io/mesh'];
};

preview('the kuma.io/mesh annotation (pod or namespace) is ignored with a warning; the labels choose the mesh', () => {
  const out = runWith([deployment({ 'kuma.io/mesh': 'other' }), namespace({ 'kuma.io/sidecar-injection': 'enabled' }, { 'kuma.io/mesh': 'other' }), mesh('default'), mesh('other'), CONFIG_MAP]);
  assert.is(meshLabelOf(out.objects), 'default');
  const ignored = out.results.filter((r) => r.code === 'ANNOTATION_NOT_IN_RELEASE');
  assert.is(ignored.length, 2);
  assert.ok(ignored.every((r) => r.severity === 'warning' && r.message.includes('not known to Kuma 3.0-preview')));
  assert.ok(ignored.some((r) => r.message.includes('namespace "shop"')));
  assert.not.ok(out.results.some((r) => r.code === 'DEPRECATED_ANNOTATION'));
  const byLabel = runWith([deployment({}, {}), namespace({ 'kuma.io/sidecar-injection': 'enabled', 'kuma.io/mesh': 'other' }), mesh('other'), CONFIG_MAP]);
  assert.is(meshLabelOf(byLabel.objects), 'other');
});

preview('a mesh chosen by annotation in 2.x falls back to "default", which must exist', () => {
  const out = runWith([deployment({ 'kuma.io/mesh': 'other' }), namespace({ 'kuma.io/sidecar-injection': 'enabled' }), mesh('other'), CONFIG_MAP], { meshes: ['other'] });
  const failed = out.results.find((r) => r.code === 'MESH_NOT_FOUND');
  assert.ok(failed && failed.message.includes('meshes.kuma.io "default" not found'));
});

preview('every removed annotation gets one warning naming it; still-supported ones get none', () => {
  const removed = [
    'kuma.io/virtual-probes', 'kuma.io/virtual-probes-port', 'kuma.io/builtin-dns', 'kuma.io/builtin-dns-port', 'kuma.io/builtin-dns-logging',
    'kuma.io/builtindns', 'kuma.io/builtindnsport', 'kuma.io/transparent-proxying-ebpf', 'kuma.io/transparent-proxying-ebpf-bpf-fs-path',
    'kuma.io/transparent-proxying-inbound-port', 'kuma.io/transparent-proxying-reachable-services', 'kuma.io/xds-transport-protocol-variant',
    'kuma.io/ingress', 'kuma.io/egress', 'prometheus.metrics.kuma.io/port', 'prometheus.metrics.kuma.io/aggregate-app-port',
  ];
  const kept = { 'kuma.io/application-probe-proxy-port': '9001', 'kuma.io/direct-access-services': 'a', 'kuma.io/transparent-proxying-ip-family-mode': 'ipv4' };
  const annotations: Record<string, string> = { ...kept };
  for (const key of removed) annotations[key] = key.endsWith('port') ? '1234' : 'enabled';
  const out = runWith([deployment(annotations), namespace({ 'kuma.io/sidecar-injection': 'enabled' }), mesh('default'), CONFIG_MAP]);
  const ignored = out.results.filter((r) => r.code === 'ANNOTATION_NOT_IN_RELEASE');
  assert.equal(ignored.map((r) => r.field?.path).sort(), removed.map((k) => `spec.template.metadata.annotations[${k}]`).sort());
  for (const r of ignored) assert.ok(removed.some((k) => r.message.startsWith(`\`${k}\` is not known to Kuma 3.0-preview`)), r.message);
  // Each names what replaces it.
  assert.ok(ignored.find((r) => r.field?.path.endsWith('[kuma.io/virtual-probes]'))!.message.includes('use `kuma.io/application-probe-proxy-port`'));
  // The same annotations under 2.14 give no such warning.
  const out214 = runObjects([deployment(annotations), namespace({ 'kuma.io/sidecar-injection': 'enabled' }), mesh('default')], {
    apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'x' }, spec: { caCert: TEST_CA },
  });
  assert.not.ok(out214.results.some((r) => r.code === 'ANNOTATION_NOT_IN_RELEASE'));
});

preview('kuma-cp keys main removed are accepted with a warning each; unset, they warn nothing', () => {
  const out = runWith([CONFIG_MAP], {
    controlPlane: {
      experimental: { sidecarContainers: false, deltaXds: true, inboundTagsDisabled: true },
      runtime: { kubernetes: { injector: { virtualProbesEnabled: true, ebpf: { enabled: false }, builtinDNS: { logging: true }, sidecarContainer: { adminPort: 9901 } } } },
    },
  });
  const warned = out.results.filter((r) => r.code === 'CONFIG_KEY_NOT_IN_RELEASE');
  assert.ok(warned.every((r) => r.severity === 'warning' && r.message.includes('removed after Kuma 2.14')));
  assert.ok(warned.find((r) => r.field?.path.endsWith('.sidecarContainer.adminPort'))!.message.includes('use `bootstrapServer.params.adminPort`'));
  const fields = warned.map((r) => r.field?.path);
  assert.equal(fields.sort(), [
    'spec.controlPlane.experimental.deltaXds',
    'spec.controlPlane.experimental.inboundTagsDisabled',
    'spec.controlPlane.experimental.sidecarContainers',
    'spec.controlPlane.runtime.kubernetes.injector.builtinDNS.logging',
    'spec.controlPlane.runtime.kubernetes.injector.ebpf',
    'spec.controlPlane.runtime.kubernetes.injector.sidecarContainer.adminPort',
    'spec.controlPlane.runtime.kubernetes.injector.virtualProbesEnabled',
  ]);
  assert.not.ok(runWith([CONFIG_MAP]).results.some((r) => r.code === 'CONFIG_KEY_NOT_IN_RELEASE'));
  // The ConfigMap form's nativeSidecars shorthand is experimental.sidecarContainers, and the warning names the shorthand.
  const cm = runObjects([CONFIG_MAP], { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { kumaVersion: '3.0-preview', nativeSidecars: 'false', caCert: TEST_CA } });
  assert.ok(cm.results.some((r) => r.code === 'CONFIG_KEY_NOT_IN_RELEASE' && r.field?.path === 'data.nativeSidecars'));
});

preview.run();
