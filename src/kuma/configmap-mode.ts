/**
 * ConfigMap transparent-proxy mode (spec §8.2): the `traffic.kuma.io/transparent-proxy-config` YAML and the
 * annotations Kuma 2.14.3 writes next to it. The config is built the way kuma-cp builds it:
 *
 *   1. built-in defaults (tproxy_config.DefaultConfig),
 *   2. the system-namespace ConfigMap's `config.yaml` loaded over them (sigs.k8s.io/yaml + encoding/json,
 *      non-strict: unknown keys are ignored, keys match case-insensitively, custom decoders for ports,
 *      IP family and durations),
 *   3. the runtime config and the pod annotations (tproxy_k8s.ConfigForKubernetes),
 *   4. the readiness port appended to the inbound exclusions (injector.go, after ConfigForKubernetes),
 *
 * then serialized like json.Marshal + JSONToYAML (keys sorted, Kuma's omit-empty rules) and turned into
 * annotations (tproxy_k8s.ConfigToAnnotations). Errors carry Kuma's messages and wrapping: only the ConfigMap
 * load is wrapped in `could not retrieve transparent proxy configuration: …`, ConfigForKubernetes errors are
 * not wrapped at all, ConfigToAnnotations errors are wrapped in `could not generate annotations for pod: …`.
 */
import { stringifySortedYaml, parseYamlText } from '../krm/resource-list.ts';
import type { Settings } from '../settings.ts';
import { type AnnotationReader, readAnnotations } from './annotation-reader.ts';
import { InjectionFailure, annotationField, fail } from './failure.ts';
import { ANNOTATION } from './metadata.ts';
import type { JsonObject } from '../krm/object.ts';
import { applicationProbeProxyPortConfigMapMode, virtualProbesAnnotation } from './probes.ts';
import { realProbePorts } from './real-probe-ports.ts';
import { formatGoDuration, parseGoDuration, parseList, parseStrictBool } from './values.ts';

