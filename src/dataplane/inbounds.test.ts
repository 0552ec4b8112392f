/** Inbounds, their tags and states (spec §11.6), starting with the tag generation example of seed 001. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type Minor, releaseOf } from '../kuma/releases.ts';
import type { KubeObject } from '../krm/object.ts';
import { yaml } from '../testing/yaml.ts';
import { inboundsFor } from './inbounds.ts';
import { indexInputs } from './inputs.ts';
import { type PodView, podViewOfPod } from './pod.ts';
import { matchingServices, serviceMatcher } from './services.ts';

/** The Services of `items` that select the Pod, as the transform matches them. */
const match = (view: PodView, items: KubeObject[], ignored: string[]): KubeObject[] => {
  const index = indexInputs(items);
  return matchingServices(view, index, serviceMatcher(index, ignored));
};

const OPTIONS = { zone: '', nodeLabels: {}, inboundTagsDisabled: false };
const noWorkload = (): string => {
  throw new Error('the workload is only needed for service-less inbounds');
};

const seed = suite('seed 001: tag generation');
const seedPod = podViewOfPod(yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: my-app, namespace: my-namespace, labels: {foo: bar, app: my-app}}
  spec: {containers: [{name: my-app}]}
`);
const seedServices: KubeObject[] = yaml`
  - apiVersion: v1
    kind: Service
    metadata: {name: my-service, namespace: my-namespace}
    spec:
      selector: {app: my-app}
      ports:
        - {name: port1, protocol: TCP, appProtocol: http, port: 80, targetPort: 8080}
        - {name: port2, protocol: TCP, appProtocol: grpc, port: 1200, targetPort: 8081}
  - apiVersion: v1
    kind: Service
    metadata: {name: my-other-service, namespace: my-namespace}
    spec:
      selector: {foo: bar}
      ports:
        - {protocol: TCP, appProtocol: http, port: 81, targetPort: 8080}
`;
const seedTags = (service: string, port: string, protocol: string) => ({
  app: 'my-app',
  foo: 'bar',
  'k8s.kuma.io/namespace': 'my-namespace',
  'k8s.kuma.io/service-name': service,
  'k8s.kuma.io/service-port': port,
  'kuma.io/protocol': protocol,
  'kuma.io/service': `${service}_my-namespace_svc_${port}`,
});

seed('three inbounds: one per Service port, the Services in name order', () => {
  const services = match(seedPod, seedServices, []);
  assert.equal(inboundsFor(seedPod, services, noWorkload, OPTIONS, false), [
    { health: { ready: true }, port: 8080, protocol: 'http', tags: seedTags('my-other-service', '81', 'http') },
    { health: { ready: true }, port: 8080, protocol: 'http', tags: seedTags('my-service', '80', 'http') },
    { health: { ready: true }, port: 8081, protocol: 'grpc', tags: seedTags('my-service', '1200', 'grpc') },
  ]);
});

seed('a zone adds kuma.io/zone to every inbound', () => {
  const services = match(seedPod, seedServices, []);
  const zones = inboundsFor(seedPod, services, noWorkload, { ...OPTIONS, zone: 'east' }, false).map((i) => i.tags?.['kuma.io/zone']);
  assert.equal(zones, ['east', 'east', 'east']);
});
seed.run();

const rules = suite('inbound rules');
const pod = (extra: string): PodView =>
  podViewOfPod(yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: web-0
      namespace: shop
      labels: {app: web, kuma.io/sidecar-injection: enabled, empty: ""}
      ${extra}
    spec:
      containers:
        - {name: app, ports: [{name: http, containerPort: 8080}]}
        - {name: side, ports: [{containerPort: 9000}]}
  `);
const svc = (spec: string, meta = ''): KubeObject => yaml`
  apiVersion: v1
  kind: Service
  metadata: {name: web, namespace: shop${meta}}
  spec: ${spec}
`;

rules('Pod labels with kuma.io/ in the key and empty values are not tags', () => {
  const [inbound] = inboundsFor(pod(''), [svc('{selector: {app: web}, ports: [{port: 80, targetPort: http}]}')], noWorkload, OPTIONS, false);
  assert.equal(inbound!.tags, {
    app: 'web',
    'k8s.kuma.io/namespace': 'shop',
    'k8s.kuma.io/service-name': 'web',
    'k8s.kuma.io/service-port': '80',
    'kuma.io/protocol': 'tcp',
    'kuma.io/service': 'web_shop_svc_80',
  });
  assert.is(inbound!.name, 'http');
});

rules('a headless Service adds kuma.io/instance with the Pod name', () => {
  const [inbound] = inboundsFor(pod(''), [svc('{clusterIP: None, selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}')], noWorkload, OPTIONS, false);
  assert.is(inbound!.tags?.['kuma.io/instance'], 'web-0');
});

