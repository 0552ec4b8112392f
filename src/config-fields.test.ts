/**
 * Every config field reaches its consumer: each field of the schema, set to a value other than its default, must
 * change the output or the results of a whole run (run.ts) on an input where it matters, in the `KumaInject` form
 * and in the `ConfigMap` form. The fields come from the schema itself, so a new field without a case fails here.
 * A field that cannot show on any input is in the table with the reason, and a check that it indeed changes nothing.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod/mini';
import { CONFIG_MAP_KEYS, CONFIG_MAP_SHORTHANDS, type ConfigMapKeyInfo, configSchemas } from './config.ts';
import type { JsonObject, JsonValue, KubeObject } from './krm/object.ts';
import { isObject } from './krm/object.ts';
import { parseYamlText } from './krm/resource-list.ts';
import { run } from './run.ts';
import { fieldAt } from './config-map-paths.ts';
import { loadSettings } from './settings.ts';
import { yaml } from './testing/yaml.ts';
import { TEST_CA } from './testing/test-ca.ts';

const fields = suite('config fields');

type JsonSchema = { properties?: Record<string, JsonSchema>; type?: unknown };

/** Leaf paths of the typed spec, such as `spec.lifecycle.preStop.seconds`; lists and maps are leaves. */
function leafPaths(schema: JsonSchema, prefix: string): string[] {
  const children = Object.entries(schema.properties ?? {});
  if (children.length === 0 || schema.type === 'array') return [prefix];
  return children.flatMap(([key, child]) => leafPaths(child, `${prefix}.${key}`));
}

const jsonSchema = z.toJSONSchema(configSchemas().specSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
const FIELDS = leafPaths(jsonSchema, 'spec');
const DEFAULT_SPEC = configSchemas().specSchema.parse({}) as unknown as JsonObject;

interface FieldCase {
  /** The non-default value the field is set to. */
  readonly value: JsonValue;
  /** Config set in both runs, for a field that only matters beside another (eBPF paths need eBPF on). */
  readonly base?: JsonObject;
  /** Items added to the common input for this field. */
  readonly input?: readonly KubeObject[];
}
type Entry = FieldCase | { readonly cannotShow: string };

const INJECTOR = 'spec.controlPlane.runtime.kubernetes.injector';
const SIDECAR = `${INJECTOR}.sidecarContainer`;
const injectorBase = (injector: JsonObject): JsonObject => ({ controlPlane: { runtime: { kubernetes: { injector } } } });
const CNI = injectorBase({ cniEnabled: true });
const EBPF = injectorBase({ ebpf: { enabled: true } });
const SPIRE = injectorBase({ spire: { enabled: true } });

const COMMON_INPUT: KubeObject[] = yaml`
  - apiVersion: v1
    kind: Namespace
    metadata: {name: apps, labels: {kuma.io/sidecar-injection: enabled}}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api, namespace: apps}
    spec:
      selector: {matchLabels: {app: api}}
      template:
        metadata: {labels: {app: api, version: v1}}
        spec:
          containers:
            - name: api
              image: api:1
              ports: [{name: http, containerPort: 8080}]
              readinessProbe: {httpGet: {path: /ready, port: 8080}}
              livenessProbe: {httpGet: {path: /live, port: 8080}}
  - apiVersion: v1
    kind: Service
    metadata: {name: api, namespace: apps}
    spec: {selector: {app: api}, ports: [{name: http, port: 80, targetPort: 8080}]}
`;

const deployment = (name: string, namespace: string, annotations: Record<string, string> = {}, containers = ['app']): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { template: { metadata: { annotations }, spec: { containers: containers.map((c) => ({ name: c, image: `${c}:1` })) } } },
});
const sidecarPatch = (name: string, op: JsonObject): KubeObject => ({
  apiVersion: 'kuma.io/v1alpha1',
  kind: 'ContainerPatch',
  metadata: { name, namespace: 'kuma-system' },
  spec: { sidecarPatch: [op] },
});