export interface ConfigMapModeResult {
  /** Annotations to merge over the Pod's (spec §8.2): kuma.io/sidecar-injected, traffic.kuma.io/transparent-proxy-config (the YAML), k8s.v1.cni.cncf.io/networks (CNI), kuma.io/virtual-probes, kuma.io/virtual-probes-port, kuma.io/application-probe-proxy-port, kuma.io/envoy-admin-port */
  annotations: Record<string, string>;
  /** tpCfg.CNIMode */
  cniMode: boolean;
  /** tpCfg.Redirect.Inbound.Enabled (false for gateways) */
  redirectInbound: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// The transparent-proxy configuration (tproxy_config.Config, only the fields that are (de)serialized)

interface TrafficFlow {
  enabled: boolean;
  port: number;
  includePorts: number[];
  excludePorts: number[];
  excludePortsForUIDs: string[];
  excludePortsForIPs: string[];
  insertRedirectInsteadOfAppend: boolean;
}

interface TProxyConfig {
  kumaDPUser: string;
  redirect: {
    inbound: TrafficFlow;
    outbound: TrafficFlow;
    dns: { enabled: boolean; port: number; captureAll: boolean; skipConntrackZoneSplit: boolean; resolvConfigPath: string };
    vnet: { networks: string[] };
  };
  ebpf: {
    enabled: boolean;
    instanceIP: string;
    instanceIPEnvVarName: string;
    bpffsPath: string;
    cgroupPath: string;
    programsSourcePath: string;
    tcAttachIface: string;
  };
  dropInvalidPackets: boolean;
  verbose: boolean;
  dryRun: boolean;
  log: { enabled: boolean; level: number };
  wait: number;
  waitInterval: number;
  /** sleepBetweenRetries in nanoseconds (config_types.Duration). */
  retry: { maxRetries: number; sleepBetweenRetries: number };
  storeFirewalld: boolean;
  iptablesExecutables: Record<(typeof EXECUTABLES)[number], string>;
  comments: { disabled: boolean };
  ipFamilyMode: string;
  cniMode: boolean;
}

const EXECUTABLES = ['iptables', 'iptables-save', 'iptables-restore', 'ip6tables', 'ip6tables-save', 'ip6tables-restore'] as const;

const trafficFlow = (port: number): TrafficFlow => ({
  enabled: true,
  port,
  includePorts: [],
  excludePorts: [],
  excludePortsForUIDs: [],
  excludePortsForIPs: [],
  insertRedirectInsteadOfAppend: false,
});

/** tproxy_config.DefaultConfig() of v2.14.3. */
function defaultConfig(): TProxyConfig {
  return {
    kumaDPUser: '',
    redirect: {
      inbound: trafficFlow(15006),
      outbound: trafficFlow(15001),
      dns: { enabled: false, port: 15053, captureAll: false, skipConntrackZoneSplit: false, resolvConfigPath: '/etc/resolv.conf' },
      vnet: { networks: [] },
    },
    ebpf: {
      enabled: false,
      instanceIP: '',
      instanceIPEnvVarName: '',
      bpffsPath: '/run/kuma/bpf',
      cgroupPath: '/sys/fs/cgroup',
      programsSourcePath: '/tmp/kuma-ebpf',
      tcAttachIface: '',
    },
    dropInvalidPackets: false,
    verbose: false,
    dryRun: false,
    log: { enabled: false, level: 7 },
    wait: 5,
    waitInterval: 0,
    retry: { maxRetries: 4, sleepBetweenRetries: 2_000_000_000 },
    storeFirewalld: false,
    iptablesExecutables: Object.fromEntries(EXECUTABLES.map((name) => [name, ''])) as TProxyConfig['iptablesExecutables'],
    comments: { disabled: false },
    ipFamilyMode: 'dualstack',
    cniMode: false,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Ports, Port and IPFamilyMode setters (pkg/transparentproxy/config)

/** A problem reported by one of Kuma's setters; the caller decides field and code. */
class SetterError extends Error {}

/** parsePort: strconv.ParseUint(s, 10, 16), and 0 is not a port either. */
function parsePort(s: string): number {
  const digits = s.replace(/^0+(?=\d)/, '');
  if (!/^[0-9]+$/.test(s) || digits.length > 5 || Number(digits) > 65535 || Number(digits) === 0) {
    throw new SetterError(`value '${s}' is not a valid port (uint16 in the range [1, 65535])`);
  }
  return Number(digits);
}

/** Ports.Append: comma-separated, items trimmed, empty items skipped. */
function appendPorts(ports: readonly number[], s: string): number[] {
  const result = [...ports];
  const trimmed = s.trim();
  if (trimmed === '') return result;
  for (const item of trimmed.split(',')) {
    const port = item.trim();
    if (port !== '') result.push(parsePort(port));
  }
  return result;
}

/** Ports.Set: starts from nothing. */
const setPorts = (s: string): number[] => appendPorts([], s);

const ALLOWED_IP_FAMILY_MODES = "'dualstack' or 'ipv4'";

/** IPFamilyMode.Set: matched case-insensitively but stored as written; empty means dualstack. */
function setIPFamilyMode(v: string): string {
  const lower = v.toLowerCase();
  if (lower === '') return 'dualstack';
  if (lower === 'dualstack' || lower === 'ipv4') return v;
  throw new SetterError(`must be one of ${ALLOWED_IP_FAMILY_MODES}`);
}

// ---------------------------------------------------------------------------------------------------------
// Loading the ConfigMap: sigs.k8s.io/yaml.Unmarshal (YAML → JSON, numbers/bools coerced to strings for string
// targets) followed by encoding/json decoding into DefaultConfig(). Type mismatches are collected and the
// first one is reported at the end; errors of the custom decoders (Port, Ports, IPFamilyMode, Duration) stop
// decoding at once, as in Go.

type Spec =
  | { kind: 'bool' }
  | { kind: 'string'; coerce: boolean }
  | { kind: 'uint'; goType: 'uint' | 'uint16'; max: number }
  | { kind: 'strings' }
  | { kind: 'port' }
  | { kind: 'ports' }
  | { kind: 'duration' }
  | { kind: 'ipFamilyMode' }
  | { kind: 'struct'; name: string; fields: Record<string, Spec> };

const BOOL: Spec = { kind: 'bool' };
const STRING: Spec = { kind: 'string', coerce: true };
const UINT: Spec = { kind: 'uint', goType: 'uint', max: Number.MAX_SAFE_INTEGER };
const STRINGS: Spec = { kind: 'strings' };
const PORT: Spec = { kind: 'port' };
const PORTS: Spec = { kind: 'ports' };

const TRAFFIC_FLOW: Spec = {
  kind: 'struct',
  name: 'TrafficFlow',
  fields: {
    enabled: BOOL,
    port: PORT,
    includePorts: PORTS,
    excludePorts: PORTS,
    excludePortsForUIDs: STRINGS,
    excludePortsForIPs: STRINGS,
    insertRedirectInsteadOfAppend: BOOL,
  },
};

const CONFIG_SPEC: Spec = {
  kind: 'struct',
  name: 'Config',
  fields: {
    kumaDPUser: STRING,
    redirect: {
      kind: 'struct',
      name: 'Redirect',
      fields: {
        inbound: TRAFFIC_FLOW,
        outbound: TRAFFIC_FLOW,
        dns: {
          kind: 'struct',
          name: 'DNS',
          fields: { enabled: BOOL, port: PORT, captureAll: BOOL, skipConntrackZoneSplit: BOOL, resolvConfigPath: STRING },
        },
        vnet: { kind: 'struct', name: 'VNet', fields: { networks: STRINGS } },
      },
    },
    ebpf: {
      kind: 'struct',
      name: 'Ebpf',
      fields: {
        enabled: BOOL,
        instanceIP: STRING,
        instanceIPEnvVarName: STRING,
        bpffsPath: STRING,
        cgroupPath: STRING,
        programsSourcePath: STRING,
        tcAttachIface: STRING,
      },
    },
    dropInvalidPackets: BOOL,
    verbose: BOOL,
    dryRun: BOOL,
    log: { kind: 'struct', name: 'Log', fields: { enabled: BOOL, level: { kind: 'uint', goType: 'uint16', max: 65535 } } },
    wait: UINT,
    waitInterval: UINT,
    retry: { kind: 'struct', name: 'Retry', fields: { maxRetries: UINT, sleepBetweenRetries: { kind: 'duration' } } },
    storeFirewalld: BOOL,
    // The paths are promoted from embedded structs, which sigs.k8s.io/yaml does not look into: no coercion.
    iptablesExecutables: {
      kind: 'struct',
      name: 'Executables',
      fields: Object.fromEntries(EXECUTABLES.map((name) => [name, { kind: 'string', coerce: false } satisfies Spec])),
    },
    comments: { kind: 'struct', name: 'Comments', fields: { disabled: BOOL } },
    ipFamilyMode: { kind: 'ipFamilyMode' },
    cniMode: BOOL,
  },
};

/** Go type names as reflect.Type.String() prints them, for json.UnmarshalTypeError. */
function goTypeName(spec: Spec): string {
  switch (spec.kind) {
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    case 'uint':
      return spec.goType;
    case 'strings':
      return '[]string';
    case 'struct':
      return `config.${spec.name}`;
    default:
      return spec.kind; // custom decoders never produce type errors
  }
}

type JsonKind = 'null' | 'bool' | 'number' | 'string' | 'array' | 'object';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function jsonKind(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) ? 'array' : 'object';
}

/** Go's json.Marshal text of a value (keys sorted, HTML-safe escaping), as custom UnmarshalJSON methods see it. */
function goJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${goJson(k)}:${goJson(value[k])}`).join(',')}}`;
  }
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return 'null';
}

