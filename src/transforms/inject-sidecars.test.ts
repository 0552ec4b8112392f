/**
 * The injection transform over a whole item list: what it leaves alone (by reference), where namespace labels,
 * meshes and ContainerPatches come from, how failures are reported, and re-runs (idempotent, re-injection on
 * a changed config, stripping when injection is turned off).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { settingsWith } from '../testing/fixtures.ts';
import type { JsonObject, KubeObject } from '../krm/object.ts';
import type { Result } from '../krm/result.ts';
import { loadSettings, type Settings } from '../settings.ts';
import { yaml } from '../testing/yaml.ts';
import { injectSidecars } from './inject-sidecars.ts';

const DEFAULTS = settingsWith();

const namespace = (name: string, labels: Record<string, string> = { 'kuma.io/sidecar-injection': 'enabled' }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});

function deployment(name = 'web', templateMetadata: JsonObject = { labels: { app: 'web' } }, ns = 'demo'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: structuredClone(templateMetadata),
        spec: { containers: [{ name: 'app', image: 'nginx', readinessProbe: { httpGet: { path: '/ready', port: 8080 } } }] },
      },
    },
  };
}

const containerPatch = (name: string, ns: string, sidecarPatch: JsonObject[]): KubeObject => ({
  apiVersion: 'kuma.io/v1alpha1',
  kind: 'ContainerPatch',
  metadata: { name, namespace: ns },
  spec: { sidecarPatch },
});

const template = (object: KubeObject): JsonObject => ((object.spec as JsonObject).template as JsonObject);
const podSpec = (object: KubeObject): JsonObject => template(object).spec as JsonObject;
const podAnnotations = (object: KubeObject): Record<string, string> => ((template(object).metadata as JsonObject).annotations ?? {}) as Record<string, string>;
const initNames = (object: KubeObject): string[] => ((podSpec(object).initContainers ?? []) as JsonObject[]).map((c) => String(c.name));
const sidecarOf = (object: KubeObject): JsonObject => (podSpec(object).initContainers as JsonObject[]).find((c) => c.name === 'kuma-sidecar')!;
const withCode = (results: readonly Result[], code: string): Result[] => results.filter((r) => r.code === code);
const injected = (object: KubeObject): boolean => initNames(object).includes('kuma-sidecar');

// ---------------------------------------------------------------------------------------------------------
const untouched = suite('injectSidecars: what it leaves alone');

untouched('returns unchanged items as the same references and a new object for the injected one', () => {
  const items: KubeObject[] = [
    namespace('demo'),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'demo' }, spec: { selector: { app: 'web' } } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'demo' }, data: { a: 'b' } },
    deployment('web'),
    deployment('other', { labels: { app: 'other' } }, 'plain'),
  ];
  const snapshot = structuredClone(items);
  const out = injectSidecars(items, DEFAULTS);
  assert.is(out.items.length, items.length);
  for (const i of [0, 1, 2, 4]) assert.is(out.items[i], items[i], `item ${i} is the same reference`);
  assert.is.not(out.items[3], items[3]);
  assert.ok(injected(out.items[3]!));
  assert.equal(items, snapshot, 'the input items are not modified');
  assert.equal(
    out.report.map((r) => r.status),
    ['injected', 'skipped'],
  );
});

untouched('never touches local-config objects, even an injectable Deployment', () => {
  const local = deployment('web');
  (local.metadata as JsonObject).annotations = { 'config.kubernetes.io/local-config': 'true' };
  const out = injectSidecars([namespace('demo'), local], DEFAULTS);
  assert.is(out.items[1], local);
  assert.equal(out.report, []);
});

untouched('never touches the Kptfile', () => {
  const kptfile: KubeObject = { apiVersion: 'kpt.dev/v1', kind: 'Kptfile', metadata: { name: 'pkg' }, pipeline: { mutators: [] } };
  const out = injectSidecars([kptfile, namespace('demo'), deployment()], DEFAULTS);
  assert.is(out.items[0], kptfile);
  assert.ok(injected(out.items[2]!));
});

untouched('a template that already has kuma-sidecar (no record) is left alone with an info result', () => {
  const d = deployment();
  podSpec(d).containers = [{ name: 'kuma-sidecar', image: 'kuma-dp' }, { name: 'app', image: 'nginx' }];
  const out = injectSidecars([namespace('demo'), d], DEFAULTS);
  assert.is(out.items[1], d);
  assert.is(withCode(out.results, 'SIDECAR_PRESENT').length, 1);
  assert.equal(out.report.map((r) => r.status), ['skipped']);
});

untouched('ends with a summary of the pod templates', () => {
  const out = injectSidecars([namespace('demo'), deployment('a'), deployment('b', { labels: { 'kuma.io/sidecar-injection': 'disabled' } })], DEFAULTS);
  const summary = withCode(out.results, 'INJECTED');
  assert.is(summary.length, 1);
  assert.is(summary[0]!.message, '2 pod templates: 1 injected, 1 skipped');
});

untouched('injects the CronJob template at its own path', () => {
  const cron: KubeObject = yaml`
    apiVersion: batch/v1
    kind: CronJob
    metadata: {name: nightly, namespace: demo}
    spec:
      schedule: "0 0 * * *"
      jobTemplate:
        spec:
          template:
            metadata: {}
            spec:
              restartPolicy: Never
              containers: [{name: job, image: busybox}]
  `;
  const out = injectSidecars([namespace('demo'), cron], DEFAULTS);
  const jobTemplate = (((out.items[1]!.spec as JsonObject).jobTemplate as JsonObject).spec as JsonObject).template as JsonObject;
  assert.equal(((jobTemplate.spec as JsonObject).initContainers as JsonObject[]).map((c) => c.name), ['kuma-init', 'kuma-sidecar']);
});

// ---------------------------------------------------------------------------------------------------------
const namespaces = suite('injectSidecars: namespace labels');

namespaces('takes the label from a Namespace object in the input', () => {
  const out = injectSidecars([namespace('demo'), deployment()], DEFAULTS);
  assert.ok(injected(out.items[1]!));
});

namespaces('takes the label from `spec.namespaces` when the Namespace is not in the input', () => {
  const settings = settingsWith({ namespaces: { demo: { labels: { 'kuma.io/sidecar-injection': 'enabled' } } } });
  const out = injectSidecars([deployment()], settings);
  assert.ok(injected(out.items[0]!));
});

namespaces('a Namespace object in the input wins over `spec.namespaces`', () => {
  const settings = settingsWith({ namespaces: { demo: { labels: { 'kuma.io/sidecar-injection': 'enabled' } } } });
  const d = deployment();
  const out = injectSidecars([namespace('demo', { 'kuma.io/sidecar-injection': 'disabled' }), d], settings);
  assert.is(out.items[1], d);
  assert.equal(out.report.map((r) => r.status), ['skipped']);
});

namespaces('skips a template when its namespace is unknown and it has no label', () => {
  const d = deployment();
  const out = injectSidecars([d], DEFAULTS);
  assert.is(out.items[0], d);
  assert.equal(out.report.map((r) => r.status), ['skipped']);
});

namespaces('a workload without a namespace is in `default`', () => {
  const d = deployment();
  delete (d.metadata as JsonObject).namespace;
  const out = injectSidecars([namespace('default'), d], DEFAULTS);
  assert.ok(injected(out.items[1]!));
});

namespaces('the pod label alone injects in an unknown namespace, with an info note', () => {
  const out = injectSidecars([deployment('web', { labels: { 'kuma.io/sidecar-injection': 'enabled' } })], DEFAULTS);
  assert.ok(injected(out.items[0]!));
  assert.is(withCode(out.results, 'NAMESPACE_UNKNOWN').length, 1);
});

// ---------------------------------------------------------------------------------------------------------
const patches = suite('injectSidecars: ContainerPatches');

const withPatches = (names: string): JsonObject => ({ labels: { app: 'web' }, annotations: { 'kuma.io/container-patches': names } });

patches('applies a ContainerPatch from the system namespace', () => {
  const patch = containerPatch('privileged', 'kuma-system', [{ op: 'add', path: '/securityContext/privileged', value: 'false' }]);
  const out = injectSidecars([namespace('demo'), patch, deployment('web', withPatches('privileged'))], DEFAULTS);
  assert.is((sidecarOf(out.items[2]!).securityContext as JsonObject).privileged, false);
  assert.is(out.items[1], patch);
});

patches('ignores a ContainerPatch outside the system namespace, with a warning on it', () => {
  const stray = containerPatch('stray', 'demo', [{ op: 'add', path: '/securityContext/privileged', value: 'true' }]);
  const out = injectSidecars([namespace('demo'), stray, deployment()], DEFAULTS);
  const warnings = withCode(out.results, 'CONTAINER_PATCH_IGNORED');
  assert.is(warnings.length, 1);
  assert.is(warnings[0]!.severity, 'warning');
  assert.equal(warnings[0]!.resourceRef, { apiVersion: 'kuma.io/v1alpha1', kind: 'ContainerPatch', name: 'stray', namespace: 'demo' });
  assert.is((sidecarOf(out.items[2]!).securityContext as JsonObject).privileged, undefined);
});

patches('a same-named ContainerPatch elsewhere does not replace the one in the system namespace', () => {
  const legit = containerPatch('p', 'kuma-system', [{ op: 'add', path: '/securityContext/privileged', value: 'false' }]);
  const impostor = containerPatch('p', 'demo', [{ op: 'add', path: '/securityContext/privileged', value: 'true' }]);
  for (const items of [
    [namespace('demo'), legit, impostor, deployment('web', withPatches('p'))],
    [namespace('demo'), impostor, legit, deployment('web', withPatches('p'))],
  ]) {
    const out = injectSidecars(items, DEFAULTS);
    assert.is((sidecarOf(out.items[3]!).securityContext as JsonObject).privileged, false);
    assert.is(withCode(out.results, 'CONTAINER_PATCH_IGNORED').length, 1);
  }
});

patches('a missing ContainerPatch is an error result and the item is returned unchanged (fixture shouldfail 1)', () => {
  const d = deployment('web', withPatches('container-patch-1'));
  const out = injectSidecars([namespace('demo'), d], DEFAULTS);
  assert.is(out.items[1], d);
  const errors = out.results.filter((r) => r.severity === 'error');
  assert.is(errors.length, 1);
  assert.is(errors[0]!.code, 'CONTAINER_PATCH_MISSING');
  assert.is(errors[0]!.message, 'not injected: it appears some expected container patches are missing: ["container-patch-1"]');
  assert.equal(errors[0]!.field, { path: 'spec.template.metadata.annotations[kuma.io/container-patches]' });
  assert.equal(out.report.map((r) => r.status), ['failed']);
});

patches('referring to a patch that exists only outside the system namespace fails with a hint', () => {
  const stray = containerPatch('p', 'demo', []);
  const d = deployment('web', withPatches('p'));
  const out = injectSidecars([namespace('demo'), stray, d], DEFAULTS);
  assert.is(out.items[2], d);
  const [e] = withCode(out.results, 'CONTAINER_PATCH_MISSING');
  assert.match(e?.message ?? '', '"p" exists in "demo"');
});

patches('config patches apply before the annotation’s', () => {
  const settings = settingsWith({ controlPlane: { runtime: { kubernetes: { injector: { containerPatches: ['first'] } } } } });
  const first = containerPatch('first', 'kuma-system', [{ op: 'add', path: '/env/-', value: '{"name":"ORDER","value":"first"}' }]);
  const second = containerPatch('second', 'kuma-system', [{ op: 'replace', path: '/env/-1/value', value: '"second"' }]);
  const out = injectSidecars([namespace('demo'), first, second, deployment('web', withPatches('second'))], settings);
  const env = sidecarOf(out.items[3]!).env as JsonObject[];
  assert.equal(env.at(-1), { name: 'ORDER', value: 'second' });
});

// Through the transform, not injectPodTemplate alone: the setting must reach the injector from the config.
const privilegeCases: Array<{ name: string; spec: JsonObject; severity: string; code: string; applied: boolean }> = [
  { name: 'applies a privilege-raising patch with a CONTAINER_PATCH_PRIVILEGED warning by default', spec: {}, severity: 'warning', code: 'CONTAINER_PATCH_PRIVILEGED', applied: true },
  {
    name: 'refuses a privilege-raising patch when the config sets spec.refusePrivilegedPatches',
    spec: { refusePrivilegedPatches: true },
    severity: 'error',
    code: 'CONTAINER_PATCH_REFUSED',
    applied: false,
  },
];
for (const c of privilegeCases) {
  patches(c.name, () => {
    const patch = containerPatch('root-me', 'kuma-system', [{ op: 'add', path: '/securityContext/privileged', value: 'true' }]);
    const d = deployment('web', withPatches('root-me'));
    const out = injectSidecars([namespace('demo'), patch, d], settingsWith(c.spec));
    const found = out.results.filter((r) => r.code.startsWith('CONTAINER_PATCH_'));
    assert.equal(found.map((r) => [r.severity, r.code]), [[c.severity, c.code]]);
    assert.match(found[0]!.message, 'ContainerPatch "root-me" raises the privilege of `kuma-sidecar`: `privileged: true`');
    assert.is(found[0]!.message.includes('set `spec.refusePrivilegedPatches`'), c.applied, 'only the warning suggests the setting');
    if (c.applied) assert.is((sidecarOf(out.items[2]!).securityContext as JsonObject).privileged, true);
    else assert.is(out.items[2], d, 'a refused workload is returned unchanged');
    assert.equal(out.report.map((r) => r.status), [c.applied ? 'injected' : 'failed']);
  });
}

patches('an invalid ContainerPatch is an error on that object', () => {
  const bad = containerPatch('bad', 'kuma-system', [{ op: 'test', path: '/a', value: '1' }]);
  const out = injectSidecars([bad], DEFAULTS);
  const [e] = withCode(out.results, 'CONTAINER_PATCH_INVALID');
  assert.is(e?.severity, 'error');
  assert.equal(e?.field, { path: 'spec.sidecarPatch[0].op' });
});

// ---------------------------------------------------------------------------------------------------------
const meshes = suite('injectSidecars: meshes');

const meshObject = (name: string): KubeObject => ({ apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', metadata: { name } });

meshes('a mesh missing from `spec.meshes` is an error and the item is unchanged', () => {
  const d = deployment('web', { labels: { app: 'web', 'kuma.io/mesh': 'demo' } });
  const out = injectSidecars([namespace('demo'), d], settingsWith({ meshes: ['default'] }));
  assert.is(out.items[1], d);
  const [e] = withCode(out.results, 'MESH_NOT_FOUND');
  assert.is(e?.severity, 'error');
  assert.match(e?.message ?? '', 'meshes.kuma.io "demo" not found');
  assert.equal(e?.field, { path: 'spec.template.metadata.labels[kuma.io/mesh]' });
});

meshes('a Mesh object in the input adds to `spec.meshes`', () => {
  const d = deployment('web', { labels: { app: 'web', 'kuma.io/mesh': 'demo' } });
  const out = injectSidecars([namespace('demo'), meshObject('demo'), d], settingsWith({ meshes: ['default'] }));
  assert.ok(injected(out.items[2]!));
});

meshes('with only Mesh objects in the input, an unknown mesh is a warning and the template is injected', () => {
  const d = deployment('web', { labels: { app: 'web', 'kuma.io/mesh': 'demo' } });
  const out = injectSidecars([namespace('demo'), meshObject('default'), d], DEFAULTS);
  assert.ok(injected(out.items[2]!));
  const [w] = withCode(out.results, 'MESH_UNVERIFIED');
  assert.is(w?.severity, 'warning');
  assert.is(out.results.filter((r) => r.severity === 'error').length, 0);
});

meshes('with no mesh information at all, any mesh is accepted silently', () => {
  const d = deployment('web', { labels: { app: 'web', 'kuma.io/mesh': 'demo' } });
  const out = injectSidecars([namespace('demo'), d], DEFAULTS);
  assert.ok(injected(out.items[1]!));
  assert.is(withCode(out.results, 'MESH_UNVERIFIED').length, 0);
  const env = sidecarOf(out.items[1]!).env as JsonObject[];
  assert.is(env.find((e) => e.name === 'KUMA_DATAPLANE_MESH')?.value, 'demo');
});

meshes('precheck errors carry the template field prefix', () => {
  const d = deployment();
  (podSpec(d).containers as JsonObject[])[0]!.securityContext = { runAsUser: 5678 };
  const out = injectSidecars([namespace('demo'), d], DEFAULTS);
  assert.is(out.items[1], d);
  const [e] = withCode(out.results, 'SIDECAR_UID_CONFLICT');
  assert.equal(e?.field, { path: 'spec.template.spec.containers[0].securityContext.runAsUser' });
  assert.is(e?.message, 'not injected: containers using same UID as sidecar is unsupported: ["app"]');
});

// ---------------------------------------------------------------------------------------------------------
const reruns = suite('injectSidecars: re-runs');

reruns('running on its own output changes nothing and returns the same references', () => {
  const first = injectSidecars([namespace('demo'), deployment()], DEFAULTS);
  const again = injectSidecars(first.items, DEFAULTS);
  assert.is(again.items[1], first.items[1]);
  assert.equal(again.report.map((r) => r.status), ['unchanged']);
  assert.equal(initNames(again.items[1]!), ['kuma-init', 'kuma-sidecar']);
});

reruns('running on a YAML round trip of its output is also a no-op', () => {
  const first = injectSidecars([namespace('demo'), deployment()], DEFAULTS);
  const copy = JSON.parse(JSON.stringify(first.items)) as KubeObject[];
  const again = injectSidecars(copy, DEFAULTS);
  assert.is(again.items[1], copy[1]);
  assert.equal(again.report.map((r) => r.status), ['unchanged']);
});

reruns('a changed config re-injects: status updated, one sidecar, the new values', () => {
  const first = injectSidecars([namespace('demo'), deployment()], DEFAULTS);
  const settings = settingsWith({ controlPlane: { runtime: { kubernetes: { injector: { sidecarContainer: { image: 'kuma/kuma-dp:9.9.9' }, applicationProbeProxyPort: 9500 } } } } });
  const again = injectSidecars(first.items, settings);
  assert.equal(again.report.map((r) => r.status), ['updated']);
  assert.is(withCode(again.results, 'UPGRADED').length, 1);
  const d = again.items[1]!;
  assert.equal(initNames(d), ['kuma-init', 'kuma-sidecar']);
  assert.is(sidecarOf(d).image, 'kuma/kuma-dp:9.9.9');
  assert.is(podAnnotations(d)['kuma.io/application-probe-proxy-port'], '9500');
  assert.equal((podSpec(d).containers as JsonObject[])[0]!.readinessProbe, { httpGet: { path: '/8080/ready', port: 9500 } });
  assert.equal(((podSpec(d).volumes as JsonObject[]) ?? []).map((v) => v.name), ['kuma-init-tmp', 'kuma-sidecar-tmp']);
});

reruns('the re-injected result equals a fresh injection with the new config', () => {
  const settings = settingsWith({ controlPlane: { experimental: { sidecarContainers: false } } });
  const first = injectSidecars([namespace('demo'), deployment()], DEFAULTS);
  const again = injectSidecars(first.items, settings);
  const fresh = injectSidecars([namespace('demo'), deployment()], settings);
  assert.equal(again.items[1], fresh.items[1]);
});

reruns('turning injection off on an injected template strips it back to the original', () => {
  const original = deployment();
  const first = injectSidecars([namespace('demo', { 'kuma.io/sidecar-injection': 'enabled' }), original], DEFAULTS);
  const again = injectSidecars([namespace('demo', { 'kuma.io/sidecar-injection': 'disabled' }), first.items[1]!], DEFAULTS);
  assert.equal(again.items[1], original);
  assert.equal(again.report.map((r) => r.status), ['skipped']);
});

reruns('a pod label that disables injection strips it too, keeping that label', () => {
  const first = injectSidecars([namespace('demo'), deployment()], DEFAULTS);
  const edited = structuredClone(first.items[1]!);
  ((template(edited).metadata as JsonObject).labels as JsonObject)['kuma.io/sidecar-injection'] = 'disabled';
  const again = injectSidecars([namespace('demo'), edited], DEFAULTS);
  const expected = deployment('web', { labels: { app: 'web', 'kuma.io/sidecar-injection': 'disabled' } });
  assert.equal(again.items[1], expected);
});

reruns('a user edit of an injected annotation survives re-injection and is reported', () => {
  const first = injectSidecars([namespace('demo'), deployment()], DEFAULTS);
  const edited = structuredClone(first.items[1]!);
  (template(edited).metadata as JsonObject).annotations = { ...podAnnotations(edited), 'kuma.io/virtual-probes-port': '9999' };
  const again = injectSidecars([namespace('demo'), edited], DEFAULTS);
  assert.is(podAnnotations(again.items[1]!)['kuma.io/virtual-probes-port'], '9999');
  const [kept] = withCode(again.results, 'USER_EDIT_KEPT');
  assert.equal(kept?.field, { path: 'spec.template.metadata.annotations[kuma.io/virtual-probes-port]' });
});

// ---------------------------------------------------------------------------------------------------------
const jobs = suite('injectSidecars: Jobs and CronJobs');

const job = (kind: 'Job' | 'CronJob' = 'Job'): KubeObject => {
  const template = { metadata: { labels: { app: 'batch' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'task', image: 'busybox' }] } };
  return kind === 'Job'
    ? { apiVersion: 'batch/v1', kind, metadata: { name: 'once', namespace: 'demo' }, spec: { template } }
    : { apiVersion: 'batch/v1', kind, metadata: { name: 'nightly', namespace: 'demo' }, spec: { schedule: '0 0 * * *', jobTemplate: { spec: { template } } } };
};
const jobSpec = (object: KubeObject): JsonObject =>
  (object.kind === 'Job' ? template(object) : ((((object.spec as JsonObject).jobTemplate as JsonObject).spec as JsonObject).template as JsonObject)).spec as JsonObject;
const LEGACY_128 = settingsWith({ kubernetesVersion: '1.28' });

jobs('native sidecars: a Job is injected, and its container gets no preStop sleep', () => {
  const out = injectSidecars([namespace('demo'), job()], DEFAULTS);
  assert.equal(((jobSpec(out.items[1]!).initContainers as JsonObject[]) ?? []).map((c) => c.name), ['kuma-init', 'kuma-sidecar']);
  assert.is((jobSpec(out.items[1]!).containers as JsonObject[])[0]!.lifecycle, undefined);
  assert.is(withCode(out.results, 'JOB_LEGACY_LAYOUT').length, 0);
  assert.is(withCode(out.results, 'GRACE_PERIOD_SHORT').length, 0);
});

for (const kind of ['Job', 'CronJob'] as const) {
  jobs(`legacy layout: a ${kind} is not injected, with a warning giving the fixes`, () => {
    const input = job(kind);
    const out = injectSidecars([namespace('demo'), input], LEGACY_128);
    assert.is(out.items[1], input);
    assert.equal(out.report.map((r) => r.status), ['skipped']);
    const [w] = withCode(out.results, 'JOB_LEGACY_LAYOUT');
    assert.is(w?.severity, 'warning');
    assert.match(w?.message ?? '', `the ${kind} would never complete`);
    assert.match(w?.message ?? '', 'use native sidecars (Kubernetes 1.29 or later');
    assert.match(w?.message ?? '', '`kuma.io/sidecar-injection: disabled`');
    assert.match(w?.message ?? '', '`spec.lifecycle.jobs.injectInLegacyLayout: true` injects it anyway');
    assert.is(out.results.filter((r) => r.severity === 'error').length, 0);
  });
}

jobs('native sidecars turned off on 1.31 is the legacy layout too', () => {
  const settings = settingsWith({ controlPlane: { experimental: { sidecarContainers: false } } });
  const out = injectSidecars([namespace('demo'), job()], settings);
  assert.match(withCode(out.results, 'JOB_LEGACY_LAYOUT')[0]?.message ?? '', 'native sidecars are off');
});

jobs('injectInLegacyLayout: injected anyway, with an info result', () => {
  const settings = settingsWith({ kubernetesVersion: '1.28', lifecycle: { jobs: { injectInLegacyLayout: true } } });
  const out = injectSidecars([namespace('demo'), job('CronJob')], settings);
  assert.equal((jobSpec(out.items[1]!).containers as JsonObject[]).map((c) => c.name), ['kuma-sidecar', 'task']);
  assert.equal(withCode(out.results, 'JOB_LEGACY_LAYOUT').map((r) => r.severity), ['info']);
});

jobs('a Job injected natively earlier is stripped when the layout becomes legacy', () => {
  const first = injectSidecars([namespace('demo'), job()], DEFAULTS);
  const again = injectSidecars([namespace('demo'), first.items[1]!], LEGACY_128);
  assert.equal(again.items[1], job());
});

// ---------------------------------------------------------------------------------------------------------
const lifecycle = suite('injectSidecars: lifecycle');

const appOf = (object: KubeObject): JsonObject => (podSpec(object).containers as JsonObject[])[0]!;

lifecycle('a Deployment gets the default 15s native sleep and the grace-period warning, with template field paths', () => {
  const out = injectSidecars([namespace('demo'), deployment()], DEFAULTS);
  assert.equal(appOf(out.items[1]!).lifecycle, { preStop: { sleep: { seconds: 15 } } });
  const [w] = withCode(out.results, 'GRACE_PERIOD_SHORT');
  assert.equal(w?.field, { path: 'spec.template.spec.terminationGracePeriodSeconds' });
});

lifecycle('bare Pods: restartPolicy Always (or none) gets a sleep, Never does not', () => {
  const pod = (name: string, restartPolicy?: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'demo' },
    spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'main', image: 'busybox' }] },
  });
  const out = injectSidecars([namespace('demo'), pod('a'), pod('b', 'Always'), pod('c', 'Never')], DEFAULTS);
  const lifecycleOf = (o: KubeObject): unknown => ((o.spec as JsonObject).containers as JsonObject[])[0]!.lifecycle;
  assert.equal(out.items.slice(1).map(lifecycleOf), [{ preStop: { sleep: { seconds: 15 } } }, { preStop: { sleep: { seconds: 15 } } }, undefined]);
});

lifecycle('a changed duration replaces the sleep on re-run, 0 removes it, and re-runs do not stack', () => {
  const first = injectSidecars([namespace('demo'), deployment()], DEFAULTS);
  const longer = injectSidecars(first.items, settingsWith({ lifecycle: { preStop: { seconds: 30 } } }));
  assert.equal(longer.report.map((r) => r.status), ['updated']);
  assert.equal(appOf(longer.items[1]!).lifecycle, { preStop: { sleep: { seconds: 30 } } });
  const none = injectSidecars(longer.items, settingsWith({ lifecycle: { preStop: { seconds: 0 } } }));
  assert.is(appOf(none.items[1]!).lifecycle, undefined);
  const again = injectSidecars(first.items, DEFAULTS);
  assert.is(again.items[1], first.items[1]);
  assert.is(withCode(again.results, 'PRESTOP_KEPT').length, 0, 'our own sleep is not mistaken for the user’s');
});

lifecycle('Kubernetes 1.28 uses the exec form', () => {
  const out = injectSidecars([namespace('demo'), deployment()], LEGACY_128);
  assert.equal(
    (podSpec(out.items[1]!).containers as JsonObject[]).map((c) => [c.name, c.lifecycle]),
    [
      ['kuma-sidecar', undefined],
      ['app', { preStop: { exec: { command: ['/bin/sleep', '15'] } } }],
    ],
  );
});

lifecycle('raise: the grace period is set and recorded; turning raise off gives the original back', () => {
  const raise = settingsWith({ lifecycle: { gracePeriod: { raise: true } } });
  const first = injectSidecars([namespace('demo'), deployment()], raise);
  assert.is(podSpec(first.items[1]!).terminationGracePeriodSeconds, 50);
  assert.is(withCode(first.results, 'GRACE_PERIOD_RAISED').length, 1);
  const again = injectSidecars(first.items, DEFAULTS);
  assert.is(podSpec(again.items[1]!).terminationGracePeriodSeconds, undefined);
});

lifecycle('a sidecar adopted outside the mesh is recorded, re-runs are no-ops, and dropping it from the config restores it', () => {
  const adopt = settingsWith({ lifecycle: { nativeSidecars: { adopt: ['cloudsql-proxy'] } } });
  const d = deployment('web', { labels: { app: 'web' } }, 'plain');
  (podSpec(d).containers as JsonObject[]).push({ name: 'cloudsql-proxy', image: 'proxy', startupProbe: { tcpSocket: { port: 5432 } } });
  const first = injectSidecars([d], adopt);
  assert.equal(initNames(first.items[0]!), ['cloudsql-proxy']);
  assert.type(podAnnotations(first.items[0]!)['kuma-inject.dev/injected'], 'string');
  assert.equal(first.report.map((r) => r.status), ['skipped']);
  assert.equal(withCode(first.results, 'SIDECAR_ADOPTED').length, 1);
  const again = injectSidecars(first.items, adopt);
  assert.is(again.items[0], first.items[0]);
  const restored = injectSidecars(first.items, DEFAULTS);
  assert.equal(restored.items[0], d);
});

lifecycle('an invalid traffic annotation is an error naming it, and the template is not injected', () => {
  const d = deployment('web', { labels: { app: 'web' }, annotations: { 'traffic.kuma.io/exclude-outbound-ips': '10.0.0.300' } });
  const out = injectSidecars([namespace('demo'), d], DEFAULTS);
  assert.is(out.items[1], d);
  const [e] = withCode(out.results, 'INVALID_ANNOTATION');
  assert.is(e?.severity, 'error');
  assert.equal(e?.field, { path: 'spec.template.metadata.annotations[traffic.kuma.io/exclude-outbound-ips]' });
  assert.match(e?.message ?? '', 'not injected: `traffic.kuma.io/exclude-outbound-ips` is "10.0.0.300": "10.0.0.300" is not an IP address');
  assert.equal(out.report.map((r) => r.status), ['failed']);
});

lifecycle('kuma.io/wait-for-dataplane-ready: a warning in the native layout, an info note in the legacy one', () => {
  const d = (): KubeObject => deployment('web', { labels: { app: 'web' }, annotations: { 'kuma.io/wait-for-dataplane-ready': 'true' } });
  assert.equal(withCode(injectSidecars([namespace('demo'), d()], DEFAULTS).results, 'WAIT_FOR_DATAPLANE_READY').map((r) => r.severity), ['warning']);
  assert.equal(withCode(injectSidecars([namespace('demo'), d()], LEGACY_128).results, 'WAIT_FOR_DATAPLANE_READY').map((r) => r.severity), ['info']);
});

untouched.run();
namespaces.run();
jobs.run();
lifecycle.run();
patches.run();
meshes.run();
reruns.run();