/** One entry per schema field; `checks every field has an entry` keeps it complete. */
const CASES: Record<string, Entry> = {
  'spec.kubernetesVersion': { value: '1.28' },
  'spec.kumaVersion': { value: '2.13' },
  'spec.product': { value: 'kong-mesh' },
  'spec.controlPlane.mode': { value: 'global' },
  [`${SIDECAR}.image`]: { value: 'registry.example.com/kuma-dp:custom' },
  [`${SIDECAR}.uid`]: { value: 1234 },
  [`${SIDECAR}.gid`]: { value: 4321 },
  // Deprecated in kuma-cp and read by nothing there (the admin port is `bootstrapServer.params.adminPort`): it
  // shows only as the REMOVED_IN_3_0 note naming that replacement.
  [`${SIDECAR}.adminPort`]: { value: 9911 },
  [`${SIDECAR}.drainTime`]: { value: '45s' },
  [`${SIDECAR}.readinessProbe.initialDelaySeconds`]: { value: 2 },
  [`${SIDECAR}.readinessProbe.timeoutSeconds`]: { value: 4 },
  [`${SIDECAR}.readinessProbe.periodSeconds`]: { value: 6 },
  [`${SIDECAR}.readinessProbe.failureThreshold`]: { value: 13 },
  [`${SIDECAR}.readinessProbe.successThreshold`]: { value: 2 },
  [`${SIDECAR}.livenessProbe.initialDelaySeconds`]: { value: 61 },
  [`${SIDECAR}.livenessProbe.timeoutSeconds`]: { value: 4 },
  [`${SIDECAR}.livenessProbe.periodSeconds`]: { value: 6 },
  [`${SIDECAR}.livenessProbe.failureThreshold`]: { value: 13 },
  [`${SIDECAR}.startupProbe.initialDelaySeconds`]: { value: 2 },
  [`${SIDECAR}.startupProbe.timeoutSeconds`]: { value: 4 },
  [`${SIDECAR}.startupProbe.periodSeconds`]: { value: 6 },
  [`${SIDECAR}.startupProbe.failureThreshold`]: { value: 13 },
  [`${SIDECAR}.resources.requests.cpu`]: { value: '100m' },
  [`${SIDECAR}.resources.requests.memory`]: { value: '128Mi' },
  [`${SIDECAR}.resources.limits.cpu`]: { value: '1' },
  [`${SIDECAR}.resources.limits.memory`]: { value: '1Gi' },
  [`${SIDECAR}.envVars`]: { value: { EXTRA: 'yes' } },
  [`${SIDECAR}.redirectPortInbound`]: { value: 15016 },
  [`${SIDECAR}.redirectPortOutbound`]: { value: 15011 },
  [`${SIDECAR}.ipFamilyMode`]: { value: 'ipv4' },
  // A 2.7 key: 0 makes 2.7 redirect IPv4 only.
  [`${SIDECAR}.redirectPortInboundV6`]: { value: 0, base: { kumaVersion: '2.7' } },
  [`${SIDECAR}.waitForDataplaneReady`]: { value: true },
  [`${INJECTOR}.initContainer.image`]: { value: 'registry.example.com/kuma-init:custom' },
  [`${INJECTOR}.initContainer.resources.requests.cpu`]: { value: '30m' },
  [`${INJECTOR}.initContainer.resources.requests.memory`]: { value: '30M' },
  [`${INJECTOR}.initContainer.resources.limits.cpu`]: { value: '1' },
  [`${INJECTOR}.initContainer.resources.limits.memory`]: { value: '60M' },
  [`${INJECTOR}.validationContainer.resources.requests.cpu`]: { value: '30m', base: CNI },
  [`${INJECTOR}.validationContainer.resources.requests.memory`]: { value: '30M', base: CNI },
  [`${INJECTOR}.validationContainer.resources.limits.cpu`]: { value: '1', base: CNI },
  [`${INJECTOR}.validationContainer.resources.limits.memory`]: { value: '60M', base: CNI },
  [`${INJECTOR}.containerPatches`]: {
    value: ['more-cpu'],
    input: [sidecarPatch('more-cpu', { op: 'replace', path: '/resources/requests/cpu', value: '"200m"' })],
  },
  [`${INJECTOR}.cniEnabled`]: { value: true },
  [`${INJECTOR}.virtualProbesEnabled`]: { value: true },
  [`${INJECTOR}.virtualProbesPort`]: { value: 9010 },
  [`${INJECTOR}.applicationProbeProxyPort`]: { value: 9011 },
  [`${INJECTOR}.sidecarTraffic.excludeInboundPorts`]: { value: [8443] },
  [`${INJECTOR}.sidecarTraffic.excludeOutboundPorts`]: { value: [5432] },
  [`${INJECTOR}.sidecarTraffic.excludeInboundIPs`]: { value: ['10.0.0.1'] },
  [`${INJECTOR}.sidecarTraffic.excludeOutboundIPs`]: { value: ['10.0.0.2'] },
  [`${INJECTOR}.exceptions.labels`]: { value: { app: 'api' } },
  [`${INJECTOR}.caCertFile`]: { value: '/etc/kuma/ca.crt' },
  [`${INJECTOR}.builtinDNS.enabled`]: { value: false },
  [`${INJECTOR}.builtinDNS.port`]: { value: 15054 },
  [`${INJECTOR}.builtinDNS.logging`]: { value: true },
  [`${INJECTOR}.builtinDNS.experimentalProxy`]: { value: false },
  [`${INJECTOR}.ebpf.enabled`]: { value: true },
  [`${INJECTOR}.ebpf.instanceIPEnvVarName`]: { value: 'POD_IP', base: EBPF },
  [`${INJECTOR}.ebpf.bpffsPath`]: { value: '/run/bpf', base: EBPF },
  [`${INJECTOR}.ebpf.cgroupPath`]: { value: '/run/cgroup', base: EBPF },
  [`${INJECTOR}.ebpf.tcAttachIface`]: { value: 'eth1', base: EBPF },
  [`${INJECTOR}.ebpf.programsSourcePath`]: { value: '/opt/ebpf', base: EBPF },
  [`${INJECTOR}.ignoredServiceSelectorLabels`]: {
    value: ['version'],
    input: yaml`
      - apiVersion: v1
        kind: Service
        metadata: {name: api-v2, namespace: apps}
        spec: {selector: {app: api, version: v2}, ports: [{name: grpc, port: 90, targetPort: 8080}]}
    `,
  },
  [`${INJECTOR}.nodeLabelsToCopy`]: {
    value: ['example.com/rack'],
    input: yaml`
      - apiVersion: v1
        kind: Node
        metadata: {name: node-1, labels: {example.com/rack: r1}}
      - apiVersion: v1
        kind: Pod
        metadata: {name: pinned, namespace: apps, labels: {app: pinned}}
        spec: {nodeName: node-1, containers: [{name: pinned, image: pinned:1, ports: [{containerPort: 7070}]}]}
    `,
  },
  [`${INJECTOR}.transparentProxyConfigMap`]: {
    value: 'kuma-tproxy',
    input: yaml`
      - apiVersion: v1
        kind: ConfigMap
        metadata: {name: kuma-tproxy, namespace: kuma-system}
        data:
          config.yaml: |
            kumaDPUser: "5678"
            ipFamilyMode: dualstack
    `,
  },
  [`${INJECTOR}.unifiedResourceNamingEnabled`]: { value: true },
  [`${INJECTOR}.otelPipeEnabled`]: { value: false },
  [`${INJECTOR}.spire.enabled`]: { value: true },
  [`${INJECTOR}.spire.mountPath`]: { value: '/run/spire/agent', base: SPIRE },
  [`${INJECTOR}.spire.socketFileName`]: {
    cannotShow: "kuma-cp's SPIRE identity provider reads it (the socket it connects to), not the injector: it writes only the mount path into the pod",
  },
  'spec.controlPlane.runtime.kubernetes.controlPlaneServiceName': { value: 'mesh-cp' },
  'spec.controlPlane.runtime.kubernetes.workloadLabels': { value: ['app'] },
  'spec.controlPlane.bootstrapServer.params.adminPort': { value: 9911 },
  'spec.controlPlane.bootstrapServer.params.readinessPort': { value: 9912 },
  'spec.controlPlane.bootstrapServer.params.envoyAdminUnixSocket': { value: false },
  'spec.controlPlane.experimental.sidecarContainers': { value: false },
  'spec.controlPlane.experimental.deltaXds': { value: true },
  // Outbounds go to the Services other Dataplanes offer: a second meshed workload sees api's.
  'spec.controlPlane.experimental.kubeOutboundsAsVIPs': { value: false, input: [deployment('client', 'apps')] },
  'spec.controlPlane.experimental.inboundTagsDisabled': { value: true },
  'spec.controlPlane.store.kubernetes.systemNamespace': { value: 'mesh-system' },
  'spec.controlPlane.dpServer.port': { value: 5679 },
  'spec.controlPlane.multizone.zone.name': { value: 'east' },
  'spec.controlPlaneURL': { value: 'https://cp.example.com:5678' },
  'spec.caCert': { value: TEST_CA },
  'spec.namespaces': {
    value: { extra: { labels: { 'kuma.io/sidecar-injection': 'enabled' } } },
    input: [deployment('outside', 'extra')],
  },
  'spec.meshes': { value: ['payments'] },
  'spec.workloadKinds': {
    value: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', podTemplatePath: 'spec.template' }],
    input: [{ ...deployment('rollout', 'apps'), apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' }],
  },
  // No CA certificate: the NO_CA_CERT warning becomes an error, and the run fails.
  'spec.strict': { value: true },
  'spec.refusePrivilegedPatches': {
    value: true,
    input: [
      sidecarPatch('root-me', { op: 'add', path: '/securityContext/privileged', value: 'true' }),
      deployment('patched', 'apps', { 'kuma.io/container-patches': 'root-me' }),
    ],
  },
  'spec.lifecycle.preStop.seconds': { value: 20 },
  'spec.lifecycle.preStop.form': { value: 'exec' },
  'spec.lifecycle.preStop.execCommand': { value: ['/busybox/sleep'], base: { lifecycle: { preStop: { form: 'exec' } } } },
  'spec.lifecycle.gracePeriod.check': { value: false },
  'spec.lifecycle.gracePeriod.marginSeconds': { value: 10 },
  'spec.lifecycle.gracePeriod.raise': { value: true },
  'spec.lifecycle.jobs.injectInLegacyLayout': {
    value: true,
    base: { kubernetesVersion: '1.28' },
    input: yaml`
      - apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate, namespace: apps}
        spec: {template: {spec: {restartPolicy: Never, containers: [{name: migrate, image: migrate:1}]}}}
    `,
  },
  'spec.lifecycle.nativeSidecars.adopt': { value: ['log-shipper'], input: [deployment('shipped', 'apps', {}, ['app', 'log-shipper'])] },
  'spec.dataplanes.mode': { value: 'off' },
  'spec.dataplanes.folder': { value: 'previews' },
  'spec.dataplanes.placeholderAddress': { value: '192.0.2.1' },
  // Pods of two meshes in one namespace: a lint warning.
  'spec.dataplanes.lint': {
    value: false,
    input: yaml`
      - apiVersion: apps/v1
        kind: Deployment
        metadata: {name: elsewhere, namespace: apps}
        spec: {template: {metadata: {labels: {kuma.io/mesh: other}}, spec: {containers: [{name: app, image: app:1}]}}}
    `,
  },
  'spec.dataplanes.mirrorServiceAnnotations': { value: true },
};

/**
 * Every field is reachable from the ConfigMap form: a key is a shorthand of CONFIG_MAP_KEYS or any spec field by
 * its dotted path (config-map-paths.ts). Here each top-level field goes in as its own key (structured values as
 * YAML text); the dotted forms have their own test at the end. The shorthand keys (`sidecarImage`...) exist only
 * in the ConfigMap form: checked at the end too.
 */

const isCase = (entry: Entry): entry is FieldCase => 'value' in entry;

function withPath(target: JsonObject, path: string, value: JsonValue): JsonObject {
  const copy = structuredClone(target);
  const keys = path.replace(/^spec\./, '').split('.');
  let current = copy;
  for (const key of keys.slice(0, -1)) {
    if (!isObject(current[key])) current[key] = {};
    current = current[key] as JsonObject;
  }
  current[keys[keys.length - 1]!] = value;
  return copy;
}

function valueAt(spec: JsonObject, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = spec;
  for (const key of path.replace(/^spec\./, '').split('.')) current = isObject(current) ? current[key] : undefined;
  return current;
}

const kumaInject = (spec: JsonObject): KubeObject => ({ apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'c' }, spec });

/** The ConfigMap form of a spec: structured values as YAML (here JSON) text, `meshes` comma-separated. */
function configMapOf(spec: JsonObject): { ok: true; config: KubeObject } | { ok: false; unreachable: string } {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (!(key in CONFIG_MAP_KEYS) && !fieldAt([key])) return { ok: false, unreachable: key };
    const scalars = Array.isArray(value) && value.every((v) => typeof v === 'string');
    data[key] = typeof value === 'string' ? value : scalars ? (value as string[]).join(',') : JSON.stringify(value);
  }
  return { ok: true, config: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data } };
}

