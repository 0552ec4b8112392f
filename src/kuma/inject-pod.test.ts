/**
 * One pod template through the whole injection (spec §3): default container, sidecar, volumes, legacy
 * annotations and the init container, placement (§7.2), then probes. Expected values follow §3, §7 and §12.2.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HELM_DEFAULT_ANNOTATIONS, failure, settingsWith } from '../testing/fixtures.ts';
import type { JsonObject } from '../krm/object.ts';
import { loadSettings, type Settings } from '../settings.ts';
import { yaml } from '../testing/yaml.ts';
import type { ContainerPatchSet } from './container-patch.ts';
import { InjectionFailure } from './failure.ts';
import { type InjectionInput, hasSidecar, injectPodTemplate } from './inject-pod.ts';

const controlPlane = (cp: JsonObject): Settings => settingsWith({ controlPlane: cp });
const withInjector = (injector: JsonObject, experimental: JsonObject = {}): Settings =>
  controlPlane({ runtime: { kubernetes: { injector } }, experimental });

const NATIVE = settingsWith();
const LEGACY = controlPlane({ experimental: { sidecarContainers: false } });
const NO_PATCHES: ContainerPatchSet = { names: [], sidecar: [], init: [] };

function inject(template: JsonObject, settings: Settings = NATIVE, extra: Partial<InjectionInput> = {}): JsonObject {
  return injectPodTemplate(template, { settings, mesh: 'default', patches: NO_PATCHES, warn: () => {}, ...extra });
}


const spec = (t: JsonObject): JsonObject => t.spec as JsonObject;
const annotations = (t: JsonObject): Record<string, string> => (t.metadata as JsonObject).annotations as Record<string, string>;
const names = (list: unknown): string[] => (Array.isArray(list) ? list.map((c) => String((c as JsonObject).name)) : []);
const byName = (list: unknown, name: string): JsonObject => (list as JsonObject[]).find((c) => c.name === name)!;

/** One app container with an HTTP readiness probe on 8080, as in §12.2. */
const template = (): JsonObject => yaml`
  metadata:
    labels: {app: web}
    annotations: {team: a}
  spec:
    serviceAccountName: web
    volumes:
    - {name: data, emptyDir: {}}
    containers:
    - name: app
      image: nginx
      readinessProbe:
        httpGet: {path: /ready, port: 8080}
`;

// ---------------------------------------------------------------------------------------------------------
const native = suite('injectPodTemplate: native sidecars (2.14 default)');

native('matches the §12.2 production example', () => {
  const out = inject(template());
  assert.equal(annotations(out), {
    team: 'a',
    'kubectl.kubernetes.io/default-container': 'app',
    ...HELM_DEFAULT_ANNOTATIONS,
  });
  assert.equal((out.metadata as JsonObject).labels, { app: 'web', 'kuma.io/mesh': 'default' });
  const s = spec(out);
  assert.equal(names(s.initContainers), ['kuma-init', 'kuma-sidecar']);
  assert.equal(byName(s.initContainers, 'kuma-init').args, ['--exclude-inbound-ports=9902,9001', '--redirect-all-dns-traffic', '--verbose']);
  const sidecar = byName(s.initContainers, 'kuma-sidecar');
  assert.is(sidecar.restartPolicy, 'Always');
  assert.equal(sidecar.lifecycle, { preStop: { exec: { command: ['killall', '-USR2', 'kuma-dp'] } } });
  assert.equal(sidecar.args, ['run', '--log-level=info']);
  assert.ok(sidecar.startupProbe);
  assert.equal(s.containers, [{ name: 'app', image: 'nginx', readinessProbe: { httpGet: { path: '/8080/ready', port: 9001 } } }]);
  assert.equal(s.volumes, [
    { name: 'data', emptyDir: {} },
    { name: 'kuma-init-tmp', emptyDir: { sizeLimit: '10M' } },
    { name: 'kuma-sidecar-tmp', emptyDir: { sizeLimit: '10M' } },
  ]);
  assert.is(s.serviceAccountName, 'web');
});

