/**
 * Warnings once under kpt (issue 12): kpt prints the results and the function's stderr, so a ResourceList kpt read
 * from a package gets no stderr lines repeating its results; kustomize's (and any other) still gets them, since
 * kustomize and Argo CD show stderr only. src/integration/kpt.test.ts checks it with the real kpt.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stringifyObjects } from './resource-list.ts';
import type { KubeObject } from './object.ts';
import { run } from '../run.ts';
import { readByKpt } from './host.ts';

const host = suite('host: warnings once');

const deployment = (annotations: Record<string, string>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', annotations },
  spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
});
const NAMESPACE: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'kuma.io/sidecar-injection': 'enabled' } } };
// No caCert: a NO_CA_CERT warning, besides the grace-period one.
const CONFIG: KubeObject = { apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'c' }, spec: { meshes: ['default'] } };
const list = (items: KubeObject[], functionConfig = CONFIG): string => stringifyObjects([{ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }]);

/** As kpt 1.0 sends an object read from a package file (seen with `kpt fn eval --exec`). */
const KPT = { 'config.kubernetes.io/index': '0', 'config.kubernetes.io/path': 'app.yaml', 'internal.config.kubernetes.io/seqindent': 'compact', 'config.k8s.io/id': '1' };
/** As kustomize 5 sends one. */
const KUSTOMIZE = { 'config.k8s.io/id': '1', 'config.kubernetes.io/index': '0', 'internal.config.kubernetes.io/index': '0', 'kustomize.config.k8s.io/id': 'kind: Deployment\nname: web\n' };

host('kpt: the warnings are in the results only, not repeated on stderr', () => {
  const out = run(list([NAMESPACE, deployment(KPT)]));
  assert.is(out.exitCode, 0);
  assert.ok(out.results.filter((r) => r.severity === 'warning').length >= 1, 'the run warns');
  assert.equal(out.stderr, []);
  assert.match(out.stdout, 'severity: warning');
});

host('kpt: an error is in the results only too (kpt prints them on failure as well)', () => {
  const out = run(list([NAMESPACE, deployment(KPT)], { ...CONFIG, spec: { meshs: [] } }));
  assert.equal([out.exitCode, out.stderr], [1, []]);
});

host('kustomize, Argo CD and the rest: every warning and error on stderr, which is all they show', () => {
  for (const annotations of [KUSTOMIZE, {}]) {
    const out = run(list([NAMESPACE, deployment(annotations)]));
    const warnings = out.results.filter((r) => r.severity === 'warning').length;
    assert.is(out.stderr.length, warnings);
    assert.ok(out.stderr.every((line) => line.startsWith('warning: ')), out.stderr.join('\n'));
  }
});

host('kpt is recognised by its reader mark on any item or on the functionConfig', () => {
  const marked = deployment({ 'internal.config.kubernetes.io/seqindent': 'wide' });
  assert.equal([readByKpt([marked], undefined), readByKpt([], marked), readByKpt([deployment(KUSTOMIZE)], CONFIG), readByKpt([], undefined)], [true, true, false, false]);
});

host.run();
