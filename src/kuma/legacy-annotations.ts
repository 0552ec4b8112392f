/**
 * The annotations Kuma 2.14 writes onto the Pod in its default (legacy, non-ConfigMap) transparent-proxy mode
 * (spec §8.1, Kuma's NewAnnotations). They are merged over the Pod's own, and kuma-init is built from the merge.
 */
import type { Settings } from '../settings.ts';
import type { AnnotationReader } from './annotation-reader.ts';
import { ANNOTATION } from './metadata.ts';
import { applicationProbeProxyPortAnnotation, virtualProbesAnnotation } from './probes.ts';

export function legacyAnnotations(pod: AnnotationReader, settings: Settings): Record<string, string> {
  const { injector } = settings;
  const { behaviour } = settings.release;
  const sidecar = injector.sidecarContainer;
  const out: Record<string, string> = {
    [ANNOTATION.sidecarInjected]: 'true',
    [ANNOTATION.transparentProxying]: 'enabled',
    [ANNOTATION.sidecarUid]: String(sidecar.uid),
    [ANNOTATION.outboundPort]: String(sidecar.redirectPortOutbound),
    [ANNOTATION.inboundPort]: String(sidecar.redirectPortInbound),
  };
  if (injector.cniEnabled) out[ANNOTATION.cniNetworks] = 'kuma-cni';

  const ebpfEnabled = pod.boolOr(ANNOTATION.ebpf, injector.ebpf.enabled);
  if (behaviour.ebpfAnnotationAlways) out[ANNOTATION.ebpf] = ebpfEnabled ? 'enabled' : 'disabled';
  if (ebpfEnabled) {
    out[ANNOTATION.ebpf] = 'enabled';
    const ebpf = injector.ebpf;
    const copies: Array<[string, string]> = [
      [ANNOTATION.ebpfBpfFsPath, pod.stringOr(ANNOTATION.ebpfBpfFsPath, ebpf.bpffsPath)],
      [ANNOTATION.ebpfCgroupPath, pod.stringOr(ANNOTATION.ebpfCgroupPath, ebpf.cgroupPath)],
      [ANNOTATION.ebpfTcAttachIface, pod.stringOr(ANNOTATION.ebpfTcAttachIface, ebpf.tcAttachIface)],
      [ANNOTATION.ebpfProgramsSourcePath, pod.stringOr(ANNOTATION.ebpfProgramsSourcePath, ebpf.programsSourcePath)],
      // Kuma reads this one without the config default (it passes the default as a key, not a value).
      [ANNOTATION.ebpfInstanceIpEnvVarName, pod.stringOr(ANNOTATION.ebpfInstanceIpEnvVarName, '')],
    ];
    for (const [key, value] of copies) if (value !== '') out[key] = value;
  }

  if (pod.boolOr(ANNOTATION.builtinDns, injector.builtinDNS.enabled)) {
    out[ANNOTATION.builtinDns] = 'enabled';
    out[ANNOTATION.builtinDnsPort] = String(pod.uint32Or(ANNOTATION.builtinDnsPort, injector.builtinDNS.port));
    out[ANNOTATION.builtinDnsLogging] = String(pod.boolOr(ANNOTATION.builtinDnsLogging, injector.builtinDNS.logging));
  }

  const rules = settings.release.behaviour;
  const virtualProbes = virtualProbesAnnotation(pod, injector.virtualProbesEnabled, rules);
  out[ANNOTATION.virtualProbes] = virtualProbes;
  out[ANNOTATION.virtualProbesPort] = String(pod.uint32Or(ANNOTATION.virtualProbesPort, injector.virtualProbesPort));
  if (behaviour.applicationProbeProxy) {
    out[ANNOTATION.applicationProbeProxyPort] = String(applicationProbeProxyPortAnnotation(pod, injector.applicationProbeProxyPort, virtualProbes, rules));
  }

  const traffic = injector.sidecarTraffic;
  const inboundPorts = pod.stringOr(ANNOTATION.excludeInboundPorts, traffic.excludeInboundPorts.join(','));
  if (inboundPorts !== '') out[ANNOTATION.excludeInboundPorts] = inboundPorts;
  if (settings.envoyAdminUnixSocket && settings.readinessPort !== 0) {
    const existing = out[ANNOTATION.excludeInboundPorts];
    out[ANNOTATION.excludeInboundPorts] = existing ? `${existing},${settings.readinessPort}` : String(settings.readinessPort);
  }
  const outboundPorts = pod.stringOr(ANNOTATION.excludeOutboundPorts, traffic.excludeOutboundPorts.join(','));
  if (outboundPorts !== '') out[ANNOTATION.excludeOutboundPorts] = outboundPorts;
  if (behaviour.inboundV6PortAnnotation) Object.assign(out, ipFamilyAnnotations2_7(sidecar));
  else out[ANNOTATION.ipFamilyMode] = pod.stringOr(ANNOTATION.ipFamilyMode, sidecar.ipFamilyMode) || 'dualstack';
  out[ANNOTATION.envoyAdminPort] = String(pod.uint32Or(ANNOTATION.envoyAdminPort, settings.adminPort));
  const outboundIps = pod.stringOr(ANNOTATION.excludeOutboundIps, traffic.excludeOutboundIPs.join(','));
  if (outboundIps !== '') out[ANNOTATION.excludeOutboundIps] = outboundIps;
  const inboundIps = pod.stringOr(ANNOTATION.excludeInboundIps, traffic.excludeInboundIPs.join(','));
  if (inboundIps !== '') out[ANNOTATION.excludeInboundIps] = inboundIps;
  return out;
}

/** kuma-init's IPv6 inbound port in 2.7 (tproxy's defaults: 15010 for IPv6, 15006 for IPv4). */
const DEFAULT_INBOUND_PORTS_2_7 = new Set([15010, 15006]);

/**
 * 2.7's IP family: from the config only, over any pod annotation; a v6 port of 0 means IPv4 only, and a v6
 * port other than the defaults is passed on to kuma-init as an annotation.
 */
export function ipFamilyAnnotations2_7(sidecar: { ipFamilyMode: string; redirectPortInboundV6?: number | undefined }): Record<string, string> {
  const v6 = sidecar.redirectPortInboundV6 ?? 0;
  const out: Record<string, string> = {};
  if (v6 > 0 && !DEFAULT_INBOUND_PORTS_2_7.has(v6)) out[ANNOTATION.inboundPortV6] = String(v6);
  out[ANNOTATION.ipFamilyMode] = v6 === 0 ? 'ipv4' : sidecar.ipFamilyMode;
  return out;
}