/** strconv.FormatFloat(v, 'g', -1, 32), which sigs.k8s.io/yaml uses to turn YAML floats into strings. */
function formatFloat32(v: number): string {
  const f = Math.fround(v);
  let digits = f.toPrecision(9);
  for (let p = 1; p <= 9; p++) {
    const candidate = f.toPrecision(p);
    if (Math.fround(Number(candidate)) === f) {
      digits = candidate;
      break;
    }
  }
  return goShortestG(Number(digits));
}

/** Go's %g layout of shortest digits: an exponent (at least two digits) below 1e-4 and from 1e+06 on. */
function goShortestG(v: number): string {
  const [mantissa = '0', expText = '0'] = v.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(v);
}

/** fmt.Sprint of a float64 (%v, shortest %g), as Ports.UnmarshalJSON uses it for numbers: 1e6 is "1e+06". */
const sprintFloat = (v: number): string => goShortestG(v);

/** YAML 1.1 booleans that yaml.v2 resolves and the YAML 1.2 parser used here keeps as strings. */
const YAML11_BOOLS: Record<string, boolean> = Object.fromEntries([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON'].map((w) => [w, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'].map((w) => [w, false] as const),
]);

/** Decoding context: encoding/json's errorContext (innermost struct type and the path of JSON field names). */
interface Context {
  struct: string | undefined;
  path: readonly string[];
  saved: string | undefined;
}

