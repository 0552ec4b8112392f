/**
 * The Kuma releases kuma-inject models, and everything each one does differently: one table of behaviour
 * switches (what the webhook and the Pod converter do) and one of kuma-cp defaults. Each minor release behaves as
 * its last patch tag (`tag`), read from Kuma's source and fixtures at that tag. The injector and the converter are
 * one code base that reads `release.behaviour`; no code is copied per release.
 *
 * A switch is a step function over the releases in order: `steps(['2.7', a], ['2.12', b])` is `a` for 2.7 to
 * 2.11 and `b` from 2.12 on. So "what does 2.12 do differently?" is answered by reading down BEHAVIOUR.
 */

/** The releases, oldest first. `3.0-preview` is Kuma's main branch, the coming 3.0. */
export const MINORS = ['2.7', '2.9', '2.11', '2.12', '2.13', '2.14', '3.0-preview'] as const;
export type Minor = (typeof MINORS)[number];
export const NEWEST_STABLE: Minor = '2.14';

export interface ReleaseTag {
  readonly minor: Minor;
  /** The modelled patch release, as users write it. */
  readonly version: string;
  /** Kuma's git tag of that patch (2.9's tags have no `v`), or the commit for the preview. */
  readonly tag: string;
  /** The image tag of kuma-dp and kuma-init. */
  readonly imageTag: string;
}

export const RELEASE_TAGS: Readonly<Record<Minor, ReleaseTag>> = {
  '2.7': { minor: '2.7', version: '2.7.29', tag: 'v2.7.29', imageTag: '2.7.29' },
  '2.9': { minor: '2.9', version: '2.9.19', tag: '2.9.19', imageTag: '2.9.19' },
  '2.11': { minor: '2.11', version: '2.11.18', tag: 'v2.11.18', imageTag: '2.11.18' },
  '2.12': { minor: '2.12', version: '2.12.14', tag: 'v2.12.14', imageTag: '2.12.14' },
  '2.13': { minor: '2.13', version: '2.13.10', tag: 'v2.13.10', imageTag: '2.13.10' },
  '2.14': { minor: '2.14', version: '2.14.3', tag: 'v2.14.3', imageTag: '2.14.3' },
  // main has no release image; Kuma publishes preview builds as `0.0.0-preview.<commit>`.
  '3.0-preview': { minor: '3.0-preview', version: '3.0-preview', tag: '348b6528', imageTag: '0.0.0-preview.v348b6528b' },
};

type Step<T> = readonly [Minor, T];

/** A value that changes at the named releases (the first step must name the oldest, 2.7). */
function steps<T>(...changes: readonly Step<T>[]): Readonly<Record<Minor, T>> {
  const out = Object.create(null) as Record<Minor, T>;
  let current = changes[0]![1];
  for (const minor of MINORS) {
    const change = changes.find(([at]) => at === minor);
    if (change) current = change[1];
    out[minor] = current;
  }
  return out;
}
/** True from `first` on, up to and including `last` when given. */
const since = (first: Minor, last?: Minor): Readonly<Record<Minor, boolean>> => {
  const next = last ? MINORS[MINORS.indexOf(last) + 1] : undefined;
  return steps<boolean>(['2.7', first === '2.7'], [first, true], ...(next ? [[next, false] as Step<boolean>] : []));
};

/**
 * What each release's webhook and Pod converter do differently. Each entry: the release-by-release value, and
 * (in its comment) the Kuma source that shows it and the fixtures that need it.
 */
