/**
 * The Dataplane transform (spec §11): for every injected pod template, the Dataplane Kuma's Pod reconciler would
 * create, upserted in place by identity; previews this function generated earlier for workloads that are gone
 * are removed, and Dataplanes it did not generate are never removed. Then the mesh-wide lints and, optionally,
 * the Service annotations kuma-cp writes. The conversion itself lives in src/dataplane/.
 */
import type { KubeObject } from '../krm/object.ts';
import { identityOf, isKind, isLocalConfig } from '../krm/object.ts';
import type { Result } from '../krm/result.ts';
import { error, info, warning } from '../krm/result.ts';
import { InjectionFailure } from '../kuma/failure.ts';
import { namespaceFromObject } from '../kuma/precheck.ts';
import type { Settings } from '../settings.ts';
import type { Behaviour } from '../kuma/releases.ts';
import type { PodView } from '../dataplane/pod.ts';
import { injectedPods, skipReason } from '../dataplane/collect.ts';
import { type Conversion, type ConverterSettings, convertPod, meshOf } from '../dataplane/convert.ts';
import { type InputIndex, indexInputs, nsKey } from '../dataplane/inputs.ts';
import { lintDirectAccess, DIRECT_ACCESS } from '../dataplane/lint-direct-access.ts';
import { lintNamespaces } from '../dataplane/lint-namespaces.ts';
import { type Provided, addDataplane, emptyProvided, lintPolicies, meshOfResource } from '../dataplane/lint-policies.ts';
import { type ObjectOptions, dataplaneObject, isGenerated } from '../dataplane/objects.ts';
import { type Catalog, type Outbound, catalogOf, outboundsFor } from '../dataplane/outbounds.ts';
import { withServiceUpstream } from '../dataplane/service-upstream.ts';
import { serviceMatcher } from '../dataplane/services.ts';
import type { TransformOutput } from './transform.ts';
import { own } from '../user-keys.ts';

const idOf = (object: KubeObject): string => nsKey(identityOf(object).namespace ?? 'default', identityOf(object).name);
const meshField = (object: KubeObject): string => (typeof object.mesh === 'string' ? object.mesh : '');

/** Outbounds, when kuma-cp does not use VIPs: from the Dataplanes as they will be once every Pod is reconciled. */
function allOutbounds(conversions: readonly Conversion[], index: InputIndex): Map<string, Outbound[]> {
  const users = [...index.dataplanes.values()].map((d) => d.object).filter((d) => !isGenerated(d));
  const state = new Map<string, { mesh: string; object: KubeObject }>();
  for (const object of users) state.set(idOf(object), { mesh: meshField(object), object });
  for (const c of conversions) state.set(nsKey(c.pod.namespace, c.pod.name), { mesh: c.mesh, object: { spec: c.spec } });
  const byMesh = new Map<string, Map<string, KubeObject>>();
  for (const [id, { mesh, object }] of state) byMesh.set(mesh, (byMesh.get(mesh) ?? new Map()).set(id, object));
  const catalogs = new Map<string, Catalog>([...byMesh].map(([mesh, dataplanes]) => [mesh, catalogOf(dataplanes, index)]));
  const current = new Map(users.map((object) => [idOf(object), object]));
  const out = new Map<string, Outbound[]>();
  for (const c of conversions) {
    const id = nsKey(c.pod.namespace, c.pod.name);
    const own = current.get(id);
    out.set(
      id,
      outboundsFor(
        catalogs.get(c.mesh) ?? [],
        {
          id,
          ...(own && meshField(own) === c.mesh ? { current: own } : {}),
          ...(c.podIP !== undefined ? { podIP: c.podIP } : {}),
          ...(c.reachableServices ? { reachableServices: c.reachableServices } : {}),
        },
        index,
      ),
    );
  }
  return out;
}

