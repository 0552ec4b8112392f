/**
 * Turns the functionConfig into Settings: validated once with zod, ConfigMap data coerced, and the derived
 * values (native sidecars, control-plane URL) computed here, so that the transforms read plain fields.
 * Every validation problem becomes one error result with the field path.
 */
import type { z } from 'zod/mini';
import {
  CONFIG_API_VERSION,
  CONFIG_KIND,
  CONFIG_MAP_KEYS,
  type ControlPlaneConfig,
  type InjectorConfig,
  type Spec,
  configSchemas,
} from './config.ts';
import type { JsonObject, KubeObject } from './krm/object.ts';
import { isObject } from './krm/object.ts';
import { BUILTIN_WORKLOAD_KINDS, type WorkloadKind } from './krm/pod-template.ts';
import { parseYamlText } from './krm/resource-list.ts';
import type { Result } from './krm/result.ts';
import { error, info, warning } from './krm/result.ts';
import { groupOf } from './krm/object.ts';
import { assignKeys } from './user-keys.ts';
import { coerce, fieldAt, setAt } from './config-map-paths.ts';
import { closestName, didYouMean, knownFieldsAt } from './did-you-mean.ts';
import { type HostFacts, withHostKubernetesVersion } from './host-kube-version.ts';
import { checkCaCert } from './ca-cert.ts';
import { type Release, lookUpVersion, NEWEST_STABLE, releaseOf } from './kuma/releases.ts';
import { type Product, PRODUCTS, productDefaults } from './kuma/products.ts';
import { type AbsentKey, releaseConfigDefaults, withoutKeysAbsentFrom } from './kuma/release-defaults.ts';

import { settingRemovalNotes } from './kuma/annotation-releases.ts';

declare const KUMA_INJECT_DEFAULT_SPEC: Spec | undefined;

/** No functionConfig: the build precomputes this spec (see scripts/build.mjs), so such a run needs no zod parse. */
function defaultSpec(): Spec {
  return typeof KUMA_INJECT_DEFAULT_SPEC === 'undefined' ? configSchemas().specSchema.parse(undefined) : structuredClone(KUMA_INJECT_DEFAULT_SPEC);
}

export interface Settings {
  readonly spec: Spec;
  /** The Kuma release reproduced, with its behaviour switches. */
  readonly release: Release;
  readonly product: Product;
  readonly injector: InjectorConfig;
  readonly controlPlane: ControlPlaneConfig;
  readonly systemNamespace: string;
  readonly controlPlaneURL: string;
  /** PEM text, or '' when none is configured (kuma-dp then cannot verify the control plane). */
  readonly caCert: string;
  /** Native sidecars: Kubernetes 1.29 or later, and (before 3.0) `experimental.sidecarContainers`. */
  readonly native: boolean;
  readonly kubernetesVersion: { major: number; minor: number };
  readonly adminPort: number;
  readonly readinessPort: number;
  readonly envoyAdminUnixSocket: boolean;
  readonly deltaXds: boolean;
  /** ConfigMap transparent-proxy mode (`runtime.kubernetes.injector.transparentProxyConfigMap` set; always from 3.0). */
  readonly configMapMode: boolean;
  readonly workloadKinds: readonly WorkloadKind[];
  /** Strict mode (`spec.strict`): warnings become errors, unknown namespaces are errors (see strict.ts). */
  readonly strict: boolean;
  /** `spec.namespaces` as the user writes it: `data.namespaces` in the ConfigMap form. */
  readonly namespacesField: string;
}

export type SettingsOutcome = { ok: true; settings: Settings; results: Result[] } | { ok: false; results: Result[] };

/** `unknown field \`meshs\`: did you mean \`meshes\`?`, or the plain advice when no known field is close. */
function unknownFieldsMessage(keys: readonly string[], known: readonly string[]): string {
  const guess = keys.length === 1 ? closestName(keys[0]!, known) : undefined;
  if (guess !== undefined) return `unknown field \`${keys[0]}\`: did you mean \`${guess}\`?`;
  const named = keys.map((key) => `\`${key}\`${didYouMean(key, known)}`);
  return `unknown field${keys.length > 1 ? 's' : ''} ${named.join(', ')}: remove ${keys.length > 1 ? 'them' : 'it'} or check the spelling`;
}