export const BEHAVIOUR = {
  /** `KUMA_DATAPLANE_RUNTIME_OTEL_PIPE_ENABLED` on kuma-sidecar, from `otelPipeEnabled` (containers/factory.go). */
  otelPipeEnv: since('2.14'),

  // --- Kuma main at 348b6528 (3.0-preview), injector. Fixtures: testdata/kuma-fixtures/injector/main-348b6528.

  /**
   * ConfigMap transparent-proxy mode is the only mode: the legacy tproxy annotations (`kuma.io/sidecar-uid`,
   * `kuma.io/transparent-proxying*`, `kuma.io/builtin-dns*`) and kumactl args are never written, and a missing or
   * empty ConfigMap is an error with Kuma's text. webhooks/injector/injector.go:injectKuma and
   * :getTransparentProxyConfigMap. Fixtures: every main inject case (the harness creates the ConfigMap).
   */
  transparentProxyConfigMapOnly: since('3.0-preview'),
  /**
   * No eBPF: no hostPath volumes, no privileged kuma-init, `kuma.io/transparent-proxying-ebpf*` ignored.
   * injector.go:injectKuma and :NewInitContainer (pkg/transparentproxy/ebpf deleted). No fixture (2.14's case 30 is
   * gone): unit test in inject-pod.test.ts.
   */
  ebpfRemoved: since('3.0-preview'),
  /**
   * No virtual probes: `kuma.io/virtual-probes(-port)` are neither read nor written, probes are never rewritten
   * onto the virtual port. webhooks/injector/probes.go deleted; probes/pod_probe_overrider.go:GetApplicationProbeProxyPort.
   * Fixtures: every main inject case (no such annotations), 15 (probes left as they are).
   */
  virtualProbesRemoved: since('3.0-preview'),
  /**
   * With the application probe proxy off (port 0), the containers' real probe ports are appended to the inbound
   * excludePorts. injector.go:injectKuma with probes/pod_probe_overrider.go:RealProbePorts. Fixtures: main 15, 19, 20.
   */
  excludeRealProbePortsWithoutProbeProxy: since('3.0-preview'),
  /**
   * DNS env is `KUMA_DNS_ENABLED` plus `KUMA_DNS_PROXY_PORT` only: no `KUMA_DNS_ENABLE_LOGGING`, no CoreDNS mode.
   * containers/factory.go:sidecarEnvVars. Fixtures: main 23, 24, 25, 29.
   */
  dnsProxyOnly: since('3.0-preview'),
  /**
   * No `KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT` (neither `experimental.deltaXds` nor the
   * `kuma.io/xds-transport-protocol-variant` annotation). containers/factory.go:sidecarEnvVars. No fixture (main's
   * case 42 is gone): unit test in sidecar.test.ts.
   */
  noXdsTransportVariantEnv: since('3.0-preview'),
  /**
   * No `KUMA_DATAPLANE_RUNTIME_UNIFIED_RESOURCE_NAMING_ENABLED` (`unifiedResourceNamingEnabled` removed).
   * containers/factory.go:sidecarEnvVars. No fixture: unit test in sidecar.test.ts.
   */
  noUnifiedNamingEnv: since('3.0-preview'),
  /**
   * The mesh comes from the `kuma.io/mesh` label of the pod, then of the namespace; the annotation is ignored.
   * k8s/util/util.go:MeshOfByLabel, webhooks/injector/precheck.go:hasExplicitMesh. Fixtures: main 04, 11, 12.
   */
  meshFromLabelOnly: since('3.0-preview'),
  /**
   * Native sidecars whenever Kubernetes is 1.29 or later; `experimental.sidecarContainers` is gone.
   * k8s/plugin.go:addMutators. Fixtures: every main case is native; the legacy fallback is a unit test in settings.test.ts.
   */
  nativeSidecarsByKubernetesVersionOnly: since('3.0-preview'),
  /**
   * A pod with pod-level `spec.resources` gets kuma-sidecar with empty resources (before ContainerPatches).
   * injector.go:NewSidecarContainer. No fixture (a Go It): unit test in inject-pod.test.ts.
   */
  podLevelResourcesEmptySidecarResources: since('3.0-preview'),
  /**
   * Annotations and kuma-cp keys the release no longer knows are ignored by Kuma without a word; kuma-inject warns
   * (IGNORED_BY_RELEASE) naming each one, instead of 2.x's deprecation notes. metadata/annotations.go:PodAnnotationDeprecations
   * (only the sidecar-injection annotation is left). No fixture: unit tests in removed-in-3.test.ts.
   */
  warnRemovedIn3: since('3.0-preview'),

  // --- Kuma main at 348b6528 (3.0-preview), Pod converter. Fixtures: testdata/kuma-fixtures/dataplane/main-348b6528.

  /**
   * Inbounds carry no `tags` (no `kuma.io/service`, protocol tag, `k8s.kuma.io/*`, pod or node labels): port, name,
   * state, health and `protocol` only. controllers/inbound_converter.go:inboundForService, :inboundForServiceless.
   * Fixtures: every main converter case.
   */
  tagFreeInbounds: since('3.0-preview'),
  /**
   * Inbounds are always de-duplicated by address:port, a later one of higher rank (Ready > NotReady > Ignored)
   * replacing the first in place. inbound_converter.go:deduplicateInboundsByAddressAndPort. Fixtures: main
   * duplicated-inbounds, overlapping-inbounds, pod_controller 04.
   */
  alwaysDedupeInbounds: since('3.0-preview'),
  /**
   * `kuma.io/gateway: enabled` gives `gateway: {}` (no tags from the first inbound); `provided` names the Deployment,
   * else `{}`; any other value (also `builtin`) is an error. pod_converter.go:GatewayByServiceFor, :GatewayByDeploymentFor.
   * Fixtures: main 03, 14, 18, 20, 21, 22.
   */
  gatewayWithoutInboundTags: since('3.0-preview'),
  /** No `networking.outbound` (kubeOutboundsAsVIPs always). pod_converter.go:dataplaneFor. Fixtures: every main case. */
  noDataplaneOutbounds: since('3.0-preview'),
  /** No `spec.metrics` (`prometheus.metrics.kuma.io/*` ignored). pod_converter.go:dataplaneFor. Fixtures: main 08 (pod with them). */
  noDataplaneMetrics: since('3.0-preview'),
  /** No `spec.probes` (no virtual probes). pod_converter.go:dataplaneFor. Fixtures: main 10, 30. */
  noDataplaneProbes: since('3.0-preview'),
  /**
   * `networking.transparentProxying` holds only `directAccessServices` and `reachableBackends`, read whether or not
   * the Pod has a transparent-proxy annotation; no redirect ports, ipFamilyMode or reachableServices, and none of
   * their errors. pod_converter.go:dataplaneFor. Fixtures: main 04, 05, 08, 15, 24, 25, 28, 29, 45.
   */
  transparentProxyingUserFieldsOnly: since('3.0-preview'),
  /** Zone-proxy listeners whatever the mesh's `meshServices.mode`. pod_converter.go:dataplaneFor. Fixture: main 44. */
  listenersInAnyMeshMode: since('3.0-preview'),
  /**
   * `kuma.io/ingress`/`kuma.io/egress` Pods get a plain Dataplane (no ZoneIngress/ZoneEgress path), and there is no
   * builtin-gateway Dataplane path (`kuma.io/gateway: builtin` fails in the converter). controllers/pod_controller.go:Reconcile.
   * Fixtures: main 09, 16 (the converter; the reconcile is a unit test in collect.test.ts).
   */
  zoneProxyAndBuiltinGatewayPodsArePlainDataplanes: since('3.0-preview'),
  /**
   * Labels: `kuma.io/display-name` = the Dataplane's (Pod's) name; node labels merged in always; in zone mode
   * `kuma.io/origin: zone` set and zone/env added even over a `global` origin; `kuma.io/proxy-type` deleted.
   * core/resources/labels/compute.go:Compute, pod_converter.go:PodToDataplane. Fixtures: every main case, 26.
   */
  dataplaneLabels3: since('3.0-preview'),
} as const;

