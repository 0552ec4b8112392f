/**
 * kuma-init and kuma-validation (spec §5). kumactl's flags come from the *merged* annotations, so the cases
 * give the annotations as they are after §8.1's legacy set has been copied over the Pod's own; flag order
 * follows §5.3 and its fixture examples.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { settingsWith } from '../testing/fixtures.ts';
import type { JsonObject } from '../krm/object.ts';
import { loadSettings, type Settings } from '../settings.ts';
import { yaml } from '../testing/yaml.ts';
import { readAnnotations } from './annotation-reader.ts';
import { InjectionFailure } from './failure.ts';
import { buildInitContainer, buildValidationContainer, kumactlArgs } from './init-container.ts';

const withInjector = (injector: JsonObject): Settings => settingsWith({ controlPlane: { runtime: { kubernetes: { injector } } } });
const defaults = settingsWith();

/** What §8.1 writes with Kuma's test config (probe proxy 9000, no DNS, UDS off): the usual merged base. */
const MERGED: Record<string, string> = {
  'kuma.io/sidecar-injected': 'true',
  'kuma.io/transparent-proxying': 'enabled',
  'kuma.io/sidecar-uid': '5678',
  'kuma.io/transparent-proxying-outbound-port': '15001',
  'kuma.io/transparent-proxying-inbound-port': '15006',
  'kuma.io/transparent-proxying-ip-family-mode': 'dualstack',
  'kuma.io/virtual-probes': 'disabled',
  'kuma.io/virtual-probes-port': '9000',
  'kuma.io/application-probe-proxy-port': '9000',
  'kuma.io/envoy-admin-port': '9901',
};

const args = (extra: Record<string, string | undefined>): string[] => {
  const merged: Record<string, string> = { ...MERGED };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  return kumactlArgs(readAnnotations(merged), defaults);
};

// ---------------------------------------------------------------------------------------------------------
const flags = suite('kumactlArgs');

interface FlagCase {
  name: string;
  input: Record<string, string | undefined>;
  expected: string[];
}

