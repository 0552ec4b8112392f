/**
 * The 3.0-preview (Kuma main at 348b6528) converter switches where main's fixtures cannot show them through a
 * reconcile: the service-less names (no inbound carries `kuma.io/service` any more, so main's serviceless/01-06
 * cases are checked on workloadOf directly), de-duplication by rank, the reconcile of ingress/egress/builtin Pods,
 * mesh by label only, and the labels Kuma 3.0 deletes.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { KubeObject } from '../krm/object.ts';
import { runObjects } from '../run.ts';
import { readFixtures } from '../testing/dataplane-conformance-inputs.ts';
import { skipReason } from './collect.ts';
import { type Inbound, dedupeInbounds } from './inbounds.ts';
import { indexInputs } from './inputs.ts';
import { dataplaneLabels } from './labels.ts';
import { workloadOf } from './owner.ts';
import { podViewOfPod } from './pod.ts';
import { TEST_CA } from '../testing/test-ca.ts';

const test = suite('3.0-preview converter');
const fixtures = new URL('../../testdata/kuma-fixtures/dataplane/main-348b6528/', import.meta.url);

const SERVICELESS: Array<[string, string | undefined, string, string]> = [
  ['01', 'serviceless/01.replicasets-for-pod.yaml', 'test-server', 'Deployment'],
  ['02', 'serviceless/02.job-for-pod.yaml', 'test-job', 'CronJob'],
  ['03', 'serviceless/03.replicasets-for-pod.yaml', 'test-rs', 'ReplicaSet'],
  ['04', 'serviceless/04.job-for-pod.yaml', 'test-job', 'Job'],
  ['05', undefined, 'test-pod-1', 'Pod'],
  ['06', undefined, 'test-ds', 'DaemonSet'],
];

for (const [num, owners, name, kind] of SERVICELESS) {
  test(`main's serviceless/${num}: the workload is ${kind} ${name}`, () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', ...readFixtures(fixtures, `serviceless/${num}.pod.yaml`)[0]! } as KubeObject;
    const others = owners ? readFixtures(fixtures, owners).map((o) => ({ apiVersion: o.kind === 'Job' ? 'batch/v1' : 'apps/v1', ...o }) as KubeObject) : [];
    const workload = workloadOf(podViewOfPod(pod), indexInputs([pod, ...others]));
    assert.is(workload.name, name);
    assert.is(workload.kind, kind);
  });
}

const inbound = (port: number, state?: Inbound['state'], name?: string): Inbound => ({
  health: state ? {} : { ready: true },
  port,
  protocol: 'tcp',
  ...(name ? { name } : {}),
  ...(state ? { state } : {}),
});

test('de-duplication by rank: the first keeps its place, a later Ready replaces an Ignored or NotReady one there', () => {
  const list = [inbound(80, 'Ignored', 'a'), inbound(90), inbound(80, 'NotReady', 'b'), inbound(80, undefined, 'c'), inbound(80, 'NotReady', 'd'), inbound(90, 'Ignored')];
  assert.equal(dedupeInbounds(list, 'port', 'highestRank'), [inbound(80, undefined, 'c'), inbound(90)]);
  // 2.x: the first one wins.
  assert.equal(dedupeInbounds(list, 'port', 'first'), [inbound(80, 'Ignored', 'a'), inbound(90)]);
});

const podWith = (annotations: Record<string, string>, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'demo', uid: 'u', labels: { app: 'p', ...labels }, annotations: { 'kuma.io/sidecar-injected': 'true', ...annotations } },
  spec: { containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }, { name: 'kuma-sidecar' }] },
  status: { podIP: '10.0.0.1' },
});

test('ingress, egress and builtin-gateway Pods are converted like any other (2.x skips them)', () => {
  const index = indexInputs([]);
  const cases: Array<Record<string, string>> = [{ 'kuma.io/ingress': 'enabled' }, { 'kuma.io/egress': 'true' }, { 'kuma.io/gateway': 'builtin' }];
  for (const annotations of cases) {
    const view = podViewOfPod(podWith(annotations));
    assert.ok(skipReason(view, index) !== undefined, JSON.stringify(annotations));
    assert.is(skipReason(view, index, true), undefined, JSON.stringify(annotations));
  }
});

const config = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'kuma-inject.dev/v1alpha1',
  kind: 'KumaInject',
  metadata: { name: 'x' },
  spec: { kumaVersion: '3.0-preview', caCert: TEST_CA, ...spec },
});
const NAMESPACE: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo', labels: { 'kuma.io/sidecar-injection': 'enabled', 'kuma.io/mesh': 'ns-mesh' } } };
const dataplaneOf = (out: ReturnType<typeof runObjects>): KubeObject | undefined => out.objects.map((o) => o.object).find((o) => o.kind === 'Dataplane');

test('a builtin gateway Pod fails as main\'s converter fails', () => {
  const out = runObjects([podWith({ 'kuma.io/gateway': 'builtin' }), NAMESPACE], config());
  const failed = out.results.find((r) => r.code === 'DATAPLANE_FAILED');
  assert.ok(failed && failed.message.includes("invalid delegated gateway type 'builtin'"), JSON.stringify(out.results.map((r) => r.message)));
});

test('the mesh comes from labels only: a kuma.io/mesh annotation is not read', () => {
  const annotated = dataplaneOf(runObjects([podWith({ 'kuma.io/mesh': 'annotated' }), NAMESPACE], config()));
  assert.is(annotated?.mesh, 'ns-mesh');
  const labelled = dataplaneOf(runObjects([podWith({}, { 'kuma.io/mesh': 'labelled' }), NAMESPACE], config()));
  assert.is(labelled?.mesh, 'labelled');
});

test('an ingress Pod\'s Dataplane has tag-free inbounds, no metrics, probes or outbounds', () => {
  const dp = dataplaneOf(runObjects([podWith({ 'kuma.io/ingress': 'enabled', 'prometheus.metrics.kuma.io/port': '1234', 'kuma.io/virtual-probes': 'enabled' }), NAMESPACE], config()));
  assert.equal((dp?.spec as Record<string, unknown>) ?? {}, { networking: { address: '10.0.0.1', inbound: [{ health: { ready: true }, port: 49151, protocol: 'tcp' }] } });
});

test('labels: display-name set, proxy-type deleted even when the user set it, origin overwritten, zone/env added over global', () => {
  const labels = dataplaneLabels(
    { 'kuma.io/proxy-type': 'gateway', 'kuma.io/origin': 'global', 'kuma.io/display-name': 'old' },
    { mesh: 'm', namespace: 'demo', mode: 'zone', zone: 'z', serviceAccount: 'sa', workload: 'w', previousSpec: {}, displayName: 'p' },
  );
  assert.equal(labels, {
    'k8s.kuma.io/namespace': 'demo',
    'k8s.kuma.io/service-account': 'sa',
    'kuma.io/display-name': 'p',
    'kuma.io/env': 'kubernetes',
    'kuma.io/mesh': 'm',
    'kuma.io/origin': 'zone',
    'kuma.io/workload': 'w',
    'kuma.io/zone': 'z',
  });
});

test.run();