function typeError(ctx: Context, value: string, spec: Spec): void {
  if (ctx.saved !== undefined) return;
  const type = goTypeName(spec);
  ctx.saved =
    ctx.struct !== undefined || ctx.path.length > 0
      ? `json: cannot unmarshal ${value} into Go struct field ${ctx.struct ?? ''}.${ctx.path.join('.')} of type ${type}`
      : `json: cannot unmarshal ${value} into Go value of type ${type}`;
}

/** A string target: what sigs.k8s.io/yaml turns a YAML scalar into before encoding/json sees it. */
function coercedString(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : formatFloat32(value);
  return value;
}

/** Decodes `value` for a field of `spec`; returns the new field value (or `current` when Go leaves it alone). */
function decodeValue(spec: Spec, value: unknown, current: unknown, ctx: Context): unknown {
  const kind = jsonKind(value);
  switch (spec.kind) {
    case 'bool': {
      if (kind === 'null') return current;
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && Object.hasOwn(YAML11_BOOLS, value)) return YAML11_BOOLS[value];
      typeError(ctx, kind, spec);
      return current;
    }
    case 'string': {
      const coerced = spec.coerce ? coercedString(value) : value;
      if (kind === 'null') return current;
      if (typeof coerced === 'string') return coerced;
      typeError(ctx, jsonKind(coerced), spec);
      return current;
    }
    case 'uint': {
      if (kind === 'null') return current;
      if (typeof value === 'number') {
        if (Number.isInteger(value) && value >= 0 && value <= spec.max) return value;
        typeError(ctx, `number ${goJson(value)}`, spec);
        return current;
      }
      typeError(ctx, kind, spec);
      return current;
    }
    case 'strings': {
      if (kind === 'null') return [];
      if (!Array.isArray(value)) {
        typeError(ctx, kind, spec);
        return current;
      }
      return value.map((item) => {
        const coerced = coercedString(item);
        if (typeof coerced === 'string') return coerced;
        if (coerced === null || coerced === undefined) return '';
        typeError(ctx, jsonKind(coerced), STRING);
        return '';
      });
    }
    case 'port':
      // Port.UnmarshalJSON hands the raw JSON text to Set: a quoted "15006" is not a port.
      return parsePort(goJson(value));
    case 'ports': {
      // Ports.UnmarshalJSON: a list of strings/numbers (anything else in it is dropped), a string, a number,
      // or else the raw JSON text.
      if (Array.isArray(value)) {
        const items = value.flatMap((item) =>
          typeof item === 'string' ? [item] : typeof item === 'number' ? [sprintFloat(item)] : [],
        );
        return setPorts(items.join(','));
      }
      if (typeof value === 'string') return setPorts(value);
      if (typeof value === 'number') return setPorts(sprintFloat(value));
      return setPorts(goJson(value));
    }
    case 'duration': {
      // config_types.Duration.UnmarshalJSON: a number of nanoseconds or a Go duration string.
      if (typeof value === 'number') return Math.trunc(value);
      if (typeof value === 'string') {
        const parsed = parseGoDuration(value);
        if (!parsed.ok) throw new SetterError(parsed.error);
        return parsed.value;
      }
      throw new SetterError('invalid duration');
    }
    case 'ipFamilyMode': {
      // IPFamilyMode.UnmarshalJSON: a JSON string (null reads as ""), then Set.
      const raw = goJson(value);
      if (kind !== 'string' && kind !== 'null') {
        throw new SetterError(`value '${raw}' is not a valid IPFamilyMode: json: cannot unmarshal ${kind} into Go value of type string`);
      }
      const text = typeof value === 'string' ? value : '';
      try {
        return setIPFamilyMode(text);
      } catch (e) {
        throw new SetterError(`value '${text}' is not a valid IPFamilyMode: ${(e as Error).message}`);
      }
    }
    case 'struct': {
      if (kind === 'null') return current;
      if (!isPlainObject(value)) {
        typeError(ctx, kind, spec);
        return current;
      }
      const target = current as Record<string, unknown>;
      const names = Object.keys(spec.fields);
      // json.Marshal of the converted map sorts its keys, so fields are decoded in that order.
      for (const key of Object.keys(value).sort()) {
        const name = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
        if (name === undefined) continue; // not strict: unknown keys are ignored
        const fieldSpec = spec.fields[name]!;
        const inner: Context = { struct: spec.name, path: [...ctx.path, name], saved: ctx.saved };
        target[name] = decodeValue(fieldSpec, value[key], target[name], inner);
        ctx.saved = inner.saved;
      }
      return target;
    }
  }
}

