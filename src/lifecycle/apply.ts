/**
 * The lifecycle step for one pod template, after the injection decision: native-sidecar adoption (any template),
 * then for templates in the mesh the preStop sleeps and grace-period check (long-running workloads only) and the
 * init-container and wait-for-ready lints. Pure; the caller records whatever changed, so re-runs replace it.
 */
import type { JsonObject } from '../krm/object.ts';
import { isObject, stringMap } from '../krm/object.ts';

import { annotationField } from '../kuma/failure.ts';
import { SIDECAR_NAME, VALIDATION_NAME } from '../kuma/metadata.ts';
import type { Settings } from '../settings.ts';
import { adoptSidecars } from './adopt-sidecars.ts';
import { LIFECYCLE_ANNOTATION, parseNativeSidecars, parsePreStopSeconds } from './annotations.ts';
import { checkGracePeriod, sidecarDrainSeconds } from './grace-period.ts';
import { initContainerTraffic, waitForDataplaneReady } from './init-traffic.ts';
import { type LifecycleNote, containerList, specOf } from './note.ts';
import { addPreStopSleeps, preStopSleepSeconds } from './prestop.ts';
import { removedExclusionAnnotations } from './traffic-annotations.ts';

export interface LifecycleContext {
  readonly settings: Settings;
  /** kuma-sidecar was injected into this template. */
  readonly inMesh: boolean;
  /** Runs until deleted: not a Job or CronJob, and the Pod's `restartPolicy` is `Always` (its default). */
  readonly longRunning: boolean;
  /** The template as the user wrote it, for field paths of errors (nothing is written then). Default: `template`. */
  readonly input?: JsonObject;
}

const atLeast = (settings: Settings, minor: number): boolean =>
  settings.kubernetesVersion.major > 1 || (settings.kubernetesVersion.major === 1 && settings.kubernetesVersion.minor >= minor);

/** Long-running by kind and by the template's own `restartPolicy` (absent means `Always`). */
export function isLongRunning(template: JsonObject, runsToCompletion: boolean): boolean {
  const policy = specOf(template).restartPolicy;
  return !runsToCompletion && (policy === undefined || policy === 'Always');
}

export function applyLifecycle(template: JsonObject, context: LifecycleContext): { template: JsonObject; notes: LifecycleNote[] } {
  const { settings } = context;
  const config = settings.spec.lifecycle;
  const annotations = stringMap(isObject(template.metadata) ? template.metadata.annotations : undefined);
  const notes: LifecycleNote[] = [];
  const invalid = (key: string, message: string): void => {
    notes.push({ severity: 'error', code: 'INVALID_ANNOTATION', field: annotationField(key), message });
  };

  const requestedText = annotations[LIFECYCLE_ANNOTATION.nativeSidecars];
  const requested = requestedText === undefined ? { ok: true as const, value: [] } : parseNativeSidecars(requestedText);
  if (!requested.ok) invalid(LIFECYCLE_ANNOTATION.nativeSidecars, requested.error);
  const adoption = adoptSidecars(template, {
    names: [...config.nativeSidecars.adopt, ...(requested.ok ? requested.value : [])],
    requested: new Set(requested.ok ? requested.value : []),
    nativeCapable: atLeast(settings, 29),
    kubernetesVersion: settings.spec.kubernetesVersion,
    configField: settings.configField,
    inputIndex: (name) => {
      const index = containerList(specOf(context.input ?? template), 'containers').findIndex((c) => c.name === name);
      return index === -1 ? undefined : index;
    },
  });
  notes.push(...adoption.notes);
  let current = adoption.template;
  if (!context.inMesh) return { template: current, notes };

  if (context.longRunning) {
    const override = annotations[LIFECYCLE_ANNOTATION.preStopSleepSeconds];
    const parsed = override === undefined ? { ok: true as const, value: config.preStop.seconds } : parsePreStopSeconds(override);
    if (!parsed.ok) invalid(LIFECYCLE_ANNOTATION.preStopSleepSeconds, parsed.error);
    const sleeps = addPreStopSleeps(current, {
      seconds: parsed.ok ? parsed.value : 0,
      nativeSleep: config.preStop.form === 'auto' && atLeast(settings, 30),
      execCommand: config.preStop.execCommand,
    });
    notes.push(...sleeps.notes);
    current = sleeps.template;
    if (config.gracePeriod.check) {
      const apps = containerList(specOf(current), 'containers').filter((c) => c.name !== SIDECAR_NAME);
      const grace = checkGracePeriod(current, {
        preStopSeconds: Math.max(0, ...apps.map((c) => preStopSleepSeconds(c) ?? 0)),
        drainSeconds: sidecarDrainSeconds(current, settings.injector.sidecarContainer.drainTime),
        marginSeconds: config.gracePeriod.marginSeconds,
        raise: config.gracePeriod.raise,
        configSetting: settings.configSetting,
      });
      notes.push(...grace.notes);
      current = grace.template;
    }
  }
  notes.push(...removedExclusionAnnotations(annotations));
  // ConfigMap mode can switch CNI on in its own config; kuma-validation is only there in CNI mode.
  const cni = settings.injector.cniEnabled || containerList(specOf(current), 'initContainers').some((c) => c.name === VALIDATION_NAME);
  notes.push(...initContainerTraffic(current, { cni, sidecarUid: settings.injector.sidecarContainer.uid }));
  notes.push(...waitForDataplaneReady(annotations, settings.native));
  return { template: current, notes };
}