/** What the Dataplanes of each mesh provide: the ones this run produces, and the input's it did not generate. */
function providedByMesh(items: readonly KubeObject[], conversions: readonly Conversion[], produced: readonly KubeObject[], index: InputIndex): Map<string, Provided> {
  const provided = new Map<string, Provided>();
  const of = (mesh: string): Provided => provided.get(mesh) ?? provided.set(mesh, emptyProvided()).get(mesh)!;
  const users = [...index.dataplanes.values()].map((d) => d.object).filter((d) => !isGenerated(d));
  for (const object of [...users, ...produced]) addDataplane(of(meshField(object)), object);
  // With inbound tags disabled, the Services a Pod backs are known from the conversion only.
  for (const c of conversions) for (const service of c.services) of(c.mesh).meshServices.add(service);
  for (const object of items) if (isKind(object, 'kuma.io', 'MeshService')) provided.get(meshOfResource(object))?.meshServices.add(idOf(object));
  return provided;
}

function lints(items: readonly KubeObject[], pods: readonly PodView[], provided: ReadonlyMap<string, Provided>, namespaceOf: NamespaceLookup, meshSource: Behaviour['meshSource']): Result[] {
  for (const object of items) if (isKind(object, 'kuma.io', 'MeshService')) provided.get(meshOfResource(object))?.meshServices.add(idOf(object));
  const injected = pods.map((pod) => ({ workload: pod.source, namespace: pod.namespace, mesh: meshOf(pod, namespaceOf(pod.namespace).view, meshSource) }));
  const direct = pods
    .filter((pod) => pod.annotations[DIRECT_ACCESS] !== undefined)
    .map((pod) => ({ workload: pod.source, fieldPrefix: pod.fieldPrefix, value: pod.annotations[DIRECT_ACCESS]!, mesh: meshOf(pod, namespaceOf(pod.namespace).view, meshSource) }));
  return [
    ...lintNamespaces(injected, namespaceOf),
    ...lintPolicies(items, provided),
    ...lintDirectAccess(direct, (mesh) => provided.get(mesh)?.services ?? new Set()),
  ];
}

type NamespaceLookup = (name: string) => { view: ReturnType<typeof namespaceFromObject>; object: KubeObject | undefined };

