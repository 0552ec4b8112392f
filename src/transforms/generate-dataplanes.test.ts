/**
 * The Dataplane transform over item lists: previews added, re-runs that change nothing, upserts in place, stale
 * previews removed and user Dataplanes kept, the modes, failures, and the Service annotations (issue 4).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, KubeObject } from '../krm/object.ts';
import type { Result } from '../krm/result.ts';
import { settingsWith } from '../testing/fixtures.ts';
import { yaml } from '../testing/yaml.ts';
import { generateDataplanes } from './generate-dataplanes.ts';

const NAMESPACE: KubeObject = yaml`{apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {kuma.io/sidecar-injection: enabled}}}`;
const SERVICE: KubeObject = yaml`
  apiVersion: v1
  kind: Service
  metadata: {name: web, namespace: shop}
  spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080, appProtocol: http}]}
`;
const deployment = (name = 'web', annotations = '{kuma.io/sidecar-injected: "true"}'): KubeObject => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: ${name}, namespace: shop}
  spec:
    template:
      metadata: {labels: {app: ${name}}, annotations: ${annotations}}
      spec: {containers: [{name: app, ports: [{containerPort: 8080}]}]}
`;
const codes = (results: readonly Result[]) => results.map((r) => `${r.severity} ${r.code}`);
const dataplanes = (objects: ReadonlyArray<KubeObject | null>) => objects.filter((o): o is KubeObject => o !== null && o.kind === 'Dataplane');

const basic = suite('generateDataplanes: previews');
const DEFAULTS = settingsWith();

basic('a Deployment with a Service: one preview, named after it, written under dataplanes/', () => {
  const out = generateDataplanes([NAMESPACE, SERVICE, deployment()], DEFAULTS);
  assert.equal(out.added, [
    {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'Dataplane',
      mesh: 'default',
      metadata: {
        name: 'web',
        namespace: 'shop',
        labels: {
          app: 'web',
          'k8s.kuma.io/namespace': 'shop',
          'k8s.kuma.io/service-account': 'default',
          'kuma.io/env': 'kubernetes',
          'kuma.io/mesh': 'default',
          'kuma.io/origin': 'zone',
          'kuma.io/proxy-type': 'sidecar',
          'kuma.io/workload': 'default',
          'kuma.io/zone': 'default',
        },
        annotations: {
          'config.kubernetes.io/local-config': 'true',
          'kuma-inject.dev/dataplane-for': 'Deployment/web',
          'internal.config.kubernetes.io/path': 'dataplanes/shop/web.yaml',
          'internal.config.kubernetes.io/index': '0',
        },
      },
      spec: {
        networking: {
          address: '0.0.0.0',
          inbound: [
            {
              health: { ready: true },
              port: 8080,
              protocol: 'http',
              tags: {
                app: 'web',
                'k8s.kuma.io/namespace': 'shop',
                'k8s.kuma.io/service-name': 'web',
                'k8s.kuma.io/service-port': '80',
                'kuma.io/protocol': 'http',
                'kuma.io/service': 'web_shop_svc_80',
                'kuma.io/zone': 'default',
              },
            },
          ],
        },
      },
    },
  ]);
  assert.equal(codes(out.results), ['info DATAPLANE_GENERATED']);
});

basic('templates without kuma.io/sidecar-injected get none', () => {
  const out = generateDataplanes([NAMESPACE, deployment('web', '{}')], DEFAULTS);
  assert.equal([out.added, out.results], [[], []]);
});

basic('a re-run on the output changes nothing: same references, nothing added', () => {
  const first = generateDataplanes([NAMESPACE, SERVICE, deployment()], DEFAULTS);
  const items = [NAMESPACE, SERVICE, deployment(), ...first.added!];
  const second = generateDataplanes(items, DEFAULTS);
  assert.equal([second.added, second.items.every((o, i) => o === items[i])], [[], true]);
  assert.match(second.results[0]!.message, '0 new, 0 updated, 1 unchanged, 0 removed');
});

basic('a re-run on a preview as kpt reads it back (its ids and list style added) counts it unchanged, not updated', () => {
  const [preview] = generateDataplanes([NAMESPACE, SERVICE, deployment()], DEFAULTS).added!;
  const read = structuredClone(preview!) as JsonObject;
  const meta = read.metadata as JsonObject;
  // The annotations kpt 1.0 put on a preview it read from dataplanes/shop/web.yaml (seen with `kpt fn render`).
  meta.annotations = {
    ...(meta.annotations as JsonObject),
    'config.kubernetes.io/index': '0',
    'config.kubernetes.io/path': 'dataplanes/shop/web.yaml',
    'internal.config.kubernetes.io/seqindent': 'compact',
    'internal.config.kubernetes.io/annotations-migration-resource-id': '3',
    'internal.config.kubernetes.io/id': '4',
    'config.k8s.io/id': '4',
  };
  const items = [NAMESPACE, SERVICE, deployment(), read];
  const out = generateDataplanes(items, DEFAULTS);
  assert.is(out.items[3], read, 'the same object comes back');
  assert.match(out.results[0]!.message, '0 new, 0 updated, 1 unchanged, 0 removed');
});

basic('an outdated preview is rebuilt in place, keeping the file kpt read it from', () => {
  const [preview] = generateDataplanes([NAMESPACE, SERVICE, deployment()], DEFAULTS).added!;
  const read = structuredClone(preview!) as JsonObject;
  const meta = read.metadata as JsonObject;
  meta.annotations = { ...(meta.annotations as JsonObject), 'config.kubernetes.io/path': 'dataplanes/shop/web.yaml', 'internal.config.kubernetes.io/seqindent': 'compact' };
  meta.labels = { ...(meta.labels as JsonObject), stale: 'label' };
  const out = generateDataplanes([NAMESPACE, SERVICE, deployment(), read], DEFAULTS);
  const next = out.items[3]!;
  assert.equal([out.added, (next.metadata as JsonObject).labels !== undefined && 'stale' in ((next.metadata as JsonObject).labels as JsonObject)], [[], false]);
  assert.equal(((next.metadata as JsonObject).annotations as JsonObject)['internal.config.kubernetes.io/seqindent'], 'compact');
});

basic('StatefulSet: one per ordinal, each in its own file', () => {
  const sts: KubeObject = yaml`
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db, namespace: shop}
    spec: {replicas: 2, template: {metadata: {annotations: {kuma.io/sidecar-injected: "true"}}, spec: {containers: [{name: db}]}}}
  `;
  const paths = generateDataplanes([sts], DEFAULTS).added!.map((d) => ((d.metadata as JsonObject).annotations as JsonObject)['internal.config.kubernetes.io/path']);
  assert.equal(paths, ['dataplanes/shop/db-0.yaml', 'dataplanes/shop/db-1.yaml']);
});

basic('a Pod exported from a cluster keeps its IP and gets its owner reference', () => {
  const pod: KubeObject = yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: web-1, namespace: shop, uid: u-1, labels: {app: web}, annotations: {kuma.io/sidecar-injected: "true"}}
    spec: {containers: [{name: app}]}
    status: {podIP: 10.1.2.3}
  `;
  const [dp] = generateDataplanes([pod], DEFAULTS).added!;
  assert.equal([((dp!.spec as JsonObject).networking as JsonObject).address, (dp!.metadata as JsonObject).ownerReferences], [
    '10.1.2.3',
    [{ apiVersion: 'v1', blockOwnerDeletion: true, controller: true, kind: 'Pod', name: 'web-1', uid: 'u-1' }],
  ]);
});
basic.run();

const ownership = suite('generateDataplanes: what it owns');
const stalePreview: KubeObject = yaml`
  apiVersion: kuma.io/v1alpha1
  kind: Dataplane
  mesh: default
  metadata: {name: gone, namespace: shop, annotations: {kuma-inject.dev/dataplane-for: Deployment/gone}}
  spec: {networking: {address: 0.0.0.0}}
`;
const userDataplane = (name: string): KubeObject => yaml`
  apiVersion: kuma.io/v1alpha1
  kind: Dataplane
  mesh: default
  metadata: {name: ${name}, namespace: shop, labels: {kuma.io/display-name: ${name}, team: a}, annotations: {note: mine}}
  spec: {networking: {address: 10.0.0.9}}
`;

ownership('a preview of a workload that is gone is removed; a Dataplane it did not generate is kept', () => {
  const user = userDataplane('manual');
  const out = generateDataplanes([NAMESPACE, stalePreview, user], DEFAULTS);
  assert.equal([out.items[1], out.items[2] === user], [null, true]);
  assert.match(out.results.at(-1)!.message, '1 removed');
});

ownership('a Dataplane it did not generate, with a workload\'s name: updated as kuma-cp would, never marked or removed', () => {
  const out = generateDataplanes([NAMESPACE, SERVICE, deployment(), userDataplane('web')], DEFAULTS);
  const merged = out.items[3]!;
  const meta = merged.metadata as JsonObject;
  assert.equal([(meta.labels as JsonObject)['kuma.io/display-name'], (meta.labels as JsonObject).team, (meta.labels as JsonObject).app, meta.annotations], ['web', 'a', 'web', { note: 'mine' }]);
  assert.is(((merged.spec as JsonObject).networking as JsonObject).address, '0.0.0.0');
  assert.equal(codes(out.results), ['info DATAPLANE_MERGED', 'info DATAPLANE_GENERATED']);
  const again = generateDataplanes([NAMESPACE, SERVICE, deployment('other'), merged], DEFAULTS);
  assert.is(again.items[3], merged);
});

ownership('mode unmarked: no local-config annotation; a custom folder', () => {
  const settings = settingsWith({ dataplanes: { mode: 'unmarked', folder: 'mesh/previews' } });
  const [dp] = generateDataplanes([NAMESPACE, deployment()], settings).added!;
  assert.equal((dp!.metadata as JsonObject).annotations, {
    'kuma-inject.dev/dataplane-for': 'Deployment/web',
    'internal.config.kubernetes.io/path': 'mesh/previews/shop/web.yaml',
    'internal.config.kubernetes.io/index': '0',
  });
});

ownership('mode off: nothing added, earlier previews removed, user Dataplanes untouched', () => {
  const user = userDataplane('web');
  const out = generateDataplanes([NAMESPACE, deployment(), stalePreview, user], settingsWith({ dataplanes: { mode: 'off' } }));
  assert.equal([out.added, out.items[2], out.items[3] === user], [[], null, true]);
});

ownership('a Pod and a Deployment of one name: the second gets no preview', () => {
  const pod: KubeObject = yaml`{apiVersion: v1, kind: Pod, metadata: {name: web, namespace: shop, annotations: {kuma.io/sidecar-injected: "true"}}, spec: {containers: [{name: a}]}}`;
  const out = generateDataplanes([pod, deployment()], DEFAULTS);
  assert.equal([out.added!.length, codes(out.results)], [1, ['warning DATAPLANE_NAME_CONFLICT', 'info DATAPLANE_GENERATED']]);
});
ownership.run();

const rules = suite('generateDataplanes: reconciler rules');
rules('what kuma-cp cannot convert is an error on the workload, with the annotation as the field; none in mode off', () => {
  const broken = deployment('gw', '{kuma.io/sidecar-injected: "true", kuma.io/gateway: "true"}');
  const out = generateDataplanes([NAMESPACE, broken], DEFAULTS);
  const failed = out.results.find((r) => r.code === 'DATAPLANE_FAILED')!;
  assert.equal([failed.severity, failed.field?.path], ['error', 'spec.template.metadata.annotations[kuma.io/gateway]']);
  assert.match(failed.message, "invalid delegated gateway type 'true'");
  assert.equal(codes(generateDataplanes([NAMESPACE, broken], settingsWith({ dataplanes: { mode: 'off' } })).results), ['info DATAPLANE_GENERATED']);
});

rules('zone ingress and egress Pods, builtin gateways and a terminating namespace get none', () => {
  const terminating: KubeObject = yaml`{apiVersion: v1, kind: Namespace, metadata: {name: gone}, status: {phase: Terminating}}`;
  const inGone: KubeObject = { ...deployment('c'), metadata: { name: 'c', namespace: 'gone' } };
  const items = [
    terminating,
    inGone,
    deployment('a', '{kuma.io/sidecar-injected: "true", kuma.io/ingress: enabled}'),
    deployment('b', '{kuma.io/sidecar-injected: "true", kuma.io/gateway: builtin}'),
  ];
  const out = generateDataplanes(items, DEFAULTS);
  assert.equal(out.added, []);
  assert.match(out.results.at(-1)!.message, 'none for 3 Pods');
});

rules('a global control plane generates none', () => {
  assert.equal(generateDataplanes([NAMESPACE, deployment()], settingsWith({ controlPlane: { mode: 'global' } })).added, []);
});

rules('outbounds (kubeOutboundsAsVIPs: false): each preview lists the services of the others', () => {
  const api: KubeObject = yaml`{apiVersion: v1, kind: Service, metadata: {name: api, namespace: shop}, spec: {clusterIP: 10.96.0.7, selector: {app: api}, ports: [{port: 8080}]}}`;
  const settings = settingsWith({ controlPlane: { experimental: { kubeOutboundsAsVIPs: false } } });
  const added = generateDataplanes([NAMESPACE, SERVICE, api, deployment('web'), deployment('api')], settings).added!;
  const outbound = (dp: KubeObject) => ((dp.spec as JsonObject).networking as JsonObject).outbound;
  assert.equal(added.map(outbound), [[{ address: '10.96.0.7', port: 8080, tags: { 'kuma.io/service': 'api_shop_svc_8080' } }], [{ port: 80, tags: { 'kuma.io/service': 'web_shop_svc_80' } }]]);
});

rules('mirrorServiceAnnotations: kuma-cp\'s Service annotations in injection-enabled namespaces', () => {
  const settings = settingsWith({ dataplanes: { mirrorServiceAnnotations: true } });
  const other: KubeObject = { ...SERVICE, metadata: { name: 'web', namespace: 'elsewhere' } };
  const out = generateDataplanes([NAMESPACE, SERVICE, other], settings);
  assert.equal((out.items[1]!.metadata as JsonObject).annotations, { 'ingress.kubernetes.io/service-upstream': 'true', 'nginx.ingress.kubernetes.io/service-upstream': 'true' });
  assert.is(out.items[2], other);
  assert.is(generateDataplanes([NAMESPACE, out.items[1]!], settings).items[1], out.items[1]);
  assert.is(generateDataplanes([NAMESPACE, SERVICE], DEFAULTS).items[1], SERVICE);
});
rules.run();
