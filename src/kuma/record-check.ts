/**
 * Reading back the injection record (annotation `kuma-inject.dev/injected`). The record is input like any other,
 * and a re-run deletes what it lists, so before that it must have exactly InjectionRecord's shape and name only
 * what an injection adds to or changes in this template, where injection left it. A record that does not fit is
 * a problem to report, never a reason to remove what the user wrote.
 */
import type { JsonObject, JsonValue } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { ANNOTATION, INIT_NAME, LABEL, RECORD_ANNOTATION, SIDECAR_NAME, VALIDATION_NAME } from './metadata.ts';
import { type InjectionRecord, PROBES, hashValue } from './record.ts';

export type RecordReading = { readonly ok: true; readonly record: InjectionRecord } | { readonly ok: false; readonly problem: string };

/** A problem in one line, or undefined when there is none. */
type Problem = string | undefined;

const preview = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
};

function first<T>(items: Iterable<T>, check: (item: T) => Problem): Problem {
  for (const item of items) {
    const problem = check(item);
    if (problem) return problem;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Shape: exactly InjectionRecord's fields and types.

const names: (value: unknown, at: string) => Problem = (value, at) => {
  if (!Array.isArray(value)) return `\`${at}\` must be a list of names, not ${preview(value)}`;
  return first(value.entries(), ([i, name]) => (typeof name === 'string' ? undefined : `\`${at}[${i}]\` must be a name (a string), not ${preview(name)}`));
};

/** A map whose every value passes `check`. */
const mapOf =
  (what: string, check: (value: unknown, at: string) => Problem) =>
  (value: unknown, at: string): Problem => {
    if (!isObject(value)) return `\`${at}\` must be a map of ${what}, not ${preview(value)}`;
    return first(Object.entries(value), ([key, entry]) => check(entry, `${at}[${key}]`));
  };

const hash = (value: unknown, at: string): Problem => (typeof value === 'string' ? undefined : `\`${at}\` must be a hash (a string), not ${preview(value)}`);

/** `[value before or null, hash]` */
const change = (value: unknown, at: string): Problem =>
  Array.isArray(value) && value.length === 2 ? hash(value[1], `${at}[1]`) : `\`${at}\` must be a [value before, hash] pair, not ${preview(value)}`;

/** `[index in containers, restartPolicy before or null]` */
const move = (value: unknown, at: string): Problem => {
  if (!Array.isArray(value) || value.length !== 2) return `\`${at}\` must be an [index, restartPolicy before] pair, not ${preview(value)}`;
  return Number.isInteger(value[0]) && (value[0] as number) >= 0 ? undefined : `\`${at}[0]\` must be an index (a whole number, 0 or more), not ${preview(value[0])}`;
};

const changes = mapOf('[value before, hash] pairs', change);

/** Every field of InjectionRecord, in the order they are checked; `v` is checked first, on its own. */
const FIELDS = new Map<string, { required: boolean; check: (value: unknown, at: string) => Problem }>([
  ['v', { required: true, check: () => undefined }],
  ['containers', { required: true, check: names }],
  ['initContainers', { required: true, check: names }],
  ['volumes', { required: true, check: names }],
  ['annotations', { required: true, check: changes }],
  ['labels', { required: true, check: changes }],
  ['probes', { required: true, check: changes }],
  ['created', { required: true, check: names }],
  ['hashes', { required: false, check: mapOf('hashes', hash) }],
  ['lifecycle', { required: false, check: changes }],
  ['spec', { required: false, check: changes }],
  ['moved', { required: false, check: mapOf('[index, restartPolicy before] pairs', move) }],
]);

/** The record in `text`, when it has exactly InjectionRecord's shape; says what is wrong otherwise. */
export function parseRecord(text: string): RecordReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, problem: `it is not JSON: ${preview(text)}` };
  }
  if (!isObject(parsed)) return { ok: false, problem: `it must be a JSON object, not ${preview(parsed)}` };
  if (parsed.v !== 1) return { ok: false, problem: `\`v\` must be 1, not ${parsed.v === undefined ? 'absent' : preview(parsed.v)}` };
  const problem =
    first(Object.keys(parsed), (key) => (FIELDS.has(key) ? undefined : `it has a field \`${key}\` that a record does not have`)) ??
    first(FIELDS, ([key, field]) => (field.required && !Object.hasOwn(parsed, key) ? `it has no \`${key}\`` : undefined)) ??
    first(FIELDS, ([key, field]) => (Object.hasOwn(parsed, key) ? field.check(parsed[key], key) : undefined));
  return problem ? { ok: false, problem } : { ok: true, record: parsed as unknown as InjectionRecord };
}

// ---------------------------------------------------------------------------------------------------------
// Consistency: only what injection (src/kuma/inject-pod.ts) and the lifecycle step (src/lifecycle/apply.ts)
// add or change, and only where they left it in this template.