export function generateDataplanes(items: readonly KubeObject[], settings: Settings): TransformOutput {
  const config = settings.spec.dataplanes;
  const cp = settings.controlPlane;
  const results: Result[] = [];
  const index = indexInputs(items);
  const namespaceOf: NamespaceLookup = (name) => ({
    view: namespaceFromObject(name, index.namespaces.get(name), own(settings.spec.namespaces, name)),
    object: index.namespaces.get(name),
  });
  const { behaviour } = settings.release;
  // Releases without the key always write inbound tags (the settings warn that the key is ignored).
  const inboundTagsDisabled = behaviour.inboundTagsDisabledKey && cp.experimental.inboundTagsDisabled;
  const converter: ConverterSettings = {
    zone: cp.multizone.zone.name,
    inboundTagsDisabled,
    nodeLabelsToCopy: settings.injector.nodeLabelsToCopy,
    placeholderAddress: config.placeholderAddress,
    behaviour,
  };
  const pods = injectedPods(items, settings);
  const inputs = { index, matcher: serviceMatcher(index, settings.injector.ignoredServiceSelectorLabels) };
  const conversions: Conversion[] = [];
  const byId = new Map<string, Conversion>();
  const skipped: string[] = [];
  let failed = 0;
  // A global control plane runs no Pod reconciler: Dataplanes come from the zones.
  for (const pod of cp.mode === 'zone' ? pods : []) {
    const reason = skipReason(pod, index, behaviour.zoneProxyAndBuiltinGatewayPodsArePlainDataplanes);
    if (reason) {
      skipped.push(reason);
      continue;
    }
    const id = nsKey(pod.namespace, pod.name);
    const clash = byId.get(id);
    if (clash) {
      results.push(warning('DATAPLANE_NAME_CONFLICT', `no Dataplane preview: ${String(clash.pod.source.kind)} ${identityOf(clash.pod.source).name} already has the Dataplane "${id}"`, pod.source));
      continue;
    }
    try {
      const conversion = convertPod(pod, namespaceOf(pod.namespace).view, inputs, converter);
      conversions.push(conversion);
      byId.set(id, conversion);
      if (conversion.missingOwner && config.mode !== 'off') {
        const { kind, name } = conversion.missingOwner;
        results.push(warning('DATAPLANE_OWNER_MISSING', `the Pod's owner ${kind} "${name}" is not in the input, so its workload name is taken as "${name}": add the ${kind} to name it as kuma-cp would`, pod.source, { field: 'metadata.ownerReferences' }));
      }
    } catch (caught) {
      if (!(caught instanceof InjectionFailure)) throw caught;
      failed++;
      // With previews off, a Dataplane that cannot be built is nobody's concern here.
      if (config.mode === 'off') continue;
      const field = caught.field ? { field: `${pod.fieldPrefix}${caught.field}` } : {};
      results.push(error('DATAPLANE_FAILED', `kuma-cp could not create the Dataplane "${id}", so the Pod would never join the mesh: ${caught.message}`, pod.source, field));
    }
  }
  const outbounds = cp.experimental.kubeOutboundsAsVIPs || behaviour.noDataplaneOutbounds ? new Map<string, Outbound[]>() : allOutbounds(conversions, index);
  const options: ObjectOptions = {
    mode: config.mode === 'unmarked' ? 'unmarked' : 'preview',
    folder: config.folder,
    cpMode: cp.mode,
    zone: cp.multizone.zone.name,
    inboundTagsDisabled,
    workloadLabels: cp.runtime.kubernetes.workloadLabels,
    behaviour,
  };
  const produced = new Map<string, KubeObject>();
  for (const c of conversions) {
    const id = nsKey(c.pod.namespace, c.pod.name);
    const existing = index.dataplanes.get(id)?.object;
    produced.set(id, dataplaneObject(c, outbounds.get(id), existing, options));
    if (existing && !isGenerated(existing) && config.mode !== 'off') {
      results.push(info('DATAPLANE_MERGED', 'this Dataplane was not generated by kuma-inject: it is updated as kuma-cp would update it (labels merged, other metadata kept) and never removed', existing));
    }
  }
  const counts = { new: 0, updated: 0, unchanged: 0, removed: 0 };
  const emit = config.mode !== 'off';
  const out = items.map((object, i): KubeObject | null => {
    if (isKind(object, 'kuma.io', 'Dataplane') && index.dataplanes.get(idOf(object))?.index === i) {
      const next = produced.get(idOf(object));
      if (next && (emit || !isGenerated(object))) {
        if (!emit) return object;
        counts[next === object ? 'unchanged' : 'updated']++;
        return next;
      }
      if (isGenerated(object)) {
        counts.removed++;
        return null;
      }
      return object;
    }
    if (config.mirrorServiceAnnotations && isKind(object, '', 'Service') && !isLocalConfig(object)) {
      return withServiceUpstream(object, (name) => namespaceOf(name).view);
    }
    return object;
  });
  const added = emit ? [...produced].filter(([id]) => !index.dataplanes.has(id)).map(([, object]) => object) : [];
  counts.new = added.length;
  if (config.lint) results.push(...lints(items, pods, providedByMesh(items, conversions, [...produced.values()], index), namespaceOf, behaviour.meshSource));
  const total = counts.new + counts.updated + counts.unchanged + counts.removed + skipped.length + failed;
  if (total > 0) {
    const parts = [`${counts.new} new`, `${counts.updated} updated`, `${counts.unchanged} unchanged`, `${counts.removed} removed`];
    if (failed) parts.push(`${failed} failed`);
    const notes = skipped.length ? `; none for ${skipped.length} Pod${skipped.length === 1 ? '' : 's'}: ${[...new Set(skipped)].join(', ')}` : '';
    results.push(info('DATAPLANE_GENERATED', `Dataplanes (${config.mode}): ${parts.join(', ')}${notes}`));
  }
  return { items: out, added, results };
}
