/**
 * Names of the labels and annotations Kuma 2.14 reads and writes on Pods, and the ones kuma-inject owns.
 * Only names live here; what they mean is in the modules that read them.
 */
export const LABEL = {
  sidecarInjection: 'kuma.io/sidecar-injection',
  mesh: 'kuma.io/mesh',
  zoneProxyType: 'k8s.kuma.io/zone-proxy-type',
} as const;

export const ANNOTATION = {
  mesh: 'kuma.io/mesh',
  sidecarInjection: 'kuma.io/sidecar-injection',
  sidecarInjected: 'kuma.io/sidecar-injected',
  gateway: 'kuma.io/gateway',
  sidecarEnvVars: 'kuma.io/sidecar-env-vars',
  sidecarConcurrency: 'kuma.io/sidecar-proxy-concurrency',
  sidecarDrainTime: 'kuma.io/sidecar-drain-time',
  envoyLogLevel: 'kuma.io/envoy-log-level',
  envoyComponentLogLevel: 'kuma.io/envoy-component-log-level',
  envoyAdminPort: 'kuma.io/envoy-admin-port',
  xdsTransportProtocolVariant: 'kuma.io/xds-transport-protocol-variant',
  waitForDataplaneReady: 'kuma.io/wait-for-dataplane-ready',
  initFirst: 'kuma.io/init-first',
  serviceAccountTokenVolume: 'kuma.io/service-account-token-volume',
  containerPatches: 'kuma.io/container-patches',
  spireSupport: 'k8s.kuma.io/spire-support',
  applicationProbeProxyPort: 'kuma.io/application-probe-proxy-port',
  virtualProbes: 'kuma.io/virtual-probes',
  virtualProbesPort: 'kuma.io/virtual-probes-port',
  builtinDns: 'kuma.io/builtin-dns',
  builtinDnsPort: 'kuma.io/builtin-dns-port',
  builtinDnsLogging: 'kuma.io/builtin-dns-logging',
  deprecatedBuiltinDns: 'kuma.io/builtindns',
  deprecatedBuiltinDnsPort: 'kuma.io/builtindnsport',
  ipFamilyMode: 'kuma.io/transparent-proxying-ip-family-mode',
  transparentProxying: 'kuma.io/transparent-proxying',
  inboundPort: 'kuma.io/transparent-proxying-inbound-port',
  outboundPort: 'kuma.io/transparent-proxying-outbound-port',
  sidecarUid: 'kuma.io/sidecar-uid',
  ebpf: 'kuma.io/transparent-proxying-ebpf',
  ebpfBpfFsPath: 'kuma.io/transparent-proxying-ebpf-bpf-fs-path',
  ebpfCgroupPath: 'kuma.io/transparent-proxying-ebpf-cgroup-path',
  ebpfTcAttachIface: 'kuma.io/transparent-proxying-ebpf-tc-attach-iface',
  ebpfInstanceIpEnvVarName: 'kuma.io/transparent-proxying-ebpf-instance-ip-env-var-name',
  ebpfProgramsSourcePath: 'kuma.io/transparent-proxying-ebpf-programs-source-path',
  excludeInboundPorts: 'traffic.kuma.io/exclude-inbound-ports',
  excludeOutboundPorts: 'traffic.kuma.io/exclude-outbound-ports',
  excludeOutboundPortsForUids: 'traffic.kuma.io/exclude-outbound-ports-for-uids',
  /** 2.7 only: per-protocol forms of the above. */
  excludeOutboundTcpPortsForUids: 'traffic.kuma.io/exclude-outbound-tcp-ports-for-uids',
  excludeOutboundUdpPortsForUids: 'traffic.kuma.io/exclude-outbound-udp-ports-for-uids',
  /** 2.7 only: kuma-init's IPv6 inbound port (from `sidecarContainer.redirectPortInboundV6`). */
  inboundPortV6: 'kuma.io/transparent-proxying-inbound-v6-port',
  excludeInboundIps: 'traffic.kuma.io/exclude-inbound-ips',
  excludeOutboundIps: 'traffic.kuma.io/exclude-outbound-ips',
  dropInvalidPackets: 'traffic.kuma.io/drop-invalid-packets',
  iptablesLogs: 'traffic.kuma.io/iptables-logs',
  transparentProxyConfig: 'traffic.kuma.io/transparent-proxy-config',
  transparentProxyConfigMapName: 'traffic.kuma.io/transparent-proxy-configmap-name',
  cniNetworks: 'k8s.v1.cni.cncf.io/networks',
  defaultContainer: 'kubectl.kubernetes.io/default-container',
  prometheusPort: 'prometheus.metrics.kuma.io/port',
  prometheusPath: 'prometheus.metrics.kuma.io/path',
} as const;

export const SIDECAR_NAME = 'kuma-sidecar';
export const INIT_NAME = 'kuma-init';
export const VALIDATION_NAME = 'kuma-validation';
export const SERVICE_ACCOUNT_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** kuma-inject's own annotation on the pod template: what it added, so that re-runs can strip and re-inject. */
export const RECORD_ANNOTATION = 'kuma-inject.dev/injected';
