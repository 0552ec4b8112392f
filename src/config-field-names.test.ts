/**
 * Results name a config field as the user wrote it (config-field-names.ts): `spec.<path>` in the KumaInject form,
 * the data key that set it in the ConfigMap form. The comparison of the two forms over every field is in
 * config-fields.test.ts; here the naming rule itself and the cases the review found.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { configMapFieldNames } from './config-field-names.ts';
import type { KubeObject } from './krm/object.ts';
import { runObjects } from './run.ts';
import { loadSettings } from './settings.ts';
import { TEST_CA } from './testing/test-ca.ts';

const test = suite('config field names');

const configMap = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { caCert: TEST_CA, ...data } });
const fieldsOf = (config: KubeObject, code: string, kubeVersion?: string): Array<string | undefined> =>
  loadSettings(config, { kubeVersion }).results.filter((r) => r.code === code).map((r) => r.field?.path);

test('the shorthand the user wrote, not the field it stands for', () => {
  assert.equal(fieldsOf(configMap({ nativeSidecars: 'false' }), 'REMOVED_IN_3_0'), ['data.nativeSidecars']);
  assert.equal(fieldsOf(configMap({ kumaVersion: '3.0-preview', nativeSidecars: 'false' }), 'CONFIG_KEY_NOT_IN_RELEASE'), ['data.nativeSidecars']);
});

test('the dotted key the user wrote, or the key whose YAML holds the field', () => {
  const probes = 'controlPlane.runtime.kubernetes.injector.virtualProbesEnabled';
  assert.equal(fieldsOf(configMap({ [probes]: 'true' }), 'REMOVED_IN_3_0'), [`data.${probes}`]);
  assert.equal(fieldsOf(configMap({ controlPlane: 'runtime: {kubernetes: {injector: {virtualProbesEnabled: true}}}' }), 'REMOVED_IN_3_0'), ['data.controlPlane']);
  // The note is on the `ebpf` section; the key written sets a field inside it.
  const ebpf = 'controlPlane.runtime.kubernetes.injector.ebpf.enabled';
  assert.equal(fieldsOf(configMap({ [ebpf]: 'true' }), 'REMOVED_IN_3_0'), [`data.${ebpf}`]);
  const caCertFile = loadSettings(configMap({ 'controlPlane.runtime.kubernetes.injector.caCertFile': '/ca.crt' })).results.find((r) => r.code === 'CONFIG_FILE_IGNORED');
  assert.is(caCertFile?.field?.path, 'data.controlPlane.runtime.kubernetes.injector.caCertFile');
  assert.match(caCertFile?.message ?? '', 'put the PEM in `data.caCert`');
});

test('a field no key set: the dotted key that would set it', () => {
  assert.equal(fieldsOf(configMap({}), 'KUBERNETES_VERSION_FROM_HOST', 'v1.28.3'), ['data.kubernetesVersion']);
  const legacy = loadSettings(configMap({}), { kubeVersion: 'v1.28.3' }).results.find((r) => r.code === 'LEGACY_LAYOUT');
  assert.is(legacy?.field?.path, 'data.kubernetesVersion');
  assert.match(legacy?.message ?? '', '`data.kubernetesVersion` is "1.28"');
});

test('the KumaInject form: the field under spec', () => {
  const typed: KubeObject = { apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'c' }, spec: { caCert: TEST_CA, controlPlane: { experimental: { sidecarContainers: false } } } };
  assert.equal(fieldsOf(typed, 'REMOVED_IN_3_0'), ['spec.controlPlane.experimental.sidecarContainers']);
});

test('a key that sets a field inside another key\'s YAML wins, in either order, and names results about it', () => {
  const yaml = 'runtime: {kubernetes: {controlPlaneServiceName: mesh-cp}}';
  for (const data of [{ sidecarImage: 'r/dp:1', controlPlane: yaml }, { controlPlane: yaml, sidecarImage: 'r/dp:1' }]) {
    const outcome = loadSettings(configMap(data));
    assert.ok(outcome.ok);
    if (!outcome.ok) return;
    assert.is(outcome.settings.injector.sidecarContainer.image, 'r/dp:1', JSON.stringify(Object.keys(data)));
    assert.is(outcome.settings.controlPlane.runtime.kubernetes.controlPlaneServiceName, 'mesh-cp');
    assert.is(outcome.settings.configField('controlPlane.runtime.kubernetes.injector.sidecarContainer.image'), 'data.sidecarImage');
    assert.is(outcome.settings.configField('controlPlane.runtime.kubernetes.controlPlaneServiceName'), 'data.controlPlane');
  }
});

test('the rule: the deepest key holding the field, else one inside it, else the dotted key; and the rest inside the value', () => {
  const names = configMapFieldNames([
    { key: 'controlPlane', path: 'controlPlane' },
    { key: 'nativeSidecars', path: 'controlPlane.experimental.sidecarContainers' },
    { key: 'lifecycle.preStop.seconds', path: 'lifecycle.preStop.seconds' },
    { key: 'workloadKinds', path: 'workloadKinds' },
  ]);
  assert.is(names.field('controlPlane.experimental.sidecarContainers'), 'data.nativeSidecars');
  assert.is(names.field('controlPlane.dpServer.port'), 'data.controlPlane');
  assert.is(names.within('controlPlane.dpServer.port'), 'dpServer.port');
  assert.is(names.within('controlPlane.experimental.sidecarContainers'), '');
  assert.is(names.field('lifecycle.preStop'), 'data.lifecycle.preStop.seconds');
  assert.is(names.within('lifecycle.preStop'), '');
  assert.is(names.field('lifecycle.gracePeriod.raise'), 'data.lifecycle.gracePeriod.raise');
  assert.is(names.field('workloadKindsX'), 'data.workloadKindsX', 'a name that only starts like a key is not inside it');
  assert.is(names.field(''), 'data');
});

test('a bad list entry: its index in brackets, in either form', () => {
  const errorsOf = (config: KubeObject) => loadSettings(config).results.filter((r) => r.code === 'INVALID_CONFIG').map((r) => [r.field?.path, r.message]);
  const good = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', podTemplatePath: 'spec.template' };
  const typed: KubeObject = { apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'c' }, spec: { caCert: TEST_CA, workloadKinds: [good, { ...good, podTemplatePath: 'spec..template' }] } };
  assert.equal(errorsOf(typed), [['spec.workloadKinds[1].podTemplatePath', 'must be a dot-separated path such as "spec.template"']]);
  const yaml = '[{apiVersion: argoproj.io/v1alpha1, kind: Rollout, podTemplatePath: spec.template}, {apiVersion: argoproj.io/v1alpha1, kind: Rollout, podTemplatePath: spec..template}]';
  assert.equal(errorsOf(configMap({ workloadKinds: yaml })), [['data.workloadKinds', '`[1].podTemplatePath`: must be a dot-separated path such as "spec.template"']]);
});

test('advice inside a section given as YAML text names the dotted key, not the section (`data.lifecycle: true` would replace it)', () => {
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: 'apps' },
    spec: { template: { metadata: { labels: { 'kuma.io/sidecar-injection': 'enabled' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'm:1' }] } } },
  };
  const web: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'apps' },
    spec: { template: { metadata: { labels: { 'kuma.io/sidecar-injection': 'enabled' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
  };
  const config: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c' },
    data: { caCert: TEST_CA, controlPlane: 'experimental:\n  sidecarContainers: false\n', lifecycle: '{gracePeriod: {raise: false}}' },
  };
  const messages = runObjects([job, web], config).results.map((r) => r.message).join('\n');
  assert.match(messages, 'native sidecars are off (`data.controlPlane.experimental.sidecarContainers: "false"`)');
  assert.match(messages, '`data.controlPlane.experimental.sidecarContainers: "true"`');
  assert.match(messages, '`data.lifecycle.jobs.injectInLegacyLayout: "true"` injects it anyway');
  assert.match(messages, 'or `data.lifecycle.gracePeriod.raise: "true"` to have it set');
  assert.not.match(messages, /`data\.(controlPlane|lifecycle): /);
  // With the shorthand, the shorthand is the advice.
  const shorthand = runObjects([job], { ...config, data: { caCert: TEST_CA, nativeSidecars: 'false' } }).results.map((r) => r.message).join('\n');
  assert.match(shorthand, '`data.nativeSidecars: "true"`');
});

test.run();