export type Behaviour = { readonly [K in keyof typeof BEHAVIOUR]: (typeof BEHAVIOUR)[K][Minor] };

function behaviourOf(minor: Minor): Behaviour {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [name, values] of Object.entries(BEHAVIOUR)) out[name] = (values as Record<Minor, unknown>)[minor];
  return out as Behaviour;
}

export interface Release extends ReleaseTag {
  readonly behaviour: Behaviour;
}

const RELEASES = new Map<Minor, Release>(MINORS.map((m) => [m, { ...RELEASE_TAGS[m], behaviour: behaviourOf(m) }]));

export const releaseOf = (minor: Minor): Release => RELEASES.get(minor)!;

export type VersionLookup =
  | { ok: true; release: Release; /** Set when a patch other than the modelled one was asked for. */ otherPatch?: string }
  | { ok: false; error: string };

/** The versions a user may write, for messages and `--version`. */
export const KNOWN_VERSIONS = MINORS.map((m) => `"${m}"`).join(', ');

/** `"2.12"`, `"2.12.14"`, `"v2.12.14"` and `"3.0-preview"` name a release; anything else is an error. */
export function lookUpVersion(text: string): VersionLookup {
  const trimmed = text.trim().replace(/^v/, '');
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(trimmed);
  const minorText = trimmed === '3.0-preview' ? trimmed : match ? `${Number(match[1])}.${Number(match[2])}` : undefined;
  const minor = MINORS.find((m) => m === minorText);
  if (!minor) return { ok: false, error: `"${text}" is not a Kuma release kuma-inject models: use one of ${KNOWN_VERSIONS} (or a patch of one, such as "2.12.14")` };
  const release = releaseOf(minor);
  if (match?.[3] !== undefined && trimmed !== release.version) return { ok: true, release, otherPatch: trimmed };
  return { ok: true, release };
}

/** For `--version`: every release modelled, each with the patch it behaves as. */
export function releasesText(): string {
  const rows = MINORS.map((m) => {
    const r = RELEASE_TAGS[m];
    const as = m === '3.0-preview' ? `Kuma main at ${r.tag}` : `as ${r.version}`;
    return `  ${m.padEnd(12)}${as}${m === NEWEST_STABLE ? ' (the default)' : ''}`;
  });
  return `Kuma releases modelled (spec.kumaVersion):\n${rows.join('\n')}\n`;
}
