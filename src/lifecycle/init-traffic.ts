/**
 * Lints on an injected template about traffic before the application starts (seed 000 "Init containers" and
 * "waiting for the data plane to be ready"): ordinary init containers whose traffic is redirected while no
 * sidecar runs, and `kuma.io/wait-for-dataplane-ready`, which leans on container order. Reports only.
 */
import type { JsonObject } from '../krm/object.ts';
import { isObject, stringMap } from '../krm/object.ts';

import { annotationField } from '../kuma/failure.ts';
import { ANNOTATION, INIT_NAME, SIDECAR_NAME, VALIDATION_NAME } from '../kuma/metadata.ts';
import { parseBool } from '../kuma/values.ts';
import { type LifecycleNote, containerList, listNames, specOf } from './note.ts';
import { excludesUid, parseExcludePortsForUids } from './traffic-annotations.ts';

export interface InterceptionInput {
  /** CNI redirects traffic before any init container runs. */
  readonly cni: boolean;
  /** UID of kuma-dp, whose traffic is never redirected. */
  readonly sidecarUid: number;
}

const KUMA = new Set([INIT_NAME, VALIDATION_NAME, SIDECAR_NAME]);
const MAX_EXCLUDABLE_UID = 65535;

function runAsUser(container: JsonObject, spec: JsonObject): number | undefined {
  const own = isObject(container.securityContext) ? container.securityContext.runAsUser : undefined;
  const pod = isObject(spec.securityContext) ? spec.securityContext.runAsUser : undefined;
  const uid = own ?? pod;
  return typeof uid === 'number' ? uid : undefined;
}

export function initContainerTraffic(template: JsonObject, input: InterceptionInput): LifecycleNote[] {
  const spec = specOf(template);
  const annotations = stringMap(isObject(template.metadata) ? template.metadata.annotations : undefined);
  const key = ANNOTATION.excludeOutboundPortsForUids;
  const existing = annotations[key];
  const parsed = existing === undefined ? undefined : parseExcludePortsForUids(existing);
  // An invalid value is reported by the annotation validators; count it as excluding nothing.
  const exclusions = parsed?.ok ? parsed.value : [];
  const init = containerList(spec, 'initContainers');
  const position = (name: string): number => init.findIndex((c) => c.name === name);
  const sidecarAt = position(SIDECAR_NAME);
  const redirectAt = Math.min(...[INIT_NAME, VALIDATION_NAME].map(position).filter((i) => i >= 0));

  const viaSidecar: Array<{ name: string; uid?: number }> = [];
  const stranded: Array<{ name: string; uid?: number }> = [];
  init.forEach((container, index) => {
    const name = String(container.name);
    if (KUMA.has(name) || container.restartPolicy === 'Always') return;
    const uid = runAsUser(container, spec);
    if (uid === input.sidecarUid || (uid !== undefined && excludesUid(exclusions, uid))) return;
    const entry = uid === undefined ? { name } : { name, uid };
    if (sidecarAt >= 0 && sidecarAt < index) viaSidecar.push(entry);
    else if (input.cni || redirectAt < index) stranded.push(entry);
  });
  const notes: LifecycleNote[] = [];
  const describe = (list: ReadonlyArray<{ name: string; uid?: number }>): string =>
    list.map((c) => `\`${c.name}\` (${c.uid === undefined ? 'no runAsUser' : `UID ${c.uid}`})`).join(', ');
  const suggestion = (list: ReadonlyArray<{ name: string; uid?: number }>): string => {
    const entries = [...new Set(list.map((c) => (c.uid === undefined ? `<UID of ${c.name}>` : String(c.uid))))];
    const value = [...(existing !== undefined && parsed?.ok ? [existing] : []), ...entries].join(';');
    const unset = list.filter((c) => c.uid === undefined).map((c) => c.name);
    const tooHigh = list.filter((c) => c.uid !== undefined && c.uid > MAX_EXCLUDABLE_UID).map((c) => c.name);
    return [
      unset.length > 0 ? `give ${listNames(unset)} a \`securityContext.runAsUser\`, then ` : '',
      `add the annotation \`${key}: "${value}"\``,
      tooHigh.length > 0 ? ` (kuma-init reads UIDs as 16-bit numbers, so ${listNames(tooHigh)} must run as a UID of at most ${MAX_EXCLUDABLE_UID})` : '',
    ].join('');
  };
  if (stranded.length > 0) {
    const how = input.cni
      ? 'with the Pod\'s traffic already redirected by the Kuma CNI'
      : 'after kuma-init has redirected the Pod\'s traffic';
    notes.push({
      severity: 'warning',
      code: 'INIT_CONTAINER_INTERCEPTED',
      field: annotationField(key),
      message: `init containers ${describe(stranded)} run ${how}, to a kuma-sidecar that only starts after them, so their network calls fail: ${suggestion(stranded)} to let them bypass the mesh, or use native sidecars (Kubernetes 1.29+), where they run behind a started kuma-sidecar`,
    });
  }
  if (viaSidecar.length > 0) {
    // The issue asks for a warning here too: their traffic is intercepted, which works but is subject to the mesh.
    notes.push({
      severity: 'warning',
      code: 'INIT_CONTAINER_INTERCEPTED',
      field: annotationField(key),
      message: `init containers ${describe(viaSidecar)} run behind the traffic redirection, after kuma-sidecar has started, so their traffic goes through the mesh (mTLS and traffic policies apply); for one that must bypass it, ${suggestion(viaSidecar)}`,
    });
  }
  return notes;
}

/** `kuma.io/wait-for-dataplane-ready` set to true: fragile in the legacy layout, without effect in the native one. */
export function waitForDataplaneReady(annotations: Readonly<Record<string, string>>, native: boolean): LifecycleNote[] {
  const key = ANNOTATION.waitForDataplaneReady;
  const value = annotations[key];
  const parsed = value === undefined ? undefined : parseBool(key, value);
  if (!parsed?.ok || !parsed.value) return [];
  if (native) {
    return [
      {
        severity: 'warning',
        code: 'WAIT_FOR_DATAPLANE_READY',
        field: annotationField(key),
        message: `\`${key}\` has no effect with native sidecars: Kubernetes already starts the application containers only once kuma-sidecar's startupProbe passes; remove the annotation`,
      },
    ];
  }
  return [
    {
      severity: 'info',
      code: 'WAIT_FOR_DATAPLANE_READY',
      field: annotationField(key),
      message: `\`${key}\` holds the application containers back only because kuma-sidecar is the first container and Kubernetes starts containers in order when one has a postStart hook; that order is undocumented, and another mutating webhook that reorders containers breaks it (native sidecars, Kubernetes 1.29+, order startup for real)`,
    },
  ];
}
