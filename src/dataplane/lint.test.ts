/** The mesh-wide lints: namespaces (meshes, label), dangling policy references and direct access (issue 4). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { KubeObject } from '../krm/object.ts';
import type { Result } from '../krm/result.ts';
import { namespaceFromObject } from '../kuma/precheck.ts';
import { yaml } from '../testing/yaml.ts';
import { lintDirectAccess } from './lint-direct-access.ts';
import { lintNamespaces } from './lint-namespaces.ts';
import { type Provided, addDataplane, emptyProvided, lintPolicies } from './lint-policies.ts';

const brief = (results: readonly Result[]) => results.map((r) => `${r.severity} ${r.code} ${r.resourceRef?.kind}/${r.resourceRef?.name} ${r.field?.path ?? ''}`.trim());
const workload = (kind: string, name: string): KubeObject => ({ apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'shop' } });

const namespaces = suite('lintNamespaces');
const shop = (labels: Record<string, string> | undefined) => () => {
  const object: KubeObject | undefined = labels ? { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } } : undefined;
  return { view: namespaceFromObject('shop', object), object };
};
const web = workload('Deployment', 'web');
const db = workload('StatefulSet', 'db');
namespaces('one mesh and the label: nothing', () => {
  assert.equal(lintNamespaces([{ workload: web, namespace: 'shop', mesh: 'default' }], shop({ 'kuma.io/sidecar-injection': 'enabled' })), []);
});
namespaces('two meshes: one warning on the Namespace naming the workloads per mesh', () => {
  const results = lintNamespaces(
    [
      { workload: web, namespace: 'shop', mesh: 'default' },
      { workload: db, namespace: 'shop', mesh: 'data' },
      { workload: db, namespace: 'shop', mesh: 'data' },
    ],
    shop({ 'kuma.io/sidecar-injection': 'enabled' }),
  );
  assert.equal(brief(results), ['warning MESH_NAMESPACE_CONFLICT Namespace/shop metadata.labels[kuma.io/mesh]']);
  assert.match(results[0]!.message, 'mesh "data": StatefulSet db; mesh "default": Deployment web');
});
namespaces('a known namespace without the label: a warning; an unknown one: nothing (its labels are unknown)', () => {
  assert.equal(brief(lintNamespaces([{ workload: web, namespace: 'shop', mesh: 'default' }], shop({}))), [
    'warning MESH_NAMESPACE_UNLABELED Namespace/shop metadata.labels[kuma.io/sidecar-injection]',
  ]);
  assert.equal(lintNamespaces([{ workload: web, namespace: 'shop', mesh: 'default' }], shop(undefined)), []);
});
namespaces('a namespace known from the config only: the warning is on the first workload', () => {
  const lookup = () => ({ view: namespaceFromObject('shop', undefined, { labels: {}, annotations: {} }), object: undefined });
  assert.equal(brief(lintNamespaces([{ workload: web, namespace: 'shop', mesh: 'default' }], lookup)), ['warning MESH_NAMESPACE_UNLABELED Deployment/web']);
});
namespaces.run();

const policies = suite('lintPolicies');
const provided = (): Map<string, Provided> => {
  const p = emptyProvided();
  addDataplane(p, yaml`
    spec:
      networking:
        inbound:
          - tags: {kuma.io/service: api_shop_svc_80, k8s.kuma.io/service-name: api, k8s.kuma.io/namespace: shop}
          - state: Ignored
            tags: {kuma.io/service: preview_shop_svc_80, k8s.kuma.io/service-name: preview, k8s.kuma.io/namespace: shop}
  `);
  return new Map([['default', p]]);
};
const policy = (spec: string, meta = '{name: p, namespace: shop}'): KubeObject => yaml`
  apiVersion: kuma.io/v1alpha1
  kind: MeshTimeout
  metadata: ${meta}
  spec: ${spec}
`;
const policyCases: Array<[string, KubeObject, string[]]> = [
  ['a MeshService that a Dataplane backs', policy('{targetRef: {kind: MeshService, name: api}}'), []],
  ['one in another namespace', policy('{targetRef: {kind: MeshService, name: api, namespace: other}}'), ['warning POLICY_TARGET_MISSING MeshTimeout/p spec.targetRef.name']],
  ['a MeshService only an Ignored inbound has', policy('{to: [{targetRef: {kind: MeshService, name: preview}}]}'), ['warning POLICY_TARGET_MISSING MeshTimeout/p spec.to[0].targetRef.name']],
  ['a kuma.io/service name in a MeshService ref', policy('{from: [{targetRef: {kind: MeshService, name: api_shop_svc_81}}]}'), ['warning POLICY_TARGET_MISSING MeshTimeout/p spec.from[0].targetRef.name']],
  ['a known kuma.io/service name', policy('{to: [{targetRef: {kind: MeshService, name: api_shop_svc_80}}]}'), []],
  ['a MeshSubset tag', policy('{targetRef: {kind: MeshSubset, tags: {kuma.io/service: web_shop_svc_80}}}'), ['warning POLICY_TARGET_MISSING MeshTimeout/p spec.targetRef.tags[kuma.io/service]']],
  ['refs by labels or to another zone cannot be judged', policy('{to: [{targetRef: {kind: MeshService, labels: {a: b}}}, {targetRef: {kind: MeshService, name: x, zone: west}}]}'), []],
  ['kind Mesh', policy('{targetRef: {kind: Mesh}}'), []],
  ['a policy of a mesh without Dataplanes in the input is not checked', policy('{targetRef: {kind: MeshService, name: x}}', '{name: p, namespace: shop, labels: {kuma.io/mesh: other}}'), []],
];
for (const [name, object, expected] of policyCases) {
  policies(name, () => assert.equal(brief(lintPolicies([object], provided())), expected));
}
policies('MeshService and other non-policies are not checked', () => {
  const service: KubeObject = yaml`{apiVersion: kuma.io/v1alpha1, kind: MeshService, metadata: {name: x}, spec: {targetRef: {kind: MeshService, name: y}}}`;
  assert.equal(lintPolicies([service], provided()), []);
});
policies.run();

const direct = suite('lintDirectAccess');
const known = () => new Set(['api_shop_svc_80']);
const use = (value: string, object = web) => ({ workload: object, fieldPrefix: 'spec.template.', value, mesh: 'default' });
const directCases: Array<[string, string, string[]]> = [
  ['known services', 'api_shop_svc_80', []],
  ['*: an info about its cost', '*', ['info DIRECT_ACCESS_ALL Deployment/web spec.template.metadata.annotations[kuma.io/direct-access-services]']],
  ['a space after the comma and an unknown service', 'api_shop_svc_80, db_data_svc_5432', ['warning DIRECT_ACCESS_INVALID Deployment/web spec.template.metadata.annotations[kuma.io/direct-access-services]']],
  ['empty items, which Kuma drops', 'api_shop_svc_80,,', []],
  [
    '* among names, and an unknown name: two warnings',
    '*,nope_shop_svc_1',
    ['warning DIRECT_ACCESS_INVALID Deployment/web spec.template.metadata.annotations[kuma.io/direct-access-services]', 'warning DIRECT_ACCESS_INVALID Deployment/web spec.template.metadata.annotations[kuma.io/direct-access-services]'],
  ],
];
for (const [name, value, expected] of directCases) {
  direct(name, () => assert.equal(brief(lintDirectAccess([use(value)], known)), expected));
}
direct('a StatefulSet is reported once, not per Pod', () => assert.is(lintDirectAccess([use('*', db), use('*', db)], known).length, 1));
direct.run();
