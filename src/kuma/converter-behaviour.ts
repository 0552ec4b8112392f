/**
 * The Pod → Dataplane converter's part of BEHAVIOUR (behaviour.ts, which spreads it in after the webhook's): what
 * each release's converter (src/dataplane/) does differently, one step function per fact, each with the Kuma source
 * that shows it and the fixtures or tests that need it. Sources are in pkg/plugins/runtime/k8s/controllers/ at each
 * tag unless named otherwise; fixtures in testdata/kuma-fixtures/dataplane/<tag>/.
 */
import { annotationPresence } from './annotation-releases.ts';
import { since, steps } from './minors.ts';
import { configKeyPresence } from './release-defaults.ts';

export const CONVERTER_BEHAVIOUR = {

  /**
   * `networking.inbound[].protocol` (the `kuma.io/protocol` value; `tcp` on the service-less inbound).
   * inbound_converter.go:inboundForService/inboundForServiceless at v2.14.3. Fixtures: every ≤2.13 golden with
   * inbounds (e.g. v2.13.10 01, pod_controller/dataplane-for-pod.golden.yaml).
   */
  inboundProtocolField: since('2.14'),
  /**
   * When inbounds on one port are de-duplicated: `never` (no Mesh is read), in an `exclusive` MeshServices mesh,
   * there only with inbound tags disabled, or `always` (3.0). pod_converter.go:PodConverter.dataplaneFor at
   * 2.9.19, v2.11.18, v2.14.3; inbound_converter.go:InboundInterfacesFor at main 348b6528. Fixtures: v2.11–v2.13
   * duplicated-inbounds, pod_controller/dataplane-for-pod-ms; main duplicated-inbounds, overlapping-inbounds,
   * pod_controller 04.
   */
  inboundDedup: steps<'never' | 'exclusive' | 'exclusiveWithTagsDisabled' | 'always'>(
    ['2.7', 'never'],
    ['2.11', 'exclusive'],
    ['2.14', 'exclusiveWithTagsDisabled'],
    ['3.0-preview', 'always'],
  ),
  /**
   * Which of two duplicate inbounds stays: the `first`, or (3.0) the first keeps its place and a later one of
   * higher rank (Ready > NotReady > Ignored) replaces it there. inbound_converter.go:deduplicateInboundsByAddressAndPort
   * at v2.14.3 against main 348b6528. Fixtures: main overlapping-inbounds (one Ready inbound), pod_controller 04.
   */
  inboundDedupWinner: steps<'first' | 'highestRank'>(['2.7', 'first'], ['3.0-preview', 'highestRank']),
  /**
   * What makes two inbounds duplicates: the port, or the port and the state (2.13's Argo Rollouts blue-green
   * fix, kuma#17142, undone in 2.14). inbound_converter.go:deduplicateInboundsByAddressAndPort at v2.13.10.
   * Fixture: v2.13.10 dedup-different-state-inbounds (an Ignored and a Ready inbound on 7070 are both kept).
   */
  inboundDedupKey: steps<'port' | 'portAndState'>(['2.7', 'port'], ['2.13', 'portAndState'], ['2.14', 'port']),
  /**
   * Services labelled `k8s.kuma.io/zone-proxy-type` become `networking.listeners` (and the listener labels):
   * `none` before 2.14 (the label means nothing and such a Service gives inbounds like any other), only in an
   * Exclusive MeshServices mesh in 2.14, in any mesh from 3.0. listener_converter.go and
   * pod_converter.go:dataplaneFor at v2.14.3 and main 348b6528. Fixtures: v2.14.3 36–44 (absent before), main 44;
   * the older side: dataplane/release-behaviour.test.ts.
   */
  zoneProxyListeners: steps<'none' | 'exclusiveMeshes' | 'anyMesh'>(['2.7', 'none'], ['2.14', 'exclusiveMeshes'], ['3.0-preview', 'anyMesh']),
  /**
   * kuma-cp has `experimental.inboundTagsDisabled` (KUMA_EXPERIMENTAL_INBOUND_TAGS_DISABLED); older releases
   * always write inbound tags and ignore the key, and 3.0 removed it (no inbound has tags: tagFreeInbounds).
   * pkg/config/app/kuma-cp/config.go (Experimental) at v2.14.3 and main 348b6528.
   * Fixtures: v2.14.3 27b, 34, 35 (absent before); the warning and the ignored key: dataplane/release-config.test.ts (CONFIG_KEY_NOT_IN_RELEASE from release-defaults.ts CONFIG_KEY_RELEASES),
   * release-behaviour.test.ts. The key's span.
   */
  inboundTagsDisabledKey: configKeyPresence('experimental.inboundTagsDisabled'),
  /**
   * With inbound tags disabled, the copied node labels go onto the Dataplane's labels instead
   * (pod_converter.go:PodToDataplane, mergeLabels at v2.14.3). 3.0 has no inbound tags (tagFreeInbounds), so
   * there they always do. Fixtures: v2.14.3 27b, main 26.
   */
  nodeLabelsOnDataplaneLabels: since('2.14'),
  /**
   * `kuma.io/workload` label from `runtime.kubernetes.workloadLabels` (a config key from 2.13), else the
   * ServiceAccount. pod_converter.go:PodToDataplane (computeWorkloadName) at v2.13.10. Fixtures: v2.13.10 30–33,
   * v2.12.14 30 (no such label). The key's span: the label comes with it, set or not (and `kuma.io/workload` is
   * in annotations.go from the same release: releases.test.ts).
   */
  workloadLabel: configKeyPresence('runtime.kubernetes.workloadLabels'),
  /**
   * `k8s.kuma.io/service-account` label from `spec.serviceAccountName`. pkg/core/resources/model/resource.go
   * (ComputeLabels, WithServiceAccount) at v2.12.14. No fixture (v2.11.18's 30 has no ServiceAccount): unit test
   * in dataplane/release-behaviour.test.ts.
   */
  serviceAccountLabel: since('2.12'),
  /**
   * Who writes the Dataplane's labels and by which rules: the `converter` (existing, Pod and computed labels),
   * only the mesh defaulting webhook (`defaulterOnly`: mesh, origin, zone, env, namespace, each when absent),
   * nobody (`none`), or 3.0's converter (`converter3`: also `kuma.io/display-name` = the Pod's name, in zone mode
   * `kuma.io/origin: zone` set and zone/env added even over a `global` origin, `kuma.io/proxy-type` deleted).
   * pod_converter.go:PodToDataplane at 2.9.19 (computes, never sets), v2.11.18 and main 348b6528;
   * pkg/plugins/runtime/k8s/webhooks/defaulter.go and the chart's webhook rules at 2.9.19 and v2.7.29;
   * core/resources/labels/compute.go:Compute at main. Fixtures: every 2.9.19 and v2.7.29 golden (`metadata: {}`),
   * every main golden.
   */
  dataplaneLabels: steps<'none' | 'defaulterOnly' | 'converter' | 'converter3'>(
    ['2.7', 'none'],
    ['2.9', 'defaulterOnly'],
    ['2.11', 'converter'],
    ['3.0-preview', 'converter3'],
  ),
  /**
   * `inbound[].name`: the matched container port's name, the Service port's name, or none.
   * inbound_converter.go:inboundForService and pkg/plugins/runtime/k8s/util/util.go:FindPort at v2.7.29, 2.9.19,
   * v2.11.18. Fixtures: v2.11.18+ 01 (`name: metrics`) against 2.9.19 01; the Service-port variant is unit-tested.
   */
  inboundName: steps<'none' | 'servicePort' | 'containerPort'>(['2.7', 'none'], ['2.9', 'servicePort'], ['2.11', 'containerPort']),
  /**
   * The converter reads the Pod's Mesh (it must exist; its MeshServices mode decides de-duplication); before,
   * the mesh is only a name from the Pod and Namespace. pod_controller.go:createOrUpdateDataplane at v2.11.18
   * against 2.9.19. No fixture (Kuma's 2.9 and 2.7 tests pass no Mesh): dataplane/release-behaviour.test.ts.
   */
  converterReadsMesh: since('2.11'),
  /**
   * A Pod selected by Services none of whose ports land on a container is an error, not the service-less
   * inbound. inbound_converter.go:InboundInterfacesFor at v2.7.29. Fixture: v2.7.29's inline "Pod with a
   * Service but mismatching ports" case (the suite's mismatch-ports-error).
   */
  errorWhenNoServicePortMatches: since('2.7', '2.7'),
  /**
   * Selector-less Services select Pods through their EndpointSlices; before 2.9 only Services with a selector
   * match (util.AnySelector). pod_controller.go:findMatchingServices at v2.7.29 and 2.9.19. No fixture by itself
   * (the 2.7 suite gives selector-less fixture Services a selector): dataplane/release-behaviour.test.ts.
   */
  selectorlessServicesByEndpointSlices: since('2.9'),
  /** `kuma.io/reachable-backends` is read (pod_converter.go:dataplaneFor at 2.9.19). No fixture: networking.test.ts. The annotation's span. */
  reachableBackendsAnnotation: annotationPresence('kuma.io/reachable-backends'),
  /**
   * The `appProtocol` values Kuma takes as the inbound protocol (case-insensitive; others fall through to the
   * `<port>.service.kuma.io/protocol` annotation, else tcp). pkg/core/resources/apis/mesh/dataplane_helpers.go:
   * ParseProtocol at v2.7.29 and 2.9.19, pkg/core/metadata/protocol.go at v2.14.3. No fixture: services.test.ts.
   */
  knownAppProtocols: steps<readonly string[]>(
    ['2.7', ['http', 'http2', 'tcp', 'grpc', 'kafka']],
    ['2.9', ['http', 'http2', 'tcp', 'tls', 'grpc', 'kafka']],
    ['2.11', ['http', 'http2', 'tcp', 'tls', 'grpc', 'kafka', 'mysql']],
  ),

  // --- Kuma main at 348b6528 (3.0-preview), Pod converter. Fixtures: testdata/kuma-fixtures/dataplane/main-348b6528.

  /**
   * Inbounds carry no `tags` (no `kuma.io/service`, protocol tag, `k8s.kuma.io/*`, pod or node labels): port, name,
   * state, health and `protocol` only. controllers/inbound_converter.go:inboundForService, :inboundForServiceless.
   * Fixtures: every main converter case.
   */
  tagFreeInbounds: since('3.0-preview'),
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
  /**
   * `networking.transparentProxying` holds only `directAccessServices` and `reachableBackends`, read whether or not
   * the Pod has a transparent-proxy annotation; no redirect ports, ipFamilyMode or reachableServices, and none of
   * their errors. pod_converter.go:dataplaneFor. Fixtures: main 04, 05, 08, 15, 24, 25, 28, 29, 45.
   */
  transparentProxyingUserFieldsOnly: since('3.0-preview'),
  /**
   * `kuma.io/ingress`/`kuma.io/egress` Pods get a plain Dataplane (no ZoneIngress/ZoneEgress path), and there is no
   * builtin-gateway Dataplane path (`kuma.io/gateway: builtin` fails in the converter). controllers/pod_controller.go:Reconcile.
   * Fixtures: main 09, 16 (the converter; the reconcile is a unit test in collect.test.ts).
   */
  zoneProxyAndBuiltinGatewayPodsArePlainDataplanes: since('3.0-preview'),
} as const;