const flagCases: FlagCase[] = [
  { name: 'default: probe proxy port excluded, then --verbose (§5.3)', input: {}, expected: ['--exclude-inbound-ports=9000', '--verbose'] },
  {
    name: 'gateway: no inbound redirection and nothing inbound-related (fixture 06)',
    input: { 'kuma.io/gateway': 'enabled', 'kuma.io/application-probe-proxy-port': '0' },
    expected: ['--redirect-inbound=false', '--verbose'],
  },
  {
    name: 'exclude ports from annotations, probe proxy appended to the inbound list (fixture 16)',
    input: { 'traffic.kuma.io/exclude-inbound-ports': '1234,1235', 'traffic.kuma.io/exclude-outbound-ports': '1236' },
    expected: ['--exclude-outbound-ports=1236', '--exclude-inbound-ports=1234,1235,9000', '--verbose'],
  },
  {
    name: 'builtin DNS on a non-default port (fixture 23)',
    input: { 'kuma.io/application-probe-proxy-port': '0', 'kuma.io/builtin-dns': 'enabled', 'kuma.io/builtin-dns-port': '25053' },
    expected: ['--redirect-all-dns-traffic', '--redirect-dns-port=25053', '--verbose'],
  },
  {
    name: 'builtin DNS on the default port 15053 has no port flag',
    input: { 'kuma.io/builtin-dns': 'enabled', 'kuma.io/builtin-dns-port': '15053' },
    expected: ['--exclude-inbound-ports=9000', '--redirect-all-dns-traffic', '--verbose'],
  },
  {
    name: 'builtin DNS disabled: no DNS flags even with a port',
    input: { 'kuma.io/builtin-dns': 'disabled', 'kuma.io/builtin-dns-port': '25053' },
    expected: ['--exclude-inbound-ports=9000', '--verbose'],
  },
  {
    name: 'exclude-outbound-ips before the inbound flags (fixture 38)',
    input: { 'traffic.kuma.io/exclude-outbound-ips': '10.0.0.1,172.16.0.0/16,fe80::1,fe80::/10' },
    expected: ['--exclude-outbound-ips=10.0.0.1,172.16.0.0/16,fe80::1,fe80::/10', '--exclude-inbound-ports=9000', '--verbose'],
  },
  {
    name: 'exclude IP lists are split, trimmed, emptied of blanks and re-joined',
    input: { 'traffic.kuma.io/exclude-outbound-ips': ' 10.0.0.1 , ,fe80::1,', 'traffic.kuma.io/exclude-inbound-ips': '192.168.0.0/16 ,  ::1' },
    expected: ['--exclude-outbound-ips=10.0.0.1,fe80::1', '--exclude-inbound-ports=9000', '--exclude-inbound-ips=192.168.0.0/16,::1', '--verbose'],
  },
  {
    name: 'an exclude IP list of only blanks gives no flag',
    input: { 'traffic.kuma.io/exclude-outbound-ips': ' , ,', 'traffic.kuma.io/exclude-inbound-ips': '' },
    expected: ['--exclude-inbound-ports=9000', '--verbose'],
  },
  {
    name: 'exclude-inbound-ips (fixture 39)',
    input: { 'traffic.kuma.io/exclude-inbound-ips': '10.0.0.1,172.16.0.0/16' },
    expected: ['--exclude-inbound-ports=9000', '--exclude-inbound-ips=10.0.0.1,172.16.0.0/16', '--verbose'],
  },
  {
    name: 'probe proxy 0 leaves the inbound exclude list alone',
    input: { 'kuma.io/application-probe-proxy-port': '0', 'traffic.kuma.io/exclude-inbound-ports': '1234' },
    expected: ['--exclude-inbound-ports=1234', '--verbose'],
  },
  { name: 'probe proxy 0 and no inbound excludes: no flag', input: { 'kuma.io/application-probe-proxy-port': '0' }, expected: ['--verbose'] },
  {
    name: 'one --exclude-outbound-ports-for-uids per `;` entry, in order',
    input: { 'traffic.kuma.io/exclude-outbound-ports-for-uids': 'tcp:80:1000;udp:53:1001-1005' },
    expected: ['--exclude-outbound-ports-for-uids=tcp:80:1000', '--exclude-outbound-ports-for-uids=udp:53:1001-1005', '--exclude-inbound-ports=9000', '--verbose'],
  },
  { name: 'a non-default sidecar UID comes first', input: { 'kuma.io/sidecar-uid': '1234' }, expected: ['--kuma-dp-user=1234', '--exclude-inbound-ports=9000', '--verbose'] },
  {
    name: 'ipv4 mode (fixture 33)',
    input: { 'kuma.io/transparent-proxying-ip-family-mode': 'ipv4', 'kuma.io/application-probe-proxy-port': '0' },
    expected: ['--ip-family-mode=ipv4', '--verbose'],
  },
  {
    name: 'non-default redirect ports',
    input: { 'kuma.io/transparent-proxying-outbound-port': '15002', 'kuma.io/transparent-proxying-inbound-port': '15007' },
    expected: ['--redirect-outbound-port=15002', '--redirect-inbound-port=15007', '--exclude-inbound-ports=9000', '--verbose'],
  },
  {
    name: 'a gateway drops the inbound port, excludes and IPs',
    input: {
      'kuma.io/gateway': 'enabled',
      'kuma.io/application-probe-proxy-port': '0',
      'kuma.io/transparent-proxying-inbound-port': '15007',
      'traffic.kuma.io/exclude-inbound-ports': '1234',
      'traffic.kuma.io/exclude-inbound-ips': '10.0.0.1',
      'traffic.kuma.io/exclude-outbound-ports': '5432',
    },
    expected: ['--exclude-outbound-ports=5432', '--redirect-inbound=false', '--verbose'],
  },
  {
    name: 'a gateway annotation that parses false redirects inbound as usual',
    input: { 'kuma.io/gateway': 'disabled' },
    expected: ['--exclude-inbound-ports=9000', '--verbose'],
  },
  {
    name: 'drop-invalid-packets and iptables-logs (fixtures 36, 37), before --verbose',
    input: { 'traffic.kuma.io/drop-invalid-packets': 'true', 'traffic.kuma.io/iptables-logs': 'yes' },
    expected: ['--exclude-inbound-ports=9000', '--drop-invalid-packets', '--iptables-logs', '--verbose'],
  },
  {
    name: 'the strict booleans silently ignore `enabled` in legacy mode',
    input: { 'traffic.kuma.io/drop-invalid-packets': 'enabled', 'traffic.kuma.io/iptables-logs': 'on' },
    expected: ['--exclude-inbound-ports=9000', '--verbose'],
  },
  {
    name: 'eBPF flags, each only when non-empty (fixture 30)',
    input: {
      'kuma.io/application-probe-proxy-port': '0',
      'kuma.io/transparent-proxying-ebpf': 'enabled',
      'kuma.io/transparent-proxying-ebpf-bpf-fs-path': '/sys/fs/bpf',
      'kuma.io/transparent-proxying-ebpf-cgroup-path': '/sys/fs/cgroup',
      'kuma.io/transparent-proxying-ebpf-tc-attach-iface': 'eth0',
      'kuma.io/transparent-proxying-ebpf-programs-source-path': '/tmp/kuma-ebpf',
    },
    expected: [
      '--ebpf-enabled',
      '--ebpf-bpffs-path=/sys/fs/bpf',
      '--ebpf-cgroup-path=/sys/fs/cgroup',
      '--ebpf-tc-attach-iface=eth0',
      '--ebpf-programs-source-path=/tmp/kuma-ebpf',
      '--verbose',
    ],
  },
  {
    name: 'eBPF instance IP from the env var name annotation, empty paths left out',
    input: {
      'kuma.io/application-probe-proxy-port': '0',
      'kuma.io/transparent-proxying-ebpf': 'enabled',
      'kuma.io/transparent-proxying-ebpf-tc-attach-iface': '',
      'kuma.io/transparent-proxying-ebpf-instance-ip-env-var-name': 'INSTANCE_IP',
    },
    expected: ['--ebpf-enabled', '--ebpf-instance-ip=$(INSTANCE_IP)', '--verbose'],
  },
  {
    name: 'every flag at once, in §5.3 order',
    input: {
      'kuma.io/sidecar-uid': '1000',
      'kuma.io/transparent-proxying-ip-family-mode': 'ipv4',
      'kuma.io/transparent-proxying-outbound-port': '15002',
      'traffic.kuma.io/exclude-outbound-ports': '22',
      'traffic.kuma.io/exclude-outbound-ips': '10.0.0.1',
      'traffic.kuma.io/exclude-outbound-ports-for-uids': '0',
      'kuma.io/transparent-proxying-inbound-port': '15007',
      'traffic.kuma.io/exclude-inbound-ports': '8080',
      'traffic.kuma.io/exclude-inbound-ips': '10.0.0.2',
      'kuma.io/builtin-dns': 'enabled',
      'kuma.io/builtin-dns-port': '25053',
      'kuma.io/transparent-proxying-ebpf': 'true',
      'kuma.io/transparent-proxying-ebpf-bpf-fs-path': '/bpf',
      'traffic.kuma.io/drop-invalid-packets': 'true',
      'traffic.kuma.io/iptables-logs': 'true',
    },
    expected: [
      '--kuma-dp-user=1000',
      '--ip-family-mode=ipv4',
      '--redirect-outbound-port=15002',
      '--exclude-outbound-ports=22',
      '--exclude-outbound-ips=10.0.0.1',
      '--exclude-outbound-ports-for-uids=0',
      '--redirect-inbound-port=15007',
      '--exclude-inbound-ports=8080,9000',
      '--exclude-inbound-ips=10.0.0.2',
      '--redirect-all-dns-traffic',
      '--redirect-dns-port=25053',
      '--ebpf-enabled',
      '--ebpf-bpffs-path=/bpf',
      '--drop-invalid-packets',
      '--iptables-logs',
      '--verbose',
    ],
  },
];