function zodResults(issues: readonly z.core.$ZodIssue[], prefix: string, object: KubeObject | undefined, schema: z.core.$ZodType): Result[] {
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const message = keys.length > 0 ? unknownFieldsMessage(keys, knownFieldsAt(schema, issue.path)) : issue.message;
    return error('INVALID_CONFIG', message, object, { field: path || 'functionConfig' });
  });
}

const BOOLEAN_STRINGS: Record<string, boolean> = { true: true, false: false };

/** Maps ConfigMap `data` (all strings) onto the typed spec shape, before zod validates it. */
function specFromConfigMap(data: Record<string, unknown>, object: KubeObject): { spec: JsonObject; results: Result[] } {
  const results: Result[] = [];
  const spec: JsonObject = {};
  const controlPlane: JsonObject = {};
  for (const [key, raw] of Object.entries(data)) {
    const field = `data.${key}`;
    // Any spec field by its dotted path (`dataplanes.mode`), typed by the schema (config-map-paths.ts).
    const path = key.split('.');
    const node = Object.hasOwn(CONFIG_MAP_KEYS, key) ? undefined : fieldAt(path);
    if (node && typeof raw === 'string') {
      const coerced = coerce(raw, node);
      if (!coerced.ok) results.push(error('INVALID_CONFIG', coerced.error, object, { field }));
      else if (path[0] === 'controlPlane') setAt(controlPlane, path.slice(1), coerced.value);
      else setAt(spec, path, coerced.value);
      continue;
    }
    if (!Object.hasOwn(CONFIG_MAP_KEYS, key) && !node) {
      results.push(
        error('INVALID_CONFIG', `unknown ConfigMap key \`${key}\`${didYouMean(key, Object.keys(CONFIG_MAP_KEYS))}: the keys are ${Object.keys(CONFIG_MAP_KEYS).join(', ')}, and any spec field by its dotted path (\`dataplanes.mode\`, \`lifecycle.preStop.seconds\`)`, object, {
          field,
        }),
      );
      continue;
    }
    if (typeof raw !== 'string') {
      results.push(error('INVALID_CONFIG', `ConfigMap values must be strings`, object, { field }));
      continue;
    }
    const asBoolean = (): boolean | undefined => {
      const value = Object.hasOwn(BOOLEAN_STRINGS, raw.trim()) ? BOOLEAN_STRINGS[raw.trim()] : undefined;
      if (value === undefined) results.push(error('INVALID_CONFIG', `must be "true" or "false", not "${raw}"`, object, { field }));
      return value;
    };
    const asYaml = (): JsonObject[string] | undefined => {
      const parsed = parseYamlText(raw);
      if (!parsed.ok) {
        results.push(error('INVALID_CONFIG', `value ${parsed.error}`, object, { field }));
        return undefined;
      }
      return (parsed.value ?? {}) as JsonObject[string];
    };
    switch (key as keyof typeof CONFIG_MAP_KEYS) {
      case 'kubernetesVersion':
      case 'kumaVersion':
      case 'product':
      case 'controlPlaneURL':
      case 'caCert':
        spec[key] = raw;
        break;
      case 'meshes':
        spec.meshes = raw.split(',').map((m) => m.trim()).filter(Boolean);
        break;
      case 'controlPlane': {
        const value = asYaml();
        if (isObject(value)) assignKeys(controlPlane, value);
        else if (value !== undefined) results.push(error('INVALID_CONFIG', 'must hold a YAML map', object, { field }));
        break;
      }
      case 'namespaces': {
        const value = asYaml();
        if (value !== undefined) spec.namespaces = value;
        break;
      }
      case 'sidecarImage':
        setAt(controlPlane, ['runtime', 'kubernetes', 'injector', 'sidecarContainer', 'image'], raw);
        break;
      case 'initImage':
        setAt(controlPlane, ['runtime', 'kubernetes', 'injector', 'initContainer', 'image'], raw);
        break;
      case 'nativeSidecars': {
        const value = asBoolean();
        if (value !== undefined) setAt(controlPlane, ['experimental', 'sidecarContainers'], value);
        break;
      }
      case 'strict': {
        const value = asBoolean();
        if (value !== undefined) spec.strict = value;
        break;
      }
      case 'cniEnabled': {
        const value = asBoolean();
        if (value !== undefined) setAt(controlPlane, ['runtime', 'kubernetes', 'injector', 'cniEnabled'], value);
        break;
      }
      case 'systemNamespace':
        setAt(controlPlane, ['store', 'kubernetes', 'systemNamespace'], raw);
        break;
    }
  }
  if (Object.keys(controlPlane).length > 0) spec.controlPlane = controlPlane;
  return { spec, results };
}

