import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { KubeObject } from './krm/object.ts';
import { loadSettings } from './settings.ts';
import { yaml } from './testing/yaml.ts';
import { TEST_CA } from './testing/test-ca.ts';

const settings = suite('settings');

const typed = (spec: unknown): KubeObject =>
  ({ apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'c' }, spec }) as KubeObject;

function ok(config: KubeObject | undefined) {
  const outcome = loadSettings(config);
  if (!outcome.ok) throw new Error(outcome.results.map((r) => `${r.field?.path}: ${r.message}`).join('\n'));
  return outcome;
}

function failures(config: KubeObject): Array<{ path: string | undefined; message: string }> {
  const outcome = loadSettings(config);
  assert.is(outcome.ok, false, 'config should be rejected');
  return outcome.results.filter((r) => r.severity === 'error').map((r) => ({ path: r.field?.path, message: r.message }));
}

settings('no functionConfig gives what a Helm install of Kuma 2.14.3 gives', () => {
  const { settings: s } = ok(undefined);
  assert.is(s.native, true);
  assert.is(s.injector.sidecarContainer.image, 'docker.io/kumahq/kuma-dp:2.14.3');
  assert.is(s.injector.initContainer.image, 'docker.io/kumahq/kuma-init:2.14.3');
  assert.is(s.controlPlaneURL, 'https://kuma-control-plane.kuma-system:5678');
  assert.is(s.systemNamespace, 'kuma-system');
  assert.is(s.envoyAdminUnixSocket, true);
  assert.is(s.readinessPort, 9902);
  assert.is(s.adminPort, 9901);
  assert.is(s.injector.sidecarContainer.resources.limits.cpu, '0');
  assert.is(s.injector.sidecarContainer.drainTime, '30s');
  assert.is(s.injector.builtinDNS.enabled, true);
  assert.is(s.injector.otelPipeEnabled, true);
  assert.is(s.injector.applicationProbeProxyPort, 9001);
  assert.is(s.configMapMode, false);
});

settings('warns that kuma-dp cannot verify the control plane without a CA', () => {
  const codes = ok(undefined).results.map((r) => r.code);
  assert.ok(codes.includes('NO_CA_CERT'));
  assert.not.ok(ok(typed({ caCert: TEST_CA })).results.some((r) => r.code === 'NO_CA_CERT'));
});

settings('the CA warning names the field as the form of the config has it', () => {
  const noCa = (config: Parameters<typeof ok>[0]) => ok(config).results.find((r) => r.code === 'NO_CA_CERT')!;
  const cm = noCa({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { meshes: 'default' } });
  assert.equal(cm.field, { path: 'data.caCert' });
  assert.match(cm.message, /set `data\.caCert`/);
  const typedForm = noCa(typed({ meshes: ['default'] }));
  assert.equal(typedForm.field, { path: 'spec.caCert' });
  assert.match(typedForm.message, /set `spec\.caCert`/);
});

settings('takes a pasted kuma-cp config and ignores the sections it does not use', () => {
  const { settings: s } = ok(
    typed(yaml`
      caCert: ${JSON.stringify(TEST_CA)}
      controlPlane:
        mode: zone
        apiServer: {http: {port: 5681}}
        general: {workDir: /tmp/kuma}
        runtime:
          kubernetes:
            controlPlaneServiceName: mesh-cp
            admissionServer: {port: 5443}
            injector:
              sidecarContainer:
                image: my/kuma-dp:1
                resources: {limits: {cpu: 1000m, memory: 1024Mi}}
        store: {kubernetes: {systemNamespace: mesh-system}}
        dpServer: {port: 15678}
    `),
  );
  assert.is(s.controlPlaneURL, 'https://mesh-cp.mesh-system:15678');
  assert.is(s.injector.sidecarContainer.image, 'my/kuma-dp:1');
  assert.is(s.injector.sidecarContainer.resources.limits.cpu, '1', 'quantities are canonical');
  assert.is(s.injector.sidecarContainer.resources.limits.memory, '1Gi');
  assert.is(s.injector.sidecarContainer.resources.requests.cpu, '50m', 'unset siblings keep their defaults');
});

settings('an explicit control-plane URL wins', () => {
  assert.is(ok(typed({ controlPlaneURL: 'https://cp.example.com:5678' })).settings.controlPlaneURL, 'https://cp.example.com:5678');
});