for (const c of flagCases) {
  flags(c.name, () => assert.equal(args(c.input), c.expected));
}

flags('a gateway value that is not a boolean (such as `provided`) fails', () => {
  let caught: unknown;
  try {
    args({ 'kuma.io/gateway': 'provided', 'kuma.io/application-probe-proxy-port': '0' });
  } catch (e) {
    caught = e;
  }
  assert.instance(caught, InjectionFailure);
  assert.is((caught as InjectionFailure).message, 'annotation "kuma.io/gateway" has wrong value "provided"');
  assert.is((caught as InjectionFailure).field, 'metadata.annotations[kuma.io/gateway]');
});

// ---------------------------------------------------------------------------------------------------------
const init = suite('buildInitContainer');

init('with Helm defaults matches §5.1', () => {
  const expected = yaml`
    name: kuma-init
    image: docker.io/kumahq/kuma-init:2.14.3
    imagePullPolicy: IfNotPresent
    command: [/usr/bin/kumactl, install, transparent-proxy]
    args: ["--exclude-inbound-ports=9902,9001", --redirect-all-dns-traffic, --verbose]
    env:
    - {name: XTABLES_LOCKFILE, value: /tmp/xtables.lock}
    securityContext:
      runAsUser: 0
      runAsGroup: 0
      capabilities: {add: [NET_ADMIN, NET_RAW], drop: [ALL]}
      readOnlyRootFilesystem: true
    resources:
      limits: {memory: 50M}
      requests: {cpu: 20m, memory: 20M}
    volumeMounts:
    - {name: kuma-init-tmp, mountPath: /tmp}
  `;
  const flagList = ['--exclude-inbound-ports=9902,9001', '--redirect-all-dns-traffic', '--verbose'];
  assert.equal(buildInitContainer(flagList, readAnnotations({}), defaults), expected);
});

