/**
 * The converter's release switches that no Kuma fixture exercises (BEHAVIOUR in src/kuma/behaviour.ts), each
 * through the Dataplane transform with `kumaVersion` set, against the release before or after the change.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { generateDataplanes } from '../transforms/generate-dataplanes.ts';
import { settingsWith } from '../testing/fixtures.ts';
import { yaml } from '../testing/yaml.ts';
import { meshOf } from './convert.ts';
import { podViewOfPod } from './pod.ts';

const NAMESPACE: KubeObject = yaml`{apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {kuma.io/sidecar-injection: enabled}}}`;
const service = (name: string, spec: string, labels = '{}'): KubeObject => yaml`
  apiVersion: v1
  kind: Service
  metadata: {name: ${name}, namespace: shop, labels: ${labels}}
  spec: ${spec}
`;
const pod = (labels = '{app: web}', annotations = '{}', spec = '{containers: [{name: app, ports: [{containerPort: 8080, name: http}]}]}'): KubeObject => yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
    namespace: shop
    uid: web-uid
    labels: ${labels}
    annotations: {kuma.io/sidecar-injected: "true", ${annotations.slice(1, -1)}}
  spec: ${spec}
  status: {podIP: 10.0.0.5}
`;
const WEB = service('web', '{selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}');

/** The one Dataplane the transform writes for `items` at `kumaVersion` (with a spec added to the config). */
function dataplaneAt(kumaVersion: string, items: KubeObject[], spec: JsonObject = {}): KubeObject {
  const out = generateDataplanes([NAMESPACE, ...items], settingsWith({ kumaVersion, ...spec }));
  const added = out.added ?? [];
  assert.is(added.length, 1, JSON.stringify(out.results));
  return added[0]!;
}
const networking = (dataplane: KubeObject): JsonObject => (dataplane.spec as JsonObject).networking as JsonObject;
const labels = (dataplane: KubeObject): Record<string, string> | undefined => (dataplane.metadata as JsonObject).labels as Record<string, string> | undefined;

const test = suite('converter switches per release');

test('zoneProxyListeners: before 2.14 a zone-proxy Service is an ordinary one and gives inbounds', () => {
  const ingress = service('ingress', '{selector: {app: web}, ports: [{name: zi, port: 10001, targetPort: 8080}]}', '{k8s.kuma.io/zone-proxy-type: ingress}');
  const mesh = yaml`{apiVersion: kuma.io/v1alpha1, kind: Mesh, metadata: {name: default}, spec: {meshServices: {mode: Exclusive}}}`;
  const at214 = networking(dataplaneAt('2.14', [mesh, ingress, pod()]));
  assert.equal((at214.listeners as JsonObject[]).map((l) => l.type), ['ZoneIngress']);
  assert.is(at214.inbound, undefined);
  const at213 = networking(dataplaneAt('2.13', [mesh, ingress, pod()]));
  assert.is(at213.listeners, undefined);
  assert.equal((at213.inbound as JsonObject[]).map((i) => (i.tags as JsonObject)['kuma.io/service']), ['ingress_shop_svc_10001']);
});

test('inboundTagsDisabledKey: a 2.13 run writes inbound tags even with the key set', () => {
  const spec = { controlPlane: { experimental: { inboundTagsDisabled: true } } };
  assert.is((networking(dataplaneAt('2.14', [WEB, pod()], spec)).inbound as JsonObject[])[0]!.tags, undefined);
  assert.ok((networking(dataplaneAt('2.13', [WEB, pod()], spec)).inbound as JsonObject[])[0]!.tags);
});

test('workloadLabel and serviceAccountLabel: 2.13 has both, 2.12 the ServiceAccount only, 2.11 neither', () => {
  const withSa = pod('{app: web}', '{}', '{serviceAccountName: api, containers: [{name: app}]}');
  const pick = (minor: string) => {
    const l = labels(dataplaneAt(minor, [WEB, withSa]))!;
    return [l['kuma.io/workload'], l['k8s.kuma.io/service-account']];
  };
  assert.equal(pick('2.13'), ['api', 'api']);
  assert.equal(pick('2.12'), [undefined, 'api']);
  assert.equal(pick('2.11'), [undefined, undefined]);
});

