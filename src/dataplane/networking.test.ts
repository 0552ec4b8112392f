/** transparentProxying, gateway, listeners and admin (spec §11.7), with Kuma's error messages. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type Minor, releaseOf } from '../kuma/releases.ts';
import type { KubeObject } from '../krm/object.ts';
import { readAnnotations } from '../kuma/annotation-reader.ts';
import { failure } from '../testing/fixtures.ts';
import { yaml } from '../testing/yaml.ts';
import { admin, gateway, listeners, transparentProxying } from './networking.ts';
import { podViewOfPod } from './pod.ts';

const tp = suite('transparentProxying');
const TP_ON = {
  'kuma.io/transparent-proxying': 'enabled',
  'kuma.io/transparent-proxying-inbound-port': '15006',
  'kuma.io/transparent-proxying-outbound-port': '15001',
};
const tpCases: Array<[string, Record<string, string>, unknown]> = [
  ['no annotations: none', {}, undefined],
  ['what the injector writes: ports and DualStack', TP_ON, { ipFamilyMode: 'DualStack', redirectPortInbound: 15006, redirectPortOutbound: 15001 }],
  ['ipv4', { ...TP_ON, 'kuma.io/transparent-proxying-ip-family-mode': 'ipv4' }, { ipFamilyMode: 'IPv4', redirectPortInbound: 15006, redirectPortOutbound: 15001 }],
  ['an empty family mode: unspecified', { ...TP_ON, 'kuma.io/transparent-proxying-ip-family-mode': '' }, { redirectPortInbound: 15006, redirectPortOutbound: 15001 }],
  [
    'direct access and reachable services, comma lists without empty items',
    { ...TP_ON, 'kuma.io/direct-access-services': 'a_ns_svc_80,,b_ns_svc_81', 'kuma.io/transparent-proxying-reachable-services': 'c_ns_svc_1' },
    { directAccessServices: ['a_ns_svc_80', 'b_ns_svc_81'], ipFamilyMode: 'DualStack', reachableServices: ['c_ns_svc_1'], redirectPortInbound: 15006, redirectPortOutbound: 15001 },
  ],
  ['an empty direct-access list: no field', { ...TP_ON, 'kuma.io/direct-access-services': '' }, { ipFamilyMode: 'DualStack', redirectPortInbound: 15006, redirectPortOutbound: 15001 }],
  ['direct access without transparent proxying: ignored', { 'kuma.io/direct-access-services': '*' }, undefined],
  ['ConfigMap mode: the lists, but no ports', { 'traffic.kuma.io/transparent-proxy-config': 'x: 1', 'kuma.io/direct-access-services': '*' }, { directAccessServices: ['*'] }],
  [
    'reachable backends, with unknown keys ignored and an explicit port 0 kept',
    { ...TP_ON, 'kuma.io/reachable-backends': 'refs:\n- {kind: MeshService, name: api, namespace: web, port: 0, extra: 1}\n- {kind: MeshExternalService, labels: {kuma.io/zone: east}}' },
    {
      ipFamilyMode: 'DualStack',
      reachableBackends: { refs: [{ kind: 'MeshService', name: 'api', namespace: 'web', port: 0 }, { kind: 'MeshExternalService', labels: { 'kuma.io/zone': 'east' } }] },
      redirectPortInbound: 15006,
      redirectPortOutbound: 15001,
    },
  ],
  ['reachable backends "{}"', { ...TP_ON, 'kuma.io/reachable-backends': '{}' }, { ipFamilyMode: 'DualStack', reachableBackends: {}, redirectPortInbound: 15006, redirectPortOutbound: 15001 }],
];
for (const [name, annotations, expected] of tpCases) {
  tp(name, () => assert.equal(transparentProxying(readAnnotations(annotations)), expected));
}
const tpErrors: Array<[string, Record<string, string>, string]> = [
  ['no inbound port', { 'kuma.io/transparent-proxying': 'enabled' }, 'transparent proxying inbound port has to be set in transparent mode'],
  ['no outbound port', { 'kuma.io/transparent-proxying': 'enabled', 'kuma.io/transparent-proxying-inbound-port': '1' }, 'transparent proxying outbound port has to be set in transparent mode'],
  ['a bad family mode', { ...TP_ON, 'kuma.io/transparent-proxying-ip-family-mode': 'ipv6' }, "invalid ip family mode 'ipv6'"],
  ['reachable backends that are not YAML', { ...TP_ON, 'kuma.io/reachable-backends': 'refs: [' }, 'cannot parse, kuma.io/reachable-backends has invalid format'],
  ['a port that is not a number', { ...TP_ON, 'kuma.io/reachable-backends': 'refs: [{kind: MeshService, port: "80"}]' }, 'cannot parse, kuma.io/reachable-backends has invalid format'],
  ['an unparsable switch', { 'kuma.io/transparent-proxying': 'on' }, 'annotation "kuma.io/transparent-proxying" has wrong value "on"'],
];
for (const [name, annotations, message] of tpErrors) {
  tp(`error: ${name}`, () => assert.is(failure(() => transparentProxying(readAnnotations(annotations))).message, message));
}
const at = (minor: Minor, annotations: Record<string, string>) => transparentProxying(readAnnotations(annotations), releaseOf(minor).behaviour);
tp('configMapMode inline (2.9): before 2.11 the ConfigMap-mode annotation enables nothing', () => {
  const cm = { 'traffic.kuma.io/transparent-proxy-config': 'x: 1', 'kuma.io/direct-access-services': '*' };
  assert.equal(at('2.11', cm), { directAccessServices: ['*'] });
  assert.is(at('2.9', cm), undefined);
});
tp('2.9: an empty or unknown family mode is an error that names DualStack (Kuma prints the default)', () => {
  for (const mode of ['', 'ipv6']) {
    assert.is(failure(() => at('2.9', { ...TP_ON, 'kuma.io/transparent-proxying-ip-family-mode': mode })).message, "invalid ip family mode 'DualStack'");
  }
});
tp('inboundV6PortAnnotation: 2.7 writes a v6 port, and v6 port 0 without a mode means IPv4', () => {
  const v6 = (port: string, extra: Record<string, string> = {}) => at('2.7', { ...TP_ON, 'kuma.io/transparent-proxying-inbound-v6-port': port, ...extra });
  assert.equal(v6('15099'), { ipFamilyMode: 'DualStack', redirectPortInbound: 15006, redirectPortInboundV6: 15099, redirectPortOutbound: 15001 });
  assert.equal(v6('0'), { ipFamilyMode: 'IPv4', redirectPortInbound: 15006, redirectPortOutbound: 15001 });
  assert.equal(v6('x'), { ipFamilyMode: 'IPv4', redirectPortInbound: 15006, redirectPortOutbound: 15001 }, 'unparsable counts as 0');
  assert.equal(v6('0', { 'kuma.io/transparent-proxying-ip-family-mode': 'dualstack' })?.ipFamilyMode, 'DualStack');
  assert.is(at('2.9', { ...TP_ON, 'kuma.io/transparent-proxying-inbound-v6-port': '15099' })!.redirectPortInboundV6, undefined);
});
tp('reachableBackendsAnnotation: 2.7 ignores kuma.io/reachable-backends', () => {
  const annotations = { ...TP_ON, 'kuma.io/reachable-backends': '{}' };
  assert.equal(at('2.9', annotations)!.reachableBackends, {});
  assert.is(at('2.7', annotations)!.reachableBackends, undefined);
});
tp.run();

const gw = suite('gateway');
const pod = podViewOfPod(yaml`{apiVersion: v1, kind: Pod, metadata: {name: gw, namespace: edge}}`);
const firstTags = () => ({ 'kuma.io/service': 'gw_edge_svc_80' });
gw('enabled: the first inbound tags', () => assert.equal(gateway('enabled', pod, firstTags, () => ({ name: 'gw', kind: 'Pod' })), { tags: firstTags() }));
gw('enabled with inbound tags disabled: no tags', () => assert.equal(gateway('enabled', pod, () => undefined, () => ({ name: 'gw', kind: 'Pod' })), {}));
gw('provided, owned by a Deployment: kuma.io/service-name', () =>
  assert.equal(gateway('provided', pod, firstTags, () => ({ name: 'edge-gw', kind: 'Deployment' })), { tags: { 'kuma.io/service-name': 'edge-gw_edge_svc' } }));
gw('provided, without a Deployment: as enabled', () => assert.equal(gateway('provided', pod, firstTags, () => ({ name: 'gw', kind: 'DaemonSet' })), { tags: firstTags() }));
gw('anything else, even "true" which the injector accepts, fails', () =>
  assert.is(failure(() => gateway('true', pod, firstTags, () => ({ name: 'gw', kind: 'Pod' }))).message, "invalid delegated gateway type 'true'"));
gw.run();

const zone = suite('listeners');
const proxy = podViewOfPod(yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: zp, namespace: demo}
  spec: {containers: [{name: zp, ports: [{containerPort: 10001}, {containerPort: 10002}]}]}
  status: {podIP: 10.0.0.9, containerStatuses: [{name: zp, ready: false}]}
`);
const zoneService = (name: string, type: string, ports: string): KubeObject => yaml`
  apiVersion: v1
  kind: Service
  metadata: {name: ${name}, namespace: demo, labels: {k8s.kuma.io/zone-proxy-type: ${type}}}
  spec: {ports: ${ports}}
`;
zone('one per TCP port, named after the port or its number, NotReady with its container', () => {
  const services = [zoneService('zi', 'ingress', '[{name: main, port: 1, targetPort: 10001}, {port: 2, targetPort: 10002}, {port: 3, protocol: UDP, targetPort: 10001}]')];
  assert.equal(listeners(proxy, services, '10.0.0.9'), [
    { address: '10.0.0.9', name: 'main', port: 10001, state: 'NotReady', type: 'ZoneIngress' },
    { address: '10.0.0.9', name: '2', port: 10002, state: 'NotReady', type: 'ZoneIngress' },
  ]);
});
zone('the same port twice: the second Service is ignored if its type matches, else an error', () => {
  const a = zoneService('a', 'ingress', '[{port: 1, targetPort: 10001}]');
  assert.is(listeners(proxy, [a, zoneService('b', 'ingress', '[{port: 1, targetPort: 10001}]')], 'x').length, 1);
  assert.is(
    failure(() => listeners(proxy, [a, zoneService('c', 'egress', '[{port: 1, targetPort: 10001}]')], 'x')).message,
    'conflicting listener types on port 10001: services "a" and "c" have different k8s.kuma.io/zone-proxy-type labels, please remove one of the Services',
  );
});
zone('an unknown type fails', () =>
  assert.is(
    failure(() => listeners(proxy, [zoneService('a', 'mesh', '[{port: 1}]')], 'x')).message,
    'service demo/a has invalid k8s.kuma.io/zone-proxy-type label value "mesh"; allowed: "ingress", "egress"',
  ));
zone.run();

const adm = suite('admin');
adm('from kuma.io/envoy-admin-port; none without it', () => {
  assert.equal([admin(readAnnotations({ 'kuma.io/envoy-admin-port': '9901' })), admin(readAnnotations({}))], [{ port: 9901 }, undefined]);
});
adm.run();
