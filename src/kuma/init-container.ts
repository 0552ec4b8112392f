/**
 * `kuma-init` (iptables installer) and `kuma-validation` (CNI mode) as Kuma 2.14 builds them (spec §5), with
 * kumactl's flags derived from the merged Pod annotations in Kuma's exact order.
 */
import type { JsonObject } from '../krm/object.ts';
import type { Settings } from '../settings.ts';
import type { AnnotationReader } from './annotation-reader.ts';
import { ANNOTATION, INIT_NAME, VALIDATION_NAME } from './metadata.ts';
import { kumactlArgs2_7 } from './kumactl-args-2-7.ts';
import { isZeroQuantity } from './quantity.ts';
import { TP_CONFIG_BASE_PATH, TP_CONFIG_CUSTOM_PATH } from './sidecar.ts';
import { parseStrictBool } from './values.ts';

const DEFAULTS = { uid: '5678', ipFamilyMode: 'dualstack', outboundPort: 15001, inboundPort: 15006, dnsPort: 15053 };

const normalizeIps = (value: string): string =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .join(',');

/** kumactl's flags for the legacy mode (Kuma's PodRedirect.AsKumactlCommandLine), in the release's style. */
export function kumactlArgs(merged: AnnotationReader, settings: Settings): string[] {
  return settings.release.behaviour.initArgsStyle === 'split' ? kumactlArgs2_7(merged) : kumactlArgsByEquals(merged);
}

function kumactlArgsByEquals(merged: AnnotationReader): string[] {
  const args: string[] = [];
  const flag = (name: string, value: string | undefined): void => {
    if (value) args.push(`--${name}=${value}`);
  };
  const uid = merged.stringOr(ANNOTATION.sidecarUid, '');
  if (uid !== DEFAULTS.uid) flag('kuma-dp-user', uid);
  const ipFamilyMode = merged.stringOr(ANNOTATION.ipFamilyMode, DEFAULTS.ipFamilyMode);
  if (ipFamilyMode !== DEFAULTS.ipFamilyMode) flag('ip-family-mode', ipFamilyMode);
  const outboundPort = merged.uint32Or(ANNOTATION.outboundPort, 0);
  if (outboundPort !== DEFAULTS.outboundPort && outboundPort !== 0) flag('redirect-outbound-port', String(outboundPort));
  flag('exclude-outbound-ports', merged.string(ANNOTATION.excludeOutboundPorts));
  const outboundIps = merged.string(ANNOTATION.excludeOutboundIps);
  if (outboundIps !== undefined) flag('exclude-outbound-ips', normalizeIps(outboundIps));
  const forUids = merged.string(ANNOTATION.excludeOutboundPortsForUids);
  if (forUids !== undefined) for (const entry of forUids.split(';')) flag('exclude-outbound-ports-for-uids', entry);
  const gateway = merged.bool(ANNOTATION.gateway) ?? false;
  if (gateway) {
    flag('redirect-inbound', 'false');
  } else {
    const inboundPort = merged.uint32Or(ANNOTATION.inboundPort, 0);
    if (inboundPort !== DEFAULTS.inboundPort && inboundPort !== 0) flag('redirect-inbound-port', String(inboundPort));
    const excluded = merged.stringOr(ANNOTATION.excludeInboundPorts, '');
    const probeProxy = merged.stringOr(ANNOTATION.applicationProbeProxyPort, '');
    const withProbeProxy = probeProxy === '0' || probeProxy === '' ? excluded : excluded === '' ? probeProxy : `${excluded},${probeProxy}`;
    flag('exclude-inbound-ports', withProbeProxy);
    const inboundIps = merged.string(ANNOTATION.excludeInboundIps);
    if (inboundIps !== undefined) flag('exclude-inbound-ips', normalizeIps(inboundIps));
  }
  const dnsEnabled = merged.bool(ANNOTATION.builtinDns) ?? false;
  const dnsPort = merged.uint32Or(ANNOTATION.builtinDnsPort, 0);
  if (dnsEnabled) {
    args.push('--redirect-all-dns-traffic');
    if (dnsPort !== DEFAULTS.dnsPort && dnsPort !== 0) flag('redirect-dns-port', String(dnsPort));
  }
  if (merged.bool(ANNOTATION.ebpf)) {
    args.push('--ebpf-enabled');
    flag('ebpf-bpffs-path', merged.string(ANNOTATION.ebpfBpfFsPath));
    flag('ebpf-cgroup-path', merged.string(ANNOTATION.ebpfCgroupPath));
    flag('ebpf-tc-attach-iface', merged.string(ANNOTATION.ebpfTcAttachIface));
    flag('ebpf-programs-source-path', merged.string(ANNOTATION.ebpfProgramsSourcePath));
    const instanceIpVar = merged.string(ANNOTATION.ebpfInstanceIpEnvVarName);
    if (instanceIpVar) flag('ebpf-instance-ip', `$(${instanceIpVar})`);
  }
  if (parseStrictBool(merged.stringOr(ANNOTATION.dropInvalidPackets, ''))) args.push('--drop-invalid-packets');
  if (parseStrictBool(merged.stringOr(ANNOTATION.iptablesLogs, ''))) args.push('--iptables-logs');
  args.push('--verbose');
  return args;
}

