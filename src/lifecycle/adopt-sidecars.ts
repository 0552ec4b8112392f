/**
 * Native-sidecar adoption: named containers move from `containers` to `initContainers` with
 * `restartPolicy: Always`, keeping their relative order, after Kuma's own leading init containers (kuma-init or
 * kuma-validation, kuma-sidecar) and before the workload's other init containers. Needs Kubernetes 1.29.
 * It works on any pod template, in the mesh or not; it does not touch the moved containers otherwise.
 */
import type { JsonObject, JsonValue } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { annotationField } from '../kuma/failure.ts';
import { INIT_NAME, SIDECAR_NAME, VALIDATION_NAME } from '../kuma/metadata.ts';
import { LIFECYCLE_ANNOTATION } from './annotations.ts';
import { type LifecycleNote, type StepOutput, listNames, specOf } from './note.ts';

export interface AdoptInput {
  /** Names to adopt: the config's list and the annotation's. */
  readonly names: readonly string[];
  /** Names the workload's own annotation asked for: these must exist. */
  readonly requested: ReadonlySet<string>;
  /** Kubernetes 1.29 or later, where `restartPolicy: Always` on init containers is on by default. */
  readonly nativeCapable: boolean;
  readonly kubernetesVersion: string;
  /** A config field as the user writes it (`spec.kubernetesVersion`, or `data.kubernetesVersion`). */
  readonly configField: (path: string) => string;
  /**
   * Index of a container in `containers` as the user wrote them, for the field of a refusal: nothing is written
   * then, so the path must fit the input (injection may have put kuma-sidecar first). Defaults to the index here.
   */
  readonly inputIndex?: (name: string) => number | undefined;
}

const KUMA_INIT_CONTAINERS = new Set([INIT_NAME, VALIDATION_NAME, SIDECAR_NAME]);

const nameOf = (value: JsonValue): string | undefined => (isObject(value) && typeof value.name === 'string' ? value.name : undefined);

/** Where adopted sidecars go: after the run of Kuma's containers that starts the list, if any. */
function insertionIndex(initContainers: readonly JsonValue[]): number {
  let index = 0;
  while (index < initContainers.length && KUMA_INIT_CONTAINERS.has(nameOf(initContainers[index]!) ?? '')) index++;
  return index;
}

export function adoptSidecars(template: JsonObject, input: AdoptInput): StepOutput {
  const spec = specOf(template);
  const containers: JsonValue[] = Array.isArray(spec.containers) ? spec.containers : [];
  const initContainers: JsonValue[] = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  const notes: LifecycleNote[] = [];
  const wanted = new Set(input.names);
  const matched = containers.flatMap((c, index) => (wanted.has(nameOf(c) ?? '') ? [{ container: c as JsonObject, index }] : []));

  const alreadyNative = new Set(
    initContainers.filter((c) => isObject(c) && c.restartPolicy === 'Always').map((c) => nameOf(c) ?? ''),
  );
  const missing = [...input.requested].filter((n) => !matched.some((m) => m.container.name === n) && !alreadyNative.has(n));
  if (missing.length > 0) {
    notes.push({
      severity: 'error',
      code: 'SIDECAR_ADOPTION_REFUSED',
      field: annotationField(LIFECYCLE_ANNOTATION.nativeSidecars),
      message: `\`${LIFECYCLE_ANNOTATION.nativeSidecars}\` names ${listNames(missing)}, but the pod template has no such container in \`spec.containers\``,
    });
  }
  if (matched.length === 0) return { template, notes };
  const names = matched.map((m) => String(m.container.name));
  const firstField = `spec.containers[${input.inputIndex?.(names[0]!) ?? matched[0]!.index}]`;
  const they = names.length > 1 ? { subject: 'they', object: 'them', noun: 'native sidecars' } : { subject: 'it', object: 'it', noun: 'a native sidecar' };
  if (!input.nativeCapable) {
    notes.push({
      severity: 'error',
      code: 'SIDECAR_ADOPTION_REFUSED',
      field: firstField,
      message: `${listNames(names)} cannot become ${they.noun}: native sidecars need Kubernetes 1.29 or later and \`${input.configField('kubernetesVersion')}\` is "${input.kubernetesVersion}"; remove ${they.object} from \`${input.configField('lifecycle.nativeSidecars.adopt')}\` and \`${LIFECYCLE_ANNOTATION.nativeSidecars}\`, or raise the version`,
    });
    return { template, notes };
  }
  if (matched.length === containers.length) {
    notes.push({
      severity: 'error',
      code: 'SIDECAR_ADOPTION_REFUSED',
      field: firstField,
      message: `${listNames(names)} cannot ${names.length > 1 ? 'all ' : ''}become ${they.noun}: a Pod needs at least one container in \`spec.containers\``,
    });
    return { template, notes };
  }

  const moved = new Set(matched.map((m) => m.container));
  const adopted: JsonObject[] = matched.map((m) => ({ ...m.container, restartPolicy: 'Always' }));
  const at = insertionIndex(initContainers);
  const nextInit = [...initContainers.slice(0, at), ...adopted, ...initContainers.slice(at)];
  const nextSpec: JsonObject = { ...spec, containers: containers.filter((c) => !moved.has(c as JsonObject)), initContainers: nextInit };
  notes.push({
    severity: 'info',
    code: 'SIDECAR_ADOPTED',
    field: 'spec.initContainers',
    message: `${listNames(names)} moved from \`containers\` to \`initContainers\` with \`restartPolicy: Always\`: ${they.subject} ${names.length > 1 ? 'start' : 'starts'} before the application containers and ${names.length > 1 ? 'stop' : 'stops'} after them, and kube-state-metrics now reports ${they.object} in \`kube_pod_init_container_*\` series instead of \`kube_pod_container_*\``,
  });
  adopted.forEach((container, i) => {
    if (container.startupProbe !== undefined) return;
    notes.push({
      severity: 'warning',
      code: 'SIDECAR_STARTUP_PROBE_MISSING',
      field: `spec.initContainers[${at + i}]`,
      message: `\`${String(container.name)}\` is now a native sidecar without a \`startupProbe\`, so the containers after it start as soon as it is running, before it is ready: add a startupProbe that passes when it can serve`,
    });
  });
  return { template: { ...template, spec: nextSpec }, notes };
}