init('emits a non-zero CPU limit and configured requests', () => {
  const settings = withInjector({ initContainer: { image: 'kuma/kuma-init:latest', resources: { limits: { cpu: '100m', memory: '60M' }, requests: { cpu: '10m', memory: '10M' } } } });
  const container = buildInitContainer([], readAnnotations({}), settings);
  assert.is(container.image, 'kuma/kuma-init:latest');
  assert.equal(container.resources, { limits: { cpu: '100m', memory: '60M' }, requests: { cpu: '10m', memory: '10M' } });
});

init('eBPF: instance-IP env, privileged, empty capabilities, 80M memory, cgroup and bpffs mounts (fixture 30)', () => {
  const settings = withInjector({ ebpf: { enabled: true, tcAttachIface: 'eth0' } });
  const container = buildInitContainer(['--ebpf-enabled', '--verbose'], readAnnotations({}), settings);
  assert.equal(container.env, [{ name: 'INSTANCE_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }]);
  assert.equal(container.securityContext, { runAsUser: 0, runAsGroup: 0, capabilities: {}, privileged: true, readOnlyRootFilesystem: true });
  assert.equal(container.resources, { limits: { memory: '80M' }, requests: { cpu: '20m', memory: '20M' } });
  assert.equal(container.volumeMounts, [
    { name: 'kuma-init-tmp', mountPath: '/tmp' },
    { name: 'sys-fs-cgroup', mountPath: '/sys/fs/cgroup' },
    { name: 'bpf-fs', mountPath: '/sys/fs/bpf', mountPropagation: 'Bidirectional' },
  ]);
  assert.equal(container.args, ['--ebpf-enabled', '--verbose']);
});

init('eBPF uses the configured env var name and paths', () => {
  const settings = withInjector({ ebpf: { enabled: true, instanceIPEnvVarName: 'MY_IP', cgroupPath: '/cg', bpffsPath: '/bpf' } });
  const container = buildInitContainer([], readAnnotations({}), settings);
  assert.equal(container.env, [{ name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }]);
  assert.equal((container.volumeMounts as JsonObject[]).slice(1), [
    { name: 'sys-fs-cgroup', mountPath: '/cg' },
    { name: 'bpf-fs', mountPath: '/bpf', mountPropagation: 'Bidirectional' },
  ]);
});

init('ConfigMap mode: --config flags and read-only config mounts, custom only with the annotation', () => {
  const settings = withInjector({ transparentProxyConfigMap: 'kuma-transparent-proxy-config' });
  const base = buildInitContainer([], readAnnotations({}), settings);
  assert.equal(base.args, ['--config=/tmp/transparent-proxy/base/config.yaml']);
  assert.equal(base.volumeMounts, [
    { name: 'kuma-init-tmp', mountPath: '/tmp' },
    { name: 'transparent-proxy-base', mountPath: '/tmp/transparent-proxy/base', readOnly: true },
  ]);
  const custom = buildInitContainer([], readAnnotations({ 'traffic.kuma.io/transparent-proxy-configmap-name': 'mine' }), settings);
  assert.equal(custom.args, ['--config=/tmp/transparent-proxy/base/config.yaml', '--config=/tmp/transparent-proxy/custom/config.yaml']);
  assert.equal(custom.volumeMounts, [
    { name: 'kuma-init-tmp', mountPath: '/tmp' },
    { name: 'transparent-proxy-base', mountPath: '/tmp/transparent-proxy/base', readOnly: true },
    { name: 'transparent-proxy-custom', mountPath: '/tmp/transparent-proxy/custom', readOnly: true },
  ]);
});

// ---------------------------------------------------------------------------------------------------------
const validation = suite('buildValidationContainer');

validation('legacy mode with defaults matches §5.2', () => {
  const expected = yaml`
    name: kuma-validation
    image: docker.io/kumahq/kuma-init:2.14.3
    imagePullPolicy: IfNotPresent
    command: [/usr/bin/kumactl, install, transparent-proxy-validator]
    args: [--config-file=/tmp/.kumactl, --ip-family-mode=dualstack, --validation-server-port=15006]
    securityContext:
      runAsUser: 5678
      runAsGroup: 5678
      capabilities: {drop: [ALL]}
      readOnlyRootFilesystem: true
      allowPrivilegeEscalation: false
    resources:
      limits: {memory: 50M}
      requests: {cpu: 20m, memory: 20M}
    volumeMounts:
    - {name: kuma-sidecar-tmp, mountPath: /tmp}
  `;
  assert.equal(buildValidationContainer(readAnnotations({}), defaults), expected);
});

validation('takes IP family and validation port from the merged annotations (fixture 34)', () => {
  const merged = readAnnotations({ 'kuma.io/transparent-proxying-ip-family-mode': 'ipv4', 'kuma.io/transparent-proxying-inbound-port': '15055' });
  assert.equal(buildValidationContainer(merged, defaults).args, ['--config-file=/tmp/.kumactl', '--ip-family-mode=ipv4', '--validation-server-port=15055']);
});

validation('runs as the configured sidecar UID/GID with the validation resources', () => {
  const settings = withInjector({
    sidecarContainer: { uid: 1000, gid: 1001 },
    validationContainer: { resources: { limits: { cpu: '50m', memory: '30M' }, requests: { cpu: '5m', memory: '5M' } } },
  });
  const container = buildValidationContainer(readAnnotations({}), settings);
  assert.equal((container.securityContext as JsonObject).runAsUser, 1000);
  assert.equal((container.securityContext as JsonObject).runAsGroup, 1001);
  assert.equal(container.resources, { limits: { cpu: '50m', memory: '30M' }, requests: { cpu: '5m', memory: '5M' } });
});

validation('ConfigMap mode passes the config files instead of IP family and port', () => {
  const settings = withInjector({ transparentProxyConfigMap: 'kuma-transparent-proxy-config' });
  const container = buildValidationContainer(readAnnotations({ 'traffic.kuma.io/transparent-proxy-configmap-name': 'mine' }), settings);
  assert.equal(container.args, [
    '--config-file=/tmp/.kumactl',
    '--transparent-proxy-config=/tmp/transparent-proxy/base/config.yaml',
    '--transparent-proxy-config=/tmp/transparent-proxy/custom/config.yaml',
  ]);
  assert.equal(container.volumeMounts, [
    { name: 'kuma-sidecar-tmp', mountPath: '/tmp' },
    { name: 'transparent-proxy-base', mountPath: '/tmp/transparent-proxy/base', readOnly: true },
    { name: 'transparent-proxy-custom', mountPath: '/tmp/transparent-proxy/custom', readOnly: true },
  ]);
});

flags.run();
init.run();
validation.run();

// ---------------------------------------------------------------------------------------------------------
const split = suite('kumactlArgs: Kuma 2.7 (initArgsStyle split)');
const at27 = settingsWith({ kumaVersion: '2.7' });
const args27 = (extra: Record<string, string>): string[] => kumactlArgs(readAnnotations({ ...MERGED, ...extra }), at27);

split('every flag, values as their own items, in 2.7\'s order', () => {
  assert.equal(args27({}), [
    '--config-file', '/tmp/kumactl/config', '--redirect-outbound-port', '15001', '--redirect-inbound=true', '--redirect-inbound-port', '15006',
    '--kuma-dp-uid', '5678', '--exclude-inbound-ports', '', '--exclude-outbound-ports', '', '--verbose', '--ip-family-mode', 'dualstack',
  ]);
});

split('UID exclusions (plain, tcp:, udp:), DNS, the IPv6 inbound port and eBPF', () => {
  const out = args27({
    'kuma.io/gateway': 'enabled',
    'traffic.kuma.io/exclude-outbound-ports-for-uids': '80:1;443:2',
    'traffic.kuma.io/exclude-outbound-tcp-ports-for-uids': '53:3',
    'traffic.kuma.io/exclude-outbound-udp-ports-for-uids': '53:4',
    'kuma.io/builtin-dns': 'enabled',
    'kuma.io/builtin-dns-port': '15053',
    'kuma.io/transparent-proxying-inbound-v6-port': '15016',
    'kuma.io/transparent-proxying-ebpf': 'enabled',
    'kuma.io/transparent-proxying-ebpf-bpf-fs-path': '/sys/fs/bpf',
    'kuma.io/transparent-proxying-ebpf-programs-source-path': '/tmp/kuma-ebpf',
  });
  assert.equal(out.slice(4, 5), ['--redirect-inbound=false']);
  assert.equal(out.slice(out.indexOf('--verbose') + 1), [
    '--exclude-outbound-ports-for-uids', '80:1', '--exclude-outbound-ports-for-uids', '443:2',
    '--exclude-outbound-ports-for-uids', 'tcp:53:3', '--exclude-outbound-ports-for-uids', 'udp:53:4',
    '--redirect-all-dns-traffic', '--redirect-dns-port', '15053',
    '--ip-family-mode', 'dualstack', '--redirect-inbound-port-v6', '15016',
    '--ebpf-enabled', '--ebpf-instance-ip', '$(INSTANCE_IP)', '--ebpf-bpffs-path', '/sys/fs/bpf', '--ebpf-programs-source-path', '/tmp/kuma-ebpf',
  ]);
  // ipv4 drops the v6 port.
  assert.not.ok(args27({ 'kuma.io/transparent-proxying-ip-family-mode': 'ipv4', 'kuma.io/transparent-proxying-inbound-v6-port': '15016' }).includes('--redirect-inbound-port-v6'));
});

split('kuma-validation: split args before 2.11, and no hardening in 2.7', () => {
  const merged = readAnnotations(MERGED);
  const v27 = buildValidationContainer(merged, at27);
  assert.equal(v27.args, ['--config-file', '/tmp/.kumactl', '--ip-family-mode', 'dualstack', '--validation-server-port', '15006']);
  assert.equal(v27.securityContext, { runAsUser: 5678, runAsGroup: 5678, capabilities: { drop: ['ALL'] } });
  const v29 = buildValidationContainer(merged, settingsWith({ kumaVersion: '2.9' }));
  assert.is((v29.securityContext as JsonObject).allowPrivilegeEscalation, false);
  assert.equal(v29.args, v27.args);
});

split.run();