/** What inject-pod.ts adds to each list; kuma-sidecar goes into `initContainers` in the native layout. */
const ADDED_CONTAINERS = new Set<string>([SIDECAR_NAME]);
const ADDED_INIT_CONTAINERS = new Set<string>([INIT_NAME, VALIDATION_NAME, SIDECAR_NAME]);
const ADDED_VOLUMES = new Set([
  'kuma-init-tmp',
  'kuma-sidecar-tmp',
  'kuma-spire-agent-socket',
  'transparent-proxy-base',
  'transparent-proxy-custom',
  'sys-fs-cgroup',
  'bpf-fs',
]);
/** The annotations legacy-annotations.ts and configmap-mode.ts write, and the default-container one. */
const WRITTEN_ANNOTATIONS = new Set<string>([
  ANNOTATION.defaultContainer,
  ANNOTATION.sidecarInjected,
  ANNOTATION.transparentProxying,
  ANNOTATION.sidecarUid,
  ANNOTATION.outboundPort,
  ANNOTATION.inboundPort,
  ANNOTATION.cniNetworks,
  ANNOTATION.ebpf,
  ANNOTATION.ebpfBpfFsPath,
  ANNOTATION.ebpfCgroupPath,
  ANNOTATION.ebpfTcAttachIface,
  ANNOTATION.ebpfProgramsSourcePath,
  ANNOTATION.ebpfInstanceIpEnvVarName,
  ANNOTATION.builtinDns,
  ANNOTATION.builtinDnsPort,
  ANNOTATION.builtinDnsLogging,
  ANNOTATION.virtualProbes,
  ANNOTATION.virtualProbesPort,
  ANNOTATION.applicationProbeProxyPort,
  ANNOTATION.excludeInboundPorts,
  ANNOTATION.excludeOutboundPorts,
  ANNOTATION.ipFamilyMode,
  ANNOTATION.envoyAdminPort,
  ANNOTATION.excludeOutboundIps,
  ANNOTATION.excludeInboundIps,
  ANNOTATION.transparentProxyConfig,
]);
const WRITTEN_LABELS = new Set<string>([LABEL.mesh]);
/** grace-period.ts is the only step that sets a pod-spec field outside the container and volume lists. */
const CHANGED_SPEC_FIELDS = new Set(['terminationGracePeriodSeconds']);
/** The paths recordInjection can list as created. */
const CREATED_PATHS = new Set(['metadata', 'metadata.annotations', 'metadata.labels', 'spec.initContainers', 'spec.volumes']);
const PROBE_KEYS = new Set<string>(PROBES);
/** What hashValue gives. */
const HASH = /^[0-9a-f]{8}$/;

const objects = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);
const own = <T>(map: Record<string, T> | undefined, key: string): T | undefined => (map && Object.hasOwn(map, key) ? map[key] : undefined);
const quoted = (items: Iterable<string>): string => [...items].map((n) => `\`${n}\``).join(', ');

function hashProblem(changes: Record<string, [JsonValue | null, string]> | undefined, at: string): Problem {
  return first(Object.entries(changes ?? {}), ([key, [, written]]) =>
    HASH.test(written) ? undefined : `\`${at}[${key}][1]\` is not a hash kuma-inject writes (8 hex digits): ${preview(written)}`,
  );
}

/** Keys of `changes` must be in `allowed`, and the values before must pass `before` (`what` names them). */
function keysProblem(
  changes: Record<string, [JsonValue | null, string]> | undefined,
  at: string,
  allowed: ReadonlySet<string>,
  noun: string,
  before: (value: JsonValue | null) => boolean,
  what: string,
): Problem {
  return (
    first(Object.keys(changes ?? {}), (key) => (allowed.has(key) ? undefined : `\`${at}\` has \`${key}\`, ${noun} injection never changes${allowed.size <= 3 ? ` (only ${quoted(allowed)})` : ''}`)) ??
    first(Object.entries(changes ?? {}), ([key, [previous]]) => (before(previous) ? undefined : `\`${at}[${key}][0]\` must be ${what}, not ${preview(previous)}`)) ??
    hashProblem(changes, at)
  );
}

/**
 * What `record` says injection added must be in this template, where injection put it, under a name injection
 * gives it. A ContainerPatch can rename an injected container (`/name`), so another name is accepted when the
 * container is exactly as injection wrote it (its hash in `hashes` matches).
 */
