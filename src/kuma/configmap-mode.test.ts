/**
 * ConfigMap transparent-proxy mode (spec §8.2). Expected configs follow Kuma v2.14.3's code; where the
 * main-branch goldens (testdata main-348b6528, the 3.0 line) show the same situation, the case says which
 * golden and reproduces it with the Go test harness's settings (config loaded into an empty struct: builtin
 * DNS port 0, application probe proxy port 9000, envoyAdminUnixSocket false).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject } from '../krm/object.ts';
import { parseYamlText } from '../krm/resource-list.ts';
import { loadSettings, type Settings } from '../settings.ts';
import { readAnnotations } from './annotation-reader.ts';
import { configMapModeAnnotations } from './configmap-mode.ts';
import { InjectionFailure } from './failure.ts';

const TPROXY = 'traffic.kuma.io/transparent-proxy-config';

/** The ConfigMap the Go injector tests create (and the shape of Helm's minimal one). */
const MINIMAL_CM = 'kumaDPUser: "5678"\nipFamilyMode: dualstack\n';
/** Helm chart v2.14.3, `transparentProxy.configMap.config` as `toYaml` renders it (all of it). */
const HELM_CM = `
comments:
  disabled: false
dropInvalidPackets: false
ebpf:
  bpffsPath: /run/kuma/bpf
  cgroupPath: /sys/fs/cgroup
  enabled: false
  instanceIPEnvVarName: ""
  programsSourcePath: /tmp/kuma-ebpf
  tcAttachIface: ""
ipFamilyMode: dualstack
iptablesExecutables:
  ip6tables: ""
  ip6tables-restore: ""
  ip6tables-save: ""
  iptables: ""
  iptables-restore: ""
  iptables-save: ""
kumaDPUser: "5678"
log:
  enabled: false
redirect:
  dns:
    captureAll: true
    enabled: true
    port: 15053
    resolvConfigPath: /etc/resolv.conf
    skipConntrackZoneSplit: false
  inbound:
    enabled: true
    excludePorts: []
    excludePortsForIPs: []
    excludePortsForUIDs: []
    includePorts: []
    insertRedirectInsteadOfAppend: false
    port: 15006
  outbound:
    enabled: true
    excludePorts: []
    excludePortsForIPs: []
    excludePortsForUIDs: []
    includePorts: []
    insertRedirectInsteadOfAppend: false
    port: 15001
  vnet:
    networks: []
retry:
  maxRetries: 4
  sleepBetweenRetries: 2s
storeFirewalld: false
verbose: false
wait: 5
waitInterval: 0
`;
/** The part of the Helm ConfigMap that differs from the built-in defaults. */
const HELM_DNS_CM = `${MINIMAL_CM}redirect: {dns: {enabled: true, captureAll: true, port: 15053}}\n`;

// ---------------------------------------------------------------------------------------------------------
// settings

type Overrides = { injector?: JsonObject; params?: JsonObject };

function merge(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev)
        ? merge(prev as JsonObject, v as JsonObject)
        : v;
  }
  return out;
}

function settingsWith({ injector = {}, params = {} }: Overrides): Settings {
  const outcome = loadSettings({
    apiVersion: 'kuma-inject.dev/v1alpha1',
    kind: 'KumaInject',
    metadata: { name: 'test' },
    spec: {
      controlPlane: {
        runtime: { kubernetes: { injector: merge({ transparentProxyConfigMap: 'kuma-transparent-proxy-config' }, injector) } },
        bootstrapServer: { params },
      },
    },
  });
  if (!outcome.ok) throw new Error(`bad test settings: ${JSON.stringify(outcome.results)}`);
  return outcome.settings;
}

/** Kuma's injector test harness (inject.config.yaml into an empty struct, UDS admin off). */
const HARNESS: Overrides = {
  injector: { applicationProbeProxyPort: 9000, virtualProbesPort: 9000, builtinDNS: { enabled: false, port: 0 } },
  params: { envoyAdminUnixSocket: false },
};

// ---------------------------------------------------------------------------------------------------------
// expected configs

const DNS_OFF = { captureAll: false, enabled: false, port: 15053, resolvConfigPath: '/etc/resolv.conf', skipConntrackZoneSplit: false };
const DNS_HELM = { ...DNS_OFF, captureAll: true, enabled: true };

interface Expected {
  dns?: object;
  inbound?: object;
  outbound?: object;
  redirect?: object;
  top?: object;
}

/** The serialized config with Helm-default settings; `inbound`/`outbound` replace the flows entirely. */
function config({ dns = DNS_HELM, inbound, outbound, redirect = {}, top = {} }: Expected = {}): object {
  return {
    ipFamilyMode: 'dualstack',
    kumaDPUser: '5678',
    redirect: {
      dns,
      inbound: inbound ?? { enabled: true, excludePorts: [9001, 9902], port: 15006 },
      outbound: outbound ?? { enabled: true, port: 15001 },
      ...redirect,
    },
    retry: { maxRetries: 4, sleepBetweenRetries: '2s' },
    wait: 5,
    waitInterval: 0,
    ...top,
  };
}