test('dataplaneLabels: 2.9 has the defaulter\'s labels only, 2.7 none (and a preview then has no labels key)', () => {
  assert.equal(labels(dataplaneAt('2.9', [WEB, pod()])), {
    'k8s.kuma.io/namespace': 'shop',
    'kuma.io/env': 'kubernetes',
    'kuma.io/mesh': 'default',
    'kuma.io/origin': 'zone',
    'kuma.io/zone': 'default',
  });
  assert.is(labels(dataplaneAt('2.7', [WEB, pod()])), undefined);
});

test('converterReadsMesh: 2.9 reads no Mesh, so an Exclusive mesh de-duplicates nothing', () => {
  const mesh = yaml`{apiVersion: kuma.io/v1alpha1, kind: Mesh, metadata: {name: default}, spec: {meshServices: {mode: Exclusive}}}`;
  const other = service('web-2', '{selector: {app: web}, ports: [{port: 81, targetPort: 8080}]}');
  const ports = (minor: string) => (networking(dataplaneAt(minor, [mesh, WEB, other, pod()])).inbound as JsonObject[]).map((i) => i.port);
  assert.equal(ports('2.11'), [8080]);
  assert.equal(ports('2.9'), [8080, 8080]);
});

test('meshSource: 2.7 takes the mesh from annotations only, 2.9 on the label first', () => {
  const labelled = pod('{app: web, kuma.io/mesh: payments}', '{kuma.io/mesh: orders}');
  assert.is(dataplaneAt('2.9', [WEB, labelled]).mesh, 'payments');
  assert.is(dataplaneAt('2.7', [WEB, labelled]).mesh, 'orders');
  assert.is(dataplaneAt('2.7', [WEB, pod('{app: web, kuma.io/mesh: payments}')]).mesh, 'default');
  assert.is(dataplaneAt('2.14', [WEB, pod('{app: web}', '{kuma.io/mesh: orders}')]).mesh, 'orders');
});

test("meshSource 'label' (3.0): the annotation is not read", () => {
  const annotated = podViewOfPod(yaml`{apiVersion: v1, kind: Pod, metadata: {name: p, namespace: shop, labels: {app: web}, annotations: {kuma.io/mesh: orders}}}`);
  const ns = { name: 'shop', labels: {}, annotations: {}, known: true };
  assert.is(meshOf(annotated, ns, 'label'), 'default');
  assert.is(meshOf(annotated, { ...ns, labels: { 'kuma.io/mesh': 'payments' } }, 'label'), 'payments');
  assert.is(meshOf(annotated, ns, 'labelOrAnnotation'), 'orders');
});

test('selectorlessServicesByEndpointSlices: a 2.7 selector-less Service never selects the Pod', () => {
  const selectorless = service('ext', '{ports: [{port: 80, targetPort: 8080}]}');
  const slice = yaml`
    apiVersion: discovery.k8s.io/v1
    kind: EndpointSlice
    metadata: {name: ext-1, namespace: shop, labels: {kubernetes.io/service-name: ext}}
    addressType: IPv4
    endpoints: [{addresses: [10.0.0.5], targetRef: {kind: Pod, name: web, namespace: shop, uid: web-uid}}]
  `;
  const service0 = (minor: string) => ((networking(dataplaneAt(minor, [selectorless, slice, pod()])).inbound as JsonObject[])[0]!.tags as JsonObject)['kuma.io/service'];
  assert.is(service0('2.9'), 'ext_shop_svc_80');
  assert.is(service0('2.7'), 'web_shop_svc');
});

test('errorWhenNoServicePortMatches: in 2.7 an ExternalName Service alone is an error, later the service-less inbound', () => {
  const external = service('ext', '{type: ExternalName, externalName: example.com, selector: {app: web}}');
  const failed = generateDataplanes([NAMESPACE, external, pod()], settingsWith({ kumaVersion: '2.7' }));
  assert.equal(failed.results.filter((r) => r.severity === 'error').map((r) => r.code), ['DATAPLANE_FAILED']);
  assert.match(failed.results.find((r) => r.severity === 'error')!.message, "A service that selects pod web was found, but it doesn't match any container ports.");
  assert.is((networking(dataplaneAt('2.9', [external, pod()])).inbound as JsonObject[])[0]!.port, 49151);
});

test('the 2.7 default nodeLabelsToCopy has no hostname', () => {
  assert.equal(settingsWith({ kumaVersion: '2.7' }).injector.nodeLabelsToCopy, ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region']);
  assert.ok(settingsWith({ kumaVersion: '2.9' }).injector.nodeLabelsToCopy.includes('kubernetes.io/hostname'));
});

test.run();
