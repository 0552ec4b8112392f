/**
 * The functionConfig: one zod schema for the typed `KumaInject` kind, and the `ConfigMap` fallback coerced onto it.
 * `spec.controlPlane` mirrors kuma-cp's own config file, so a user can paste theirs: the injector section is
 * checked strictly (every key is known), the other kuma-cp sections keep keys we don't use. Defaults are those of
 * a Helm install of Kuma 2.14.3. This module validates and defaults; it does not interpret (see settings.ts).
 */
import { z } from 'zod/mini';
import { parseGoDuration } from './kuma/values.ts';
import { canonicalQuantity } from './kuma/quantity.ts';
import { dataplanesSchema } from './dataplane/config.ts';
import { lifecycleSchema } from './lifecycle/config.ts';
import { NEWEST_STABLE } from './kuma/releases.ts';
import { kumaImage, PRODUCTS } from './kuma/products.ts';
import { cpSection, flag, integer, lazySchemas, nonEmpty, section, stringMap, strings, text } from './zod-kit.ts';

export const CONFIG_API_VERSION = 'kuma-inject.dev/v1alpha1';
export const CONFIG_KIND = 'KumaInject';

/**
 * The schemas, built on first use: building them is a large part of start-up, and a run without a
 * functionConfig needs none (its spec is precomputed at build time, see settings.ts).
 */