/** The same with the Go harness settings (what the main-branch goldens were generated with). */
const harnessConfig = (e: Expected = {}): object =>
  config({ inbound: { enabled: true, excludePorts: [9000], port: 15006 }, ...e, dns: e.dns ?? { ...DNS_OFF, port: 0 } });

// ---------------------------------------------------------------------------------------------------------
// the table

interface Case {
  name: string;
  configMap?: string;
  settings?: Overrides;
  annotations?: Record<string, string>;
  /** The config YAML, parsed. */
  config?: object;
  /** The config YAML, exactly. */
  text?: string;
  /** A subset of the annotations written. */
  written?: Record<string, string>;
  cniMode?: boolean;
  redirectInbound?: boolean;
  error?: { message: string; field?: string; code?: string };
}

const cases: Case[] = [
  // --- defaults -------------------------------------------------------------------------------------------
  {
    name: 'Go test harness and its ConfigMap: main golden inject.01, byte for byte',
    settings: HARNESS,
    configMap: MINIMAL_CM,
    text: `ipFamilyMode: dualstack
kumaDPUser: "5678"
redirect:
  dns:
    captureAll: false
    enabled: false
    port: 0
    resolvConfigPath: /etc/resolv.conf
    skipConntrackZoneSplit: false
  inbound:
    enabled: true
    excludePorts:
    - 9000
    port: 15006
  outbound:
    enabled: true
    port: 15001
retry:
  maxRetries: 4
  sleepBetweenRetries: 2s
wait: 5
waitInterval: 0
`,
    written: {
      'kuma.io/sidecar-injected': 'true',
      'kuma.io/application-probe-proxy-port': '9000',
      'kuma.io/envoy-admin-port': '9901',
      // 2.14 only: 3.0 (main golden inject.01) writes no virtual-probes annotations.
      'kuma.io/virtual-probes': 'disabled',
      'kuma.io/virtual-probes-port': '9000',
    },
    cniMode: false,
    redirectInbound: true,
  },
  {
    name: 'Helm defaults, minimal ConfigMap: DNS off, probe proxy port and readiness port excluded',
    configMap: MINIMAL_CM,
    config: config({ dns: DNS_OFF }),
    written: {
      'kuma.io/sidecar-injected': 'true',
      'kuma.io/virtual-probes': 'disabled',
      'kuma.io/virtual-probes-port': '9000',
      'kuma.io/application-probe-proxy-port': '9001',
      'kuma.io/envoy-admin-port': '9901',
    },
    cniMode: false,
    redirectInbound: true,
  },
  {
    name: "Helm defaults with the chart's DNS settings",
    configMap: HELM_DNS_CM,
    config: config(),
  },
  {
    name: "the Helm chart's whole ConfigMap: empty lists, disabled sections and empty paths are not emitted",
    configMap: HELM_CM,
    config: config(),
  },
  {
    name: 'no annotation can set ports, uid or DNS: runtime config wins over ConfigMap and annotations alike',
    configMap: `kumaDPUser: "1"\nredirect: {dns: {enabled: true, port: 1053}, inbound: {port: 16006}, outbound: {port: 16001}}\n`,
    settings: {
      injector: { sidecarContainer: { uid: 1234, redirectPortInbound: 15106, redirectPortOutbound: 15101 }, builtinDNS: { enabled: false, port: 25053 } },
    },
    annotations: {
      'kuma.io/sidecar-uid': '99',
      'kuma.io/transparent-proxying-inbound-port': '1',
      'kuma.io/transparent-proxying-outbound-port': 'x',
      'kuma.io/builtin-dns': 'disabled',
      'kuma.io/builtin-dns-port': '53',
    },
    // DNS enabled stays as the ConfigMap says (main golden inject.23 has the runtime port 25053 too).
    config: config({
      dns: { ...DNS_OFF, enabled: true, port: 25053 },
      inbound: { enabled: true, excludePorts: [9001, 9902], port: 15106 },
      outbound: { enabled: true, port: 15101 },
      top: { kumaDPUser: '1234' },
    }),
  },

  // --- gateway and CNI --------------------------------------------------------------------------------------
  {
    name: 'gateway, harness: main golden inject.06',
    settings: HARNESS,
    configMap: MINIMAL_CM,
    annotations: { 'kuma.io/gateway': 'enabled' },
    config: harnessConfig({ inbound: { enabled: false, port: 15006 } }),
    written: { 'kuma.io/application-probe-proxy-port': '0', 'kuma.io/virtual-probes': 'disabled' },
    redirectInbound: false,
  },
  {
    name: 'gateway, Helm defaults: the readiness port is still appended to the (disabled) inbound flow',
    configMap: HELM_DNS_CM,
    annotations: { 'kuma.io/gateway': 'true', 'traffic.kuma.io/exclude-inbound-ports': '1234' },
    config: config({ inbound: { enabled: false, excludePorts: [9902], port: 15006 } }),
    written: { 'kuma.io/application-probe-proxy-port': '0' },
    redirectInbound: false,
  },
  {
    name: 'gateway annotation set to disabled is not a gateway here (unlike the legacy rule)',
    configMap: HELM_DNS_CM,
    annotations: { 'kuma.io/gateway': 'disabled' },
    config: config(),
    written: { 'kuma.io/application-probe-proxy-port': '9001' },
    redirectInbound: true,
  },
  {
    name: 'CNI, config-cni settings and ipv4 annotation: main golden inject.34',
    settings: {
      injector: {
        ...HARNESS.injector,
        cniEnabled: true,
        applicationProbeProxyPort: 0,
        sidecarContainer: { ipFamilyMode: 'ipv4', redirectPortInbound: 15055 },
      },
      params: HARNESS.params,
    },
    configMap: MINIMAL_CM,
    annotations: { 'kuma.io/transparent-proxying-ip-family-mode': 'ipv4', 'kuma.io/init-first': 'true' },
    config: harnessConfig({ inbound: { enabled: true, port: 15055 }, top: { cniMode: true, ipFamilyMode: 'ipv4' } }),
    written: { 'k8s.v1.cni.cncf.io/networks': 'kuma-cni', 'kuma.io/application-probe-proxy-port': '0' },
    cniMode: true,
    redirectInbound: true,
  },
  {
    name: 'CNI gateway: main golden inject.41',
    settings: { injector: { ...HARNESS.injector, cniEnabled: true }, params: HARNESS.params },
    configMap: MINIMAL_CM,
    annotations: { 'kuma.io/gateway': 'enabled' },
    config: harnessConfig({ inbound: { enabled: false, port: 15006 }, top: { cniMode: true } }),
    written: { 'k8s.v1.cni.cncf.io/networks': 'kuma-cni' },
    cniMode: true,
    redirectInbound: false,
  },
  {
    name: 'ConfigMap turning inbound redirection off: no inbound port or probe exclusion, readiness still appended',
    configMap: `${MINIMAL_CM}redirect: {inbound: {enabled: false, port: 16006}}\n`,
    config: config({ dns: DNS_OFF, inbound: { enabled: false, excludePorts: [9902], port: 16006 } }),
    written: { 'kuma.io/application-probe-proxy-port': '9001' },
    redirectInbound: false,
  },

  // --- exclude ports: annotation > ConfigMap > runtime config > nothing ---------------------------------------
  {
    name: 'exclude ports from annotations, harness: main golden inject.16',
    settings: HARNESS,
    configMap: MINIMAL_CM,
    annotations: { 'traffic.kuma.io/exclude-inbound-ports': '1234,1235', 'traffic.kuma.io/exclude-outbound-ports': '1236' },
    config: harnessConfig({
      inbound: { enabled: true, excludePorts: [1234, 1235, 9000], port: 15006 },
      outbound: { enabled: true, excludePorts: [1236], port: 15001 },
    }),
  },
  {
    name: 'exclude ports from the runtime config, harness config-ports: main golden inject.17',
    settings: {
      injector: {
        ...HARNESS.injector,
        applicationProbeProxyPort: 0,
        sidecarTraffic: { excludeInboundPorts: [1234, 5678], excludeOutboundPorts: [4321, 7654] },
      },
      params: HARNESS.params,
    },
    configMap: MINIMAL_CM,
    config: harnessConfig({
      inbound: { enabled: true, excludePorts: [1234, 5678], port: 15006 },
      outbound: { enabled: true, excludePorts: [4321, 7654], port: 15001 },
    }),
  },
  {
    name: 'annotation beats ConfigMap beats runtime config (spaces trimmed, empty items skipped)',
    configMap: `${MINIMAL_CM}redirect: {dns: {enabled: true, captureAll: true}, inbound: {excludePorts: [5000]}, outbound: {excludePorts: "5001, 5002"}}\n`,
    settings: { injector: { sidecarTraffic: { excludeInboundPorts: [7000], excludeOutboundPorts: [7001] } } },
    annotations: { 'traffic.kuma.io/exclude-inbound-ports': ' 1234 , 1235,,' },
    config: config({
      inbound: { enabled: true, excludePorts: [1234, 1235, 9001, 9902], port: 15006 },
      outbound: { enabled: true, excludePorts: [5001, 5002], port: 15001 },
    }),
  },
  {
    name: 'ConfigMap beats runtime config',
    configMap: `${MINIMAL_CM}redirect: {inbound: {excludePorts: [5000]}, outbound: {excludePorts: 5001}}\n`,
    settings: { injector: { sidecarTraffic: { excludeInboundPorts: [7000], excludeOutboundPorts: [7001] } } },
    config: config({
      dns: DNS_OFF,
      inbound: { enabled: true, excludePorts: [5000, 9001, 9902], port: 15006 },
      outbound: { enabled: true, excludePorts: [5001], port: 15001 },
    }),
  },
  {
    name: 'an empty annotation does NOT suppress the defaults in this mode (it does in legacy mode)',
    configMap: HELM_DNS_CM,
    settings: { injector: { sidecarTraffic: { excludeInboundPorts: [7000], excludeOutboundPorts: [7001] } } },
    annotations: { 'traffic.kuma.io/exclude-inbound-ports': '', 'traffic.kuma.io/exclude-outbound-ports': ' , ' },
    config: config({
      inbound: { enabled: true, excludePorts: [7000, 9001, 9902], port: 15006 },
      outbound: { enabled: true, excludePorts: [7001], port: 15001 },
    }),
  },

  // --- UIDs and IPs ---------------------------------------------------------------------------------------
  {
    name: 'exclude-outbound-ports-for-uids: split on ";" and passed through unvalidated (kuma-init checks them)',
    configMap: `${MINIMAL_CM}redirect: {dns: {enabled: true, captureAll: true}, inbound: {excludePortsForUIDs: ["80:1000"]}, outbound: {excludePortsForUIDs: ["1"]}}\n`,
    annotations: { 'traffic.kuma.io/exclude-outbound-ports-for-uids': 'tcp:22:1000-2000;udp:53:1001;*' },
    config: config({
      inbound: { enabled: true, excludePorts: [9001, 9902], excludePortsForUIDs: ['80:1000'], port: 15006 },
      outbound: { enabled: true, excludePortsForUIDs: ['tcp:22:1000-2000', 'udp:53:1001', '*'], port: 15001 },
    }),
  },
  {
    name: 'an empty exclude-outbound-ports-for-uids annotation gives one empty entry (strings.Split)',
    configMap: HELM_DNS_CM,
    annotations: { 'traffic.kuma.io/exclude-outbound-ports-for-uids': '' },
    config: config({ outbound: { enabled: true, excludePortsForUIDs: [''], port: 15001 } }),
  },
  {
    name: 'exclude-outbound-ips, harness: main golden inject.38',
    settings: HARNESS,
    configMap: MINIMAL_CM,
    annotations: { 'traffic.kuma.io/exclude-outbound-ips': '10.0.0.1,172.16.0.0/16,fe80::1,fe80::/10' },
    config: harnessConfig({
      outbound: { enabled: true, excludePortsForIPs: ['10.0.0.1', '172.16.0.0/16', 'fe80::1', 'fe80::/10'], port: 15001 },
    }),
  },
  {
    name: 'exclude-inbound-ips, harness: main golden inject.39',
    settings: HARNESS,
    configMap: MINIMAL_CM,
    annotations: { 'traffic.kuma.io/exclude-inbound-ips': '192.168.0.1,172.32.16.8/16,a81b:a033:6399:73c7:72b6:aa8c:6f22:7098,fe80::/10' },
    config: harnessConfig({
      inbound: {
        enabled: true,
        excludePorts: [9000],
        excludePortsForIPs: ['192.168.0.1', '172.32.16.8/16', 'a81b:a033:6399:73c7:72b6:aa8c:6f22:7098', 'fe80::/10'],
        port: 15006,
      },
    }),
  },
  {
    name: 'exclude IPs: ConfigMap beats runtime config, empty annotation ignored, nothing validated or trimmed',
    configMap: `${MINIMAL_CM}redirect: {dns: {enabled: true, captureAll: true}, outbound: {excludePortsForIPs: [10.1.0.0/16]}}\n`,
    settings: { injector: { sidecarTraffic: { excludeInboundIPs: ['not-an-ip'], excludeOutboundIPs: ['10.9.0.0/16'] } } },
    annotations: { 'traffic.kuma.io/exclude-outbound-ips': ',' },
    config: config({
      inbound: { enabled: true, excludePorts: [9001, 9902], excludePortsForIPs: ['not-an-ip'], port: 15006 },
      outbound: { enabled: true, excludePortsForIPs: ['10.1.0.0/16'], port: 15001 },
    }),
  },

  // --- IP family ------------------------------------------------------------------------------------------
  {
    name: 'ipFamilyMode from the annotation, harness: main golden inject.33 (no probe port there, config-ipv6-disabled)',
    settings: { injector: { ...HARNESS.injector, applicationProbeProxyPort: 0 }, params: HARNESS.params },
    configMap: MINIMAL_CM,
    annotations: { 'kuma.io/transparent-proxying-ip-family-mode': 'ipv4' },
    config: harnessConfig({ inbound: { enabled: true, port: 15006 }, top: { ipFamilyMode: 'ipv4' } }),
  },
  {
    name: 'ipFamilyMode: the ConfigMap (never empty) beats the runtime config',
    configMap: 'redirect: {dns: {enabled: true, captureAll: true}}\n',
    settings: { injector: { sidecarContainer: { ipFamilyMode: 'ipv4' } } },
    config: config({ top: { kumaDPUser: '5678' } }),
  },
  {
    name: 'ipFamilyMode: an empty annotation means dualstack; the case is kept as written',
    configMap: 'kumaDPUser: "5678"\nipFamilyMode: IPv4\nredirect: {dns: {enabled: true, captureAll: true}}\n',
    annotations: { 'kuma.io/transparent-proxying-ip-family-mode': '' },
    config: config(),
  },
  {
    name: 'ipFamilyMode: ConfigMap value kept as written',
    configMap: 'ipFamilyMode: IPv4\nredirect: {dns: {enabled: true, captureAll: true}}\n',
    config: config({ top: { ipFamilyMode: 'IPv4' } }),
  },

  // --- strict booleans --------------------------------------------------------------------------------------
  {
    name: 'drop-invalid-packets, harness: main golden inject.36',
    settings: HARNESS,
    configMap: MINIMAL_CM,
    annotations: { 'traffic.kuma.io/drop-invalid-packets': 'true' },
    config: harnessConfig({ top: { dropInvalidPackets: true } }),
  },
  {
    name: 'iptables-logs, harness: main golden inject.37',
    settings: HARNESS,
    configMap: MINIMAL_CM,
    annotations: { 'traffic.kuma.io/iptables-logs': 'true' },
    config: harnessConfig({ top: { log: { enabled: true, level: 7 } } }),
  },
  {
    name: 'strict booleans: yes/no accepted, false overrides the ConfigMap',
    configMap: `${HELM_DNS_CM}dropInvalidPackets: true\nlog: {enabled: true, level: 4}\n`,
    annotations: { 'traffic.kuma.io/drop-invalid-packets': 'no', 'traffic.kuma.io/iptables-logs': 'yes' },
    config: config({ top: { log: { enabled: true, level: 4 } } }),
  },
  {
    name: 'strict booleans: "enabled" is an error in this mode',
    configMap: HELM_DNS_CM,
    annotations: { 'traffic.kuma.io/drop-invalid-packets': 'enabled' },
    error: {
      message: 'annotation "traffic.kuma.io/drop-invalid-packets" has wrong value "enabled"',
      field: 'metadata.annotations[traffic.kuma.io/drop-invalid-packets]',
      code: 'INVALID_ANNOTATION',
    },
  },
  {
    name: 'strict booleans: iptables-logs "on" is an error',
    configMap: HELM_DNS_CM,
    annotations: { 'traffic.kuma.io/iptables-logs': 'on' },
    error: {
      message: 'annotation "traffic.kuma.io/iptables-logs" has wrong value "on"',
      field: 'metadata.annotations[traffic.kuma.io/iptables-logs]',
    },
  },

  // --- readiness and probe proxy ports ----------------------------------------------------------------------
  {
    name: 'readiness port: only with the admin API on a Unix socket and a non-zero port',
    configMap: HELM_DNS_CM,
    settings: { params: { envoyAdminUnixSocket: false, readinessPort: 9902 } },
    config: config({ inbound: { enabled: true, excludePorts: [9001], port: 15006 } }),
  },
  {
    name: 'readiness port 0: nothing appended',
    configMap: HELM_DNS_CM,
    settings: { params: { envoyAdminUnixSocket: true, readinessPort: 0 } },
    config: config({ inbound: { enabled: true, excludePorts: [9001], port: 15006 } }),
  },
  {
    name: 'readiness port appended last, after a duplicate from the annotation (no de-duplication)',
    configMap: HELM_DNS_CM,
    settings: { params: { readinessPort: 9800 } },
    annotations: { 'traffic.kuma.io/exclude-inbound-ports': '9800' },
    config: config({ inbound: { enabled: true, excludePorts: [9800, 9001, 9800], port: 15006 } }),
  },
  {
    name: 'application probe proxy port from the annotation, harness: main golden inject.14',
    settings: HARNESS,
    configMap: MINIMAL_CM,
    annotations: { 'kuma.io/application-probe-proxy-port': '19000' },
    config: harnessConfig({ inbound: { enabled: true, excludePorts: [19000], port: 15006 } }),
    written: { 'kuma.io/application-probe-proxy-port': '19000', 'kuma.io/virtual-probes': 'disabled' },
  },
  {
    // 2.14 excludes nothing here; 3.0 (main golden inject.15) excludes the app containers' probe ports
    // (3001, 8080) instead when the probe proxy is off.
    name: 'application probe proxy disabled by the annotation: no exclusion, virtual probes on',
    settings: HARNESS,
    configMap: MINIMAL_CM,
    annotations: { 'kuma.io/application-probe-proxy-port': '0' },
    config: harnessConfig({ inbound: { enabled: true, port: 15006 } }),
    written: { 'kuma.io/application-probe-proxy-port': '0', 'kuma.io/virtual-probes': 'enabled', 'kuma.io/virtual-probes-port': '9000' },
  },
  {
    name: 'virtual probes disabled by annotation: probe proxy port 0, nothing excluded but the readiness port',
    configMap: HELM_DNS_CM,
    annotations: { 'kuma.io/virtual-probes': 'disabled', 'kuma.io/virtual-probes-port': '1' },
    config: config({ inbound: { enabled: true, excludePorts: [9902], port: 15006 } }),
    written: { 'kuma.io/application-probe-proxy-port': '0', 'kuma.io/virtual-probes': 'disabled', 'kuma.io/virtual-probes-port': '9000' },
  },
  {
    name: 'virtual probes enabled by annotation: the config probe proxy port is kept; admin port always from config',
    configMap: HELM_DNS_CM,
    annotations: { 'kuma.io/virtual-probes': 'enabled', 'kuma.io/envoy-admin-port': '1234' },
    config: config(),
    written: { 'kuma.io/application-probe-proxy-port': '9001', 'kuma.io/virtual-probes': 'enabled', 'kuma.io/envoy-admin-port': '9901' },
  },

  // --- eBPF -----------------------------------------------------------------------------------------------
  {
    name: 'eBPF from the annotation: paths from annotations else the runtime config, emitted in full',
    configMap: HELM_CM,
    annotations: { 'kuma.io/transparent-proxying-ebpf': 'enabled', 'kuma.io/transparent-proxying-ebpf-bpf-fs-path': '/custom/bpf' },
    config: config({
      top: {
        ebpf: {
          bpffsPath: '/custom/bpf',
          cgroupPath: '/sys/fs/cgroup',
          enabled: true,
          instanceIP: '',
          instanceIPEnvVarName: 'INSTANCE_IP',
          programsSourcePath: '/tmp/kuma-ebpf',
          tcAttachIface: '',
        },
      },
    }),
  },

  // --- what the ConfigMap can carry ---------------------------------------------------------------------------
  {
    name: 'ConfigMap: every optional field that Kuma emits when set',
    configMap: `${MINIMAL_CM}
redirect:
  dns: {enabled: true, captureAll: true, skipConntrackZoneSplit: true, resolvConfigPath: /run/resolv.conf}
  inbound: {includePorts: [80, "81"], insertRedirectInsteadOfAppend: true}
  outbound: {includePorts: "443"}
  vnet: {networks: ["docker0:172.17.0.0/16"]}
verbose: true
dryRun: true
storeFirewalld: true
comments: {disabled: true}
iptablesExecutables: {iptables: /usr/sbin/iptables, ip6tables: ""}
retry: {maxRetries: 2, sleepBetweenRetries: 1500ms}
wait: 10
waitInterval: 100
`,
    config: config({
      dns: { ...DNS_HELM, resolvConfigPath: '/run/resolv.conf', skipConntrackZoneSplit: true },
      inbound: { enabled: true, excludePorts: [9001, 9902], includePorts: [80, 81], insertRedirectInsteadOfAppend: true, port: 15006 },
      outbound: { enabled: true, includePorts: [443], port: 15001 },
      redirect: { vnet: { networks: ['docker0:172.17.0.0/16'] } },
      top: {
        verbose: true,
        dryRun: true,
        storeFirewalld: true,
        comments: { disabled: true },
        iptablesExecutables: { iptables: '/usr/sbin/iptables' },
        retry: { maxRetries: 2, sleepBetweenRetries: '1.5s' },
        wait: 10,
        waitInterval: 100,
      },
    }),
  },
  {
    name: 'ConfigMap decoding like Go: unknown keys ignored, keys case-insensitive, YAML 1.1 booleans, numbers as strings',
    configMap: `
unknown: 1
KumaDPUser: 42
IPFAMILYMODE: ipv4
Redirect:
  DNS: {Enabled: yes, captureall: on, resolvConfigPath: 12}
  inbound: {excludePorts: [1000, true, null, "1001"], bogus: [1, 2]}
retry: {sleepBetweenRetries: 3000000000}
`,
    config: config({
      dns: { ...DNS_HELM, resolvConfigPath: '12' },
      inbound: { enabled: true, excludePorts: [1000, 1001, 9001, 9902], port: 15006 },
      top: { ipFamilyMode: 'ipv4', retry: { maxRetries: 4, sleepBetweenRetries: '3s' } },
    }),
  },

  // --- failures -----------------------------------------------------------------------------------------------
  {
    name: 'bad exclude-inbound-ports annotation value',
    configMap: HELM_DNS_CM,
    annotations: { 'traffic.kuma.io/exclude-inbound-ports': '1234,abc' },
    error: {
      message: "value 'abc' is not a valid port (uint16 in the range [1, 65535])",
      field: 'metadata.annotations[traffic.kuma.io/exclude-inbound-ports]',
      code: 'INVALID_ANNOTATION',
    },
  },
  {
    name: 'exclude ports: no ranges and no port 0',
    configMap: HELM_DNS_CM,
    annotations: { 'traffic.kuma.io/exclude-outbound-ports': '1000-2000' },
    error: {
      message: "value '1000-2000' is not a valid port (uint16 in the range [1, 65535])",
      field: 'metadata.annotations[traffic.kuma.io/exclude-outbound-ports]',
    },
  },
  {
    name: 'exclude ports: out of range',
    configMap: HELM_DNS_CM,
    annotations: { 'traffic.kuma.io/exclude-outbound-ports': '65536' },
    error: { message: "value '65536' is not a valid port (uint16 in the range [1, 65535])" },
  },
  {
    name: 'a 0 in the runtime exclude list fails before the annotation is even read',
    configMap: HELM_DNS_CM,
    settings: { injector: { sidecarTraffic: { excludeInboundPorts: [0] } } },
    annotations: { 'traffic.kuma.io/exclude-inbound-ports': '1234' },
    error: { message: "value '0' is not a valid port (uint16 in the range [1, 65535])", code: 'INVALID_CONFIG' },
  },
  {
    name: 'probe proxy port over 65535 cannot be excluded',
    configMap: HELM_DNS_CM,
    annotations: { 'kuma.io/application-probe-proxy-port': '70000' },
    error: {
      message: "value '70000' is not a valid port (uint16 in the range [1, 65535])",
      field: 'metadata.annotations[kuma.io/application-probe-proxy-port]',
    },
  },
  {
    name: 'unparsable probe proxy port: not wrapped (ConfigForKubernetes reads it first)',
    configMap: HELM_DNS_CM,
    annotations: { 'kuma.io/application-probe-proxy-port': 'abc' },
    error: {
      message: 'failed to parse annotation "kuma.io/application-probe-proxy-port": strconv.ParseUint: parsing "abc": invalid syntax',
      field: 'metadata.annotations[kuma.io/application-probe-proxy-port]',
    },
  },
  {
    name: 'invalid ip family mode annotation',
    configMap: HELM_DNS_CM,
    annotations: { 'kuma.io/transparent-proxying-ip-family-mode': 'ipv6' },
    error: {
      message:
        "invalid IP Family Mode in annotation 'kuma.io/transparent-proxying-ip-family-mode': ipv6: must be one of 'dualstack' or 'ipv4'",
      field: 'metadata.annotations[kuma.io/transparent-proxying-ip-family-mode]',
    },
  },
  {
    name: 'gateway annotation that is not a boolean',
    configMap: HELM_DNS_CM,
    annotations: { 'kuma.io/gateway': 'builtin' },
    error: { message: 'annotation "kuma.io/gateway" has wrong value "builtin"', field: 'metadata.annotations[kuma.io/gateway]' },
  },
  {
    name: 'gateway with a probe proxy port: wrapped by ConfigToAnnotations',
    configMap: HELM_DNS_CM,
    annotations: { 'kuma.io/gateway': 'enabled', 'kuma.io/application-probe-proxy-port': '9001' },
    error: {
      message:
        "could not generate annotations for pod: unable to set kuma.io/application-probe-proxy-port: application probe proxies probes can't be enabled in gateway mode",
    },
  },
  {
    name: 'gateway with virtual probes: wrapped by ConfigToAnnotations',
    configMap: HELM_DNS_CM,
    annotations: { 'kuma.io/gateway': 'enabled', 'kuma.io/virtual-probes': 'enabled' },
    error: { message: "could not generate annotations for pod: unable to set kuma.io/virtual-probes: virtual probes can't be enabled in gateway mode" },
  },
  {
    name: 'invalid virtual-probes value',
    configMap: HELM_DNS_CM,
    annotations: { 'kuma.io/virtual-probes': 'maybe' },
    error: {
      message: 'could not generate annotations for pod: unable to set kuma.io/virtual-probes: annotation "kuma.io/virtual-probes" has wrong value "maybe"',
      field: 'metadata.annotations[kuma.io/virtual-probes]',
    },
  },
  {
    name: 'invalid eBPF annotation',
    configMap: HELM_DNS_CM,
    annotations: { 'kuma.io/transparent-proxying-ebpf': 'maybe' },
    error: { message: 'annotation "kuma.io/transparent-proxying-ebpf" has wrong value "maybe"' },
  },
  {
    name: 'ConfigMap: a quoted port is not a port (Port.UnmarshalJSON sees the JSON text)',
    configMap: 'redirect: {dns: {port: "15053"}}\n',
    error: {
      message:
        "could not retrieve transparent proxy configuration: unable to parse configuration: error unmarshaling JSON: while decoding JSON: value '\"15053\"' is not a valid port (uint16 in the range [1, 65535])",
      code: 'INVALID_CONFIG',
    },
  },
  {
    name: 'ConfigMap: inbound port 0',
    configMap: 'redirect: {inbound: {port: 0}}\n',
    error: {
      message:
        "could not retrieve transparent proxy configuration: unable to parse configuration: error unmarshaling JSON: while decoding JSON: value '0' is not a valid port (uint16 in the range [1, 65535])",
    },
  },
  {
    name: 'ConfigMap: invalid ipFamilyMode',
    configMap: 'ipFamilyMode: ipv6\n',
    error: {
      message:
        "could not retrieve transparent proxy configuration: unable to parse configuration: error unmarshaling JSON: while decoding JSON: value 'ipv6' is not a valid IPFamilyMode: must be one of 'dualstack' or 'ipv4'",
    },
  },
  {
    name: 'ConfigMap: a type mismatch names the Go struct field',
    configMap: 'redirect: {dns: {enabled: maybe}}\nwait: 5\n',
    error: {
      message:
        'could not retrieve transparent proxy configuration: unable to parse configuration: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field DNS.redirect.dns.enabled of type bool',
    },
  },
  {
    name: 'ConfigMap: negative uint',
    configMap: 'wait: -1\n',
    error: {
      message:
        'could not retrieve transparent proxy configuration: unable to parse configuration: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal number -1 into Go struct field Config.wait of type uint',
    },
  },
  {
    name: "ConfigMap: a custom decoder's error wins over an earlier type mismatch",
    configMap: 'dropInvalidPackets: maybe\nretry: {sleepBetweenRetries: soon}\n',
    error: {
      message:
        'could not retrieve transparent proxy configuration: unable to parse configuration: error unmarshaling JSON: while decoding JSON: time: invalid duration "soon"',
    },
  },
  {
    name: 'ConfigMap: not a map',
    configMap: '- a\n- b\n',
    error: {
      message:
        'could not retrieve transparent proxy configuration: unable to parse configuration: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type config.Config',
    },
  },
];

