/**
 * KUBE_VERSION (issue 12): Argo CD gives config management plugins the cluster's version; it is used when the
 * config has no `kubernetesVersion` (in either form, or no config at all), with an info result saying so, and
 * never over a version the config names. src/integration/argocd.test.ts runs it through the CMP's command.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { KubeObject } from './krm/object.ts';
import { minorVersionOf } from './host-kube-version.ts';
import { loadSettings } from './settings.ts';
import { TEST_CA } from './testing/test-ca.ts';

const host = suite('KUBE_VERSION');

host('the minor version from what Argo CD and providers write', () => {
  assert.equal(['v1.31.2', '1.31.2', '1.31', '1.29+', 'v1.28.3-gke.1200', ' 1.30 '].map(minorVersionOf), ['1.31', '1.31', '1.31', '1.29', '1.28', '1.30']);
  assert.equal(['latest', '131', 'v1', ''].map(minorVersionOf), [undefined, undefined, undefined, undefined]);
});

const typed = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'c' }, spec }) as KubeObject;
const configMap = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data }) as KubeObject;

function loaded(config: KubeObject | undefined, kubeVersion: string | undefined) {
  const outcome = loadSettings(config, { kubeVersion });
  if (!outcome.ok) throw new Error(outcome.results.map((r) => r.message).join('\n'));
  const notes = outcome.results.filter((r) => r.code === 'KUBERNETES_VERSION_FROM_HOST').map((r) => [r.severity, r.field?.path, r.message]);
  return { version: outcome.settings.spec.kubernetesVersion, native: outcome.settings.native, notes };
}

host('unset in the config: KUBE_VERSION is used, and an info result says so', () => {
  const typedRun = loaded(typed({ caCert: TEST_CA }), 'v1.28.3');
  assert.equal([typedRun.version, typedRun.native], ['1.28', false], 'Kubernetes 1.28: no native sidecars');
  assert.equal(typedRun.notes, [
    ['info', 'spec.kubernetesVersion', '`spec.kubernetesVersion` is unset, so the cluster\'s version is taken from KUBE_VERSION="v1.28.3" (Argo CD sets it for config management plugins): Kubernetes 1.28'],
  ]);
  const mapRun = loaded(configMap({ meshes: 'default' }), '1.29+');
  assert.equal([mapRun.version, mapRun.notes[0]?.[1]], ['1.29', 'data.kubernetesVersion']);
  assert.equal(loaded(undefined, 'v1.27.1').version, '1.27', 'no functionConfig at all');
});

host('a version in the config wins, without a word; no KUBE_VERSION changes nothing', () => {
  assert.equal(loaded(typed({ kubernetesVersion: '1.31' }), 'v1.28.3'), { version: '1.31', native: true, notes: [] });
  assert.equal(loaded(configMap({ kubernetesVersion: '1.30' }), 'v1.28.3').version, '1.30');
  assert.equal(loaded(typed({}), undefined), { version: '1.31', native: true, notes: [] });
  assert.equal(loaded(typed({}), '').notes, []);
});

host('a KUBE_VERSION that is no version is a warning, and the default stands', () => {
  const run = loaded(typed({}), 'latest');
  assert.is(run.version, '1.31');
  assert.equal(run.notes.map((n) => n[0]), ['warning']);
  assert.match(String(run.notes[0]?.[2]), 'KUBE_VERSION="latest" is not a Kubernetes version');
});

host.run();