interface Resources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** What kuma-init and kuma-validation got before 2.14 made them configurable (fixedInitContainerResources, behaviour.ts). */
const FIXED_RESOURCES: Resources = { requests: { cpu: '20m', memory: '20M' }, limits: { cpu: '100m', memory: '50M' } };

/** The resources of kuma-init or kuma-validation: the configured ones, or the release's fixed ones. */
function resourcesOf(configured: Resources, settings: Settings): Resources {
  return settings.release.behaviour.fixedInitContainerResources ? FIXED_RESOURCES : configured;
}

function limitsOf(limits: { cpu: string; memory: string }): JsonObject {
  const out: JsonObject = { memory: limits.memory };
  if (!isZeroQuantity(limits.cpu)) out.cpu = limits.cpu;
  return out;
}

/** kuma-init. `args` are kumactl's flags (legacy mode) or empty (ConfigMap mode adds its --config flags). */
export function buildInitContainer(args: readonly string[], merged: AnnotationReader, settings: Settings): JsonObject {
  const { initContainer, ebpf } = settings.injector;
  const resources = resourcesOf(initContainer.resources, settings);
  const mounts: JsonObject[] = [{ name: 'kuma-init-tmp', mountPath: '/tmp' }];
  const allArgs = [...args];
  if (settings.configMapMode && settings.release.behaviour.configMapMode === 'mounts') {
    mounts.push({ name: 'transparent-proxy-base', mountPath: TP_CONFIG_BASE_PATH, readOnly: true });
    allArgs.push(`--config=${TP_CONFIG_BASE_PATH}/config.yaml`);
    if (merged.string(ANNOTATION.transparentProxyConfigMapName)) {
      mounts.push({ name: 'transparent-proxy-custom', mountPath: TP_CONFIG_CUSTOM_PATH, readOnly: true });
      allArgs.push(`--config=${TP_CONFIG_CUSTOM_PATH}/config.yaml`);
    }
  }
  const container: JsonObject = {
    name: INIT_NAME,
    image: initContainer.image,
    command: ['/usr/bin/kumactl', 'install', 'transparent-proxy'],
    args: allArgs,
    env: [{ name: 'XTABLES_LOCKFILE', value: '/tmp/xtables.lock' }],
    resources: {
      limits: limitsOf(resources.limits),
      requests: { cpu: resources.requests.cpu, memory: resources.requests.memory },
    },
    volumeMounts: mounts,
    imagePullPolicy: 'IfNotPresent',
    securityContext: {
      runAsUser: 0,
      runAsGroup: 0,
      capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    },
  };
  if (!ebpf.enabled || settings.release.behaviour.ebpfRemoved) return container;
  const limits: JsonObject = { memory: '80M' };
  if (!isZeroQuantity(resources.limits.cpu)) limits.cpu = resources.limits.cpu;
  return {
    ...container,
    env: [{ name: ebpf.instanceIPEnvVarName, valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
    resources: { ...(container.resources as JsonObject), limits },
    volumeMounts: [
      ...mounts,
      { name: 'sys-fs-cgroup', mountPath: ebpf.cgroupPath },
      { name: 'bpf-fs', mountPath: ebpf.bpffsPath, mountPropagation: 'Bidirectional' },
    ],
    securityContext: { runAsUser: 0, runAsGroup: 0, capabilities: {}, privileged: true, readOnlyRootFilesystem: true },
  };
}

/** kuma-validation, which checks in CNI mode that the CNI plugin set up the redirection. */
export function buildValidationContainer(merged: AnnotationReader, settings: Settings): JsonObject {
  const { injector } = settings;
  const resources = resourcesOf(injector.validationContainer.resources, settings);
  const mounts: JsonObject[] = [{ name: 'kuma-sidecar-tmp', mountPath: '/tmp' }];
  const { behaviour } = settings.release;
  const args = ['--config-file=/tmp/.kumactl'];
  if (behaviour.validationArgsSplit) {
    args.splice(0, 1, ...validationArgsSplit(merged));
  } else if (settings.configMapMode) {
    mounts.push({ name: 'transparent-proxy-base', mountPath: TP_CONFIG_BASE_PATH, readOnly: true });
    args.push(`--transparent-proxy-config=${TP_CONFIG_BASE_PATH}/config.yaml`);
    if (merged.string(ANNOTATION.transparentProxyConfigMapName)) {
      mounts.push({ name: 'transparent-proxy-custom', mountPath: TP_CONFIG_CUSTOM_PATH, readOnly: true });
      args.push(`--transparent-proxy-config=${TP_CONFIG_CUSTOM_PATH}/config.yaml`);
    }
  } else {
    const ipFamilyMode = merged.string(ANNOTATION.ipFamilyMode) || DEFAULTS.ipFamilyMode;
    let port = String(DEFAULTS.inboundPort);
    try {
      const value = merged.uint32(ANNOTATION.inboundPort);
      if (value !== undefined) port = String(value);
    } catch {
      // Kuma falls back to the default port when the annotation does not parse.
    }
    args.push(`--ip-family-mode=${ipFamilyMode}`, `--validation-server-port=${port}`);
  }
  return {
    name: VALIDATION_NAME,
    image: injector.initContainer.image,
    command: ['/usr/bin/kumactl', 'install', 'transparent-proxy-validator'],
    args,
    resources: {
      limits: limitsOf(resources.limits),
      requests: { cpu: resources.requests.cpu, memory: resources.requests.memory },
    },
    volumeMounts: mounts,
    imagePullPolicy: 'IfNotPresent',
    securityContext: {
      runAsUser: injector.sidecarContainer.uid,
      runAsGroup: injector.sidecarContainer.gid,
      capabilities: { drop: ['ALL'] },
      ...(behaviour.validationHardening ? { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false } : {}),
    },
  };
}

/**
 * 2.7 and 2.9: flag and value as separate items, from the redirect kuma-init would get (legacy mode: the merged
 * annotations, parsed strictly as Kuma's NewPodRedirectFromAnnotations does).
 */
function validationArgsSplit(merged: AnnotationReader): string[] {
  const ipFamilyMode = merged.stringOr(ANNOTATION.ipFamilyMode, DEFAULTS.ipFamilyMode);
  const port = merged.uint32Or(ANNOTATION.inboundPort, 0);
  return ['--config-file', '/tmp/.kumactl', '--ip-family-mode', ipFamilyMode, '--validation-server-port', String(port)];
}