rules('UDP ports, unknown port names and ExternalName Services give no inbound; then the service-less one', () => {
  const services = [
    svc('{selector: {app: web}, ports: [{port: 53, protocol: UDP, targetPort: 53}, {port: 80, targetPort: grpc}]}'),
    { ...svc('{type: ExternalName, externalName: example.com, ports: [{port: 80, targetPort: 8080}]}'), metadata: { name: 'ext', namespace: 'shop' } },
  ];
  // Here Kuma keeps the kuma.io/ Pod labels (still not the empty ones), and node labels come last.
  assert.equal(inboundsFor(pod(''), services, () => 'web', { ...OPTIONS, zone: 'east', nodeLabels: { 'topology.kubernetes.io/zone': 'z1' } }, false), [
    {
      health: { ready: true },
      port: 49151,
      protocol: 'tcp',
      tags: {
        app: 'web',
        'k8s.kuma.io/namespace': 'shop',
        'kuma.io/instance': 'web-0',
        'kuma.io/protocol': 'tcp',
        'kuma.io/service': 'web_shop_svc',
        'kuma.io/sidecar-injection': 'enabled',
        'kuma.io/zone': 'east',
        'topology.kubernetes.io/zone': 'z1',
      },
    },
  ]);
});

rules('a delegated gateway (enabled) drops a non-tcp protocol tag, but keeps the protocol field', () => {
  const [inbound] = inboundsFor(pod('annotations: {kuma.io/gateway: enabled}'), [svc('{selector: {app: web}, ports: [{port: 80, targetPort: 8080, appProtocol: http}]}')], noWorkload, OPTIONS, false);
  assert.equal([inbound!.protocol, inbound!.tags?.['kuma.io/protocol']], ['http', undefined]);
});

const states: Array<[string, string, string, string | undefined]> = [
  ['ready container', 'status: {podIP: 1.1.1.1, containerStatuses: [{name: app, ready: true}]}', '{selector: {app: web}, ports: [{port: 80, targetPort: http}]}', undefined],
  ['its container not ready', 'status: {podIP: 1.1.1.1, containerStatuses: [{name: app, ready: false}]}', '{selector: {app: web}, ports: [{port: 80, targetPort: http}]}', 'NotReady'],
  ['another container not ready', 'status: {podIP: 1.1.1.1, containerStatuses: [{name: side, ready: false}]}', '{selector: {app: web}, ports: [{port: 80, targetPort: http}]}', undefined],
  ['kuma-sidecar (native, an init container) not ready', 'status: {podIP: 1.1.1.1, initContainerStatuses: [{name: kuma-sidecar, ready: false}]}', '{selector: {app: web}, ports: [{port: 80, targetPort: http}]}', 'NotReady'],
  ['selected only through an ignored label', '', '{selector: {app: web, hash: b}, ports: [{port: 80, targetPort: http}]}', 'Ignored'],
];
for (const [name, status, spec, state] of states) {
  rules(`state: ${name}`, () => {
    const view = podViewOfPod({ ...pod('').source, ...(status ? yaml(status) : {}) });
    const [inbound] = inboundsFor(view, [svc(spec)], noWorkload, OPTIONS, false);
    assert.equal([inbound!.state, inbound!.health], [state, state ? {} : { ready: true }]);
  });
}

rules('a terminating Pod: per-Service inbounds are NotReady, the service-less one is not (Kuma checks no deletion there)', () => {
  const view = pod('deletionTimestamp: "2024-01-01T00:00:00Z"');
  assert.is(inboundsFor(view, [svc('{selector: {app: web}, ports: [{port: 80, targetPort: http}]}')], noWorkload, OPTIONS, false)[0]!.state, 'NotReady');
  assert.is(inboundsFor(view, [], () => 'web', OPTIONS, false)[0]!.state, undefined);
});

rules('inbound tags disabled: no tags; with dedupe, the first inbound per port wins', () => {
  const services = [svc('{selector: {app: web}, ports: [{port: 80, targetPort: http}, {port: 81, targetPort: 8080}, {port: 82, targetPort: 9000}]}')];
  const options = { ...OPTIONS, inboundTagsDisabled: true };
  assert.equal(inboundsFor(pod(''), services, noWorkload, options, false).map((i) => [i.port, i.tags]), [[8080, undefined], [8080, undefined], [9000, undefined]]);
  assert.equal(inboundsFor(pod(''), services, noWorkload, options, true).map((i) => [i.port, i.name]), [[8080, 'http'], [9000, undefined]]);
});

rules('inboundName: 2.9 names the inbound after the Service port, 2.7 not at all; before 2.14 no protocol field', () => {
  const services = [svc('{selector: {app: web}, ports: [{name: web, port: 80, targetPort: http}]}')];
  const first = (minor: Minor) => inboundsFor(pod(''), services, noWorkload, { ...OPTIONS, release: releaseOf(minor).behaviour }, false)[0]!;
  assert.equal([first('2.14').name, first('2.14').protocol], ['http', 'tcp']);
  assert.equal([first('2.11').name, first('2.11').protocol], ['http', undefined]);
  assert.is(first('2.9').name, 'web');
  assert.is(first('2.7').name, undefined);
});

rules('inboundDedupKey: 2.13 keeps an Ignored and a Ready inbound on one port, 2.12 only the first', () => {
  const services = [svc('{selector: {app: web, hash: x}, ports: [{port: 80, targetPort: 8080}]}'), svc('{selector: {app: web}, ports: [{port: 81, targetPort: 8080}]}')];
  const states = (minor: Minor) => inboundsFor(pod(''), services, noWorkload, { ...OPTIONS, release: releaseOf(minor).behaviour }, true).map((i) => i.state ?? 'Ready');
  assert.equal(states('2.13'), ['Ignored', 'Ready']);
  assert.equal(states('2.12'), ['Ignored']);
});
rules.run();
