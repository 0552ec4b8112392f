/**
 * Test support for src/testing/conformance.ts (not part of the bundle): turns one of Kuma's Dataplane converter
 * cases into the ResourceList a real reconcile would see, and Kuma's golden into the expected Dataplane. Every
 * adaptation is named by the case's knobs, so that the case table in conformance.ts states all of them.
 */
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { parseYamlText, stringifyObjects } from '../krm/resource-list.ts';
import type { Behaviour } from '../kuma/releases.ts';

/**
 * What the harness adapts per release, because the release's Go test calls its converter in ways a reconcile
 * does not (taken from the release's switches, see conformance/dataplane.ts):
 * - `selectorlessServices`: Kuma's test hands the converter selector-less Services. From 2.9 the reconciler
 *   finds those through EndpointSlices, which the harness adds (`endpointSlices`). 2.7's reconciler matches
 *   only Services with a selector, so there the harness gives each selector-less Service the Pod's labels as its
 *   selector (`podLabelsSelector`); case 23's misspelled (so empty) selector then matches too, as in Kuma's test.
 * - `labels`: Kuma's 2.9 test checks the labels its converter sets, none; in a cluster the mesh defaulting
 *   webhook then adds mesh, origin, zone, env and namespace, so the expectation adds them (`defaulterOnly`).
 *   2.7's webhook does not default Dataplanes: nothing is added (`none`). From 2.11 the converter's (`converter`), and
 *   3.0's (`converter3`: `kuma.io/origin: zone` always set, zone and env added whatever the origin).
 */
export interface ReleaseHarness {
  readonly selectorlessServices: 'endpointSlices' | 'podLabelsSelector';
  readonly labels: Behaviour['dataplaneLabels'];
}

export const HARNESS_2_14: ReleaseHarness = { selectorlessServices: 'endpointSlices', labels: 'converter' };

export interface DataplaneCase {
  /** Case name: the fixture prefix (`01`, `update-dataplane`), with `serviceless/` or `pod_controller/`. */
  readonly name: string;
  readonly pod: string;
  /** Objects that are Go literals in Kuma's test (dataplane-inline-cases.ts), used instead of `pod`/`services`. */
  readonly inline?: { readonly pod: Json; readonly services: readonly Json[] };
  readonly services?: string;
  readonly otherDataplanes?: string;
  readonly otherServices?: string;
  readonly replicaSets?: string;
  readonly jobs?: string;
  readonly node?: string;
  readonly existing?: string;
  /** Kuma's golden Dataplane. */
  readonly dataplane?: string;
  readonly nodeLabelsToCopy?: readonly string[];
  readonly workloadLabels?: readonly string[];
  readonly inboundTagsDisabled?: boolean;
  /** `spec.meshServices.mode` of Mesh `default`; Exclusive unless stated, as in Kuma's test. */
  readonly meshServicesMode?: string;
  /** Outbounds are generated (kubeOutboundsAsVIPs=false) where the fixture gives other Dataplanes. */
  readonly outbounds?: boolean;
  /** Selector labels the reconciler ignores (`ignoredServiceSelectorLabels`), for Services that select only through them. */
  readonly ignoredServiceSelectorLabels?: readonly string[];
  /** Kuma's test passes Services in file order; the reconciler sorts them by name: the expected inbounds follow that. */
  readonly reconcilerOrder?: boolean;
  /** The error Kuma's converter returns (the run must fail with it). */
  readonly expectedError?: string;
  /** Service-less naming cases: the workload name Kuma's NameExtractor returns. */
  readonly expectedWorkload?: string;
  /** Reason the case cannot run through a reconcile; it is listed and skipped. */
  readonly excluded?: string;
}

type Json = Record<string, unknown>;

export function readFixtures(dir: URL, file: string): Json[] {
  const text = readFileSync(new URL(file, dir), 'utf8');
  return text
    .split(/^---\s*$/m)
    .map((doc) => parseYamlText(doc))
    .flatMap((parsed) => {
      if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
      return isObject(parsed.value) ? [parsed.value as Json] : [];
    });
}