interface Outcome {
  readonly exitCode: number;
  readonly items: unknown;
  /**
   * [severity, code, message, field.path, whether the result is about the functionConfig]: without resourceRef and
   * file, which name the functionConfig, different in the two forms.
   */
  readonly results: ReadonlyArray<readonly [string, string, string, string | undefined, boolean]>;
}

const runs = new Map<string, Outcome>();
function runWith(functionConfig: KubeObject, items: readonly KubeObject[]): Outcome {
  const input = JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig });
  const known = runs.get(input);
  if (known) return known;
  const output = run(input);
  const parsed = parseYamlText(output.stdout);
  const list = parsed.ok && isObject(parsed.value) ? parsed.value : {};
  const outcome: Outcome = {
    exitCode: output.exitCode,
    items: list.items,
    results: output.results.map((r) => [r.severity, r.code, r.message, r.field?.path, r.resourceRef?.kind === functionConfig.kind && r.resourceRef?.name === 'c']),
  };
  runs.set(input, outcome);
  return outcome;
}

const invalidConfig = (outcome: Outcome): unknown[] => outcome.results.filter((r) => r[1] === 'INVALID_CONFIG');

/**
 * A KumaInject run's outcome as the ConfigMap form must give it: each config field `spec.<path>` a result names, in
 * `field.path` or in the message of a result about the functionConfig, named `data.<keyOf(path)>`, the key the
 * user wrote for it; results about the input's objects name config fields in their messages the same way.
 */