function parseVersion(version: string): { major: number; minor: number } {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return { major: major ?? 1, minor: minor ?? 0 };
}

/**
 * The path of the first `__proto__` key in a config value. zod's records drop such a key silently, so it is
 * refused instead: no Kubernetes name, label key or mesh name can be `__proto__` anyway.
 */
function protoKeyPath(value: unknown, path: string): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = protoKeyPath(item, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '__proto__') return `${path}.${key}`;
      const found = protoKeyPath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

const protoKeyError = (path: string, object: KubeObject): Result =>
  error('INVALID_CONFIG', 'a key named `__proto__` is not supported (no Kubernetes name can be `__proto__`)', object, { field: path });

/** A copy of `value` with every key of `defaults` it lacks filled in, at any depth; `value` wins. */
function fillUnder(value: unknown, defaults: JsonObject): JsonObject {
  if (value !== undefined && !isObject(value)) return value as JsonObject; // zod reports the wrong type
  const out: JsonObject = { ...(value ?? {}) };
  for (const [key, fallback] of Object.entries(defaults)) {
    if (!Object.hasOwn(out, key) || out[key] === undefined) out[key] = fallback;
    else if (isObject(fallback)) out[key] = fillUnder(out[key], fallback);
  }
  return out;
}

type ReleaseChoice = { ok: true; release: Release; product: Product; spec: JsonObject; results: Result[] } | { ok: false; results: Result[] };

/**
 * Resolves `kumaVersion` and `product` before the schema runs, and sets that release's and product's kuma-cp
 * defaults beneath the user's config, so every later default is the chosen release's.
 */
