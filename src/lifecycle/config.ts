/**
 * `spec.lifecycle` of the functionConfig: preStop sleeps on application containers, the grace-period check, the
 * policy for Jobs in the legacy layout, and which other sidecars become native sidecars. Validation and defaults
 * only; the lifecycle modules beside this one read the parsed values. The webhook does none of this.
 */
import { z } from 'zod';
import { once } from '../once.ts';

/** The longest preStop sleep accepted: anything longer is almost surely a unit mistake (milliseconds). */
export const MAX_PRESTOP_SECONDS = 3600;

/** `{seconds}` in an exec command is replaced with the duration; without it, the duration is appended. */
export const SECONDS_PLACEHOLDER = '{seconds}';

const containerName = () =>
  z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a container name (lowercase letters, digits and "-")')
    .refine((name) => name !== 'kuma-sidecar', {
      message: '`kuma-sidecar` is Kuma\'s own: its layout follows `controlPlane.experimental.sidecarContainers`',
    });

/** Built on first use (see configSchemas in src/config.ts). */
export const lifecycleSchema = once(() =>
  z
    .strictObject({
      /** The preStop sleep added to each application container of an injected long-running workload. */
      preStop: z
        .strictObject({
          /** Seconds to sleep before the container gets SIGTERM; 0 adds no sleep. Annotation override: `kuma-inject.dev/prestop-sleep-seconds`. */
          seconds: z.number().int().min(0).max(MAX_PRESTOP_SECONDS).default(15),
          /** `auto`: the native `sleep` action from Kubernetes 1.30, `exec` below; `exec`: always the exec command. */
          form: z.enum(['auto', 'exec']).default('auto'),
          /** The exec form's command (distroless images have no /bin/sleep); `{seconds}` is replaced, else appended. */
          execCommand: z.array(z.string().min(1)).min(1).default(['/bin/sleep']),
        })
        .prefault({}),
      /** `terminationGracePeriodSeconds` against preStop sleep + sidecar drain time + margin. */
      gracePeriod: z
        .strictObject({
          /** Check the grace period of injected long-running workloads. */
          check: z.boolean().default(true),
          /** Seconds added on top of preStop sleep and drain time for the application's own shutdown. */
          marginSeconds: z.number().int().min(0).max(3600).default(5),
          /** Raise a too-short grace period to the required value instead of warning. */
          raise: z.boolean().default(false),
        })
        .prefault({}),
      /** Jobs and CronJobs, whose legacy-layout sidecar never exits and so keeps them from completing. */
      jobs: z
        .strictObject({
          /** Inject Jobs and CronJobs in the legacy layout anyway (they are skipped with a warning by default). */
          injectInLegacyLayout: z.boolean().default(false),
        })
        .prefault({}),
      /** Containers of any workload, in the mesh or not, to convert into native sidecars (Kubernetes 1.29+). */
      nativeSidecars: z
        .strictObject({
          /** Container names, such as `cloudsql-proxy`; the annotation `kuma-inject.dev/native-sidecars` adds more per workload. */
          adopt: z.array(containerName()).default([]),
        })
        .prefault({}),
    })
    .prefault({}),
);

export type LifecycleConfig = z.infer<ReturnType<typeof lifecycleSchema>>;
