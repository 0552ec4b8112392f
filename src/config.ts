/**
 * The functionConfig: one zod schema for the typed `KumaInject` kind, and the `ConfigMap` fallback coerced onto it.
 * `spec.controlPlane` mirrors kuma-cp's own config file, so a user can paste theirs: the injector section is
 * checked strictly (every key is known), the other kuma-cp sections keep keys we don't use. Defaults are those of
 * a Helm install of Kuma 2.14.3. This module validates and defaults; it does not interpret (see settings.ts).
 */
import { z } from 'zod';
import { parseGoDuration } from './kuma/values.ts';
import { canonicalQuantity } from './kuma/quantity.ts';
import { dataplanesSchema } from './dataplane/config.ts';
import { lifecycleSchema } from './lifecycle/config.ts';
import { once } from './once.ts';

export const CONFIG_API_VERSION = 'kuma-inject.dev/v1alpha1';
export const CONFIG_KIND = 'KumaInject';
export const KUMA_VERSION = '2.14.3';

/**
 * The schemas, built on first use: building them is a large part of start-up, and a run without a
 * functionConfig needs none (its spec is precomputed at build time, see settings.ts).
 */
function buildSchemas() {
  z.config({ jitless: true });
  const port = z.number().int().min(0).max(65535);
  const seconds = z.number().int().min(0).max(2147483647);

  const quantity = z
    .union([z.string(), z.number()])
    .transform((value, ctx) => {
      const parsed = canonicalQuantity(value);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: `must be a Kubernetes quantity such as "100m" or "64Mi", not "${value}"` });
      return z.NEVER;
    });

  const goDuration = z.string().refine((value) => parseGoDuration(value).ok, {
    message: 'must be a Go duration such as "30s", "1m30s" or "500ms"',
  });

  const probeTiming = (defaults: { initialDelaySeconds: number; timeoutSeconds: number; periodSeconds: number; failureThreshold: number }) => ({
    initialDelaySeconds: seconds.default(defaults.initialDelaySeconds),
    timeoutSeconds: seconds.default(defaults.timeoutSeconds),
    periodSeconds: seconds.default(defaults.periodSeconds),
    failureThreshold: seconds.default(defaults.failureThreshold),
  });

  const resources = (defaults: { requestsCpu: string; requestsMemory: string; limitsCpu: string; limitsMemory: string }) =>
    z
      .strictObject({
        requests: z
          .strictObject({ cpu: quantity.default(defaults.requestsCpu), memory: quantity.default(defaults.requestsMemory) })
          .prefault({}),
        limits: z
          .strictObject({ cpu: quantity.default(defaults.limitsCpu), memory: quantity.default(defaults.limitsMemory) })
          .prefault({}),
      })
      .prefault({});

  const ipFamilyMode = z.enum(['dualstack', 'ipv4']);

  /** `runtime.kubernetes.injector` of kuma-cp v2.14.3, with its Helm defaults. */
  const injectorSchema = z
    .strictObject({
      sidecarContainer: z
        .strictObject({
          image: z.string().min(1).default(`docker.io/kumahq/kuma-dp:${KUMA_VERSION}`),
          uid: z.number().int().min(0).default(5678),
          gid: z.number().int().min(0).default(5678),
          /** Deprecated in kuma-cp and unused for probes; accepted so that pasted configs validate. */
          adminPort: port.default(9901),
          drainTime: goDuration.default('30s'),
          readinessProbe: z
            .strictObject({
              ...probeTiming({ initialDelaySeconds: 1, timeoutSeconds: 3, periodSeconds: 5, failureThreshold: 12 }),
              successThreshold: seconds.default(1),
            })
            .prefault({}),
          livenessProbe: z
            .strictObject(probeTiming({ initialDelaySeconds: 60, timeoutSeconds: 3, periodSeconds: 5, failureThreshold: 12 }))
            .prefault({}),
          startupProbe: z
            .strictObject(probeTiming({ initialDelaySeconds: 1, timeoutSeconds: 3, periodSeconds: 5, failureThreshold: 12 }))
            .prefault({}),
          resources: resources({ requestsCpu: '50m', requestsMemory: '64Mi', limitsCpu: '0', limitsMemory: '512Mi' }),
          envVars: z.record(z.string(), z.string()).default({}),
          redirectPortInbound: port.default(15006),
          redirectPortOutbound: port.default(15001),
          ipFamilyMode: ipFamilyMode.default('dualstack'),
          waitForDataplaneReady: z.boolean().default(false),
        })
        .prefault({}),
      initContainer: z
        .strictObject({
          image: z.string().min(1).default(`docker.io/kumahq/kuma-init:${KUMA_VERSION}`),
          resources: resources({ requestsCpu: '20m', requestsMemory: '20M', limitsCpu: '0', limitsMemory: '50M' }),
        })
        .prefault({}),
      validationContainer: z
        .strictObject({
          resources: resources({ requestsCpu: '20m', requestsMemory: '20M', limitsCpu: '0', limitsMemory: '50M' }),
        })
        .prefault({}),
      containerPatches: z.array(z.string().min(1)).default([]),
      cniEnabled: z.boolean().default(false),
      virtualProbesEnabled: z.boolean().default(false),
      virtualProbesPort: port.default(9000),
      applicationProbeProxyPort: port.default(9001),
      sidecarTraffic: z
        .strictObject({
          excludeInboundPorts: z.array(port).default([]),
          excludeOutboundPorts: z.array(port).default([]),
          excludeInboundIPs: z.array(z.string()).default([]),
          excludeOutboundIPs: z.array(z.string()).default([]),
        })
        .prefault({}),
      exceptions: z
        .strictObject({
          labels: z
            .record(z.string(), z.string())
            .default({ 'openshift.io/build.name': '*', 'openshift.io/deployer-pod-for.name': '*' }),
        })
        .prefault({}),
      /** A file path in kuma-cp. This function reads no files: put the PEM in `spec.caCert`. */
      caCertFile: z.string().default(''),
      builtinDNS: z
        .strictObject({
          enabled: z.boolean().default(true),
          port: port.default(15053),
          logging: z.boolean().default(false),
          experimentalProxy: z.boolean().default(true),
        })
        .prefault({}),
      ebpf: z
        .strictObject({
          enabled: z.boolean().default(false),
          instanceIPEnvVarName: z.string().default('INSTANCE_IP'),
          bpffsPath: z.string().default('/sys/fs/bpf'),
          cgroupPath: z.string().default('/sys/fs/cgroup'),
          tcAttachIface: z.string().default(''),
          programsSourcePath: z.string().default('/tmp/kuma-ebpf'),
        })
        .prefault({}),
      ignoredServiceSelectorLabels: z.array(z.string()).default([]),
      nodeLabelsToCopy: z
        .array(z.string())
        .default(['topology.kubernetes.io/zone', 'topology.kubernetes.io/region', 'kubernetes.io/hostname']),
      transparentProxyConfigMap: z.string().default(''),
      unifiedResourceNamingEnabled: z.boolean().default(false),
      otelPipeEnabled: z.boolean().default(true),
      spire: z
        .strictObject({
          enabled: z.boolean().default(false),
          mountPath: z.string().default('/run/spire/sockets'),
          socketFileName: z.string().default('socket'),
        })
        .prefault({}),
    })
    .prefault({});

  /** The parts of a kuma-cp config document this function reads. Other keys are kept and ignored. */
  const controlPlaneSchema = z
    .looseObject({
      mode: z.enum(['zone', 'global']).default('zone'),
      runtime: z
        .looseObject({
          kubernetes: z
            .looseObject({
              injector: injectorSchema,
              controlPlaneServiceName: z.string().min(1).default('kuma-control-plane'),
              workloadLabels: z.array(z.string()).default([]),
            })
            .prefault({}),
        })
        .prefault({}),
      bootstrapServer: z
        .looseObject({
          params: z
            .looseObject({
              adminPort: port.default(9901),
              readinessPort: port.default(9902),
              envoyAdminUnixSocket: z.boolean().default(true),
            })
            .prefault({}),
        })
        .prefault({}),
      experimental: z
        .looseObject({
          sidecarContainers: z.boolean().default(true),
          deltaXds: z.boolean().default(false),
          kubeOutboundsAsVIPs: z.boolean().default(true),
          inboundTagsDisabled: z.boolean().default(false),
        })
        .prefault({}),
      store: z
        .looseObject({
          kubernetes: z.looseObject({ systemNamespace: z.string().min(1).default('kuma-system') }).prefault({}),
        })
        .prefault({}),
      dpServer: z.looseObject({ port: port.default(5678) }).prefault({}),
      multizone: z
        .looseObject({
          zone: z.looseObject({ name: z.string().default('default') }).prefault({}),
        })
        .prefault({}),
    })
    .prefault({});

  const kubernetesVersion = z
    .union([z.string(), z.number()])
    .transform((value) => String(value))
    .refine((value) => /^v?\d+\.\d+(\.\d+)?$/.test(value), { message: 'must be a Kubernetes version such as "1.31"' });

  const workloadKind = z.strictObject({
    apiVersion: z.string().min(1),
    kind: z.string().min(1),
    /** Dot-separated path from the object root to the pod template, such as `spec.template`. */
    podTemplatePath: z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be a dot-separated path such as "spec.template"'),
  });

  const namespaceInfo = z.strictObject({
    labels: z.record(z.string(), z.string()).default({}),
    annotations: z.record(z.string(), z.string()).default({}),
  });

  /** `spec` of the typed `KumaInject` functionConfig. */
  const specSchema = z
    .strictObject({
      /** Kubernetes version of the target cluster: native sidecars need 1.29 or later. */
      kubernetesVersion: kubernetesVersion.default('1.31'),
      /** kuma-cp configuration document (the same keys as kuma-cp's config file). */
      controlPlane: controlPlaneSchema,
      /** Overrides the control-plane URL that kuma-dp connects to. */
      controlPlaneURL: z.string().url().optional(),
      /** PEM of the CA that signed the control plane's certificate (Helm: the `ca.crt` of the CP TLS secret). */
      caCert: z.string().optional(),
      /** Labels and annotations of namespaces that are not in the input. Namespace objects in the input win. */
      namespaces: z.record(z.string(), namespaceInfo).default({}),
      /** Mesh names known to exist, besides Mesh objects in the input. When set, any other mesh is an error. */
      meshes: z.array(z.string().min(1)).optional(),
      /** Extra workload kinds to inject, with the path to their pod template. */
      workloadKinds: z.array(workloadKind).default([]),
      /** Refuse ContainerPatches that give kuma-sidecar or the init container more privilege (Kuma applies them). */
      refusePrivilegedPatches: z.boolean().default(false),
      /** preStop sleeps, grace periods, Jobs and native-sidecar adoption. */
      lifecycle: lifecycleSchema(),
      /** Dataplane previews and mesh-wide lints. */
      dataplanes: dataplanesSchema(),
    })
    .prefault({});

  /** The typed functionConfig object. */
  const kumaInjectSchema = z.strictObject({
    apiVersion: z.literal(CONFIG_API_VERSION),
    kind: z.literal(CONFIG_KIND),
    metadata: z.looseObject({ name: z.string().optional() }).optional(),
    spec: specSchema,
  });

  return { injectorSchema, controlPlaneSchema, specSchema, kumaInjectSchema };
}