function asWritten(outcome: Outcome, keyOf: (path: string) => string): Outcome {
  const named = (field: string): string => field.replace(/^spec\.(.+)$/, (_, path: string) => `data.${keyOf(path)}`);
  // Advice to set a field: the key that sets exactly it, else its dotted key (a section's YAML text would lose the
  // rest of the path); ConfigMap values are strings.
  const setting = (path: string, value: string): string => {
    const key = keyOf(path);
    return `data.${key === path || CONFIG_MAP_SHORTHANDS[key] === path ? key : path}: ${JSON.stringify(value)}`;
  };
  return {
    ...outcome,
    results: outcome.results.map(([severity, code, message, field, onConfig]) =>
      // A message names config fields as written in either case; field.path is a config field only on config results.
      [severity, code, message.replace(/`spec\.([^`:]+)(?:: ([^`]*))?`/g, (_, path: string, value?: string) => `\`${value === undefined ? named(`spec.${path}`) : setting(path, value)}\``), onConfig ? field && named(field) : field, onConfig],
    ),
  };
}

/**
 * The key written for a field when the ConfigMap has `keys`: the deepest one that is the field or holds it, else one
 * inside it (a note on the `ebpf` section names the key `...ebpf.enabled`), else the field's dotted key.
 */
const keyIn = (keys: readonly string[]) => (path: string): string =>
  keys.filter((k) => path === k || path.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0] ?? keys.find((k) => k.startsWith(`${path}.`)) ?? path;

/** A value as the text of a dotted ConfigMap key: strings as they are, other scalars as YAML reads them back, the rest as JSON. */
const keyText = (value: JsonValue): string => (typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** The default run and the run with the field set, in one form. */
function pair(form: (spec: JsonObject) => KubeObject, path: string, c: FieldCase): { before: Outcome; after: Outcome } {
  const items = [...COMMON_INPUT, ...(c.input ?? [])];
  const base = c.base ?? {};
  const before = runWith(form(base), items);
  const after = runWith(form(withPath(base, path, c.value)), items);
  assert.equal(invalidConfig(before), [], 'the base config is valid');
  assert.equal(invalidConfig(after), [], 'the value is valid');
  return { before, after };
}

const configMapForm = (spec: JsonObject): KubeObject => {
  const form = configMapOf(spec);
  if (!form.ok) throw new Error(`\`${form.unreachable}\` has no ConfigMap key`);
  return form.config;
};

fields('finds the config fields in the schema', () => {
  assert.ok(FIELDS.length > 90, `only ${FIELDS.length} fields found`);
  assert.ok(FIELDS.includes('spec.refusePrivilegedPatches') && FIELDS.includes('spec.lifecycle.preStop.seconds'));
});

fields('every schema field has a case, and every case is a schema field', () => {
  assert.equal(FIELDS.filter((f) => !(f in CASES)), [], 'fields without a case in CASES');
  assert.equal(Object.keys(CASES).filter((f) => !FIELDS.includes(f)), [], 'cases for fields the schema does not have');
});

fields('every top-level spec field has a ConfigMap key (a shorthand or its own name)', () => {
  const top = Object.keys(jsonSchema.properties ?? {});
  assert.equal(top.filter((k) => !(k in CONFIG_MAP_KEYS) && !fieldAt([k])), [], 'a spec field no ConfigMap key reaches');
});

for (const path of FIELDS) {
  const entry = CASES[path];
  if (!entry) continue;
  if (!isCase(entry)) {
    fields(`${path} cannot show (${entry.cannotShow.slice(0, 40)}…), so changing it changes nothing`, () => {
      const value = typeof valueAt(DEFAULT_SPEC, path) === 'number' ? 1234 : 'changed';
      const { before, after } = pair(kumaInject, path, { value });
      assert.equal(after, before, 'it shows after all: give it a case');
    });
    continue;
  }
  fields(`${path} changes the run (KumaInject)`, () => {
    assert.not.equal(entry.value, valueAt(DEFAULT_SPEC, path), 'the case sets the default');
    assert.not.equal(valueAt(entry.base ?? {}, path), entry.value, 'the base sets the field itself');
    const { before, after } = pair(kumaInject, path, entry);
    assert.not.equal(after, before, `setting ${path} changed neither the output nor the results`);
  });
  fields(`${path} changes the run (ConfigMap), as in the KumaInject form`, () => {
    const { before, after } = pair(configMapForm, path, entry);
    assert.not.equal(after, before, `setting ${path} through the ConfigMap changed neither the output nor the results`);
    const keys = Object.keys(withPath(entry.base ?? {}, path, entry.value));
    assert.equal(after, asWritten(pair(kumaInject, path, entry).after, keyIn(keys)), 'the ConfigMap form gives the KumaInject result, naming the keys written');
  });
  fields(`${path} as a dotted ConfigMap key gives the KumaInject result, naming that key`, () => {
    const dotted = path.replace(/^spec\./, '');
    const base = configMapForm(entry.base ?? {});
    const items = [...COMMON_INPUT, ...(entry.input ?? [])];
    const config = { ...base, data: { ...(base.data as JsonObject), [dotted]: keyText(entry.value) } };
    const keys = [...Object.keys(entry.base ?? {}), dotted];
    assert.equal(runWith(config, items), asWritten(pair(kumaInject, path, entry).after, keyIn(keys)));
  });
}

// A ConfigMap key that is not a spec field is a shorthand for another field (CONFIG_MAP_KEYS' `sets`).
fields('every ConfigMap key is a spec field of its name or a shorthand', () => {
  for (const [key, info] of Object.entries(CONFIG_MAP_KEYS as Record<string, ConfigMapKeyInfo>)) {
    const own = FIELDS.some((f) => f === `spec.${key}` || f.startsWith(`spec.${key}.`));
    assert.ok(own !== (info.sets !== undefined), `${key}: a field of its own name, or a shorthand`);
  }
});
for (const [key, named] of Object.entries(CONFIG_MAP_SHORTHANDS)) {
  fields(`ConfigMap shorthand ${key} acts as ${named}, and results about that field name ${key}`, () => {
    const path = `spec.${named}`;
    const entry = CASES[path];
    assert.ok(entry && isCase(entry) && !entry.base, `${path} needs a case without a base`);
    const value = (entry as FieldCase).value;
    const items = [...COMMON_INPUT, ...((entry as FieldCase).input ?? [])];
    const data = (d: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: d });
    const viaShorthand = runWith(data({ [key]: String(value) }), items);
    assert.equal(invalidConfig(viaShorthand), []);
    assert.not.equal(viaShorthand, runWith(data({}), items), `${key} changed nothing`);
    const typed = runWith(kumaInject(withPath({}, path, value)), items);
    assert.equal(viaShorthand, asWritten(typed, (p) => (p === named ? key : p)), `${key} is not the same as ${path}, or its results name another key`);
  });
}

fields('every leaf field is reachable as a dotted ConfigMap key, typed by the schema', () => {
  const data: Record<string, string> = {
    'dataplanes.mode': 'off',
    'lifecycle.preStop.seconds': '7',
    'lifecycle.gracePeriod.raise': 'true',
    refusePrivilegedPatches: 'true',
    workloadKinds: '[{apiVersion: argoproj.io/v1alpha1, kind: Rollout, podTemplatePath: spec.template}]',
    'lifecycle.nativeSidecars.adopt': 'vault-agent, cloudsql-proxy',
    'controlPlane.runtime.kubernetes.injector.sidecarContainer.uid': '1234',
    'namespaces.shop': '{labels: {kuma.io/sidecar-injection: enabled}}',
  };
  const outcome = loadSettings({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data } as KubeObject);
  assert.ok(outcome.ok, outcome.ok ? '' : JSON.stringify(outcome.results));
  if (!outcome.ok) return;
  const { spec } = outcome.settings;
  assert.is(spec.dataplanes.mode, 'off');
  assert.is(spec.lifecycle.preStop.seconds, 7);
  assert.is(spec.lifecycle.gracePeriod.raise, true);
  assert.is(spec.refusePrivilegedPatches, true);
  assert.equal(spec.workloadKinds.map((k) => k.kind), ['Rollout']);
  assert.equal(spec.lifecycle.nativeSidecars.adopt, ['vault-agent', 'cloudsql-proxy']);
  assert.is(outcome.settings.injector.sidecarContainer.uid, 1234);
  assert.equal(spec.namespaces.shop?.labels, { 'kuma.io/sidecar-injection': 'enabled' });
  for (const path of FIELDS) assert.ok(fieldAt(path.replace(/^spec\./, '').split('.')), `${path} has no ConfigMap key`);
});

fields('a dotted key with a value of the wrong type names the key; an unknown path is still an unknown key', () => {
  const bad = loadSettings({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'lifecycle.preStop.seconds': 'soon', 'dataplanes.moed': 'off' } } as KubeObject);
  assert.is(bad.ok, false);
  const errors = bad.results.filter((r) => r.severity === 'error').map((r) => [r.field?.path, r.message]);
  assert.equal(errors[0], ['data.lifecycle.preStop.seconds', 'must be a number, not "soon"']);
  assert.is(errors[1]?.[0], 'data.dataplanes.moed');
  assert.match(String(errors[1]?.[1]), 'unknown ConfigMap key');
});

fields.run();
