/**
 * Turns the functionConfig into Settings: validated once with zod, ConfigMap data coerced, and the derived
 * values (native sidecars, control-plane URL) computed here, so that the transforms read plain fields.
 * Every validation problem becomes one error result with the field path.
 */
import type { z } from 'zod/mini';
import { CONFIG_API_VERSION, CONFIG_KIND, type ControlPlaneConfig, type InjectorConfig, type Spec, configSchemas } from './config.ts';
import { type ConfigFieldNames, SPEC_FIELD_NAMES, fieldPath, withinMessage } from './config-field-names.ts';
import { specFromConfigMap } from './config-map-form.ts';
import type { JsonObject, KubeObject } from './krm/object.ts';
import { isObject } from './krm/object.ts';
import { BUILTIN_WORKLOAD_KINDS, type WorkloadKind } from './krm/pod-template.ts';
import type { Result } from './krm/result.ts';
import { error, hasErrors, info, warning } from './krm/result.ts';
import { groupOf } from './krm/object.ts';
import { closestName, didYouMean, knownFieldsAt } from './did-you-mean.ts';
import { versionsAsText } from './version-number.ts';
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
  /**
   * A config field (its path under `spec`) as results name it: `spec.namespaces`, or in the ConfigMap form the key
   * the user wrote for it (config-field-names.ts).
   */
  readonly configField: (path: string) => string;
  /** The field set to `value` as the user would write it, for advice (ConfigFieldNames.setting). */
  readonly configSetting: (path: string, value: string) => string;
}

export type SettingsOutcome = { ok: true; settings: Settings; results: Result[] } | { ok: false; results: Result[] };

/** `unknown field \`meshs\`: did you mean \`meshes\`?`, or the plain advice when no known field is close. */
function unknownFieldsMessage(keys: readonly string[], known: readonly string[]): string {
  const guess = keys.length === 1 ? closestName(keys[0]!, known) : undefined;
  if (guess !== undefined) return `unknown field \`${keys[0]}\`: did you mean \`${guess}\`?`;
  const named = keys.map((key) => `\`${key}\`${didYouMean(key, known)}`);
  return `unknown field${keys.length > 1 ? 's' : ''} ${named.join(', ')}: remove ${keys.length > 1 ? 'them' : 'it'} or check the spelling`;
}

/**
 * One error per zod issue, naming the field as the user wrote it. `fromSpec`: the issue paths start beneath `spec`
 * (the ConfigMap form's spec), else at the KumaInject object.
 */
function zodResults(issues: readonly z.core.$ZodIssue[], names: ConfigFieldNames, fromSpec: boolean, object: KubeObject, schema: z.core.$ZodType): Result[] {
  return issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const message = keys.length > 0 ? unknownFieldsMessage(keys, knownFieldsAt(schema, issue.path)) : issue.message;
    const steps = issue.path;
    if (!fromSpec && steps[0] !== 'spec') return error('INVALID_CONFIG', message, object, { field: fieldPath(steps) || 'functionConfig' });
    const path = fieldPath(steps.slice(fromSpec ? 0 : 1));
    return error('INVALID_CONFIG', withinMessage(names, path, message), object, { field: names.field(path) });
  });
}

function parseVersion(version: string): { major: number; minor: number } {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return { major: major ?? 1, minor: minor ?? 0 };
}

/**
 * The path (under `spec`) of the first `__proto__` key in a config value. zod's records drop such a key silently,
 * so it is refused instead: no Kubernetes name, label key or mesh name can be `__proto__` anyway.
 */
function protoKeyPath(value: unknown, steps: ReadonlyArray<string | number> = []): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = protoKeyPath(item, [...steps, i]);
      if (found) return found;
    }
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '__proto__') return fieldPath([...steps, key]);
      const found = protoKeyPath(item, [...steps, key]);
      if (found) return found;
    }
  }
  return undefined;
}

