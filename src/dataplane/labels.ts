/**
 * The Dataplane's `metadata.labels`, as Kuma v2.14.3 computes them (pkg/core/resources/labels, spec §11.3):
 * existing labels, then all Pod labels, then the computed ones. The proxy-type and listener labels are computed
 * from the spec the Dataplane had before this update (Kuma's own order), so a new one has no listener labels.
 */
import type { JsonObject } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { sortedMap } from './sorted.ts';

export interface LabelOptions {
  readonly mesh: string;
  readonly namespace: string;
  readonly mode: 'zone' | 'global';
  readonly zone: string;
  readonly serviceAccount: string;
  readonly workload: string;
  /** `spec` of the Dataplane being updated; `{}` for a new one. */
  readonly previousSpec: JsonObject;
  /**
   * Set from 3.0 (its Compute): the `kuma.io/display-name` (the Dataplane's name), and with it 3.0's rules:
   * origin overwritten in zone mode, zone and env added even over a global origin, no `kuma.io/proxy-type`.
   */
  readonly displayName?: string;
}

function listenerTypes(spec: JsonObject): Set<string> {
  const networking = isObject(spec.networking) ? spec.networking : {};
  const listeners = Array.isArray(networking.listeners) ? networking.listeners.filter(isObject) : [];
  return new Set(listeners.map((l) => String(l.type ?? '')));
}

function proxyType(spec: JsonObject): string {
  const networking = isObject(spec.networking) ? spec.networking : {};
  const gateway = isObject(networking.gateway) ? networking.gateway : undefined;
  return gateway?.type === 'BUILTIN' ? 'gateway' : 'sidecar';
}

export type DefaulterOptions = Pick<LabelOptions, 'mesh' | 'namespace' | 'mode' | 'zone' | 'displayName'>;

/**
 * The labels every release computes for a mesh-scoped resource, each only when absent: mesh, origin, zone and
 * env (zone mode), namespace (locally originated). In 2.9 this is all a Dataplane gets, from the defaulting
 * webhook, on top of the labels it already has (BEHAVIOUR.dataplaneLabels `defaulterOnly`).
 */
export function defaulterLabels(existing: Readonly<Record<string, string>>, options: DefaulterOptions): Record<string, string> {
  const labels: Record<string, string> = { ...existing };
  const setIfAbsent = (key: string, value: string): void => {
    if (!Object.hasOwn(labels, key)) labels[key] = value;
  };
  const v3 = options.displayName !== undefined;
  if (v3) labels['kuma.io/display-name'] = options.displayName!;
  setIfAbsent('kuma.io/mesh', options.mesh || 'default');
  if (v3) {
    labels['kuma.io/origin'] = options.mode;
    if (options.mode === 'zone') {
      setIfAbsent('kuma.io/zone', options.zone);
      setIfAbsent('kuma.io/env', 'kubernetes');
    }
  } else if (options.mode === 'zone') {
    setIfAbsent('kuma.io/origin', 'zone');
    if (labels['kuma.io/origin'] !== 'global') {
      setIfAbsent('kuma.io/zone', options.zone);
      setIfAbsent('kuma.io/env', 'kubernetes');
    }
  }
  const origin = labels['kuma.io/origin'];
  const locallyOriginated = origin === undefined || origin === (options.mode === 'zone' ? 'zone' : 'global');
  if (options.namespace !== '' && locallyOriginated) setIfAbsent('k8s.kuma.io/namespace', options.namespace);
  return sortedMap(labels);
}

/**
 * The converter's labels (2.11+): the defaulter's, the proxy type and listeners, the ServiceAccount and workload.
 * 3.0 (`displayName` set) deletes the proxy type instead.
 */
export function dataplaneLabels(merged: Readonly<Record<string, string>>, options: LabelOptions): Record<string, string> {
  const labels = defaulterLabels(merged, options);
  if (options.displayName !== undefined) delete labels['kuma.io/proxy-type'];
  else labels['kuma.io/proxy-type'] = proxyType(options.previousSpec);
  const types = listenerTypes(options.previousSpec);
  for (const [type, key] of [
    ['ZoneIngress', 'kuma.io/listener-zoneingress'],
    ['ZoneEgress', 'kuma.io/listener-zoneegress'],
  ] as const) {
    if (types.has(type)) labels[key] = 'enabled';
    else delete labels[key];
  }
  if (options.serviceAccount !== '') labels['k8s.kuma.io/service-account'] = options.serviceAccount;
  if (options.workload !== '') labels['kuma.io/workload'] = options.workload;
  return sortedMap(labels);
}

/** `kuma.io/workload`: the first configured Pod label with a value, else the ServiceAccount. */
export function workloadName(labels: Readonly<Record<string, string>>, workloadLabels: readonly string[], serviceAccount: string): string {
  for (const key of workloadLabels) {
    const value = labels[key];
    if (value) return value;
  }
  return serviceAccount;
}