native('puts kuma-init and kuma-sidecar before existing init containers (fixture 02)', () => {
  const t = template();
  spec(t).initContainers = [{ name: 'init', image: 'busybox' }];
  assert.equal(names(spec(inject(t)).initContainers), ['kuma-init', 'kuma-sidecar', 'init']);
});

native('ignores kuma.io/init-first for placement', () => {
  const t = template();
  spec(t).initContainers = [{ name: 'init', image: 'busybox' }];
  (t.metadata as JsonObject).annotations = { 'kuma.io/init-first': 'true' };
  assert.equal(names(spec(inject(t)).initContainers), ['kuma-init', 'kuma-sidecar', 'init']);
});

native('replaces the wait-for-dataplane-ready postStart with the preStop hook', () => {
  const t = template();
  (t.metadata as JsonObject).annotations = { 'kuma.io/wait-for-dataplane-ready': 'true' };
  const sidecar = byName(spec(inject(t)).initContainers, 'kuma-sidecar');
  assert.equal(sidecar.lifecycle, { preStop: { exec: { command: ['killall', '-USR2', 'kuma-dp'] } } });
});

native('restartPolicy and preStop set at placement win over a sidecar patch', () => {
  const patches: ContainerPatchSet = {
    names: ['p'],
    sidecar: [
      { op: 'add', path: '/restartPolicy', value: 'Never' },
      { op: 'add', path: '/lifecycle', value: { postStart: { exec: { command: ['true'] } } } },
      { op: 'add', path: '/securityContext/privileged', value: false },
    ],
    init: [],
  };
  const sidecar = byName(spec(inject(template(), NATIVE, { patches })).initContainers, 'kuma-sidecar');
  assert.is(sidecar.restartPolicy, 'Always');
  assert.equal(sidecar.lifecycle, { preStop: { exec: { command: ['killall', '-USR2', 'kuma-dp'] } } });
  assert.is((sidecar.securityContext as JsonObject).privileged, false);
});

native('Kubernetes older than 1.29 falls back to the legacy layout', () => {
  const out = inject(template(), settingsWith({ kubernetesVersion: '1.28' }));
  assert.equal(names(spec(out).containers), ['kuma-sidecar', 'app']);
  assert.equal(names(spec(out).initContainers), ['kuma-init']);
});

// ---------------------------------------------------------------------------------------------------------
const legacy = suite('injectPodTemplate: legacy layout');

legacy('kuma-sidecar first among containers, kuma-init after the existing init containers (fixture 02)', () => {
  const t = template();
  spec(t).initContainers = [{ name: 'init', image: 'busybox' }];
  const out = inject(t, LEGACY);
  assert.equal(names(spec(out).containers), ['kuma-sidecar', 'app']);
  assert.equal(names(spec(out).initContainers), ['init', 'kuma-init']);
  const sidecar = byName(spec(out).containers, 'kuma-sidecar');
  assert.is(sidecar.restartPolicy, undefined);
  assert.is(sidecar.lifecycle, undefined);
  assert.is(sidecar.startupProbe, undefined);
});

legacy('kuma.io/init-first puts kuma-init first (fixture 32)', () => {
  const t = template();
  spec(t).initContainers = [{ name: 'init', image: 'busybox' }];
  (t.metadata as JsonObject).annotations = { 'kuma.io/init-first': 'true' };
  assert.equal(names(spec(inject(t, LEGACY)).initContainers), ['kuma-init', 'init']);
});

legacy('keeps the postStart wait hook outside native mode', () => {
  const t = template();
  (t.metadata as JsonObject).annotations = { 'kuma.io/wait-for-dataplane-ready': 'true' };
  const sidecar = byName(spec(inject(t, LEGACY)).containers, 'kuma-sidecar');
  assert.equal(sidecar.lifecycle, { postStart: { exec: { command: ['kuma-dp', 'wait', '--url', 'http://localhost:9902/ready'] } } });
});

