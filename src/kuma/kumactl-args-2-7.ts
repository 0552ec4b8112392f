/**
 * kuma-init's kumactl flags as Kuma 2.7 writes them (switch `initArgsStyle: 'split'`): every flag always, each
 * value its own item, all read back from the merged Pod annotations. Kuma's source: v2.7.29
 * pkg/transparentproxy/kubernetes/kubernetes.go, NewPodRedirectForPod and PodRedirect.AsKumactlCommandLine.
 */
import type { AnnotationReader } from './annotation-reader.ts';
import { ANNOTATION } from './metadata.ts';

/** `traffic.kuma.io/exclude-outbound-*ports-for-uids`: the plain entries, then `tcp:` and `udp:` ones. */
function outboundPortsForUids(merged: AnnotationReader): string[] {
  const entries = (key: string, prefix: string): string[] => {
    const value = merged.string(key);
    return value === undefined ? [] : value.split(';').map((v) => `${prefix}${v}`);
  };
  return [
    ...entries(ANNOTATION.excludeOutboundPortsForUids, ''),
    ...entries(ANNOTATION.excludeOutboundTcpPortsForUids, 'tcp:'),
    ...entries(ANNOTATION.excludeOutboundUdpPortsForUids, 'udp:'),
  ];
}

function ebpfArgs(merged: AnnotationReader): string[] {
  if (!(merged.bool(ANNOTATION.ebpf) ?? false)) return [];
  const args = ['--ebpf-enabled', '--ebpf-instance-ip', `$(${merged.string(ANNOTATION.ebpfInstanceIpEnvVarName) || 'INSTANCE_IP'})`];
  const optional: Array<[string, string]> = [
    ['--ebpf-bpffs-path', ANNOTATION.ebpfBpfFsPath],
    ['--ebpf-cgroup-path', ANNOTATION.ebpfCgroupPath],
    ['--ebpf-tc-attach-iface', ANNOTATION.ebpfTcAttachIface],
    ['--ebpf-programs-source-path', ANNOTATION.ebpfProgramsSourcePath],
  ];
  for (const [flag, key] of optional) {
    const value = merged.string(key);
    if (value) args.push(flag, value);
  }
  return args;
}

export function kumactlArgs2_7(merged: AnnotationReader): string[] {
  const inboundPort = merged.uint32Or(ANNOTATION.inboundPort, 0);
  const redirectInbound = !(merged.bool(ANNOTATION.gateway) ?? false);
  const args = [
    '--config-file', '/tmp/kumactl/config',
    '--redirect-outbound-port', String(merged.uint32Or(ANNOTATION.outboundPort, 0)),
    `--redirect-inbound=${redirectInbound}`,
    '--redirect-inbound-port', String(inboundPort),
    '--kuma-dp-uid', merged.stringOr(ANNOTATION.sidecarUid, ''),
    '--exclude-inbound-ports', merged.stringOr(ANNOTATION.excludeInboundPorts, ''),
    '--exclude-outbound-ports', merged.stringOr(ANNOTATION.excludeOutboundPorts, ''),
    '--verbose',
  ];
  for (const entry of outboundPortsForUids(merged)) args.push('--exclude-outbound-ports-for-uids', entry);
  if (merged.bool(ANNOTATION.builtinDns) ?? false) {
    args.push('--redirect-all-dns-traffic', '--redirect-dns-port', String(merged.uint32Or(ANNOTATION.builtinDnsPort, 0)));
  }
  const ipFamilyMode = merged.stringOr(ANNOTATION.ipFamilyMode, 'dualstack');
  args.push('--ip-family-mode', ipFamilyMode);
  const inboundPortV6 = merged.uint32Or(ANNOTATION.inboundPortV6, 0);
  if (ipFamilyMode !== 'ipv4' && inboundPortV6 > 0 && inboundPortV6 !== inboundPort) {
    args.push('--redirect-inbound-port-v6', String(inboundPortV6));
  }
  return [...args, ...ebpfArgs(merged)];
}