/** Go's YAML loader turns scalar label and annotation values into strings; so does Kubernetes' API. */
function stringValues(map: unknown): Record<string, string> | undefined {
  if (!isObject(map)) return undefined;
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** Kuma's fixtures leave out `apiVersion` and `kind` where the Go test knows the type. */
const typed = (object: Json, apiVersion: string, kind: string): Json => ({ apiVersion, kind, ...object });

/**
 * Kubernetes requires container names, which Kuma's abbreviated fixtures leave out (kuma-inject rejects such a
 * Pod). Its Go test then matches a nameless container status to every nameless container; naming the containers
 * `container-<i>` and giving each a copy of the first nameless status keeps that readiness.
 */
export function withContainerNames(pod: Json): Json {
  const spec = (isObject(pod.spec) ? pod.spec : {}) as Json;
  const status = (isObject(pod.status) ? pod.status : {}) as Json;
  const statuses = Array.isArray(status.containerStatuses) ? (status.containerStatuses as Json[]) : [];
  const nameless = statuses.find((s) => typeof s.name !== 'string' || s.name === '');
  const copies: Json[] = [];
  const containers = (Array.isArray(spec.containers) ? (spec.containers as Json[]) : []).map((c, i) => {
    if (typeof c.name === 'string' && c.name !== '') return c;
    const name = `container-${i}`;
    if (nameless) copies.push({ ...nameless, name });
    return { ...c, name };
  });
  const named = statuses.filter((s) => s !== nameless && typeof s.name === 'string' && s.name !== '');
  const nextStatus = statuses.length > 0 ? { ...status, containerStatuses: [...named, ...copies] } : status;
  return { ...pod, spec: { ...spec, containers }, ...(isObject(pod.status) ? { status: nextStatus } : {}) };
}

/**
 * The fixture Pod as a running, injected Pod: `kuma.io/sidecar-injected: "true"` (the reconciler's gate, which
 * Kuma's test skips by calling the converter directly), a `kuma-sidecar` container when it has none (so that
 * kuma-inject leaves it alone, as the webhook leaves a Pod that has one) and a UID (for EndpointSlices).
 */
export function runningPod(fixture: Json): Json {
  const pod = structuredClone(fixture);
  const metadata = (isObject(pod.metadata) ? pod.metadata : {}) as Json;
  const labels = stringValues(metadata.labels);
  if (labels) metadata.labels = labels;
  metadata.annotations = { ...stringValues(metadata.annotations), 'kuma.io/sidecar-injected': 'true' };
  if (typeof metadata.uid !== 'string') metadata.uid = `${String(metadata.namespace)}-${String(metadata.name)}-uid`;
  const spec = (isObject(pod.spec) ? pod.spec : {}) as Json;
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  const all = [...containers, ...(Array.isArray(spec.initContainers) ? spec.initContainers : [])];
  if (!all.some((c) => isObject(c) && c.name === 'kuma-sidecar')) spec.containers = [...containers, { name: 'kuma-sidecar', image: 'kuma-dp' }];
  return typed(withContainerNames({ ...pod, metadata, spec }), 'v1', 'Pod');
}

/** An EndpointSlice that names the Pod, the way Kubernetes ties a selector-less Service to it. */
export function endpointSliceFor(service: Json, pod: Json): Json {
  const svc = service.metadata as Json;
  const meta = pod.metadata as Json;
  const status = (isObject(pod.status) ? pod.status : {}) as Json;
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${String(svc.name)}-conformance`, namespace: svc.namespace, labels: { 'kubernetes.io/service-name': svc.name } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [status.podIP ?? '10.0.0.1'], targetRef: { kind: 'Pod', name: meta.name, namespace: meta.namespace, uid: meta.uid } }],
  };
}

export interface PreparedCase {
  readonly items: Json[];
  /** Services moved into the Pod's namespace: `name` → namespace it came from. */
  readonly moved: ReadonlyMap<string, string>;
  readonly pod: Json;
}

/**
 * The items of a converter case. Kuma's test hands the converter "the Services for the Pod", some selector-less
 * and some from another namespace; a reconcile finds them only through EndpointSlices and in the Pod's own
 * namespace, so those are given EndpointSlices and moved (the expectation follows, see `expectedDataplane`).
 */
export function prepareCase(dir: URL, c: DataplaneCase, harness: ReleaseHarness = HARNESS_2_14): PreparedCase {
  const pod = runningPod(c.inline ? c.inline.pod : readFixtures(dir, c.pod)[0]!);
  const podMeta = pod.metadata as Json;
  const namespace = String(podMeta.namespace);
  const moved = new Map<string, string>();
  const items: Json[] = [pod, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }];
  items.push({ apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', metadata: { name: 'default' }, spec: { meshServices: { mode: c.meshServicesMode ?? 'Exclusive' } } });
  for (const fixture of c.inline ? c.inline.services : c.services ? readFixtures(dir, c.services) : []) {
    const service = typed(structuredClone(fixture), 'v1', 'Service');
    const meta = service.metadata as Json;
    if (meta.namespace !== namespace) {
      moved.set(String(meta.name), String(meta.namespace));
      meta.namespace = namespace;
    }
    const spec = (isObject(service.spec) ? service.spec : {}) as Json;
    service.spec = spec;
    items.push(service);
    if (isObject(spec.selector) && Object.keys(spec.selector).length > 0) continue;
    if (harness.selectorlessServices === 'endpointSlices') items.push(endpointSliceFor(service, pod));
    else spec.selector = { ...(podMeta.labels as Json) };
  }
  for (const file of [c.otherServices, c.otherDataplanes, c.replicaSets, c.jobs, c.node]) {
    if (file) items.push(...readFixtures(dir, file));
  }
  if (c.existing) {
    // Kuma's test updates the object it is given; a reconcile finds the Dataplane by the Pod's name.
    const existing = structuredClone(readFixtures(dir, c.existing)[0]!);
    existing.metadata = { ...(existing.metadata as Json), name: podMeta.name, namespace };
    items.push(existing);
  }
  return { items, moved, pod };
}

/** The functionConfig of a converter case: the knobs of Kuma's test, zone `zone-1`. */
export function caseConfig(c: DataplaneCase, kumaVersion: string): Json {
  return {
    apiVersion: 'kuma-inject.dev/v1alpha1',
    kind: 'KumaInject',
    metadata: { name: `dataplane-${c.name}` },
    spec: {
      kumaVersion,
      controlPlane: {
        mode: 'zone',
        multizone: { zone: { name: 'zone-1' } },
        // Keys a release may not have are sent only when the case sets them (else: a warning that it ignores
        // them); main has no `experimental` section at all.
        ...(c.outbounds || c.inboundTagsDisabled ? { experimental: { kubeOutboundsAsVIPs: !c.outbounds, ...(c.inboundTagsDisabled ? { inboundTagsDisabled: true } : {}) } } : {}),
        runtime: {
          kubernetes: {
            ...(c.workloadLabels ? { workloadLabels: [...c.workloadLabels] } : {}),
            injector: { nodeLabelsToCopy: [...(c.nodeLabelsToCopy ?? [])], ignoredServiceSelectorLabels: [...(c.ignoredServiceSelectorLabels ?? [])] },
          },
        },
      },
    },
  };
}

export const resourceListOf = (items: readonly unknown[], functionConfig: Json): string =>
  stringifyObjects([{ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }]);

/**
 * Kuma's golden as this reconcile writes it. Kuma's test leaves the CP mode unset; a kuma-cp always has one, and
 * in zone mode Compute adds `kuma.io/origin`, `kuma.io/zone` and `kuma.io/env` when absent (the pod_controller
 * goldens show them). Moved Services carry the Pod's namespace in `kuma.io/service`.
 */
export function expectedDataplane(golden: Json, c: DataplaneCase, prepared: PreparedCase, harness: ReleaseHarness = HARNESS_2_14): Json {
  const expected = structuredClone(golden);
  const metadata = (isObject(expected.metadata) ? expected.metadata : {}) as Json;
  const labels = { ...(isObject(metadata.labels) ? (metadata.labels as Record<string, string>) : {}) };
  const namespace = String((prepared.pod.metadata as Json).namespace);
  // 3.0's Compute sets the origin in zone mode and adds zone and env whatever the origin.
  const v3 = harness.labels === 'converter3';
  if (harness.labels !== 'none') {
    if (v3) labels['kuma.io/origin'] = 'zone';
    else labels['kuma.io/origin'] ??= 'zone';
    if (v3 || labels['kuma.io/origin'] !== 'global') {
      labels['kuma.io/zone'] ??= 'zone-1';
      labels['kuma.io/env'] ??= 'kubernetes';
    }
  }
  if (harness.labels === 'defaulterOnly') {
    labels['kuma.io/mesh'] ??= String(expected.mesh ?? 'default');
    labels['k8s.kuma.io/namespace'] ??= namespace;
  }
  const retag = (tags: unknown): void => {
    if (!isObject(tags) || typeof tags['kuma.io/service'] !== 'string') return;
    for (const [name, from] of prepared.moved) {
      const prefix = `${name}_${from}_svc`;
      if (tags['kuma.io/service'].startsWith(prefix)) tags['kuma.io/service'] = `${name}_${namespace}_svc${tags['kuma.io/service'].slice(prefix.length)}`;
    }
  };
  const spec = (isObject(expected.spec) ? expected.spec : {}) as Json;
  const networking = (isObject(spec.networking) ? spec.networking : {}) as Json;
  const inbound = Array.isArray(networking.inbound) ? (networking.inbound as JsonObject[]) : [];
  for (const entry of inbound) retag(entry.tags);
  if (isObject(networking.gateway)) retag(networking.gateway.tags);
  if (c.reconcilerOrder) {
    const byName = (nameOf: (e: JsonObject) => string) => (a: JsonObject, b: JsonObject) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0);
    if (inbound.length > 0) networking.inbound = [...inbound].sort(byName((e) => String(isObject(e.tags) ? e.tags['k8s.kuma.io/service-name'] : '')));
    if (Array.isArray(networking.listeners)) {
      const owner = listenerServices(prepared.items);
      networking.listeners = [...(networking.listeners as JsonObject[])].sort(byName((l) => owner.get(`${String(l.type)}/${String(l.name)}`) ?? ''));
    }
  }
  // A Dataplane without labels has no `labels` key at all.
  return { mesh: expected.mesh, metadata: { labels: Object.keys(labels).length > 0 ? labels : undefined }, spec };
}

/** Which zone-proxy Service each listener (`<type>/<name>`) comes from, to put listeners in the Services' order. */
function listenerServices(items: readonly Json[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of items) {
    const meta = (isObject(item.metadata) ? item.metadata : {}) as Json;
    const proxyType = isObject(meta.labels) ? meta.labels['k8s.kuma.io/zone-proxy-type'] : undefined;
    if (item.kind !== 'Service' || typeof proxyType !== 'string') continue;
    const type = proxyType === 'ingress' ? 'ZoneIngress' : 'ZoneEgress';
    const ports = isObject(item.spec) && Array.isArray(item.spec.ports) ? item.spec.ports.filter(isObject) : [];
    for (const port of ports) out.set(`${type}/${String(port.name || port.port)}`, String(meta.name));
  }
  return out;
}

/** The part of an emitted Dataplane that Kuma's converter test checks: mesh, labels and spec. */
export const converterView = (dataplane: Json): Json => ({
  mesh: dataplane.mesh,
  metadata: { labels: isObject(dataplane.metadata) ? dataplane.metadata.labels : undefined },
  spec: dataplane.spec,
});