legacy('an invalid kuma.io/init-first fails on that annotation', () => {
  const t = template();
  (t.metadata as JsonObject).annotations = { 'kuma.io/init-first': 'maybe' };
  const e = failure(() => inject(t, LEGACY));
  assert.is(e.field, 'metadata.annotations[kuma.io/init-first]');
  assert.match(e.message, 'annotation "kuma.io/init-first" has wrong value "maybe"');
});

// ---------------------------------------------------------------------------------------------------------
const defaultContainer = suite('injectPodTemplate: kubectl default-container');

defaultContainer('is set to the only container', () => {
  assert.is(annotations(inject(template()))['kubectl.kubernetes.io/default-container'], 'app');
});

defaultContainer('is not set with two containers', () => {
  const t = template();
  spec(t).containers = [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }];
  assert.is(annotations(inject(t))['kubectl.kubernetes.io/default-container'], undefined);
});

defaultContainer('an existing one is kept', () => {
  const t = template();
  (t.metadata as JsonObject).annotations = { 'kubectl.kubernetes.io/default-container': 'other' };
  assert.is(annotations(inject(t))['kubectl.kubernetes.io/default-container'], 'other');
});

defaultContainer('is set in the legacy layout too, to the app container and not kuma-sidecar', () => {
  assert.is(annotations(inject(template(), LEGACY))['kubectl.kubernetes.io/default-container'], 'app');
});

// ---------------------------------------------------------------------------------------------------------
const cni = suite('injectPodTemplate: CNI');

const CNI = withInjector({ cniEnabled: true });

cni('uses kuma-validation instead of kuma-init, adds the network annotation and keeps both tmp volumes (fixture 34)', () => {
  const out = inject(template(), CNI);
  assert.equal(names(spec(out).initContainers), ['kuma-validation', 'kuma-sidecar']);
  assert.is(annotations(out)['k8s.v1.cni.cncf.io/networks'], 'kuma-cni');
  assert.equal(byName(spec(out).initContainers, 'kuma-validation').args, ['--config-file=/tmp/.kumactl', '--ip-family-mode=dualstack', '--validation-server-port=15006']);
  assert.equal(names(spec(out).volumes), ['data', 'kuma-init-tmp', 'kuma-sidecar-tmp']);
});

cni('a gateway gets no init container at all (fixture 41)', () => {
  const t = template();
  (t.metadata as JsonObject).annotations = { 'kuma.io/gateway': 'enabled' };
  assert.equal(names(spec(inject(t, CNI)).initContainers), ['kuma-sidecar']);
  const legacyOut = inject(t, withInjector({ cniEnabled: true }, { sidecarContainers: false }));
  assert.is(spec(legacyOut).initContainers, undefined);
  assert.equal(names(spec(legacyOut).containers), ['kuma-sidecar', 'app']);
});

cni('the init patch goes to kuma-validation', () => {
  const patches: ContainerPatchSet = { names: ['p'], sidecar: [], init: [{ op: 'remove', path: '/securityContext/runAsUser' }] };
  const validation = byName(spec(inject(template(), CNI, { patches })).initContainers, 'kuma-validation');
  assert.is((validation.securityContext as JsonObject).runAsUser, undefined);
  assert.is((validation.securityContext as JsonObject).runAsGroup, 5678);
});

// ---------------------------------------------------------------------------------------------------------
const volumes = suite('injectPodTemplate: volumes');

volumes('SPIRE by annotation appends the CSI socket volume after the tmp volumes (fixture 43)', () => {
  const t = template();
  (t.metadata as JsonObject).annotations = { 'k8s.kuma.io/spire-support': 'true' };
  assert.equal(spec(inject(t)).volumes, [
    { name: 'data', emptyDir: {} },
    { name: 'kuma-init-tmp', emptyDir: { sizeLimit: '10M' } },
    { name: 'kuma-sidecar-tmp', emptyDir: { sizeLimit: '10M' } },
    { name: 'kuma-spire-agent-socket', csi: { driver: 'csi.spiffe.io', readOnly: true } },
  ]);
});

