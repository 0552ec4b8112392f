/**
 * Jobs and CronJobs in the legacy layout (seed 003: "the Jobs would just sit there forever"): kuma-sidecar is an
 * ordinary container there and never exits, so the Job never completes. Not injected unless the config says so.
 * The transform asks this after Kuma's decision; with native sidecars there is nothing to say.
 */
import { LABEL } from '../kuma/metadata.ts';
import type { Settings } from '../settings.ts';
import type { LifecycleNote } from './note.ts';

export interface JobPolicy {
  /** Leave the template out of the mesh. */
  readonly skip: boolean;
  readonly note: LifecycleNote;
}

/** The policy for a workload of this kind (`Job`, `CronJob`), or undefined when it needs none. */
export function jobInLegacyLayout(kind: string, runsToCompletion: boolean, settings: Settings): JobPolicy | undefined {
  if (!runsToCompletion || settings.native) return undefined;
  const field = settings.configField;
  const setting = settings.configSetting;
  const layout = settings.controlPlane.experimental.sidecarContainers
    ? `\`${field('kubernetesVersion')}\` is "${settings.spec.kubernetesVersion}", below the 1.29 that native sidecars need`
    : `native sidecars are off (\`${setting('controlPlane.experimental.sidecarContainers', 'false')}\`)`;
  if (settings.spec.lifecycle.jobs.injectInLegacyLayout) {
    return {
      skip: false,
      note: {
        severity: 'info',
        code: 'JOB_LEGACY_LAYOUT',
        message: `injected in the legacy layout as \`${setting('lifecycle.jobs.injectInLegacyLayout', 'true')}\` asks (${layout}): kuma-sidecar does not exit on its own, so the ${kind} completes only if its workload stops kuma-sidecar when done`,
      },
    };
  }
  return {
    skip: true,
    note: {
      severity: 'warning',
      code: 'JOB_LEGACY_LAYOUT',
      field: `metadata.labels[${LABEL.sidecarInjection}]`,
      message: `not injected: ${layout}, so kuma-sidecar would be an ordinary container that never exits and the ${kind} would never complete. Fix: use native sidecars (Kubernetes 1.29 or later in \`${field('kubernetesVersion')}\` and \`${setting('controlPlane.experimental.sidecarContainers', 'true')}\`), or keep it out of the mesh for good with the pod-template label \`${LABEL.sidecarInjection}: disabled\` (which also stops Kuma's webhook from injecting it at Pod creation). \`${setting('lifecycle.jobs.injectInLegacyLayout', 'true')}\` injects it anyway`,
    },
  };
}