/** The zod schemas of the functionConfig: `specSchema` and `kumaInjectSchema` (the typed object) validate it. */
export const configSchemas = once(buildSchemas);

type Schemas = ReturnType<typeof buildSchemas>;
export type Spec = z.infer<Schemas['specSchema']>;
export type InjectorConfig = z.infer<Schemas['injectorSchema']>;
export type ControlPlaneConfig = z.infer<Schemas['controlPlaneSchema']>;

/**
 * ConfigMap fallback (for `kpt fn eval -- key=value` and `configMap:` pipelines). Every value is a string:
 * scalars are coerced, and structured fields (`controlPlane`, `namespaces`) hold YAML or JSON text.
 */
export const CONFIG_MAP_KEYS = {
  kubernetesVersion: 'Kubernetes version of the cluster, for example "1.31".',
  controlPlane: 'kuma-cp configuration document, as YAML text.',
  controlPlaneURL: 'control-plane URL override.',
  caCert: 'PEM of the control plane CA.',
  namespaces: 'YAML map of namespace name to {labels, annotations}.',
  meshes: 'comma-separated mesh names known to exist.',
  sidecarImage: 'shorthand for controlPlane runtime.kubernetes.injector.sidecarContainer.image.',
  initImage: 'shorthand for controlPlane runtime.kubernetes.injector.initContainer.image.',
  nativeSidecars: '"true" or "false": shorthand for controlPlane experimental.sidecarContainers.',
  cniEnabled: '"true" or "false": shorthand for controlPlane runtime.kubernetes.injector.cniEnabled.',
  systemNamespace: 'shorthand for controlPlane store.kubernetes.systemNamespace.',
} as const;

export type ConfigMapKey = keyof typeof CONFIG_MAP_KEYS;
