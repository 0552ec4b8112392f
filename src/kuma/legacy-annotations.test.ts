/**
 * The annotations Kuma 2.14 writes in its default (legacy) transparent-proxy mode (spec §8.1). The baseline
 * is the §12.2 production example; each case changes one input and states the keys that change.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HELM_DEFAULT_ANNOTATIONS, settingsWith } from '../testing/fixtures.ts';
import type { JsonObject } from '../krm/object.ts';
import { loadSettings, type Settings } from '../settings.ts';
import { readAnnotations } from './annotation-reader.ts';
import { InjectionFailure } from './failure.ts';
import { legacyAnnotations } from './legacy-annotations.ts';

const withInjector = (injector: JsonObject, params: JsonObject = {}): Settings =>
  settingsWith({ controlPlane: { runtime: { kubernetes: { injector } }, bootstrapServer: { params } } });
const defaults = settingsWith();
const NO_UDS = withInjector({}, { envoyAdminUnixSocket: false });

/** §12.2: the annotations of a Helm-default 2.14.3 install. */
const BASELINE: Record<string, string> = { ...HELM_DEFAULT_ANNOTATIONS };

/** The baseline with some keys changed (a string) or removed (undefined). */
function baseline(changes: Record<string, string | undefined>): Record<string, string> {
  const out = { ...BASELINE };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

const s = suite('legacyAnnotations');

s('with Helm defaults writes exactly the §12.2 set', () => {
  assert.equal(legacyAnnotations(readAnnotations({}), defaults), BASELINE);
});

interface Case {
  name: string;
  input: Record<string, string>;
  settings?: Settings;
  expected: Record<string, string>;
}

const cases: Case[] = [
  {
    name: 'overwrites per-pod values that cannot be changed with the config values',
    input: {
      'kuma.io/sidecar-uid': '1000',
      'kuma.io/transparent-proxying': 'disabled',
      'kuma.io/transparent-proxying-inbound-port': '1',
      'kuma.io/transparent-proxying-outbound-port': '2',
    },
    expected: BASELINE,
  },
  {
    name: 'takes UID and redirect ports from the config',
    input: {},
    settings: withInjector({ sidecarContainer: { uid: 1234, redirectPortInbound: 15106, redirectPortOutbound: 15101 } }),
    expected: baseline({
      'kuma.io/sidecar-uid': '1234',
      'kuma.io/transparent-proxying-inbound-port': '15106',
      'kuma.io/transparent-proxying-outbound-port': '15101',
    }),
  },
  {
    name: 'CNI adds the network attachment',
    input: {},
    settings: withInjector({ cniEnabled: true }),
    expected: baseline({ 'k8s.v1.cni.cncf.io/networks': 'kuma-cni' }),
  },
  {
    name: 'DNS disabled in config writes no DNS keys',
    input: {},
    settings: withInjector({ builtinDNS: { enabled: false } }),
    expected: baseline({ 'kuma.io/builtin-dns': undefined, 'kuma.io/builtin-dns-port': undefined, 'kuma.io/builtin-dns-logging': undefined }),
  },
  {
    name: 'the pod can disable DNS',
    input: { 'kuma.io/builtin-dns': 'disabled' },
    expected: baseline({ 'kuma.io/builtin-dns': undefined, 'kuma.io/builtin-dns-port': undefined, 'kuma.io/builtin-dns-logging': undefined }),
  },
  {
    name: 'the pod can enable DNS against the config, with its own port and logging (normalized to true)',
    input: { 'kuma.io/builtin-dns': 'true', 'kuma.io/builtin-dns-port': '25053', 'kuma.io/builtin-dns-logging': 'enabled' },
    settings: withInjector({ builtinDNS: { enabled: false } }),
    expected: baseline({ 'kuma.io/builtin-dns-port': '25053', 'kuma.io/builtin-dns-logging': 'true' }),
  },
  {
    name: 'DNS port and logging from the config',
    input: {},
    settings: withInjector({ builtinDNS: { port: 25053, logging: true } }),
    expected: baseline({ 'kuma.io/builtin-dns-port': '25053', 'kuma.io/builtin-dns-logging': 'true' }),
  },
  {
    name: 'a gateway: virtual probes disabled, probe proxy 0 (fixture 06)',
    input: { 'kuma.io/gateway': 'enabled' },
    expected: baseline({ 'kuma.io/application-probe-proxy-port': '0' }),
  },
  {
    name: 'any gateway key forces probe proxy 0, even `disabled`',
    input: { 'kuma.io/gateway': 'disabled' },
    expected: baseline({ 'kuma.io/application-probe-proxy-port': '0' }),
  },
  {
    name: 'probe proxy 0 on the pod enables virtual probes (fixture 15)',
    input: { 'kuma.io/application-probe-proxy-port': '0' },
    expected: baseline({ 'kuma.io/application-probe-proxy-port': '0', 'kuma.io/virtual-probes': 'enabled' }),
  },
  {
    name: 'virtual probes from the config and the port from the pod',
    input: { 'kuma.io/virtual-probes-port': '19000' },
    settings: withInjector({ virtualProbesEnabled: true }),
    expected: baseline({ 'kuma.io/virtual-probes': 'enabled', 'kuma.io/virtual-probes-port': '19000' }),
  },
  {
    name: 'the pod probe proxy port overrides the config (fixture 14)',
    input: { 'kuma.io/application-probe-proxy-port': '19000' },
    expected: baseline({ 'kuma.io/application-probe-proxy-port': '19000' }),
  },
  {
    name: 'pod exclude-inbound-ports are kept and the readiness port appended',
    input: { 'traffic.kuma.io/exclude-inbound-ports': '1234,1235' },
    expected: baseline({ 'traffic.kuma.io/exclude-inbound-ports': '1234,1235,9902' }),
  },
  {
    name: 'config exclude ports are joined by commas (fixture 17 config)',
    input: {},
    settings: withInjector({ sidecarTraffic: { excludeInboundPorts: [1234, 5678], excludeOutboundPorts: [4321, 7654] } }),
    expected: baseline({ 'traffic.kuma.io/exclude-inbound-ports': '1234,5678,9902', 'traffic.kuma.io/exclude-outbound-ports': '4321,7654' }),
  },
  {
    name: 'empty pod exclude annotations suppress the config lists (fixture 18)',
    input: { 'traffic.kuma.io/exclude-inbound-ports': '', 'traffic.kuma.io/exclude-outbound-ports': '' },
    settings: withInjector({ sidecarTraffic: { excludeInboundPorts: [1234], excludeOutboundPorts: [4321] } }),
    expected: baseline({ 'traffic.kuma.io/exclude-inbound-ports': '9902' }),
  },
  {
    name: 'without the admin Unix socket nothing is appended, and an empty list writes no key (fixture 18)',
    input: { 'traffic.kuma.io/exclude-inbound-ports': '' },
    settings: NO_UDS,
    expected: baseline({ 'traffic.kuma.io/exclude-inbound-ports': undefined }),
  },
  {
    name: 'without the admin Unix socket the pod list is kept as is',
    input: { 'traffic.kuma.io/exclude-inbound-ports': '1234' },
    settings: NO_UDS,
    expected: baseline({ 'traffic.kuma.io/exclude-inbound-ports': '1234' }),
  },
  {
    name: 'the readiness port appended follows the config',
    input: {},
    settings: withInjector({}, { readinessPort: 9999 }),
    expected: baseline({ 'traffic.kuma.io/exclude-inbound-ports': '9999' }),
  },
  {
    name: 'IP family from the pod (fixture 33)',
    input: { 'kuma.io/transparent-proxying-ip-family-mode': 'ipv4' },
    expected: baseline({ 'kuma.io/transparent-proxying-ip-family-mode': 'ipv4' }),
  },
  {
    name: 'IP family from the config',
    input: {},
    settings: withInjector({ sidecarContainer: { ipFamilyMode: 'ipv4' } }),
    expected: baseline({ 'kuma.io/transparent-proxying-ip-family-mode': 'ipv4' }),
  },
  {
    name: 'envoy admin port from the pod',
    input: { 'kuma.io/envoy-admin-port': '9555' },
    expected: baseline({ 'kuma.io/envoy-admin-port': '9555' }),
  },
  {
    name: 'envoy admin port from the bootstrap params',
    input: {},
    settings: withInjector({}, { adminPort: 9911 }),
    expected: baseline({ 'kuma.io/envoy-admin-port': '9911' }),
  },
  {
    name: 'exclude IPs from the config, joined by commas',
    input: {},
    settings: withInjector({ sidecarTraffic: { excludeOutboundIPs: ['10.0.0.0/8', 'fe80::/10'], excludeInboundIPs: ['192.168.0.1'] } }),
    expected: baseline({ 'traffic.kuma.io/exclude-outbound-ips': '10.0.0.0/8,fe80::/10', 'traffic.kuma.io/exclude-inbound-ips': '192.168.0.1' }),
  },
  {
    name: 'exclude IPs from the pod win over the config, kept as written',
    input: { 'traffic.kuma.io/exclude-outbound-ips': '10.0.0.1, fe80::1' },
    settings: withInjector({ sidecarTraffic: { excludeOutboundIPs: ['10.0.0.0/8'] } }),
    expected: baseline({ 'traffic.kuma.io/exclude-outbound-ips': '10.0.0.1, fe80::1' }),
  },
  {
    name: 'eBPF from config copies the non-empty paths (fixture 30: no tc iface, no instance-IP var annotation)',
    input: {},
    settings: withInjector({ ebpf: { enabled: true } }),
    expected: baseline({
      'kuma.io/transparent-proxying-ebpf': 'enabled',
      'kuma.io/transparent-proxying-ebpf-bpf-fs-path': '/sys/fs/bpf',
      'kuma.io/transparent-proxying-ebpf-cgroup-path': '/sys/fs/cgroup',
      'kuma.io/transparent-proxying-ebpf-programs-source-path': '/tmp/kuma-ebpf',
    }),
  },
  {
    name: 'eBPF values from the pod win over the config',
    input: {
      'kuma.io/transparent-proxying-ebpf': 'enabled',
      'kuma.io/transparent-proxying-ebpf-tc-attach-iface': 'eth1',
      'kuma.io/transparent-proxying-ebpf-instance-ip-env-var-name': 'MY_IP',
    },
    expected: baseline({
      'kuma.io/transparent-proxying-ebpf': 'enabled',
      'kuma.io/transparent-proxying-ebpf-bpf-fs-path': '/sys/fs/bpf',
      'kuma.io/transparent-proxying-ebpf-cgroup-path': '/sys/fs/cgroup',
      'kuma.io/transparent-proxying-ebpf-programs-source-path': '/tmp/kuma-ebpf',
      'kuma.io/transparent-proxying-ebpf-tc-attach-iface': 'eth1',
      'kuma.io/transparent-proxying-ebpf-instance-ip-env-var-name': 'MY_IP',
    }),
  },
];

for (const c of cases) {
  s(c.name, () => assert.equal(legacyAnnotations(readAnnotations(c.input), c.settings ?? defaults), c.expected));
}

s('does not echo unrelated pod annotations (merging is the caller’s job)', () => {
  const out = legacyAnnotations(readAnnotations({ 'prometheus.io/scrape': 'true', 'kuma.io/mesh': 'demo' }), defaults);
  assert.is(out['prometheus.io/scrape'], undefined);
  assert.is(out['kuma.io/mesh'], undefined);
});

s('a gateway that also asks for the probe proxy fails', () => {
  let caught: unknown;
  try {
    legacyAnnotations(readAnnotations({ 'kuma.io/gateway': 'enabled', 'kuma.io/application-probe-proxy-port': '9000' }), defaults);
  } catch (e) {
    caught = e;
  }
  assert.instance(caught, InjectionFailure);
  assert.is((caught as InjectionFailure).message, "application probe proxies probes can't be enabled in gateway mode");
});

s('a gateway that enables virtual probes fails', () => {
  let caught: unknown;
  try {
    legacyAnnotations(readAnnotations({ 'kuma.io/gateway': 'enabled', 'kuma.io/virtual-probes': 'enabled' }), defaults);
  } catch (e) {
    caught = e;
  }
  assert.instance(caught, InjectionFailure);
  assert.is((caught as InjectionFailure).message, "virtual probes can't be enabled in gateway mode");
});

s('an unparsable DNS port fails on that annotation', () => {
  let caught: unknown;
  try {
    legacyAnnotations(readAnnotations({ 'kuma.io/builtin-dns-port': 'dns' }), defaults);
  } catch (e) {
    caught = e;
  }
  assert.instance(caught, InjectionFailure);
  assert.is((caught as InjectionFailure).field, 'metadata.annotations[kuma.io/builtin-dns-port]');
  assert.match((caught as InjectionFailure).message, 'failed to parse annotation "kuma.io/builtin-dns-port"');
});

s.run();

// ---------------------------------------------------------------------------------------------------------
const v27 = suite('legacyAnnotations: Kuma 2.7');
const at27 = (injector: JsonObject = {}): Settings => settingsWith({ kumaVersion: '2.7', controlPlane: { runtime: { kubernetes: { injector } } } });

v27('the eBPF annotation is always written; no probe-proxy annotation, even from the pod', () => {
  const out = legacyAnnotations(readAnnotations({ 'kuma.io/application-probe-proxy-port': '0' }), at27());
  assert.is(out['kuma.io/transparent-proxying-ebpf'], 'disabled');
  assert.is(out['kuma.io/application-probe-proxy-port'], undefined);
  // The pod's "0" means nothing to 2.7, so it does not turn virtual probes on (config: on by default in 2.7).
  assert.is(legacyAnnotations(readAnnotations({ 'kuma.io/application-probe-proxy-port': '0' }), at27({ virtualProbesEnabled: false }))['kuma.io/virtual-probes'], 'disabled');
});

v27('redirectPortInboundV6: the default writes nothing, 0 forces ipv4, another port is written; the config wins over the pod', () => {
  const pod = readAnnotations({ 'kuma.io/transparent-proxying-ip-family-mode': 'ipv4' });
  const byDefault = legacyAnnotations(pod, at27());
  assert.is(byDefault['kuma.io/transparent-proxying-ip-family-mode'], 'dualstack');
  assert.is(byDefault['kuma.io/transparent-proxying-inbound-v6-port'], undefined);
  assert.is(legacyAnnotations(readAnnotations({}), at27({ sidecarContainer: { redirectPortInboundV6: 0 } }))['kuma.io/transparent-proxying-ip-family-mode'], 'ipv4');
  for (const port of [15010, 15006]) {
    assert.is(legacyAnnotations(readAnnotations({}), at27({ sidecarContainer: { redirectPortInboundV6: port } }))['kuma.io/transparent-proxying-inbound-v6-port'], undefined);
  }
  assert.is(legacyAnnotations(readAnnotations({}), at27({ sidecarContainer: { redirectPortInboundV6: 15016 } }))['kuma.io/transparent-proxying-inbound-v6-port'], '15016');
});

v27.run();