function chooseRelease(rawSpec: unknown, prefix: 'spec' | 'data', object: KubeObject): ReleaseChoice {
  const spec: JsonObject = isObject(rawSpec) ? rawSpec : {};
  const versionText = spec.kumaVersion ?? NEWEST_STABLE;
  const productText = spec.product ?? 'kuma';
  if (typeof versionText !== 'string' && typeof versionText !== 'number') {
    return { ok: false, results: [error('INVALID_CONFIG', 'must be a Kuma release such as "2.14"', object, { field: `${prefix}.kumaVersion` })] };
  }
  const found = lookUpVersion(String(versionText));
  if (!found.ok) return { ok: false, results: [error('INVALID_CONFIG', found.error, object, { field: `${prefix}.kumaVersion` })] };
  const product = PRODUCTS.find((p) => p === productText);
  if (!product) {
    return { ok: false, results: [error('INVALID_CONFIG', `must be one of ${PRODUCTS.map((p) => `"${p}"`).join(', ')}`, object, { field: `${prefix}.product` })] };
  }
  const install = productDefaults(product, found.release.minor);
  if (!install.ok) return { ok: false, results: [error('INVALID_CONFIG', install.error, object, { field: `${prefix}.product` })] };
  const results: Result[] = [];
  if (found.otherPatch) {
    results.push(
      warning(
        'KUMA_PATCH_NOT_MODELLED',
        `Kuma ${found.otherPatch} is not a modelled patch: kuma-inject injects as Kuma ${found.release.version} (the patch it models for ${found.release.minor}), with ${found.release.version}'s kuma-dp and kuma-init images. For ${found.otherPatch}'s images set ${prefix === 'data' ? '`data.sidecarImage` and `data.initImage`' : '`spec.controlPlane.runtime.kubernetes.injector.sidecarContainer.image` and `.initContainer.image`'}; the injection stays ${found.release.version}'s, so check the release notes between the two for injector changes`,
        object,
        { field: `${prefix}.kumaVersion` },
      ),
    );
  }
  for (const note of settingRemovalNotes(spec.controlPlane, found.release.minor)) {
    const field = prefix === 'spec' ? `spec.controlPlane.${note.path}` : 'data.controlPlane';
    results.push(info('REMOVED_IN_3_0', note.message, object, { field }));
  }
  const { defaults } = install;
  const installDefaults: JsonObject = {
    runtime: {
      kubernetes: {
        injector: { sidecarContainer: { image: defaults.sidecarImage }, initContainer: { image: defaults.initImage } },
        controlPlaneServiceName: defaults.controlPlaneServiceName,
      },
    },
    store: { kubernetes: { systemNamespace: defaults.systemNamespace } },
  };
  // A key the release's kuma-cp does not have is ignored, as kuma-cp's non-strict loader would, but said.
  const known = withoutKeysAbsentFrom(found.release.minor, spec.controlPlane);
  for (const key of known.removed) {
    results.push(warning('CONFIG_KEY_NOT_IN_RELEASE', keyNotInReleaseMessage(key, found.release), object, { field: `${prefix}.controlPlane.${key.path}` }));
  }
  const controlPlane = fillUnder(fillUnder(known.controlPlane, installDefaults), releaseConfigDefaults(found.release.minor));
  return { ok: true, release: found.release, product, spec: { ...spec, controlPlane }, results };
}

/** Whether the key is newer than the release or was removed before it, and what to do about it. */
function keyNotInReleaseMessage(key: AbsentKey, release: Release): string {
  const head = `\`${key.path}\` is not a kuma-cp ${release.minor} setting`;
  if (key.why === 'newer') {
    return `${head} (new in Kuma ${key.support.since}; Kuma ${release.version} ignores it): ignored; remove it, or set \`kumaVersion\` to a release that has it`;
  }
  const instead = key.support.replacement ? `; ${key.support.replacement}` : '';
  return `${head} (removed after Kuma ${key.support.until}; Kuma ${release.version} ignores it): ignored${instead}`;
}