for (const c of cases) {
  test(c.name, () => {
    const settings = settingsWith(c.settings ?? {});
    const pod = readAnnotations(c.annotations ?? {});
    const run = () => configMapModeAnnotations(c.configMap ?? HELM_DNS_CM, pod, settings);
    if (c.error) {
      try {
        run();
      } catch (e) {
        assert.instance(e, InjectionFailure);
        const failure = e as InjectionFailure;
        assert.is(failure.message, c.error.message);
        if (c.error.field !== undefined) assert.is(failure.field, c.error.field);
        if (c.error.code !== undefined) assert.is(failure.code, c.error.code);
        return;
      }
      assert.unreachable('expected an InjectionFailure');
    }
    const result = run();
    const yaml = result.annotations[TPROXY];
    assert.type(yaml, 'string');
    if (c.text !== undefined) assert.fixture(yaml!, c.text);
    if (c.config !== undefined) {
      const parsed = parseYamlText(yaml!);
      assert.ok(parsed.ok);
      assert.equal(parsed.ok ? parsed.value : undefined, c.config);
    }
    for (const [key, value] of Object.entries(c.written ?? {})) assert.is(result.annotations[key], value, key);
    if (c.cniMode !== undefined) assert.is(result.cniMode, c.cniMode);
    if (c.redirectInbound !== undefined) assert.is(result.redirectInbound, c.redirectInbound);
  });
}

