/**
 * `networking.outbound`, only generated when kuma-cp's `experimental.kubeOutboundsAsVIPs` is off (spec §11.7):
 * one per `kuma.io/service` that other Dataplanes of the mesh offer, at its Service's ClusterIP, or one per
 * endpoint for a headless Service. The catalog of endpoints is built once per mesh, not once per Pod.
 */
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { isObject } from '../krm/object.ts';
import { type InputIndex, nsKey } from './inputs.ts';
import { isExternalName, isHeadless, serviceSpec } from './services.ts';
import { compareStrings, pushTo } from './sorted.ts';

export interface Outbound {
  address?: string;
  port?: number;
  tags: Record<string, string>;
}

interface Endpoint {
  /** The Dataplane that offers it, `namespace/name`. */
  readonly owner: string;
  readonly address: string;
  readonly port: number;
  readonly instance: string;
}

function endpointsOf(owner: string, dataplane: KubeObject): Array<[string, Endpoint]> {
  const spec = isObject(dataplane.spec) ? dataplane.spec : {};
  const networking: JsonObject = isObject(spec.networking) ? spec.networking : {};
  const out: Array<[string, Endpoint]> = [];
  for (const inbound of Array.isArray(networking.inbound) ? networking.inbound.filter(isObject) : []) {
    // An Ignored inbound offers nothing.
    if (inbound.state === 'Ignored') continue;
    const tags = isObject(inbound.tags) ? inbound.tags : {};
    const service = tags['kuma.io/service'];
    if (typeof service !== 'string') continue;
    const address = typeof inbound.address === 'string' && inbound.address !== '' ? inbound.address : String(networking.address ?? '');
    const instance = typeof tags['kuma.io/instance'] === 'string' ? tags['kuma.io/instance'] : '';
    out.push([service, { owner, address, port: typeof inbound.port === 'number' ? inbound.port : 0, instance }]);
  }
  return out;
}

interface Offer {
  readonly tag: string;
  readonly service: KubeObject;
  readonly port: number;
  /** In the API server's list order (namespace/name). */
  readonly endpoints: Endpoint[];
}

/** The services one mesh's Dataplanes offer, resolved to their Services and sorted by tag, built once per mesh. */
export type Catalog = readonly Offer[];

/** `dataplanes`: `namespace/name` → Dataplane, all of one mesh. Tags without a Service in the input are dropped. */
export function catalogOf(dataplanes: ReadonlyMap<string, KubeObject>, index: InputIndex): Catalog {
  const byTag = new Map<string, Endpoint[]>();
  for (const id of [...dataplanes.keys()].sort(compareStrings)) {
    for (const [tag, endpoint] of endpointsOf(id, dataplanes.get(id)!)) pushTo(byTag, tag, endpoint);
  }
  return [...byTag.keys()].sort(compareStrings).flatMap((tag): Offer[] => {
    const service = serviceOfTag(tag, index);
    return service ? [{ tag, ...service, endpoints: byTag.get(tag)! }] : [];
  });
}

/** `<name>_<namespace>_svc_<port>`; a tag without a port is service-less and has no outbound. */
function parseServiceTag(tag: string): { name: string; namespace: string; port: number } | undefined {
  const segments = tag.split('_');
  if (segments.length !== 4 || !/^[+-]?\d+$/.test(segments[3]!)) return undefined;
  const port = Number(segments[3]);
  if (port > 2147483647 || port < -2147483648) return undefined;
  return { name: segments[0]!, namespace: segments[1]!, port: port >>> 0 };
}

/** The Service a tag names, unless it is service-less, unknown or ExternalName (which get no outbound). */
function serviceOfTag(tag: string, index: InputIndex): { service: KubeObject; port: number } | undefined {
  const parsed = parseServiceTag(tag);
  const service = parsed && index.services.get(nsKey(parsed.namespace, parsed.name));
  return parsed && service && !isExternalName(service) ? { service, port: parsed.port } : undefined;
}

export interface OutboundSelf {
  /** `namespace/name` of the Dataplane being built: its entries in the catalog are left out... */
  readonly id: string;
  /** ...and the Dataplane of that name the input already has (not a preview) stands in, as the reconciler sees it. */
  readonly current?: KubeObject;
  /** The Pod's own IP, when known: a headless endpoint at it would clash with the Pod's inbound. */
  readonly podIP?: string;
  readonly reachableServices?: readonly string[];
}

export function outboundsFor(catalog: Catalog, self: OutboundSelf, index: InputIndex): Outbound[] {
  const own = new Map<string, Endpoint[]>();
  for (const [tag, endpoint] of self.current ? endpointsOf(self.id, self.current) : []) pushTo(own, tag, endpoint);
  // Its current Dataplane may offer a tag the catalog lacks: merge those in, in tag order.
  const known = own.size > 0 ? new Set(catalog.map((o) => o.tag)) : new Set<string>();
  const extra = [...own.keys()].filter((tag) => !known.has(tag)).flatMap((tag): Offer[] => {
    const service = serviceOfTag(tag, index);
    return service ? [{ tag, ...service, endpoints: [] }] : [];
  });
  const offers = extra.length ? [...catalog, ...extra].sort((a, b) => compareStrings(a.tag, b.tag)) : catalog;
  const reachable = self.reachableServices && self.reachableServices.length > 0 ? new Set(self.reachableServices) : undefined;
  const out: Outbound[] = [];
  for (const { tag, service, port, endpoints } of offers) {
    if (reachable && !reachable.has(tag)) continue;
    const mine = own.get(tag) ?? [];
    if (isHeadless(service)) {
      for (const endpoint of [...endpoints.filter((e) => e.owner !== self.id), ...mine]) {
        // Its own endpoint would clash with its inbound.
        if (self.podIP !== undefined && endpoint.address === self.podIP) continue;
        out.push({
          ...(endpoint.address ? { address: endpoint.address } : {}),
          ...(endpoint.port ? { port: endpoint.port } : {}),
          tags: { 'kuma.io/instance': endpoint.instance, 'kuma.io/service': tag },
        });
      }
    } else if (mine.length > 0 || endpoints.some((e) => e.owner !== self.id)) {
      const clusterIP = serviceSpec(service).clusterIP;
      out.push({
        ...(typeof clusterIP === 'string' && clusterIP !== '' ? { address: clusterIP } : {}),
        ...(port ? { port } : {}),
        tags: { 'kuma.io/service': tag },
      });
    }
  }
  return out;
}