function addedProblem(record: InjectionRecord, spec: JsonObject): Problem {
  const listed = (list: 'containers' | 'initContainers', kuma: ReadonlySet<string>): Problem =>
    first(record[list], (name) => {
      const container = objects(spec[list]).find((c) => c.name === name);
      if (!container) return `\`${list}\` has \`${name}\`, which is not in \`spec.${list}\``;
      if (kuma.has(name) || own(record.hashes, name) === hashValue(container)) return undefined;
      return `\`${list}\` has \`${name}\`, a container injection does not add there (it adds ${quoted(kuma)})`;
    });
  const volumes = new Set(objects(spec.volumes).map((v) => v.name));
  const added = new Set([...record.containers, ...record.initContainers]);
  return (
    listed('containers', ADDED_CONTAINERS) ??
    listed('initContainers', ADDED_INIT_CONTAINERS) ??
    first(record.volumes, (name) => {
      if (!ADDED_VOLUMES.has(name)) return `\`volumes\` has \`${name}\`, a volume injection does not add`;
      return volumes.has(name) ? undefined : `\`volumes\` has \`${name}\`, which is not in \`spec.volumes\``;
    }) ??
    first(Object.entries(record.hashes ?? {}), ([name, value]) => {
      if (!added.has(name)) return `\`hashes\` has \`${name}\`, which is not in \`containers\` or \`initContainers\``;
      return HASH.test(value) ? undefined : `\`hashes[${name}]\` is not a hash kuma-inject writes (8 hex digits): ${preview(value)}`;
    }) ??
    first(record.created, (path) => (CREATED_PATHS.has(path) ? undefined : `\`created\` has \`${path}\`, which injection never creates`))
  );
}

/** Probes, lifecycles and moved containers: of the user's own containers, as injection and adoption left them. */
function changedContainersProblem(record: InjectionRecord, spec: JsonObject): Problem {
  const added = new Set([...record.containers, ...record.initContainers]);
  const containers = objects(spec.containers).filter((c) => !added.has(String(c.name)));
  const initContainers = objects(spec.initContainers).filter((c) => !added.has(String(c.name)));
  const inContainers = new Set(containers.map((c) => String(c.name)));
  // probes.ts rewrites the probes of containers and of native sidecars; adoption moves containers it rewrote.
  const probed = new Set([...inContainers, ...initContainers.filter((c) => c.restartPolicy === 'Always').map((c) => String(c.name))]);
  return (
    first(Object.entries(record.probes), ([key, [previous]]) => {
      const slash = key.lastIndexOf('/');
      const [name, probe] = [key.slice(0, slash), key.slice(slash + 1)];
      if (slash === -1 || !PROBE_KEYS.has(probe)) return `\`probes\` has \`${key}\`, which is not \`<container>/<${PROBES.join('|')}>\``;
      if (!probed.has(name)) return `\`probes\` has \`${key}\`, but the template has no application container \`${name}\``;
      return isObject(previous) ? undefined : `\`probes[${key}][0]\` must be the probe before (a map), not ${preview(previous)}`;
    }) ??
    hashProblem(record.probes, 'probes') ??
    // prestop.ts sets lifecycles of `spec.containers` only, after adoption.
    first(Object.keys(record.lifecycle ?? {}), (name) =>
      inContainers.has(name) ? undefined : `\`lifecycle\` has \`${name}\`, but \`spec.containers\` has no application container \`${name}\``,
    ) ??
    hashProblem(record.lifecycle, 'lifecycle') ??
    first(Object.keys(record.moved ?? {}), (name) => {
      if (added.has(name)) return `\`moved\` has \`${name}\`, which the record also lists as added`;
      const init = initContainers.filter((c) => c.name === name);
      // Moved back by hand is fine: stripping leaves it where it is.
      if (init.length === 0) return inContainers.has(name) ? undefined : `\`moved\` has \`${name}\`, which the template does not have`;
      return init.every((c) => c.restartPolicy === 'Always') ? undefined : `\`moved\` has \`${name}\`, but that init container has no \`restartPolicy: Always\`, which adoption sets`;
    })
  );
}

/** Why `record` cannot be the record of an injection into `template`; undefined when it can. */
export function recordProblem(record: InjectionRecord, template: JsonObject): Problem {
  const spec = isObject(template.spec) ? template.spec : {};
  const isString = (value: JsonValue | null): boolean => value === null || typeof value === 'string';
  return (
    addedProblem(record, spec) ??
    keysProblem(record.annotations, 'annotations', WRITTEN_ANNOTATIONS, 'an annotation', isString, 'the value before (a string) or null') ??
    keysProblem(record.labels, 'labels', WRITTEN_LABELS, 'a label', isString, 'the value before (a string) or null') ??
    keysProblem(record.spec, 'spec', CHANGED_SPEC_FIELDS, 'a pod-spec field', (v) => v === null || typeof v === 'number', 'the value before (a number) or null') ??
    changedContainersProblem(record, spec)
  );
}

/**
 * The record on `template`: undefined when there is none, else the record when it fits the template, or what
 * is wrong with it.
 */
export function readRecord(template: JsonObject): RecordReading | undefined {
  const annotations = isObject(template.metadata) && isObject(template.metadata.annotations) ? template.metadata.annotations : {};
  if (!Object.hasOwn(annotations, RECORD_ANNOTATION)) return undefined;
  const raw = annotations[RECORD_ANNOTATION];
  if (typeof raw !== 'string') return { ok: false, problem: `it must be a string holding JSON, not ${preview(raw)}` };
  const parsed = parseRecord(raw);
  if (!parsed.ok) return parsed;
  const problem = recordProblem(parsed.record, template);
  return problem ? { ok: false, problem } : parsed;
}