function unsupportedFloat(value: unknown): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = unsupportedFloat(item);
      if (found) return found;
    }
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value).sort()) {
      const found = unsupportedFloat(value[key]);
      if (found) return found;
    }
  }
  return undefined;
}

const RETRIEVE_WRAP = 'could not retrieve transparent proxy configuration';
const CONFIGMAP_WRAP = `${RETRIEVE_WRAP}: unable to parse configuration`;

/** Where the ConfigMap is, as Kuma 3.0's messages name it. */
const configMapRef = (settings: Settings): string => `'${settings.systemNamespace}/${settings.injector.transparentProxyConfigMap}'`;

/**
 * 3.0's getTransparentProxyConfigMap errors for a ConfigMap that is not there (the API server's NotFound text;
 * an empty name cannot even be asked for) or whose `config.yaml` is missing or empty.
 */
export function missingConfigMapFailure(settings: Settings, found: boolean): never {
  const name = settings.injector.transparentProxyConfigMap;
  const where = configMapRef(settings);
  const detail = found
    ? `key 'config.yaml' is missing or empty in transparent proxy ConfigMap ${where}`
    : `unable to get transparent proxy ConfigMap ${where}: ${name === '' ? 'resource name may not be empty' : `configmaps "${name}" not found`}`;
  return fail(`${RETRIEVE_WRAP}: ${detail}`, undefined, 'TRANSPARENT_PROXY_CONFIG_MISSING');
}

/** getTransparentProxyConfigMap: DefaultConfig() with the ConfigMap's `config.yaml` loaded over it. */
function loadBaseConfig(text: string, settings: Settings): TProxyConfig {
  // 3.0 names the ConfigMap between the two wrappers.
  const configMapFailure = (detail: string): never =>
    settings.release.behaviour.transparentProxyConfigMapOnly
      ? fail(`${RETRIEVE_WRAP}: unable to load transparent proxy configuration from ConfigMap ${configMapRef(settings)}: unable to parse configuration: ${detail}`, undefined, 'INVALID_CONFIG')
      : fail(`${CONFIGMAP_WRAP}: ${detail}`, undefined, 'INVALID_CONFIG');
  const cfg = defaultConfig();
  const parsed = parseYamlText(text);
  if (!parsed.ok) {
    configMapFailure(`error converting YAML to JSON: yaml: ${parsed.error.replace(/^is not valid YAML: /, '')}`);
  }
  const value = parsed.ok ? parsed.value : undefined;
  const bad = unsupportedFloat(value);
  if (bad) configMapFailure(`error converting YAML to JSON: json: unsupported value: ${bad}`);
  const ctx: Context = { struct: undefined, path: [], saved: undefined };
  try {
    decodeValue(CONFIG_SPEC, value, cfg, ctx);
  } catch (e) {
    if (e instanceof SetterError) configMapFailure(`error unmarshaling JSON: while decoding JSON: ${e.message}`);
    throw e;
  }
  if (ctx.saved !== undefined) configMapFailure(`error unmarshaling JSON: while decoding JSON: ${ctx.saved}`);
  return cfg;
}

// ---------------------------------------------------------------------------------------------------------
// ConfigForKubernetes

/** Runs one of Kuma's setters; its error becomes a failure on the given annotation (or the runtime config). */
function setter<T>(run: () => T, key?: string): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof SetterError) {
      return key === undefined ? fail(e.message, undefined, 'INVALID_CONFIG') : fail(e.message, annotationField(key), 'INVALID_ANNOTATION');
    }
    throw e;
  }
}

