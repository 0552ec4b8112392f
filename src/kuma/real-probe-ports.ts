/**
 * The ports kubelet probes on the application containers (Kuma 3.0's RealProbePorts): from 3.0, with the
 * application probe proxy off, these are excluded from inbound redirection so that probes need no mTLS.
 */
import type { JsonObject } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { SIDECAR_NAME } from './metadata.ts';
import { resolveNamedPort } from './probes.ts';

const PROBE_KEYS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** Go's intstr.IntValue(): a number, or a string that parses as one, else 0. */
function intValue(port: unknown): number {
  if (typeof port === 'number') return Math.trunc(port);
  if (typeof port === 'string' && /^[+-]?\d+$/.test(port)) return Number(port);
  return 0;
}

/** The port a probe targets: httpGet/tcpSocket (a number or a name of the container's ports), grpc; exec has none. */
function probePort(container: JsonObject, probe: JsonObject): number | undefined {
  if (isObject(probe.grpc)) return intValue(probe.grpc.port);
  const handler = isObject(probe.httpGet) ? probe.httpGet : isObject(probe.tcpSocket) ? probe.tcpSocket : undefined;
  if (!handler) return undefined;
  const resolved = intValue(resolveNamedPort(container, handler.port));
  return resolved !== 0 ? resolved : undefined;
}

/**
 * The probe ports of the pod spec as the webhook sees it before kuma-sidecar is placed: the application
 * containers (and native sidecars after a kuma-sidecar, which a spec to inject has none of), de-duplicated and
 * sorted ascending.
 */
export function realProbePorts(spec: JsonObject): number[] {
  const containers: JsonObject[] = [];
  let afterSidecar = false;
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers.filter(isObject) : []) {
    if (c.name === SIDECAR_NAME) afterSidecar = true;
    else if (afterSidecar && c.restartPolicy === 'Always') containers.push(c);
  }
  for (const c of Array.isArray(spec.containers) ? spec.containers.filter(isObject) : []) if (c.name !== SIDECAR_NAME) containers.push(c);
  const seen = new Set<number>();
  for (const container of containers) {
    for (const key of PROBE_KEYS) {
      const probe = container[key];
      if (!isObject(probe)) continue;
      const port = probePort(container, probe);
      if (port !== undefined) seen.add(port);
    }
  }
  return [...seen].sort((a, b) => a - b);
}
