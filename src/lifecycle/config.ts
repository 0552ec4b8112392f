/**
 * `spec.lifecycle` of the functionConfig: preStop sleeps on application containers, the grace-period check, the
 * policy for Jobs in the legacy layout, and which other sidecars become native sidecars. Validation and defaults
 * only; the lifecycle modules beside this one read the parsed values. The webhook does none of this.
 */
import { z } from 'zod/mini';
import { flag, integer, lazySchemas, nonEmpty, section } from '../zod-kit.ts';

/** The longest preStop sleep accepted: anything longer is almost surely a unit mistake (milliseconds). */
export const MAX_PRESTOP_SECONDS = 3600;

/** `{seconds}` in an exec command is replaced with the duration; without it, the duration is appended. */
export const SECONDS_PLACEHOLDER = '{seconds}';

const containerName = () =>
  z.string().check(
    z.regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a container name (lowercase letters, digits and "-")'),
    z.refine((name) => name !== 'kuma-sidecar', {
      message: '`kuma-sidecar` is Kuma\'s own: whether it is a native sidecar follows the Kubernetes version and `controlPlane.experimental.sidecarContainers`',
    }),
  );

/** Built on first use (see configSchemas in src/config.ts). */
export const lifecycleSchema = lazySchemas(() =>
  section({
    /** The preStop sleep added to each application container of an injected long-running workload. */
    preStop: section({
      /** Seconds to sleep before the container gets SIGTERM; 0 adds no sleep. Annotation override: `kuma-inject.dev/prestop-sleep-seconds`. */
      seconds: z._default(integer(0, MAX_PRESTOP_SECONDS), 15),
      /** `auto`: the native `sleep` action from Kubernetes 1.30, `exec` below; `exec`: always the exec command. */
      form: z._default(z.enum(['auto', 'exec']), 'auto'),
      /** The exec form's command (distroless images have no /bin/sleep); `{seconds}` is replaced, else appended. */
      execCommand: z._default(z.array(nonEmpty()).check(z.minLength(1)), ['/bin/sleep']),
    }),
    /** `terminationGracePeriodSeconds` against preStop sleep + sidecar drain time + margin. */
    gracePeriod: section({
      /** Check the grace period of injected long-running workloads. */
      check: flag(true),
      /** Seconds added on top of preStop sleep and drain time for the application's own shutdown. */
      marginSeconds: z._default(integer(0, 3600), 5),
      /** Raise a too-short grace period to the required value instead of warning. */
      raise: flag(false),
    }),
    /** Jobs and CronJobs, whose legacy-layout sidecar never exits and so keeps them from completing. */
    jobs: section({
      /** Inject Jobs and CronJobs in the legacy layout anyway (they are skipped with a warning by default). */
      injectInLegacyLayout: flag(false),
    }),
    /** Containers of any workload, in the mesh or not, to convert into native sidecars (Kubernetes 1.29+). */
    nativeSidecars: section({
      /** Container names, such as `cloudsql-proxy`; the annotation `kuma-inject.dev/native-sidecars` adds more per workload. */
      adopt: z._default(z.array(containerName()), []),
    }),
  }),
);

export type LifecycleConfig = z.infer<ReturnType<typeof lifecycleSchema>>;