/** GetBoolean (true/false/yes/no only): in this mode an invalid value is an error. */
function strictBool(pod: AnnotationReader, key: string): boolean | undefined {
  const raw = pod.string(key);
  if (raw === undefined) return undefined;
  const value = parseStrictBool(raw);
  if (value === undefined) fail(`annotation "${key}" has wrong value "${raw}"`, annotationField(key), 'INVALID_ANNOTATION');
  return value;
}

/**
 * redirectExcludePorts: the first non-empty of annotation, ConfigMap, runtime config, default (empty).
 * The runtime list is converted (and can fail) before the annotation is read.
 */
function excludePorts(pod: AnnotationReader, key: string, fromConfigMap: readonly number[], runtime: readonly number[]): number[] {
  const fromRuntime = setter(() => setPorts(runtime.join(',')));
  const raw = pod.string(key);
  const fromAnnotation = raw === undefined ? [] : setter(() => setPorts(raw), key);
  if (fromAnnotation.length > 0) return fromAnnotation;
  if (fromConfigMap.length > 0) return [...fromConfigMap];
  return fromRuntime;
}

/** redirectExcludePortsForIPs: the same precedence, the annotation read as a GetList (split on `,`, no trimming). */
function excludeIPs(pod: AnnotationReader, key: string, fromConfigMap: readonly string[], runtime: readonly string[]): string[] {
  const raw = pod.string(key);
  const fromAnnotation = raw === undefined ? [] : parseList(raw);
  if (fromAnnotation.length > 0) return fromAnnotation;
  if (fromConfigMap.length > 0) return [...fromConfigMap];
  return [...runtime];
}

function ipFamilyMode(pod: AnnotationReader, fromConfigMap: string, runtimeRaw: string): string {
  let fromRuntime = '';
  if (runtimeRaw !== '' && runtimeRaw !== 'dualstack') {
    fromRuntime = setter(() => {
      try {
        return setIPFamilyMode(runtimeRaw);
      } catch (e) {
        throw new SetterError(`invalid IP Family Mode in runtime configuration: ${runtimeRaw}: ${(e as Error).message}`);
      }
    });
  }
  const key = ANNOTATION.ipFamilyMode;
  const raw = pod.string(key);
  let fromAnnotation = '';
  if (raw !== undefined) {
    fromAnnotation = setter(() => {
      try {
        return setIPFamilyMode(raw);
      } catch (e) {
        throw new SetterError(`invalid IP Family Mode in annotation '${key}': ${raw}: ${(e as Error).message}`);
      }
    }, key);
  }
  // The ConfigMap value is never empty (its decoder turns "" into dualstack), so the runtime value only
  // matters for its validation.
  return fromAnnotation || fromConfigMap || fromRuntime || 'dualstack';
}