volumes('SPIRE from config, turned off by the annotation', () => {
  const settings = withInjector({ spire: { enabled: true } });
  assert.ok(names(spec(inject(template(), settings)).volumes).includes('kuma-spire-agent-socket'));
  const t = template();
  (t.metadata as JsonObject).annotations = { 'k8s.kuma.io/spire-support': 'false' };
  assert.not.ok(names(spec(inject(t, settings)).volumes).includes('kuma-spire-agent-socket'));
});

volumes('eBPF appends hostPath volumes for cgroup and bpffs last (fixture 30)', () => {
  const settings = withInjector({ ebpf: { enabled: true, cgroupPath: '/cg', bpffsPath: '/bpf' }, spire: { enabled: true } });
  const out = inject(template(), settings);
  assert.equal((spec(out).volumes as JsonObject[]).slice(-3), [
    { name: 'kuma-spire-agent-socket', csi: { driver: 'csi.spiffe.io', readOnly: true } },
    { name: 'sys-fs-cgroup', hostPath: { path: '/cg' } },
    { name: 'bpf-fs', hostPath: { path: '/bpf' } },
  ]);
  assert.is(annotations(out)['kuma.io/transparent-proxying-ebpf'], 'enabled');
  assert.ok((byName(spec(out).initContainers, 'kuma-init').args as string[]).includes('--ebpf-enabled'));
});

volumes('creates the volume list when the template has none', () => {
  const t = template();
  delete spec(t).volumes;
  assert.equal(names(spec(inject(t)).volumes), ['kuma-init-tmp', 'kuma-sidecar-tmp']);
});

