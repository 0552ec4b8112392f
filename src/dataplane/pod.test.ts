/** The Pods a workload stands for: a Pod as it is, previews of templates, StatefulSet ordinals, admission defaults. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { yaml } from '../testing/yaml.ts';
import { podIP, podViewOfPod, podViewsOfTemplate } from './pod.ts';

const test = suite('pod views');

const statefulSet = (replicas?: number): KubeObject => yaml`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: db, namespace: data}
  spec:
    ${replicas === undefined ? '' : `replicas: ${replicas}`}
    template:
      metadata: {labels: {app: db}}
      spec: {containers: [{name: db}]}
`;
const templateOf = (object: KubeObject): JsonObject => (object.spec as JsonObject).template as JsonObject;

test('a StatefulSet gives one Pod per ordinal, with the labels its controller adds', () => {
  const pods = podViewsOfTemplate(statefulSet(2), templateOf(statefulSet(2)), ['spec', 'template'], { podIndexLabel: true });
  assert.equal(
    pods.map((p) => [p.name, p.labels]),
    [
      ['db-0', { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0', 'apps.kubernetes.io/pod-index': '0' }],
      ['db-1', { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-1', 'apps.kubernetes.io/pod-index': '1' }],
    ],
  );
});

test('replicas defaults to 1, and 0 gives no Pod; before Kubernetes 1.28 there is no pod-index label', () => {
  const one = podViewsOfTemplate(statefulSet(), templateOf(statefulSet()), ['spec', 'template'], { podIndexLabel: false });
  assert.equal(one.map((p) => [p.name, p.labels]), [['db-0', { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0' }]]);
  assert.equal(podViewsOfTemplate(statefulSet(0), templateOf(statefulSet(0)), ['spec', 'template'], { podIndexLabel: true }), []);
});

test('other workloads give one preview named after the workload, with the default ServiceAccount', () => {
  const deployment: KubeObject = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: shop}
    spec: {replicas: 3, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web}]}}}
  `;
  const [view, ...rest] = podViewsOfTemplate(deployment, templateOf(deployment), ['spec', 'template'], { podIndexLabel: true });
  assert.equal(rest, []);
  assert.equal([view!.name, view!.namespace, view!.spec.serviceAccountName, view!.admitted, view!.fieldPrefix], ['web', 'shop', 'default', false, 'spec.template.']);
});

test('a Pod with a status is taken as it is: no ServiceAccount default; its IP, UID and owners are read', () => {
  const view = podViewOfPod(yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: web-1, namespace: shop, uid: u1, deletionTimestamp: "2024-01-01T00:00:00Z", ownerReferences: [{kind: ReplicaSet, name: web-5d}]}
    spec: {containers: [{name: web}]}
    status: {podIP: 10.0.0.1}
  `);
  assert.equal([view.spec.serviceAccountName, view.uid, view.deleting, view.owners, podIP(view), view.admitted], [undefined, 'u1', true, [{ kind: 'ReplicaSet', name: 'web-5d' }], '10.0.0.1', true]);
});

test('a Pod manifest without a status gets the admission defaults and no IP', () => {
  const view = podViewOfPod(yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: web}
    spec: {serviceAccountName: "", containers: [{name: web}]}
  `);
  assert.equal([view.namespace, view.spec.serviceAccountName, podIP(view), view.deleting], ['default', 'default', undefined, false]);
});

test.run();