const protoKeyError = (path: string, names: ConfigFieldNames, object: KubeObject): Result =>
  error('INVALID_CONFIG', withinMessage(names, path, 'a key named `__proto__` is not supported (no Kubernetes name can be `__proto__`)'), object, { field: names.field(path) });

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
function chooseRelease(spec: JsonObject, names: ConfigFieldNames, object: KubeObject): ReleaseChoice {
  const versionText = spec.kumaVersion ?? NEWEST_STABLE;
  const productText = spec.product ?? 'kuma';
  // A number was made text, or refused, by versionsAsText (version-number.ts).
  if (typeof versionText !== 'string') {
    return { ok: false, results: [error('INVALID_CONFIG', 'must be a Kuma release such as "2.14"', object, { field: names.field('kumaVersion') })] };
  }
  const found = lookUpVersion(versionText);
  if (!found.ok) return { ok: false, results: [error('INVALID_CONFIG', found.error, object, { field: names.field('kumaVersion') })] };
  const product = PRODUCTS.find((p) => p === productText);
  if (!product) {
    return { ok: false, results: [error('INVALID_CONFIG', `must be one of ${PRODUCTS.map((p) => `"${p}"`).join(', ')}`, object, { field: names.field('product') })] };
  }
  const install = productDefaults(product, found.release.minor);
  if (!install.ok) return { ok: false, results: [error('INVALID_CONFIG', install.error, object, { field: names.field('product') })] };
  const results: Result[] = [];
  if (found.otherPatch) {
    results.push(
      warning(
        'KUMA_PATCH_NOT_MODELLED',
        `Kuma ${found.otherPatch} is not a modelled patch: kuma-inject injects as Kuma ${found.release.version} (the patch it models for ${found.release.minor}), with ${found.release.version}'s kuma-dp and kuma-init images. For ${found.otherPatch}'s images set ${names.field('kumaVersion').startsWith('data.') ? '`data.sidecarImage` and `data.initImage`' : '`spec.controlPlane.runtime.kubernetes.injector.sidecarContainer.image` and `.initContainer.image`'}; the injection stays ${found.release.version}'s, so check the release notes between the two for injector changes`,
        object,
        { field: names.field('kumaVersion') },
      ),
    );
  }
  for (const note of settingRemovalNotes(spec.controlPlane, found.release.minor)) {
    results.push(info('REMOVED_IN_3_0', note.message, object, { field: names.field(`controlPlane.${note.path}`) }));
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
    results.push(warning('CONFIG_KEY_NOT_IN_RELEASE', keyNotInReleaseMessage(key, found.release), object, { field: names.field(`controlPlane.${key.path}`) }));
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

type Prepared = { ok: true; release: Release; product: Product; spec: JsonObject; results: Result[] } | { ok: false; results: Result[] };

/** The steps before the schema, alike in both forms: `__proto__` keys, versions written as numbers, the release, the host's Kubernetes version. */
function prepareSpec(spec: JsonObject, names: ConfigFieldNames, object: KubeObject, host: HostFacts): Prepared {
  const protoKey = protoKeyPath(spec);
  if (protoKey !== undefined) return { ok: false, results: [protoKeyError(protoKey, names, object)] };
  const versions = versionsAsText(spec, names, object);
  if (hasErrors(versions.results)) return { ok: false, results: versions.results };
  const chosen = chooseRelease(versions.spec, names, object);
  if (!chosen.ok) return chosen;
  const hosted = withHostKubernetesVersion(chosen.spec, host, names.field('kubernetesVersion'), object);
  return { ok: true, release: chosen.release, product: chosen.product, spec: hosted.spec, results: [...chosen.results, ...hosted.results] };
}

/** Reads the functionConfig (absent, a typed KumaInject, or a ConfigMap) into Settings. */
export function loadSettings(functionConfig: KubeObject | undefined, host: HostFacts = {}): SettingsOutcome {
  let parsed: { success: true; data: Spec } | { success: false; results: Result[] };
  let results: Result[] = [];
  let release = releaseOf(NEWEST_STABLE);
  let product: Product = 'kuma';
  let names = SPEC_FIELD_NAMES;
  if (!functionConfig || Object.keys(functionConfig).length === 0) {
    parsed = { success: true, data: defaultSpec() };
    const hosted = withHostKubernetesVersion({}, host, names.field('kubernetesVersion'), undefined);
    if (typeof hosted.spec.kubernetesVersion === 'string') parsed.data.kubernetesVersion = hosted.spec.kubernetesVersion;
    results.push(...hosted.results);
  } else if (functionConfig.kind === 'ConfigMap' && functionConfig.apiVersion === 'v1') {
    const read = specFromConfigMap(functionConfig);
    if (!read.ok) return read;
    names = read.names;
    const prepared = prepareSpec(read.spec, names, functionConfig, host);
    if (!prepared.ok) return { ok: false, results: [...read.results, ...prepared.results] };
    ({ release, product } = prepared);
    results = [...read.results, ...prepared.results];
    const outcome = configSchemas().specSchema.safeParse(prepared.spec);
    parsed = outcome.success
      ? { success: true, data: outcome.data }
      : { success: false, results: zodResults(outcome.error.issues, names, true, functionConfig, configSchemas().specSchema) };
  } else if (functionConfig.kind === CONFIG_KIND) {
    const rawSpec = functionConfig.spec;
    let typed: JsonObject = functionConfig;
    if (isObject(rawSpec) || rawSpec === undefined) {
      const prepared = prepareSpec(rawSpec ?? {}, names, functionConfig, host);
      if (!prepared.ok) return prepared;
      ({ release, product, results } = prepared);
      typed = { ...functionConfig, spec: prepared.spec };
    }
    const outcome = configSchemas().kumaInjectSchema.safeParse(typed);
    parsed = outcome.success
      ? { success: true, data: outcome.data.spec }
      : { success: false, results: zodResults(outcome.error.issues, names, false, functionConfig, configSchemas().kumaInjectSchema) };
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
    configField: names.field,
    configSetting: names.setting,
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
          { field: names.field('controlPlane.runtime.kubernetes.injector.transparentProxyConfigMap') },
        ),
      ],
    };
  }
  const caCertField = names.field('caCert');
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
        `\`caCertFile\` names a file ("${injector.caCertFile}") and this function reads no files: put the PEM in \`${caCertField}\``,
        where,
        { field: names.field('controlPlane.runtime.kubernetes.injector.caCertFile') },
      ),
    );
  }
  if (nativeWanted && !nativeCapable) {
    notes.push(
      warning(
        'LEGACY_LAYOUT',
        `native sidecars need Kubernetes 1.29 or later and \`${names.field('kubernetesVersion')}\` is "${spec.kubernetesVersion}": the legacy layout is used, as kuma-cp would`,
        where,
        { field: names.field('kubernetesVersion') },
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
        { field: names.field('controlPlane.runtime.kubernetes.injector.sidecarContainer.waitForDataplaneReady') },
      ),
    );
  }
  return { ok: true, settings, results: notes };
}
