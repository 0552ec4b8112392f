/**
 * Test support for src/testing/conformance.ts: the reconciles of Kuma main's (348b6528) pod_controller_test.go.
 * The cluster is 2.14.3's (dataplane-pod-controller-cases.ts) with main's changes: the Pods name their mesh with
 * the `kuma.io/mesh` *label*, Mesh `poc` has `meshServices.mode: Disabled`, and the Dataplanes the tests create
 * beforehand are main's (no inbound tags, `protocol: http`, no outbounds, no `kuma.io/proxy-type` label).
 */
import { POD_CONTROLLER_CASES, type PodControllerCase } from './dataplane-pod-controller-cases.ts';

type Json = Record<string, unknown>;

const MAIN_EXISTING_SPEC: Json = {
  networking: {
    address: '192.168.0.1',
    admin: { port: 9999 },
    inbound: [{ port: 8080, health: {}, state: 'NotReady', protocol: 'http' }],
  },
};

function mainItem(item: Json, caseName: string): Json {
  const metadata = (item.metadata ?? {}) as Json;
  if (item.kind === 'Pod') {
    const { 'kuma.io/mesh': mesh, ...annotations } = (metadata.annotations ?? {}) as Record<string, string>;
    return { ...item, metadata: { ...metadata, annotations, labels: { ...(metadata.labels as Json), 'kuma.io/mesh': mesh } } };
  }
  if (item.kind === 'Mesh' && metadata.name === 'poc') return { ...item, spec: { meshServices: { mode: 'Disabled' } } };
  if (item.kind === 'Dataplane' && metadata.name === 'pod-with-custom-admin-port') {
    const spec = structuredClone(MAIN_EXISTING_SPEC);
    // "should update Dataplane if labels were added" creates it without the admin port and without labels.
    if (caseName === 'dataplane-updated-on-label-add') delete (spec.networking as Json).admin;
    const labels = { ...((metadata.labels ?? {}) as Record<string, string>) };
    delete labels['kuma.io/proxy-type'];
    return { ...item, metadata: { ...metadata, ...(metadata.labels ? { labels } : {}) }, spec };
  }
  return item;
}

export const POD_CONTROLLER_CASES_MAIN: readonly PodControllerCase[] = POD_CONTROLLER_CASES.map((c) => ({
  ...c,
  items: c.items.map((item) => mainItem(item, c.name)),
}));
