/** Service matching, port resolution and the protocol of a port, as Kuma's reconciler does them (spec §11.5-11.6). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type Minor, NEWEST_STABLE, releaseOf } from '../kuma/releases.ts';
import type { KubeObject } from '../krm/object.ts';
import { yaml } from '../testing/yaml.ts';
import { indexInputs } from './inputs.ts';
import type { PodView } from './pod.ts';
import { podViewOfPod } from './pod.ts';
import { findPort, matchingServices, protocolOf, serviceMatcher, serviceName, servicePorts } from './services.ts';

/** The Services of `items` that select the Pod, as the transform matches them. */
const match = (view: PodView, items: KubeObject[], ignored: string[]): KubeObject[] => {
  const index = indexInputs(items);
  return matchingServices(view, index, serviceMatcher(index, ignored));
};

const pod = podViewOfPod(yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: web-1, namespace: shop, uid: uid-1, labels: {app: web, hash: a1}}
  spec:
    containers:
      - name: app
        ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]
      - name: metrics
        ports: [{name: metrics, containerPort: 9090}, {name: http, containerPort: 8081}]
  status: {podIP: 10.0.0.5}
`);

const service = (name: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop', ...extra }, spec }) as KubeObject;

const matching = suite('matchingServices');
const matchCases: Array<[string, KubeObject[], string[], string[]]> = [
  ['a selector that matches', [service('web', { selector: { app: 'web' } })], [], ['web']],
  ['a selector that does not', [service('api', { selector: { app: 'api' } })], [], []],
  ['a selector with one label too many', [service('web', { selector: { app: 'web', hash: 'b2' } })], [], []],
  ['the same, with that label ignored', [service('web', { selector: { app: 'web', hash: 'b2' } })], ['hash'], ['web']],
  ['sorted by name, not input order', [service('zeta', { selector: { app: 'web' } }), service('alpha', { selector: { app: 'web' } })], [], ['alpha', 'zeta']],
  ['kuma.io/ignore: "true" skips it', [service('web', { selector: { app: 'web' } }, { annotations: { 'kuma.io/ignore': 'true' } })], [], []],
  ['an unparsable kuma.io/ignore does not', [service('web', { selector: { app: 'web' } }, { annotations: { 'kuma.io/ignore': 'maybe' } })], [], ['web']],
  ['another namespace never matches', [{ ...service('web', { selector: { app: 'web' } }), metadata: { name: 'web', namespace: 'other' } }], [], []],
  ['no selector and no EndpointSlice', [service('manual', { ports: [{ port: 80 }] })], [], []],
];
for (const [name, services, ignored, expected] of matchCases) {
  matching(name, () => {
    assert.equal(match(pod, services, ignored).map(serviceName), expected);
  });
}

const slice = (service: string, uid: string | undefined): KubeObject =>
  ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${service}-x`, namespace: 'shop', labels: { 'kubernetes.io/service-name': service } },
    endpoints: [{ addresses: ['10.0.0.5'], ...(uid ? { targetRef: { kind: 'Pod', name: 'web-1', uid } } : {}) }],
  }) as KubeObject;

matching('a selector-less Service whose EndpointSlice names the Pod by UID', () => {
  const items = [service('manual', { ports: [{ port: 80 }] }), slice('manual', 'uid-1')];
  assert.equal(match(pod, items, []).map(serviceName), ['manual']);
});
matching('an EndpointSlice of another Pod, or without a targetRef, does not', () => {
  const items = [service('a', {}), slice('a', 'uid-2'), service('b', {}), slice('b', undefined)];
  assert.equal(match(pod, items, []).map(serviceName), []);
});
matching('a template (no UID) is never matched by EndpointSlices', () => {
  const template = podViewOfPod({ ...pod.source, metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'web' } } });
  assert.equal(match(template, [service('a', {}), slice('a', 'uid-1')], []), []);
});
matching.run();

const ports = suite('findPort');
const portOf = (p: Record<string, unknown>) => servicePorts(service('s', { ports: [p] }))[0]!;
const portCases: Array<[string, Record<string, unknown>, { port: number; name: string; container?: string } | undefined]> = [
  ['a declared number gives its name and container', { port: 80, targetPort: 9090 }, { port: 9090, name: 'metrics', container: 'metrics' }],
  ['an undeclared number is used as it is', { port: 80, targetPort: 7000 }, { port: 7000, name: '' }],
  ['a name: the first container that declares it', { port: 80, targetPort: 'http' }, { port: 8080, name: 'http', container: 'app' }],
  ['an unknown name: no port', { port: 80, targetPort: 'grpc' }, undefined],
  ['a name with another protocol: no port', { port: 53, targetPort: 'dns' }, undefined],
  ['the same name and protocol', { port: 53, targetPort: 'dns', protocol: 'UDP' }, { port: 53, name: 'dns', container: 'app' }],
  ['no targetPort: the API server defaults it to port', { port: 8081 }, { port: 8081, name: 'http', container: 'metrics' }],
];
for (const [name, p, expected] of portCases) {
  ports(name, () => {
    const found = findPort(pod.spec, portOf(p));
    assert.equal(found ? { port: found.port, name: found.name, ...(found.container ? { container: found.container.name } : {}) } : undefined, expected);
  });
}
ports.run();

const protocols = suite('protocolOf');
const protocolCases: Array<[string, string | undefined, Record<string, string>, string]> = [
  ['nothing: tcp', undefined, {}, 'tcp'],
  ['a known appProtocol, lower-cased', 'HTTP', {}, 'http'],
  ['an unknown appProtocol: tcp', 'MONGO', {}, 'tcp'],
  ['an empty appProtocol: tcp', '', {}, 'tcp'],
  ['the port annotation', undefined, { '80.service.kuma.io/protocol': 'grpc' }, 'grpc'],
  ['the annotation of another port does not count', undefined, { '81.service.kuma.io/protocol': 'grpc' }, 'tcp'],
  ['an unknown annotation value is kept, lower-cased', undefined, { '80.service.kuma.io/protocol': 'MONGO' }, 'mongo'],
  ['appProtocol beats the annotation', 'http2', { '80.service.kuma.io/protocol': 'grpc' }, 'http2'],
  ['an unknown appProtocol lets the annotation through', 'mongo', { '80.service.kuma.io/protocol': 'kafka' }, 'kafka'],
];
for (const [name, appProtocol, annotations, expected] of protocolCases) {
  protocols(name, () => {
    const svc = service('s', { ports: [{ port: 80, ...(appProtocol !== undefined ? { appProtocol } : {}) }] }, { annotations });
    assert.is(protocolOf(svc, servicePorts(svc)[0]!, releaseOf(NEWEST_STABLE).behaviour.knownAppProtocols), expected);
  });
}
protocols('knownAppProtocols: 2.9 knows no mysql, 2.7 no tls either (they fall through to the annotation, else tcp)', () => {
  const of = (minor: Minor, appProtocol: string) => {
    const svc = service('s', { ports: [{ port: 80, appProtocol }] }, { annotations: { '80.service.kuma.io/protocol': 'http' } });
    return protocolOf(svc, servicePorts(svc)[0]!, releaseOf(minor).behaviour.knownAppProtocols);
  };
  assert.equal([of('2.11', 'mysql'), of('2.9', 'mysql'), of('2.9', 'TLS'), of('2.7', 'tls'), of('2.7', 'kafka')], ['mysql', 'http', 'tls', 'http', 'kafka']);
});
protocols.run();