function configForKubernetes(cfg: TProxyConfig, pod: AnnotationReader, settings: Settings): TProxyConfig {
  const { injector } = settings;
  const { inbound, outbound, dns } = cfg.redirect;

  cfg.kumaDPUser = String(injector.sidecarContainer.uid);
  cfg.cniMode = injector.cniEnabled;
  cfg.ipFamilyMode = ipFamilyMode(pod, cfg.ipFamilyMode, injector.sidecarContainer.ipFamilyMode);

  const dropInvalidPackets = strictBool(pod, ANNOTATION.dropInvalidPackets);
  if (dropInvalidPackets !== undefined) cfg.dropInvalidPackets = dropInvalidPackets;
  const iptablesLogs = strictBool(pod, ANNOTATION.iptablesLogs);
  if (iptablesLogs !== undefined) cfg.log.enabled = iptablesLogs;

  // DNS redirection stays as the ConfigMap has it (kuma.io/builtin-dns and the runtime flag only warn);
  // the ports always come from the runtime config (annotations only warn).
  dns.port = injector.builtinDNS.port;
  outbound.port = injector.sidecarContainer.redirectPortOutbound;
  outbound.excludePorts = excludePorts(pod, ANNOTATION.excludeOutboundPorts, outbound.excludePorts, injector.sidecarTraffic.excludeOutboundPorts);
  const uids = pod.string(ANNOTATION.excludeOutboundPortsForUids);
  // strings.Split: not validated here (kuma-init does that at pod start), and "" gives [""].
  if (uids !== undefined) outbound.excludePortsForUIDs = uids.split(';');
  outbound.excludePortsForIPs = excludeIPs(pod, ANNOTATION.excludeOutboundIps, outbound.excludePortsForIPs, injector.sidecarTraffic.excludeOutboundIPs);

  if (pod.bool(ANNOTATION.gateway) === true) inbound.enabled = false;

  if (inbound.enabled) {
    inbound.port = injector.sidecarContainer.redirectPortInbound;
    inbound.excludePortsForIPs = excludeIPs(pod, ANNOTATION.excludeInboundIps, inbound.excludePortsForIPs, injector.sidecarTraffic.excludeInboundIPs);
    inbound.excludePorts = excludePorts(pod, ANNOTATION.excludeInboundPorts, inbound.excludePorts, injector.sidecarTraffic.excludeInboundPorts);
    const probeProxyPort = applicationProbeProxyPortConfigMapMode(pod, injector.applicationProbeProxyPort, settings.release.behaviour);
    if (probeProxyPort !== 0) {
      const key = pod.has(ANNOTATION.applicationProbeProxyPort) ? ANNOTATION.applicationProbeProxyPort : undefined;
      inbound.excludePorts = setter(() => appendPorts(inbound.excludePorts, String(probeProxyPort)), key);
    }
  }

  if (settings.release.behaviour.ebpfRemoved) {
    // 3.0's config has no eBPF section: whatever the ConfigMap says about it is dropped.
    cfg.ebpf.enabled = false;
    return cfg;
  }
  const ebpfEnabled = pod.bool(ANNOTATION.ebpf);
  if (ebpfEnabled !== undefined) cfg.ebpf.enabled = ebpfEnabled;
  if (cfg.ebpf.enabled) {
    const { ebpf } = injector;
    const pick = (key: string, runtime: string): string => pod.stringOr(key, runtime);
    const set = (field: 'bpffsPath' | 'cgroupPath' | 'tcAttachIface' | 'instanceIPEnvVarName' | 'programsSourcePath', value: string): void => {
      if (value !== '') cfg.ebpf[field] = value;
    };
    set('bpffsPath', pick(ANNOTATION.ebpfBpfFsPath, ebpf.bpffsPath));
    set('cgroupPath', pick(ANNOTATION.ebpfCgroupPath, ebpf.cgroupPath));
    set('tcAttachIface', pick(ANNOTATION.ebpfTcAttachIface, ebpf.tcAttachIface));
    set('instanceIPEnvVarName', pick(ANNOTATION.ebpfInstanceIpEnvVarName, ebpf.instanceIPEnvVarName));
    set('programsSourcePath', pick(ANNOTATION.ebpfProgramsSourcePath, ebpf.programsSourcePath));
  }
  return cfg;
}

// ---------------------------------------------------------------------------------------------------------
// Serialization: Config.MarshalJSON / Redirect.MarshalJSON + the omitempty tags, keys sorted by the writer.

function serializeFlow(flow: TrafficFlow): Record<string, unknown> {
  const out: Record<string, unknown> = { enabled: flow.enabled, port: flow.port };
  if (flow.includePorts.length > 0) out.includePorts = flow.includePorts;
  if (flow.excludePorts.length > 0) out.excludePorts = flow.excludePorts;
  if (flow.excludePortsForUIDs.length > 0) out.excludePortsForUIDs = flow.excludePortsForUIDs;
  if (flow.excludePortsForIPs.length > 0) out.excludePortsForIPs = flow.excludePortsForIPs;
  if (flow.insertRedirectInsteadOfAppend) out.insertRedirectInsteadOfAppend = true;
  return out;
}