settings('native sidecars need both the flag and Kubernetes 1.29', () => {
  assert.is(ok(typed({ kubernetesVersion: '1.28' })).settings.native, false);
  assert.ok(ok(typed({ kubernetesVersion: '1.28' })).results.some((r) => r.code === 'LEGACY_LAYOUT'));
  assert.is(ok(typed({ kubernetesVersion: 'v1.29.3' })).settings.native, true);
  assert.is(ok(typed({ controlPlane: { experimental: { sidecarContainers: false } } })).settings.native, false);
});

const invalid: Array<{ name: string; spec: unknown; path: string; message: RegExp }> = [
  { name: 'an unknown own field', spec: { meshs: ['a'] }, path: 'spec', message: /unknown field `meshs`/ },
  { name: 'an unknown injector key', spec: { controlPlane: { runtime: { kubernetes: { injector: { sidecarContaner: {} } } } } }, path: 'spec.controlPlane.runtime.kubernetes.injector', message: /`sidecarContaner`/ },
  { name: 'a string uid', spec: { controlPlane: { runtime: { kubernetes: { injector: { sidecarContainer: { uid: '5678' } } } } } }, path: 'spec.controlPlane.runtime.kubernetes.injector.sidecarContainer.uid', message: /expected number/ },
  { name: 'a bad duration', spec: { controlPlane: { runtime: { kubernetes: { injector: { sidecarContainer: { drainTime: '30 seconds' } } } } } }, path: 'spec.controlPlane.runtime.kubernetes.injector.sidecarContainer.drainTime', message: /Go duration/ },
  { name: 'a bad quantity', spec: { controlPlane: { runtime: { kubernetes: { injector: { sidecarContainer: { resources: { limits: { memory: 'lots' } } } } } } } }, path: 'spec.controlPlane.runtime.kubernetes.injector.sidecarContainer.resources.limits.memory', message: /Kubernetes quantity/ },
  { name: 'a port out of range', spec: { controlPlane: { bootstrapServer: { params: { readinessPort: 70000 } } } }, path: 'spec.controlPlane.bootstrapServer.params.readinessPort', message: /65535/ },
  { name: 'an ipFamilyMode that is not one', spec: { controlPlane: { runtime: { kubernetes: { injector: { sidecarContainer: { ipFamilyMode: 'ipv6' } } } } } }, path: 'spec.controlPlane.runtime.kubernetes.injector.sidecarContainer.ipFamilyMode', message: /dualstack|ipv4/ },
  { name: 'a version that is not one', spec: { kubernetesVersion: 'latest' }, path: 'spec.kubernetesVersion', message: /Kubernetes version/ },
  { name: 'a URL that is not one', spec: { controlPlaneURL: 'not a url' }, path: 'spec.controlPlaneURL', message: /URL/i },
  { name: 'meshes that are not a list', spec: { meshes: 'default' }, path: 'spec.meshes', message: /expected array/ },
  { name: 'a workload kind without a template path', spec: { workloadKinds: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' }] }, path: 'spec.workloadKinds[0].podTemplatePath', message: /expected string/ },
  { name: 'namespace labels that are not strings', spec: { namespaces: { a: { labels: { x: 1 } } } }, path: 'spec.namespaces.a.labels.x', message: /expected string/ },
];
for (const c of invalid) {
  settings(`rejects ${c.name}, naming the field`, () => {
    const found = failures(typed(c.spec));
    assert.ok(found.some((f) => f.path === c.path && c.message.test(f.message)), JSON.stringify(found));
  });
}

settings('rejects a functionConfig of another kind', () => {
  const found = failures({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } } as KubeObject);
  assert.match(found[0]!.message, /must be a kuma-inject.dev\/v1alpha1 KumaInject or a v1 ConfigMap/);
});

settings('reads the ConfigMap form, coercing strings', () => {
  const { settings: s } = ok(
    yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: function-input}
      data:
        kubernetesVersion: "1.28"
        sidecarImage: r/kuma-dp:1
        initImage: r/kuma-init:1
        nativeSidecars: "false"
        cniEnabled: "true"
        systemNamespace: mesh-system
        meshes: "default, payments"
        caCert: ${JSON.stringify(TEST_CA)}
        namespaces: |
          apps: {labels: {kuma.io/sidecar-injection: enabled}}
        controlPlane: |
          dpServer: {port: 1234}
    `,
  );
  assert.is(s.injector.sidecarContainer.image, 'r/kuma-dp:1');
  assert.is(s.injector.initContainer.image, 'r/kuma-init:1');
  assert.is(s.native, false);
  assert.is(s.injector.cniEnabled, true);
  assert.is(s.systemNamespace, 'mesh-system');
  assert.equal(s.spec.meshes, ['default', 'payments']);
  assert.equal(s.spec.namespaces.apps?.labels, { 'kuma.io/sidecar-injection': 'enabled' });
  assert.is(s.controlPlaneURL, 'https://kuma-control-plane.mesh-system:1234');
});

settings('ConfigMap comma lists drop empty items: no empty mesh name, no stray port 0', () => {
  const ports = 'controlPlane.runtime.kubernetes.injector.sidecarTraffic.excludeInboundPorts';
  const { settings: s } = ok({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { meshes: 'default,, payments,', [ports]: '80,,443' } } as KubeObject);
  assert.equal(s.spec.meshes, ['default', 'payments']);
  assert.equal(s.injector.sidecarTraffic.excludeInboundPorts, [80, 443]);
});

settings('accepts kpt’s empty ConfigMap placeholder', () => {
  assert.ok(loadSettings({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' } } as KubeObject).ok);
});

settings('a ConfigMap whose data is no map is an error on data, as a spec that is none is', () => {
  for (const data of [5, ['a'], 'x', true]) {
    const found = failures({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'f' }, data } as unknown as KubeObject);
    assert.equal(found, [{ path: 'data', message: 'must be a map of string keys to string values' }], JSON.stringify(data));
  }
  assert.equal(failures(typed(5)).map((f) => f.path), ['spec']);
  // `data:` with nothing after it is no data, like no `data` at all.
  assert.ok(loadSettings({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'f' }, data: null } as unknown as KubeObject).ok);
});

const badConfigMaps: Array<{ name: string; data: Record<string, string>; path: string; message: RegExp }> = [
  { name: 'an unknown key', data: { sidecarImg: 'x' }, path: 'data.sidecarImg', message: /unknown ConfigMap key `sidecarImg`/ },
  { name: 'a boolean that is not one', data: { cniEnabled: 'yes' }, path: 'data.cniEnabled', message: /"true" or "false"/ },
  { name: 'broken YAML', data: { controlPlane: 'a: [b' }, path: 'data.controlPlane', message: /not valid YAML/ },
  { name: 'a controlPlane that is not a map', data: { controlPlane: '- a' }, path: 'data.controlPlane', message: /YAML map/ },
  { name: 'a bad value inside controlPlane', data: { controlPlane: 'dpServer: {port: "x"}' }, path: 'data.controlPlane', message: /^`dpServer\.port`: .*expected number/ },
  { name: 'a bad value of a dotted key', data: { 'controlPlane.dpServer.port': '-1' }, path: 'data.controlPlane.dpServer.port', message: /^Too small/ },
  { name: 'a bad value of a shorthand', data: { sidecarImage: '' }, path: 'data.sidecarImage', message: /^Too small/ },
];
for (const c of badConfigMaps) {
  settings(`rejects a ConfigMap with ${c.name}`, () => {
    const found = failures({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'f' }, data: c.data } as KubeObject);
    assert.ok(found.some((f) => f.path === c.path && c.message.test(f.message)), JSON.stringify(found));
  });
}

settings('warns that caCertFile is not read', () => {
  const outcome = ok(typed({ caCert: TEST_CA, controlPlane: { runtime: { kubernetes: { injector: { caCertFile: '/etc/ca.crt' } } } } }));
  assert.ok(outcome.results.some((r) => r.code === 'CONFIG_FILE_IGNORED'));
});

const waitForReady = (kubernetesVersion: string): KubeObject =>
  typed({ kubernetesVersion, caCert: TEST_CA, controlPlane: { runtime: { kubernetes: { injector: { sidecarContainer: { waitForDataplaneReady: true } } } } } });
settings('warns that waitForDataplaneReady has no effect with native sidecars, and only then', () => {
  const [warned] = ok(waitForReady('1.31')).results.filter((r) => r.code === 'WAIT_FOR_DATAPLANE_READY');
  assert.is(warned?.severity, 'warning');
  assert.is(warned?.field?.path, 'spec.controlPlane.runtime.kubernetes.injector.sidecarContainer.waitForDataplaneReady');
  assert.match(warned?.message ?? '', 'no effect with native sidecars');
  assert.equal(ok(waitForReady('1.28')).results.filter((r) => r.code === 'WAIT_FOR_DATAPLANE_READY'), [], 'the legacy layout keeps the postStart wait');
});

settings('kumaVersion picks a release and its images; the default is 2.14', () => {
  assert.is(ok(undefined).settings.release.minor, '2.14');
  assert.is(ok(typed({})).settings.release.minor, '2.14');
  const s = ok(typed({ kumaVersion: '2.12' })).settings;
  assert.is(s.release.minor, '2.12');
  assert.is(s.release.version, '2.12.14');
  assert.is(s.injector.sidecarContainer.image, 'docker.io/kumahq/kuma-dp:2.12.14');
  assert.is(s.injector.initContainer.image, 'docker.io/kumahq/kuma-init:2.12.14');
  const own = ok(typed({ kumaVersion: '2.12', controlPlane: { runtime: { kubernetes: { injector: { sidecarContainer: { image: 'my/dp:1' } } } } } })).settings;
  assert.is(own.injector.sidecarContainer.image, 'my/dp:1', 'the user\'s image wins over the release default');
  assert.is(own.injector.initContainer.image, 'docker.io/kumahq/kuma-init:2.12.14');
});

settings('kumaVersion: an unknown release is an error naming the field and listing the known ones', () => {
  const [failure] = failures(typed({ kumaVersion: '2.8' }));
  assert.is(failure?.path, 'spec.kumaVersion');
  assert.match(failure?.message ?? '', '"2.7", "2.9", "2.11", "2.12", "2.13", "2.14", "3.0-preview"');
  const [notText] = failures(typed({ kumaVersion: true }));
  assert.is(notText?.path, 'spec.kumaVersion');
});

settings('kumaVersion: another patch of a minor is accepted with a warning: the modelled patch\'s images and behaviour, and how to get others', () => {
  const outcome = ok(typed({ kumaVersion: '2.12.3' }));
  assert.is(outcome.settings.release.version, '2.12.14');
  assert.is(outcome.settings.injector.sidecarContainer.image, 'docker.io/kumahq/kuma-dp:2.12.14', 'the images are the modelled patch\'s, as the warning says');
  const warned = outcome.results.find((r) => r.code === 'KUMA_PATCH_NOT_MODELLED');
  assert.is(warned?.severity, 'warning');
  assert.is(warned?.field?.path, 'spec.kumaVersion');
  assert.match(warned?.message ?? '', 'injects as Kuma 2.12.14 (the patch it models for 2.12), with 2.12.14\'s kuma-dp and kuma-init images');
  assert.match(warned?.message ?? '', 'For 2.12.3\'s images set `spec.controlPlane.runtime.kubernetes.injector.sidecarContainer.image` and `.initContainer.image`');
  const configMap = ok({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { kumaVersion: '2.12.3' } } as KubeObject);
  const inConfigMap = configMap.results.find((r) => r.code === 'KUMA_PATCH_NOT_MODELLED');
  assert.is(inConfigMap?.field?.path, 'data.kumaVersion');
  assert.match(inConfigMap?.message ?? '', 'set `data.sidecarImage` and `data.initImage`');
  assert.equal(ok(typed({ kumaVersion: '2.12.14' })).results.filter((r) => r.code === 'KUMA_PATCH_NOT_MODELLED'), []);
});

settings('kumaVersion and product in the ConfigMap form', () => {
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { kumaVersion: '2.13' } } as KubeObject;
  assert.is(ok(configMap).settings.release.minor, '2.13');
  const bad = loadSettings({ ...configMap, data: { kumaVersion: '9.9' } } as KubeObject);
  assert.is(bad.ok, false);
  assert.is(bad.results[0]?.field?.path, 'data.kumaVersion');
  const product = loadSettings({ ...configMap, data: { product: 'istio' } } as KubeObject);
  assert.is(product.ok, false);
  assert.is(product.results[0]?.field?.path, 'data.product');
});

settings('a default 2.12 config gives kuma-cp 2.12\'s defaults (release-defaults.ts)', () => {
  const s = ok(typed({ kumaVersion: '2.12' })).settings;
  assert.is(s.injector.sidecarContainer.resources.limits.cpu, '1', '1000m, in canonical form');
  assert.is(s.injector.virtualProbesEnabled, true);
  assert.is(s.controlPlane.experimental.sidecarContainers, false);
  assert.is(s.native, false);
  assert.is(s.envoyAdminUnixSocket, false);
  assert.is(s.controlPlane.experimental.deltaXds, false);
  // Unchanged from 2.14's.
  assert.is(s.injector.sidecarContainer.resources.requests.cpu, '50m');
  assert.is(s.injector.applicationProbeProxyPort, 9001);
  const s213 = ok(typed({ kumaVersion: '2.13' })).settings;
  assert.is(s213.injector.virtualProbesEnabled, false);
  assert.is(s213.injector.sidecarContainer.resources.limits.cpu, '1');
  const s214 = ok(typed({})).settings;
  assert.is(s214.injector.sidecarContainer.resources.limits.cpu, '0');
  assert.is(s214.native, true);
  assert.is(s214.envoyAdminUnixSocket, true);
});

settings('the user\'s values win over the release defaults', () => {
  const s = ok(typed({ kumaVersion: '2.12', controlPlane: { experimental: { sidecarContainers: true }, runtime: { kubernetes: { injector: { virtualProbesEnabled: false } } } } })).settings;
  assert.is(s.native, true);
  assert.is(s.injector.virtualProbesEnabled, false);
});

settings('a key the release\'s kuma-cp lacks is ignored with a warning naming it (typed and ConfigMap forms)', () => {
  const controlPlane = { runtime: { kubernetes: { injector: { otelPipeEnabled: false, initContainer: { resources: { limits: { cpu: '1' } } } } } }, bootstrapServer: { params: { envoyAdminUnixSocket: true } } };
  const outcome = ok(typed({ kumaVersion: '2.13', controlPlane }));
  const warned = outcome.results.filter((r) => r.code === 'CONFIG_KEY_NOT_IN_RELEASE');
  assert.equal(warned.map((r) => r.field?.path), [
    'spec.controlPlane.runtime.kubernetes.injector.otelPipeEnabled',
    'spec.controlPlane.runtime.kubernetes.injector.initContainer.resources',
    'spec.controlPlane.bootstrapServer.params.envoyAdminUnixSocket',
  ]);
  assert.is(warned.every((r) => r.severity === 'warning'), true);
  assert.match(warned[0]?.message ?? '', 'not a kuma-cp 2.13 setting');
  assert.is(outcome.settings.envoyAdminUnixSocket, false);
  assert.is(outcome.settings.injector.initContainer.resources.limits.cpu, '0', 'back to the schema value, which 2.13 does not read');
  // The functionConfig itself is not changed.
  assert.is(controlPlane.runtime.kubernetes.injector.otelPipeEnabled, false);
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { kumaVersion: '2.11', controlPlane: 'runtime: {kubernetes: {injector: {spire: {enabled: true}}}}' } } as KubeObject;
  const fromMap = ok(configMap).results.filter((r) => r.code === 'CONFIG_KEY_NOT_IN_RELEASE');
  // Named by the key written, whose YAML holds it; the message names the kuma-cp key.
  assert.equal(fromMap.map((r) => [r.field?.path, r.message.startsWith('`runtime.kubernetes.injector.spire` is not a kuma-cp 2.11 setting')]), [['data.controlPlane', true]]);
  assert.is(ok(configMap).settings.injector.spire.enabled, false);
});

settings('the same keys are taken without a warning by the release that has them', () => {
  const controlPlane = { runtime: { kubernetes: { injector: { otelPipeEnabled: false, spire: { enabled: true } } } } };
  assert.equal(ok(typed({ kumaVersion: '2.14', controlPlane })).results.filter((r) => r.code === 'CONFIG_KEY_NOT_IN_RELEASE'), []);
  const at212 = ok(typed({ kumaVersion: '2.12', controlPlane }));
  assert.equal(at212.results.filter((r) => r.code === 'CONFIG_KEY_NOT_IN_RELEASE').map((r) => r.field?.path), ['spec.controlPlane.runtime.kubernetes.injector.otelPipeEnabled']);
  assert.is(at212.settings.injector.spire.enabled, true);
});

settings('product kong-mesh: Kong Mesh images, namespace and control-plane URL beneath the user\'s config', () => {
  const s = ok(typed({ product: 'kong-mesh', kumaVersion: '2.13' })).settings;
  assert.is(s.product, 'kong-mesh');
  assert.is(s.release.minor, '2.13');
  assert.is(s.injector.sidecarContainer.image, 'docker.io/kong/kuma-dp:2.13.10');
  assert.is(s.injector.initContainer.image, 'docker.io/kong/kuma-init:2.13.10');
  assert.is(s.systemNamespace, 'kong-mesh-system');
  assert.is(s.controlPlaneURL, 'https://kong-mesh-control-plane.kong-mesh-system:5678');
  assert.is(s.release.behaviour.otelPipeEnv, false, 'the behaviour is the same Kuma minor\'s');
  const own = ok(typed({ product: 'kong-mesh', controlPlane: { runtime: { kubernetes: { injector: { sidecarContainer: { image: 'my/dp:1' } } } } } })).settings;
  assert.is(own.injector.sidecarContainer.image, 'my/dp:1');
  assert.is(own.injector.initContainer.image, 'docker.io/kong/kuma-init:2.14.3');
});

settings('product kong-mesh with 3.0-preview is an error on spec.product saying Kong Mesh has no such build', () => {
  const [failure] = failures(typed({ product: 'kong-mesh', kumaVersion: '3.0-preview' }));
  assert.is(failure?.path, 'spec.product');
  assert.match(failure?.message ?? '', 'Kong Mesh has no build of Kuma 3.0-preview');
});

settings.run();

// ---------------------------------------------------------------------------------------------------------
const old = suite('settings: Kuma 2.9 and 2.7');

old('2.9 and 2.7 defaults: virtual probes on, CPU limit 1000m, legacy layout, admin port probes; 2.7 without the hostname label', () => {
  for (const version of ['2.9', '2.7']) {
    const s = ok(typed({ kumaVersion: version })).settings;
    assert.is(s.injector.virtualProbesEnabled, true);
    assert.is(s.injector.sidecarContainer.resources.limits.cpu, '1');
    assert.is(s.native, false);
    assert.is(s.envoyAdminUnixSocket, false);
  }
  const s27 = ok(typed({ kumaVersion: '2.7' })).settings;
  assert.equal(s27.injector.nodeLabelsToCopy, ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region']);
  assert.is(s27.injector.sidecarContainer.redirectPortInboundV6, 15006);
  assert.is(ok(typed({ kumaVersion: '2.9' })).settings.injector.sidecarContainer.redirectPortInboundV6, undefined);
});

old('redirectPortInboundV6 is 2.7\'s only: other releases ignore it with a warning; 2.7 warns on the keys it lacks', () => {
  const v6 = { runtime: { kubernetes: { injector: { sidecarContainer: { redirectPortInboundV6: 15016 } } } } };
  for (const version of ['2.9', '2.14']) {
    const outcome = ok(typed({ kumaVersion: version, controlPlane: v6 }));
    assert.equal(outcome.results.filter((r) => r.code === 'CONFIG_KEY_NOT_IN_RELEASE').map((r) => r.field?.path), ['spec.controlPlane.runtime.kubernetes.injector.sidecarContainer.redirectPortInboundV6']);
    assert.is(outcome.settings.injector.sidecarContainer.redirectPortInboundV6, undefined);
  }
  assert.is(ok(typed({ kumaVersion: '2.7', controlPlane: v6 })).settings.injector.sidecarContainer.redirectPortInboundV6, 15016);
  const lacking = { runtime: { kubernetes: { injector: { applicationProbeProxyPort: 9005, transparentProxyConfigMap: 'tp', builtinDNS: { experimentalProxy: true } } } }, experimental: { deltaXds: true } };
  const at27 = ok(typed({ kumaVersion: '2.7', controlPlane: lacking }));
  assert.equal(at27.results.filter((r) => r.code === 'CONFIG_KEY_NOT_IN_RELEASE').map((r) => r.field?.path.replace('spec.controlPlane.', '')), [
    'runtime.kubernetes.injector.applicationProbeProxyPort',
    'runtime.kubernetes.injector.transparentProxyConfigMap',
    'runtime.kubernetes.injector.builtinDNS.experimentalProxy',
    'experimental.deltaXds',
  ]);
  assert.is(at27.settings.configMapMode, false);
});

old('2.9\'s ConfigMap mode is not modelled: an error, not a guess', () => {
  const outcome = loadSettings(typed({ kumaVersion: '2.9', controlPlane: { runtime: { kubernetes: { injector: { transparentProxyConfigMap: 'kuma-tp' } } } } }));
  assert.is(outcome.ok, false);
  const found = outcome.results.find((r) => r.code === 'NOT_MODELLED_FOR_RELEASE');
  assert.is(found?.severity, 'error');
  assert.is(found?.field?.path, 'spec.controlPlane.runtime.kubernetes.injector.transparentProxyConfigMap');
  assert.ok(loadSettings(typed({ kumaVersion: '2.11', controlPlane: { runtime: { kubernetes: { injector: { transparentProxyConfigMap: 'kuma-tp' } } } } })).ok);
});

old.run();
