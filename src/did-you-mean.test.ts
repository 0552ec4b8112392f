/**
 * "Did you mean" for misspelled config fields (issue 12): the closest known name, ignoring case, only when it is
 * close; in the KumaInject form at every depth of a strict section, and for the ConfigMap form's keys.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { KubeObject } from './krm/object.ts';
import { closestName, closestPath, editDistance } from './did-you-mean.ts';
import { loadSettings } from './settings.ts';

const dym = suite('did you mean');

dym('edit distance counts inserts, deletes, substitutions and swapped neighbours', () => {
  assert.equal([editDistance('meshs', 'meshes'), editDistance('kubernetesVerison', 'kubernetesVersion'), editDistance('abc', 'xyz'), editDistance('', 'ab')], [1, 1, 3, 2]);
});

dym('the closest known name, ignoring case, and none when nothing is close', () => {
  const known = ['meshes', 'namespaces', 'caCert', 'kubernetesVersion', 'sidecarImage'];
  assert.is(closestName('meshs', known), 'meshes');
  assert.is(closestName('CACert', known), 'caCert');
  assert.is(closestName('sidecarImg', known), 'sidecarImage');
  assert.is(closestName('kubernetes_version', known), 'kubernetesVersion');
  assert.is(closestName('foo', known), undefined);
  assert.is(closestName('mesh-names', known), undefined);
});

const messages = (config: KubeObject): Array<[string | undefined, string]> => {
  const outcome = loadSettings(config);
  assert.is(outcome.ok, false);
  return outcome.results.filter((r) => r.severity === 'error').map((r) => [r.field?.path, r.message]);
};
const typed = (spec: unknown): KubeObject => ({ apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'c' }, spec }) as KubeObject;

dym('KumaInject: an unknown field at any depth names the field it likely misspells', () => {
  assert.equal(messages(typed({ meshs: ['default'] })), [['spec', 'unknown field `meshs`: did you mean `meshes`?']]);
  assert.equal(messages(typed({ lifecycle: { gracePeriod: { raize: true } } })), [['spec.lifecycle.gracePeriod', 'unknown field `raize`: did you mean `raise`?']]);
  assert.equal(messages(typed({ controlPlane: { runtime: { kubernetes: { injector: { sidecarContainer: { imag: 'x' } } } } } })), [
    ['spec.controlPlane.runtime.kubernetes.injector.sidecarContainer', 'unknown field `imag`: did you mean `image`?'],
  ]);
  assert.equal(messages(typed({ namespaces: { shop: { lables: {} } } })), [['spec.namespaces.shop', 'unknown field `lables`: did you mean `labels`?']]);
  assert.equal(messages(typed({ workloadKinds: [{ apiVersion: 'a/v1', kind: 'B', podTemplatePath: 'spec.template', podTemplatPath: 'x' }] })), [[
    'spec.workloadKinds[0]',
    'unknown field `podTemplatPath`: did you mean `podTemplatePath`?',
  ]]);
});

dym('KumaInject: several unknown fields each get their guess; a field like none gets the plain advice', () => {
  assert.equal(messages(typed({ meshs: [], dataplane: {} })), [['spec', 'unknown fields `meshs` (did you mean `meshes`?), `dataplane` (did you mean `dataplanes`?): remove them or check the spelling']]);
  assert.equal(messages(typed({ color: 'blue' })), [['spec', 'unknown field `color`: remove it or check the spelling']]);
});

dym('ConfigMap: an unknown key names the key it likely misspells, inside YAML values too', () => {
  const configMap = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'f' }, data }) as KubeObject;
  const [[path, message]] = messages(configMap({ kubernetesVerison: '1.31' })) as [[string, string]];
  assert.is(path, 'data.kubernetesVerison');
  assert.match(message, /^unknown ConfigMap key `kubernetesVerison` \(did you mean `kubernetesVersion`\?\): the keys are /);
  assert.match(messages(configMap({ Meshes: 'default' }))[0]![1], 'did you mean `meshes`?');
  assert.not.match(messages(configMap({ colour: 'blue' }))[0]![1], 'did you mean');
  // Inside a YAML value: the key that holds it, and where in it.
  assert.equal(messages(configMap({ namespaces: 'shop: {lables: {}}' })), [['data.namespaces', '`shop`: unknown field `lables`: did you mean `labels`?']]);
});

dym('ConfigMap: a misspelled dotted key gets the spec path it likely misspells, any segment corrected', () => {
  const configMap = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'f' }, data }) as KubeObject;
  const guess = (key: string): string | undefined => /did you mean `([^`]+)`/.exec(messages(configMap({ [key]: 'x' }))[0]![1])?.[1];
  assert.is(guess('dataplanes.mod'), 'dataplanes.mode');
  assert.is(guess('lifecycle.preStop.second'), 'lifecycle.preStop.seconds');
  assert.is(guess('lifecyle.preStop.seconds'), 'lifecycle.preStop.seconds');
  assert.is(guess('lifecycle.prestop.secnds'), 'lifecycle.preStop.seconds');
  assert.is(guess('refusePrivilegedPatch'), 'refusePrivilegedPatches', 'a top-level spec field that is no shorthand');
  assert.is(guess('controlPlane.runtime.kubernetes.injector.sidecarContainer.uidd'), 'controlPlane.runtime.kubernetes.injector.sidecarContainer.uid');
  assert.is(guess('namespaces.shop.lables'), 'namespaces.shop.labels', 'a map entry is any name');
  assert.is(guess('dataplanes.colour'), undefined, 'a segment close to no field gets no guess');
  assert.is(guess('sidecarImage.tag'), undefined, 'nothing is beneath a shorthand');
});

dym('closestPath corrects each segment against the names allowed after the path before it', () => {
  const tree: Record<string, readonly string[] | undefined> = { '': ['alpha', 'beta'], alpha: ['gamma'], beta: undefined };
  const namesAt = (path: readonly string[]): readonly string[] | undefined => (Object.hasOwn(tree, path.join('.')) ? tree[path.join('.')] : []);
  assert.is(closestPath('alpa.gama', namesAt), 'alpha.gamma');
  assert.is(closestPath('beta.anything', namesAt), undefined, 'already right: nothing to suggest');
  assert.is(closestPath('bta.anything', namesAt), 'beta.anything');
  assert.is(closestPath('alpha.gamma.delta', namesAt), undefined);
});

dym.run();