function serializeConfig(cfg: TProxyConfig): Record<string, unknown> {
  const redirect: Record<string, unknown> = {
    inbound: serializeFlow(cfg.redirect.inbound),
    outbound: serializeFlow(cfg.redirect.outbound),
    dns: { ...cfg.redirect.dns },
  };
  if (cfg.redirect.vnet.networks.length > 0) redirect.vnet = { networks: cfg.redirect.vnet.networks };
  const out: Record<string, unknown> = {
    kumaDPUser: cfg.kumaDPUser,
    redirect,
    wait: cfg.wait,
    waitInterval: cfg.waitInterval,
    retry: { maxRetries: cfg.retry.maxRetries, sleepBetweenRetries: formatGoDuration(cfg.retry.sleepBetweenRetries) },
    ipFamilyMode: cfg.ipFamilyMode,
  };
  if (cfg.ebpf.enabled) out.ebpf = { ...cfg.ebpf };
  if (cfg.dropInvalidPackets) out.dropInvalidPackets = true;
  if (cfg.verbose) out.verbose = true;
  if (cfg.dryRun) out.dryRun = true;
  if (cfg.log.enabled) out.log = { ...cfg.log };
  if (cfg.storeFirewalld) out.storeFirewalld = true;
  const executables = Object.fromEntries(Object.entries(cfg.iptablesExecutables).filter(([, path]) => path !== ''));
  if (Object.keys(executables).length > 0) out.iptablesExecutables = executables;
  if (cfg.comments.disabled) out.comments = { disabled: true };
  if (cfg.cniMode) out.cniMode = true;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// ConfigToAnnotations

/** `errors.Wrapf(err, "unable to set %s", key)` inside `could not generate annotations for pod: …`. */
function wrapped<T>(key: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof InjectionFailure) {
      throw new InjectionFailure(`could not generate annotations for pod: unable to set ${key}: ${e.message}`, e.field, e.code);
    }
    throw e;
  }
}

/**
 * The transparent-proxy config and annotations of ConfigMap mode. `baseConfigYaml` is the non-empty
 * `config.yaml` of the system-namespace ConfigMap; `pod` holds the Pod's annotations as the user wrote them.
 */
export function configMapModeAnnotations(baseConfigYaml: string, pod: AnnotationReader, settings: Settings, spec: JsonObject = {}): ConfigMapModeResult {
  const { injector } = settings;
  const { behaviour } = settings.release;
  // A reader of our own, so that messages are Kuma's unwrapped ones whatever reader the caller holds.
  const annotations = readAnnotations(pod.raw);

  const cfg = configForKubernetes(loadBaseConfig(baseConfigYaml, settings), annotations, settings);
  // injector.go: with the admin API on a Unix socket, kuma-dp's readiness port is excluded from inbound
  // redirection, whether or not inbound redirection is on.
  if (settings.envoyAdminUnixSocket && settings.readinessPort !== 0) {
    cfg.redirect.inbound.excludePorts = setter(() => appendPorts(cfg.redirect.inbound.excludePorts, String(settings.readinessPort)));
  }
  // 3.0: without the probe proxy, kubelet's probes reach the application's ports directly, so those ports are
  // kept out of inbound redirection (appended as they are: no de-duplication against the list).
  if (behaviour.excludeRealProbePortsWithoutProbeProxy && applicationProbeProxyPortConfigMapMode(annotations, injector.applicationProbeProxyPort, behaviour) === 0) {
    for (const port of realProbePorts(spec)) {
      cfg.redirect.inbound.excludePorts = setter(() => appendPorts(cfg.redirect.inbound.excludePorts, String(port)));
    }
  }

  const result: Record<string, string> = {
    [ANNOTATION.sidecarInjected]: 'true',
    [ANNOTATION.transparentProxyConfig]: stringifySortedYaml(serializeConfig(cfg)),
  };
  if (cfg.cniMode) result[ANNOTATION.cniNetworks] = 'kuma-cni';
  if (!behaviour.virtualProbesRemoved) {
    result[ANNOTATION.virtualProbes] = wrapped(ANNOTATION.virtualProbes, () =>
      virtualProbesAnnotation(annotations, injector.virtualProbesEnabled, behaviour),
    );
    // Read back from the annotations being built, which never hold it: always the config value.
    result[ANNOTATION.virtualProbesPort] = String(injector.virtualProbesPort);
  }
  result[ANNOTATION.applicationProbeProxyPort] = String(
    wrapped(ANNOTATION.applicationProbeProxyPort, () => applicationProbeProxyPortConfigMapMode(annotations, injector.applicationProbeProxyPort, behaviour)),
  );
  // Same: always the control plane's admin port.
  result[ANNOTATION.envoyAdminPort] = String(settings.adminPort);

  return { annotations: result, cniMode: cfg.cniMode, redirectInbound: cfg.redirect.inbound.enabled };
}