/** Reads the functionConfig (absent, a typed KumaInject, or a ConfigMap) into Settings. */
export function loadSettings(functionConfig: KubeObject | undefined, host: HostFacts = {}): SettingsOutcome {
  let parsed: { success: true; data: Spec } | { success: false; results: Result[] };
  let results: Result[] = [];
  let release = releaseOf(NEWEST_STABLE);
  let product: Product = 'kuma';
  const isConfigMap = functionConfig?.kind === 'ConfigMap' && functionConfig.apiVersion === 'v1';
  if (!functionConfig || Object.keys(functionConfig).length === 0) {
    parsed = { success: true, data: defaultSpec() };
    const hosted = withHostKubernetesVersion({}, host, 'spec.kubernetesVersion', undefined);
    if (typeof hosted.spec.kubernetesVersion === 'string') parsed.data.kubernetesVersion = hosted.spec.kubernetesVersion;
    results.push(...hosted.results);
  } else if (isConfigMap) {
    const data = isObject(functionConfig.data) ? functionConfig.data : {};
    const coerced = specFromConfigMap(data, functionConfig);
    results = coerced.results;
    const protoKey = protoKeyPath(coerced.spec, 'data');
    if (protoKey) return { ok: false, results: [...results, protoKeyError(protoKey, functionConfig)] };
    const chosen = chooseRelease(coerced.spec, 'data', functionConfig);
    if (!chosen.ok) return { ok: false, results: [...results, ...chosen.results] };
    ({ release, product } = chosen);
    results.push(...chosen.results);
    const hosted = withHostKubernetesVersion(chosen.spec, host, 'data.kubernetesVersion', functionConfig);
    results.push(...hosted.results);
    const outcome = configSchemas().specSchema.safeParse(hosted.spec);
    parsed = outcome.success
      ? { success: true, data: outcome.data }
      : { success: false, results: zodResults(outcome.error.issues, 'data', functionConfig, configSchemas().specSchema) };
  } else if (functionConfig.kind === CONFIG_KIND) {
    const protoKey = protoKeyPath(functionConfig.spec, 'spec');
    if (protoKey) return { ok: false, results: [protoKeyError(protoKey, functionConfig)] };
    const chosen = isObject(functionConfig.spec) || functionConfig.spec === undefined ? chooseRelease(functionConfig.spec, 'spec', functionConfig) : undefined;
    if (chosen && !chosen.ok) return { ok: false, results: chosen.results };
    if (chosen) ({ release, product } = chosen), results.push(...chosen.results);
    const hosted = chosen ? withHostKubernetesVersion(chosen.spec, host, 'spec.kubernetesVersion', functionConfig) : undefined;
    if (hosted) results.push(...hosted.results);
    const outcome = configSchemas().kumaInjectSchema.safeParse(hosted ? { ...functionConfig, spec: hosted.spec } : functionConfig);
    parsed = outcome.success
      ? { success: true, data: outcome.data.spec }
      : { success: false, results: zodResults(outcome.error.issues, '', functionConfig, configSchemas().kumaInjectSchema) };
  } else {
    const kind = String(functionConfig.kind ?? '');
    return {
      ok: false,
      results: [
        error(
          'INVALID_CONFIG',
          `functionConfig must be a ${CONFIG_API_VERSION} ${CONFIG_KIND} or a v1 ConfigMap, not ${String(functionConfig.apiVersion)} ${kind}`,
          undefined,
          { field: 'functionConfig.kind' },
        ),
      ],
    };
  }
  if (!parsed.success) return { ok: false, results: [...results, ...parsed.results] };
  if (results.some((r) => r.severity === 'error')) return { ok: false, results };
  const spec = parsed.data;
  const controlPlane = spec.controlPlane;
  const injector = controlPlane.runtime.kubernetes.injector;
  const systemNamespace = controlPlane.store.kubernetes.systemNamespace;
  const kubernetesVersion = parseVersion(spec.kubernetesVersion);
  const nativeCapable = kubernetesVersion.major > 1 || kubernetesVersion.minor >= 29;
  const { behaviour } = release;
  // 3.0 dropped `experimental.sidecarContainers`: the Kubernetes version alone decides.
  const nativeWanted = behaviour.nativeSidecarsByKubernetesVersionOnly || controlPlane.experimental.sidecarContainers;
  const settings: Settings = {
    spec,
    release,
    product,
    injector,
    controlPlane,
    systemNamespace,
    controlPlaneURL:
      spec.controlPlaneURL ??
      `https://${controlPlane.runtime.kubernetes.controlPlaneServiceName}.${systemNamespace}:${controlPlane.dpServer.port}`,
    caCert: spec.caCert ?? '',
    native: nativeWanted && nativeCapable,
    kubernetesVersion,
    adminPort: controlPlane.bootstrapServer.params.adminPort,
    readinessPort: controlPlane.bootstrapServer.params.readinessPort,
    // Releases before 2.14 have no Unix socket for the admin API: they always probe the admin port.
    envoyAdminUnixSocket: behaviour.envoyAdminUnixSocketSupported && controlPlane.bootstrapServer.params.envoyAdminUnixSocket,
    deltaXds: controlPlane.experimental.deltaXds,
    // 3.0 has no other mode: its default ConfigMap name comes from release-defaults.ts.
    configMapMode: behaviour.transparentProxyConfigMapOnly || injector.transparentProxyConfigMap !== '',
    strict: spec.strict,
    namespacesField: isConfigMap ? 'data.namespaces' : 'spec.namespaces',
    workloadKinds: [
      ...BUILTIN_WORKLOAD_KINDS,
      ...spec.workloadKinds.map((k) => ({
        group: groupOf(k.apiVersion),
        kind: k.kind,
        templatePath: k.podTemplatePath.split('.'),
        runsToCompletion: false,
      })),
    ],
  };
  const notes: Result[] = [...results];
  const where = functionConfig && Object.keys(functionConfig).length > 0 ? functionConfig : undefined;
  if (settings.configMapMode && release.behaviour.configMapMode === 'inline') {
    // 2.9 builds kuma-init's config inline from a per-pod ConfigMap lookup and its own annotation set; that path
    // is not modelled, and a wrong Pod would be worse than none.
    return {
      ok: false,
      results: [
        ...notes,
        error(
          'NOT_MODELLED_FOR_RELEASE',
          `the transparent-proxy ConfigMap mode of Kuma ${release.version} (\`transparentProxyConfigMap\` set) is not modelled: unset it to use the annotation mode, or set \`kumaVersion\` to "2.11" or later`,
          where,
          { field: `${isConfigMap ? 'data' : 'spec'}.controlPlane.runtime.kubernetes.injector.transparentProxyConfigMap` },
        ),
      ],
    };
  }
  // The field as the user writes it: `data.caCert` in the ConfigMap form.
  const caCertField = isConfigMap ? 'data.caCert' : 'spec.caCert';
  if (settings.caCert) {
    const ca = checkCaCert(settings.caCert);
    if (ca.error) return { ok: false, results: [...notes, error('INVALID_CONFIG', `\`${caCertField}\` ${ca.error}`, where, { field: caCertField })] };
    for (const skipped of ca.skipped) notes.push(warning('CA_CERT_BLOCK_SKIPPED', `\`${caCertField}\`: ${skipped}, as kuma-dp would`, where, { field: caCertField }));
  } else {
    notes.push(
      warning(
        'NO_CA_CERT',
        `no control-plane CA certificate is configured, so kuma-dp cannot verify the control plane: set \`${caCertField}\` to the PEM of the CA (the \`ca.crt\` of the control plane TLS secret)`,
        where,
        { field: caCertField },
      ),
    );
  }
  if (injector.caCertFile) {
    notes.push(
      warning(
        'CONFIG_FILE_IGNORED',
        `\`caCertFile\` names a file ("${injector.caCertFile}") and this function reads no files: put the PEM in \`spec.caCert\``,
        where,
        { field: 'spec.controlPlane.runtime.kubernetes.injector.caCertFile' },
      ),
    );
  }
  if (nativeWanted && !nativeCapable) {
    notes.push(
      warning(
        'LEGACY_LAYOUT',
        `native sidecars need Kubernetes 1.29 or later and \`spec.kubernetesVersion\` is "${spec.kubernetesVersion}": the legacy layout is used, as kuma-cp would`,
        where,
        { field: 'spec.kubernetesVersion' },
      ),
    );
  }
  if (injector.sidecarContainer.waitForDataplaneReady && settings.native) {
    // Kuma sets the native sidecar's lifecycle to its preStop hook, which replaces the postStart wait.
    notes.push(
      warning(
        'WAIT_FOR_DATAPLANE_READY',
        '`waitForDataplaneReady` has no effect with native sidecars: Kuma replaces the postStart hook it adds with its preStop hook, and Kubernetes already starts the application containers only once kuma-sidecar\'s startupProbe passes; remove it',
        where,
        { field: 'spec.controlPlane.runtime.kubernetes.injector.sidecarContainer.waitForDataplaneReady' },
      ),
    );
  }
  return { ok: true, settings, results: notes };
}