test('exactly the annotations of ConfigToAnnotations, and nothing of the legacy mode', () => {
  const plain = configMapModeAnnotations(HELM_DNS_CM, readAnnotations({ 'kuma.io/gateway': 'disabled' }), settingsWith({}));
  assert.equal(Object.keys(plain.annotations).sort(), [
    'kuma.io/application-probe-proxy-port',
    'kuma.io/envoy-admin-port',
    'kuma.io/sidecar-injected',
    'kuma.io/virtual-probes',
    'kuma.io/virtual-probes-port',
    'traffic.kuma.io/transparent-proxy-config',
  ]);
  const cni = configMapModeAnnotations(HELM_DNS_CM, readAnnotations({}), settingsWith({ injector: { cniEnabled: true } }));
  assert.is(cni.annotations['k8s.v1.cni.cncf.io/networks'], 'kuma-cni');
  assert.is(Object.keys(cni.annotations).length, 7);
});

test('a reader that wraps its messages does not change Kuma’s (unwrapped) errors', () => {
  const pod = readAnnotations({ 'kuma.io/gateway': 'nope' }, (m) => `wrapped: ${m}`);
  try {
    configMapModeAnnotations(HELM_DNS_CM, pod, settingsWith({}));
    assert.unreachable('expected an InjectionFailure');
  } catch (e) {
    assert.is((e as Error).message, 'annotation "kuma.io/gateway" has wrong value "nope"');
  }
});

test.run();