function buildSchemas() {
  const port = integer(0, 65535);
  const seconds = integer(0, 2147483647);

  const quantity = z.pipe(
    z.union([z.string(), z.number()]),
    z.transform((value: string | number, ctx) => {
      const parsed = canonicalQuantity(value);
      if (parsed.ok) return parsed.value;
      ctx.issues.push({ code: 'custom', message: `must be a Kubernetes quantity such as "100m" or "64Mi", not "${value}"`, input: value });
      return z.NEVER;
    }),
  );

  const goDuration = z.string().check(
    z.refine((value) => parseGoDuration(value).ok, { message: 'must be a Go duration such as "30s", "1m30s" or "500ms"' }),
  );

  const probeTiming = (defaults: { initialDelaySeconds: number; timeoutSeconds: number; periodSeconds: number; failureThreshold: number }) => ({
    initialDelaySeconds: z._default(seconds, defaults.initialDelaySeconds),
    timeoutSeconds: z._default(seconds, defaults.timeoutSeconds),
    periodSeconds: z._default(seconds, defaults.periodSeconds),
    failureThreshold: z._default(seconds, defaults.failureThreshold),
  });

  const resources = (defaults: { requestsCpu: string; requestsMemory: string; limitsCpu: string; limitsMemory: string }) =>
    section({
      requests: section({ cpu: z._default(quantity, defaults.requestsCpu), memory: z._default(quantity, defaults.requestsMemory) }),
      limits: section({ cpu: z._default(quantity, defaults.limitsCpu), memory: z._default(quantity, defaults.limitsMemory) }),
    });

  /** `runtime.kubernetes.injector` of kuma-cp v2.14.3, with its Helm defaults. */
  const injectorSchema = section({
    sidecarContainer: section({
      image: z._default(nonEmpty(), kumaImage('kuma-dp', NEWEST_STABLE)),
      uid: z._default(integer(0), 5678),
      gid: z._default(integer(0), 5678),
      /** Deprecated in kuma-cp and unused for probes; accepted so that pasted configs validate. */
      adminPort: z._default(port, 9901),
      drainTime: z._default(goDuration, '30s'),
      readinessProbe: section({
        ...probeTiming({ initialDelaySeconds: 1, timeoutSeconds: 3, periodSeconds: 5, failureThreshold: 12 }),
        successThreshold: z._default(seconds, 1),
      }),
      livenessProbe: section(probeTiming({ initialDelaySeconds: 60, timeoutSeconds: 3, periodSeconds: 5, failureThreshold: 12 })),
      startupProbe: section(probeTiming({ initialDelaySeconds: 1, timeoutSeconds: 3, periodSeconds: 5, failureThreshold: 12 })),
      resources: resources({ requestsCpu: '50m', requestsMemory: '64Mi', limitsCpu: '0', limitsMemory: '512Mi' }),
      envVars: stringMap({}),
      redirectPortInbound: z._default(port, 15006),
      redirectPortOutbound: z._default(port, 15001),
      /** 2.7 only: kuma-init's IPv6 inbound port; 0 makes 2.7 redirect IPv4 only (release-keys.ts warns elsewhere). */
      redirectPortInboundV6: z.optional(port),
      ipFamilyMode: z._default(z.enum(['dualstack', 'ipv4']), 'dualstack'),
      waitForDataplaneReady: flag(false),
    }),
    initContainer: section({
      image: z._default(nonEmpty(), kumaImage('kuma-init', NEWEST_STABLE)),
      resources: resources({ requestsCpu: '20m', requestsMemory: '20M', limitsCpu: '0', limitsMemory: '50M' }),
    }),
    validationContainer: section({
      resources: resources({ requestsCpu: '20m', requestsMemory: '20M', limitsCpu: '0', limitsMemory: '50M' }),
    }),
    containerPatches: z._default(z.array(nonEmpty()), []),
    cniEnabled: flag(false),
    virtualProbesEnabled: flag(false),
    virtualProbesPort: z._default(port, 9000),
    applicationProbeProxyPort: z._default(port, 9001),
    sidecarTraffic: section({
      excludeInboundPorts: z._default(z.array(port), []),
      excludeOutboundPorts: z._default(z.array(port), []),
      excludeInboundIPs: strings([]),
      excludeOutboundIPs: strings([]),
    }),
    exceptions: section({
      labels: stringMap({ 'openshift.io/build.name': '*', 'openshift.io/deployer-pod-for.name': '*' }),
    }),
    /** A file path in kuma-cp. This function reads no files: put the PEM in `spec.caCert`. */
    caCertFile: text(''),
    builtinDNS: section({
      enabled: flag(true),
      port: z._default(port, 15053),
      logging: flag(false),
      experimentalProxy: flag(true),
    }),
    ebpf: section({
      enabled: flag(false),
      instanceIPEnvVarName: text('INSTANCE_IP'),
      bpffsPath: text('/sys/fs/bpf'),
      cgroupPath: text('/sys/fs/cgroup'),
      tcAttachIface: text(''),
      programsSourcePath: text('/tmp/kuma-ebpf'),
    }),
    ignoredServiceSelectorLabels: strings([]),
    nodeLabelsToCopy: strings(['topology.kubernetes.io/zone', 'topology.kubernetes.io/region', 'kubernetes.io/hostname']),
    transparentProxyConfigMap: text(''),
    unifiedResourceNamingEnabled: flag(false),
    otelPipeEnabled: flag(true),
    spire: section({
      enabled: flag(false),
      mountPath: text('/run/spire/sockets'),
      socketFileName: text('socket'),
    }),
  });

  /** The parts of a kuma-cp config document this function reads. Other keys are kept and ignored. */
  const controlPlaneSchema = cpSection({
    mode: z._default(z.enum(['zone', 'global']), 'zone'),
    runtime: cpSection({
      kubernetes: cpSection({
        injector: injectorSchema,
        controlPlaneServiceName: z._default(nonEmpty(), 'kuma-control-plane'),
        workloadLabels: strings([]),
      }),
    }),
    bootstrapServer: cpSection({
      params: cpSection({
        adminPort: z._default(port, 9901),
        readinessPort: z._default(port, 9902),
        envoyAdminUnixSocket: flag(true),
      }),
    }),
    experimental: cpSection({
      sidecarContainers: flag(true),
      deltaXds: flag(false),
      kubeOutboundsAsVIPs: flag(true),
      inboundTagsDisabled: flag(false),
    }),
    store: cpSection({
      kubernetes: cpSection({ systemNamespace: z._default(nonEmpty(), 'kuma-system') }),
    }),
    dpServer: cpSection({ port: z._default(port, 5678) }),
    multizone: cpSection({
      zone: cpSection({ name: text('default') }),
    }),
  });

  // A YAML number here was turned into its text, or refused, before this schema runs (version-number.ts).
  const kubernetesVersion = z
    .string()
    .check(z.refine((value) => /^v?\d+\.\d+(\.\d+)?$/.test(value), { message: 'must be a Kubernetes version such as "1.31"' }));

  const workloadKind = z.strictObject({
    apiVersion: nonEmpty(),
    kind: nonEmpty(),
    /** Dot-separated path from the object root to the pod template, such as `spec.template`. */
    podTemplatePath: z.string().check(z.regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be a dot-separated path such as "spec.template"')),
  });

  const namespaceInfo = z.strictObject({
    labels: stringMap({}),
    annotations: stringMap({}),
  });

  /** `spec` of the typed `KumaInject` functionConfig. */
  const specSchema = section({
    /**
     * The Kuma release whose webhook and converter to reproduce: "2.7" … "2.14" or "3.0-preview", or a patch
     * of one ("2.12.14"). Checked and resolved before this schema runs (settings.ts), which also sets that
     * release's defaults beneath the config.
     */
    kumaVersion: z._default(z.string(), NEWEST_STABLE),
    /** Whose build of it: Kuma, or Kong Mesh (its images, namespace and control-plane service). */
    product: z._default(z.enum(PRODUCTS), 'kuma'),
    /** Kubernetes version of the target cluster: native sidecars need 1.29 or later. */
    kubernetesVersion: z._default(kubernetesVersion, '1.31'),
    /** kuma-cp configuration document (the same keys as kuma-cp's config file). */
    controlPlane: controlPlaneSchema,
    /** Overrides the control-plane URL that kuma-dp connects to. */
    controlPlaneURL: z.optional(z.string().check(z.url())),
    /** PEM of the CA that signed the control plane's certificate (Helm: the `ca.crt` of the CP TLS secret). */
    caCert: z.optional(z.string()),
    /** Labels and annotations of namespaces that are not in the input. Namespace objects in the input win. */
    namespaces: z._default(z.record(z.string(), namespaceInfo), {}),
    /** Mesh names known to exist, besides Mesh objects in the input. When set, any other mesh is an error. */
    meshes: z.optional(z.array(nonEmpty())),
    /** Extra workload kinds to inject, with the path to their pod template. */
    workloadKinds: z._default(z.array(workloadKind), []),
    /**
     * Warnings become errors, and a workload whose namespace's labels are unknown (no Namespace object in the
     * input, not in `namespaces`) is an error: for hosts that show stderr only when a render fails.
     */
    strict: flag(false),
    /** Refuse ContainerPatches that give kuma-sidecar or the init container more privilege (Kuma applies them). */
    refusePrivilegedPatches: flag(false),
    /** preStop sleeps, grace periods, Jobs and native-sidecar adoption. */
    lifecycle: lifecycleSchema(),
    /** Dataplane previews and mesh-wide lints. */
    dataplanes: dataplanesSchema(),
  });

  /** The typed functionConfig object. */
  const kumaInjectSchema = z.strictObject({
    apiVersion: z.literal(CONFIG_API_VERSION),
    kind: z.literal(CONFIG_KIND),
    metadata: z.optional(z.looseObject({ name: z.optional(z.string()) })),
    spec: specSchema,
  });

  return { injectorSchema, controlPlaneSchema, specSchema, kumaInjectSchema };
}

/** The zod schemas of the functionConfig: `specSchema` and `kumaInjectSchema` (the typed object) validate it. */
export const configSchemas = lazySchemas(buildSchemas);

type Schemas = ReturnType<typeof buildSchemas>;
export type Spec = z.infer<Schemas['specSchema']>;
export type InjectorConfig = z.infer<Schemas['injectorSchema']>;
export type ControlPlaneConfig = z.infer<Schemas['controlPlaneSchema']>;

/** A ConfigMap key of CONFIG_MAP_KEYS. */
export interface ConfigMapKeyInfo {
  /** A shorthand: the spec field (dotted path) it sets, typed as that field's (config-map-paths.ts). */
  readonly sets?: string;
  /** For the reference, where "as `spec.<key>`" (or, for a shorthand, the field it sets) would not say what to write. */
  readonly meaning?: string;
}

/**
 * The ConfigMap keys named besides the dotted spec paths (for `kpt fn eval -- key=value` and `configMap:`
 * pipelines; every value a string): top-level spec fields, and shorthands for deeper fields, whose results name
 * the shorthand. The one table of them: the key table of function/README.md is generated from it
 * (config-map-table.ts), and CONFIG_MAP_SHORTHANDS is its shorthands.
 */
export const CONFIG_MAP_KEYS = {
  kumaVersion: {},
  product: {},
  kubernetesVersion: {},
  controlPlane: { meaning: 'a kuma-cp config document, as YAML text' },
  controlPlaneURL: {},
  caCert: {},
  namespaces: { meaning: 'YAML text: a map of namespace name to `{labels, annotations}`' },
  meshes: { meaning: 'comma-separated mesh names' },
  strict: {},
  sidecarImage: { sets: 'controlPlane.runtime.kubernetes.injector.sidecarContainer.image' },
  initImage: { sets: 'controlPlane.runtime.kubernetes.injector.initContainer.image' },
  nativeSidecars: { sets: 'controlPlane.experimental.sidecarContainers' },
  cniEnabled: { sets: 'controlPlane.runtime.kubernetes.injector.cniEnabled' },
  systemNamespace: { sets: 'controlPlane.store.kubernetes.systemNamespace' },
} as const satisfies Record<string, ConfigMapKeyInfo>;

/** The shorthand keys and the spec field (dotted path) each sets; null prototype, as it is looked up by data keys. */
export const CONFIG_MAP_SHORTHANDS: Readonly<Record<string, string>> = Object.assign(
  Object.create(null) as Record<string, string>,
  Object.fromEntries(Object.entries(CONFIG_MAP_KEYS as Record<string, ConfigMapKeyInfo>).flatMap(([key, info]) => (info.sets ? [[key, info.sets]] : []))),
);

export type ConfigMapKey = keyof typeof CONFIG_MAP_KEYS;