volumes('copies the app token mount into kuma-sidecar (fixture 01)', () => {
  const t = template();
  (spec(t).containers as JsonObject[])[0]!.volumeMounts = [{ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }];
  const sidecar = byName(spec(inject(t)).initContainers, 'kuma-sidecar');
  assert.equal(sidecar.volumeMounts, [
    { name: 'kuma-sidecar-tmp', mountPath: '/tmp' },
    { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
  ]);
});

// ---------------------------------------------------------------------------------------------------------
const annotationsSuite = suite('injectPodTemplate: annotations and probes');

annotationsSuite('overwrites pod values Kuma does not let a pod change, and kuma-init follows the merge', () => {
  const t = template();
  (t.metadata as JsonObject).annotations = { 'kuma.io/sidecar-uid': '1000', 'kuma.io/transparent-proxying-inbound-port': '1' };
  const out = inject(t);
  assert.is(annotations(out)['kuma.io/sidecar-uid'], '5678');
  assert.is(annotations(out)['kuma.io/transparent-proxying-inbound-port'], '15006');
  assert.equal(byName(spec(out).initContainers, 'kuma-init').args, ['--exclude-inbound-ports=9902,9001', '--redirect-all-dns-traffic', '--verbose']);
});

annotationsSuite('a gateway: no inbound redirection, probe proxy 0, probes untouched (fixture 06)', () => {
  const t = template();
  (t.metadata as JsonObject).annotations = { 'kuma.io/gateway': 'enabled' };
  const out = inject(t);
  assert.is(annotations(out)['kuma.io/application-probe-proxy-port'], '0');
  assert.is(annotations(out)['kuma.io/virtual-probes'], 'disabled');
  assert.equal(byName(spec(out).initContainers, 'kuma-init').args, ['--redirect-inbound=false', '--redirect-all-dns-traffic', '--verbose']);
  assert.equal((spec(out).containers as JsonObject[])[0]!.readinessProbe, { httpGet: { path: '/ready', port: 8080 } });
});

annotationsSuite('probe proxy 0 on the pod switches to virtual probes (fixture 15)', () => {
  const t = template();
  (t.metadata as JsonObject).annotations = { 'kuma.io/application-probe-proxy-port': '0' };
  const out = inject(t);
  assert.is(annotations(out)['kuma.io/virtual-probes'], 'enabled');
  assert.equal((spec(out).containers as JsonObject[])[0]!.readinessProbe, { httpGet: { path: '/8080/ready', port: 9000 } });
  assert.equal(byName(spec(out).initContainers, 'kuma-init').args, ['--exclude-inbound-ports=9902', '--redirect-all-dns-traffic', '--verbose']);
});

annotationsSuite('a non-boolean gateway value fails injection', () => {
  const t = template();
  (t.metadata as JsonObject).annotations = { 'kuma.io/gateway': 'provided' };
  const e = failure(() => inject(t));
  assert.match(e.message, 'annotation "kuma.io/gateway" has wrong value "provided"');
  assert.is(e.field, 'metadata.annotations[kuma.io/gateway]');
});

annotationsSuite('a probe on the probe proxy port fails injection', () => {
  const t = template();
  (spec(t).containers as JsonObject[])[0]!.readinessProbe = { httpGet: { path: '/', port: 9001 } };
  const e = failure(() => inject(t));
  assert.match(e.message, 'Port for probe cannot be set to 9001');
});

annotationsSuite('writes the mesh label it is given', () => {
  const out = injectPodTemplate(template(), { settings: NATIVE, mesh: 'demo', patches: NO_PATCHES, warn: () => {} });
  assert.is(((out.metadata as JsonObject).labels as JsonObject)['kuma.io/mesh'], 'demo');
  const env = byName(spec(out).initContainers, 'kuma-sidecar').env as JsonObject[];
  assert.is(env.find((e) => e.name === 'KUMA_DATAPLANE_MESH')?.value, 'demo');
});

annotationsSuite('does not modify its input', () => {
  const t = template();
  const copy = structuredClone(t);
  inject(t);
  assert.equal(t, copy);
});

annotationsSuite('the result has a sidecar, the input not', () => {
  assert.not.ok(hasSidecar(spec(template())));
  assert.ok(hasSidecar(spec(inject(template()))));
  assert.ok(hasSidecar(spec(inject(template(), LEGACY))));
});

annotationsSuite('passes ContainerPatch warnings on', () => {
  const messages: string[] = [];
  const patches: ContainerPatchSet = { names: ['p'], sidecar: [{ op: 'add', path: '/bogus', value: 1 }], init: [] };
  const out = inject(template(), NATIVE, { patches, warn: (m) => messages.push(m) });
  assert.is(messages.length, 1);
  assert.is(byName(spec(out).initContainers, 'kuma-sidecar').bogus, undefined);
});

// ---------------------------------------------------------------------------------------------------------
const cm = suite('injectPodTemplate: ConfigMap mode');

const CM = withInjector({ transparentProxyConfigMap: 'kuma-transparent-proxy-config' });

cm('fails without the base config, naming the ConfigMap', () => {
  for (const base of [undefined, '']) {
    const e = failure(() => inject(template(), CM, base === undefined ? {} : { transparentProxyBaseConfig: base }));
    assert.ok(e.message.startsWith('could not retrieve transparent proxy configuration: '));
    assert.match(e.message, '"kuma-transparent-proxy-config"');
    assert.match(e.message, '"kuma-system"');
    assert.is(e.code, 'TRANSPARENT_PROXY_CONFIG_MISSING');
  }
});

cm('with a base config, adds the downward-API volume and the config annotation, no legacy annotations', () => {
  const out = inject(template(), CM, { transparentProxyBaseConfig: 'kumaDPUser: "5678"\nipFamilyMode: dualstack\n' });
  const s = spec(out);
  assert.equal((s.volumes as JsonObject[]).at(-1), {
    name: 'transparent-proxy-base',
    downwardAPI: { items: [{ path: 'config.yaml', fieldRef: { fieldPath: "metadata.annotations['traffic.kuma.io/transparent-proxy-config']" } }] },
  });
  assert.type(annotations(out)['traffic.kuma.io/transparent-proxy-config'], 'string');
  assert.is(annotations(out)['kuma.io/transparent-proxying'], undefined);
  assert.equal(byName(s.initContainers, 'kuma-init').args, ['--config=/tmp/transparent-proxy/base/config.yaml']);
});

native.run();
legacy.run();
defaultContainer.run();
cni.run();
volumes.run();
annotationsSuite.run();
cm.run();
