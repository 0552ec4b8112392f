/**
 * BEHAVIOUR: what each Kuma release's webhook and Pod converter do differently, one row per fact, each a step
 * function over the releases (minors.ts) with, in its comment, the Kuma source that shows it and the fixtures or
 * tests that need it. "What does 2.12 do differently?" is answered by reading down this table (function/README.md
 * shows it release by release, generated from this file by release-table.ts). Code reads
 * `settings.release.behaviour.<switch>`.
 */
import { type Minor, since, steps } from './minors.ts';

/**
 * What each release's webhook and Pod converter do differently. Each entry: the release-by-release value, and
 * (in its comment) the Kuma source that shows it and the fixtures that need it.
 */
export const BEHAVIOUR = {
  /**
   * kuma-init and kuma-validation get fixed resources (requests cpu 20m / memory 20M, limits cpu 100m / memory
   * 50M; eBPF kuma-init memory 80M) and the config has no keys for them. Later releases read
   * `initContainer.resources` / `validationContainer.resources`. Kuma: webhooks/injector/injector.go
   * NewInitContainer, NewValidationContainer at v2.13.10 (and v2.12.14, v2.11.18). Fixtures: every 2.11–2.13
   * golden with kuma-init or kuma-validation (`limits.cpu: 100m`), case 30 (eBPF, memory 80M).
   */
  fixedInitContainerResources: steps(['2.7', true], ['2.14', false]),
  /**
   * A sidecar CPU limit of `"0"` means no CPU limit and no `--concurrency` flag. Before, the limit is written as
   * given (`cpu: "0"`) and concurrency is max(limit in cores, 2). Kuma: containers/factory.go NewContainer,
   * proxyConcurrencyFor at v2.14.3 against v2.13.10. No fixture (every config file sets a non-zero limit): unit
   * tests in sidecar.test.ts.
   */
  sidecarZeroCpuLimitOmitted: since('2.14'),
  /**
   * kuma-cp can put Envoy's admin API on a Unix socket (`bootstrapServer.params.envoyAdminUnixSocket`), and the
   * sidecar is then probed on `readinessPort`, which is also excluded from inbound redirection. Before, neither
   * key exists and the admin port is always probed. Kuma: webhooks/injector/injector.go New, NewAnnotations and
   * containers/factory.go NewContainer at v2.14.3; pkg/config/xds/bootstrap/config.go has no such keys at
   * v2.13.10. No fixture (the tests pass false): unit tests in settings.test.ts.
   */
  envoyAdminUnixSocketSupported: since('2.14'),
  /**
   * What sets `KUMA_DATAPLANE_RUNTIME_ENVOY_XDS_TRANSPORT_PROTOCOL_VARIANT` on kuma-sidecar: nothing (`none`: 2.7
   * and 2.9 do not know the `kuma.io/xds-transport-protocol-variant` annotation, and 3.0 removed it with the key);
   * only that annotation (`annotation`, 2.11, 2.12); also `experimental.deltaXds` (`DELTA_GRPC`, the annotation
   * still wins) from 2.13. Kuma: containers/factory.go sidecarEnvVars at 2.9.19, v2.11.18, v2.12.14, v2.13.10 and
   * main 348b6528. Fixture: v2.11.18 inject.42 (absent from 2.9's table and main's); 2.13's inline
   * Describe("delta xDS injection"): unit tests in sidecar.test.ts.
   */
  xdsTransportVariantEnv: steps<'none' | 'annotation' | 'annotationOrDeltaXds'>(
    ['2.7', 'none'],
    ['2.11', 'annotation'],
    ['2.13', 'annotationOrDeltaXds'],
    ['3.0-preview', 'none'],
  ),
  /**
   * 2.12's probe rules: when `kuma.io/virtual-probes` resolves to disabled and the pod sets no
   * `kuma.io/application-probe-proxy-port`, the probe proxy is off (port "0", so no probe is rewritten); and a
   * pod proxy port of "0" does not turn virtual probes on. From 2.13 the configured proxy port is used and a pod
   * port of "0" enables virtual probes. Kuma: probes/pod_probe_overrider.go
   * SetApplicationProbeProxyPortAnnotation and probes/probe.go SetVirtualProbesEnabledAnnotation at v2.12.14
   * against v2.13.10 (v2.11.18 and 2.9.19 are as 2.12). No 2.12 fixture (its files enable virtual probes); the
   * 2.13 goldens break with it on (54 cases): unit tests in probes.test.ts.
   */
  probeProxyOffWhenVirtualProbesOff: steps(['2.7', true], ['2.13', false]),
  /**
   * A zone proxy (`k8s.kuma.io/zone-proxy-type` label, or selected by a Service with it) with an explicit mesh is
   * injected although its Mesh does not exist yet. Before, a missing Mesh always fails the injection. Kuma:
   * webhooks/injector/precheck.go preCheck at v2.14.3 against v2.13.10. No fixture (2.14's inline
   * Describe("mesh existence precheck")): unit tests in precheck.test.ts.
   */
  zoneProxyInjectedBeforeMesh: since('2.14'),
  /**
   * Helm installs a third mutating webhook that sees mesh-scoped zone proxies in the system namespace. Before,
   * both webhooks exclude the system namespace, so its Pods are never injected. Kuma (Helm):
   * deployments/charts/kuma/templates/cp-webhooks-and-secrets.yaml at v2.14.3 against v2.13.10. No fixture:
   * unit tests in precheck.test.ts.
   */
  systemNamespaceZoneProxyWebhook: since('2.14'),
  /**
   * SPIRE: `spire.enabled` / `k8s.kuma.io/spire-support` add the `kuma-spire-agent-socket` CSI volume, its mount
   * and `KUMA_DATAPLANE_RUNTIME_SPIRE_SUPPORTED`. Before, none of it exists (the annotation is ignored). Kuma:
   * webhooks/injector/injector.go InjectKuma, NewVolumeMounts and containers/factory.go sidecarEnvVars at v2.12.14
   * against v2.11.18. Fixtures: case 43 (2.12 on; absent from 2.11's table); unit tests in sidecar.test.ts.
   */
  spireSupport: since('2.12'),
  /**
   * `unifiedResourceNamingEnabled` sets `KUMA_DATAPLANE_RUNTIME_UNIFIED_RESOURCE_NAMING_ENABLED=true` on
   * kuma-sidecar; before 2.12 the key does not exist, and 3.0 removed it again (no env var). Kuma:
   * containers/factory.go sidecarEnvVars at v2.12.14 against v2.11.18, and at main 348b6528. No fixture: unit
   * tests in sidecar.test.ts.
   */
  unifiedResourceNamingEnv: since('2.12', '2.14'),
  /**
   * `HOST_IP` (otelPipeEnabled) or `KUMA_DATAPLANE_RUNTIME_OTEL_PIPE_ENABLED=false` on kuma-sidecar; before,
   * neither (no otelPipeEnabled key). Kuma: containers/factory.go sidecarEnvVars at v2.14.3 against v2.13.10.
   * Fixtures: every inject golden (present in 2.14's, absent from 2.11–2.13's).
   */
  otelPipeEnv: since('2.14'),

  // --- 2.7 and 2.9 (Kuma sources at v2.7.29 and 2.9.19; "inj.go" is webhooks/injector/injector.go) ---

  /**
   * Where the Pod's mesh lives, for the webhook and the Pod converter alike. `annotation` (2.7): the pod
   * annotation `kuma.io/mesh`, then the namespace's; labels are ignored (k8s/util/util.go:MeshOfByAnnotation), and
   * the webhook writes the mesh as that annotation, no label (inj.go:NewAnnotations). `labelOrAnnotation` (2.9 to
   * 2.14): the pod label, then its annotation, then the namespace's label, then its annotation
   * (util.go:MeshOfByLabelOrAnnotation); the webhook writes the label (inj.go:InjectKuma). `label` (3.0-preview):
   * the pod label, then the namespace label; the annotation is not read (util.go:MeshOfByLabel at main 348b6528).
   * In 3.0 the precheck's explicit-mesh test reads the label only, too (webhooks/injector/precheck.go
   * hasExplicitMesh). Fixtures: v2.7.29 inject.11/12 (mesh from the namespace and pod annotations), every v2.7.29
   * golden (the annotation written), main injector 04, 11, 12. Unit tests: precheck.test.ts,
   * dataplane/release-behaviour.test.ts.
   */
  meshSource: steps<'annotation' | 'labelOrAnnotation' | 'label'>(['2.7', 'annotation'], ['2.9', 'labelOrAnnotation'], ['3.0-preview', 'label']),
  /**
   * kuma-sidecar's `/tmp` mount: appended after the factory's mounts (service-account token) but before the
   * ContainerPatches (2.7, 2.9: inj.go:InjectKuma), or first (2.11 on: inj.go:NewVolumeMounts). Fixtures: every
   * 2.9.19/v2.7.29 golden with a token mount; inject.28 (a patch appends after /tmp).
   */
  sidecarTmpMountLast: steps(['2.7', true], ['2.11', false]),
  /**
   * kuma-sidecar's securityContext has `allowPrivilegeEscalation: false` (2.11 on, inj.go:NewSidecarContainer);
   * 2.7/2.9 set only readOnlyRootFilesystem besides uid/gid/drop ALL. Fixtures: every 2.9.19/v2.7.29 golden.
   */
  sidecarNoPrivilegeEscalation: since('2.11'),
  /**
   * kuma-validation's args as flag/value pairs (`--ip-family-mode`, `dualstack`), always from the redirect
   * (2.7, 2.9: inj.go:NewValidationContainer); 2.11 on: `--flag=value` and ConfigMap-mode flags.
   * Fixtures: 2.9.19/v2.7.29 inject.34.
   */
  validationArgsSplit: steps(['2.7', true], ['2.11', false]),
  /**
   * kuma-validation has `readOnlyRootFilesystem: true` and `allowPrivilegeEscalation: false` (2.9 on,
   * inj.go:NewValidationContainer); 2.7 only drops capabilities. Fixtures: v2.7.29 and 2.9.19 inject.34.
   */
  validationHardening: since('2.9'),
  /**
   * kuma-sidecar's DNS env with builtin DNS on: always CoreDNS's (`coreDns`, 2.7, 2.9: no
   * `builtinDNS.experimentalProxy` key); CoreDNS's, or `KUMA_DNS_PROXY_PORT` when `experimentalProxy` is set
   * (`coreDnsOrProxy`, 2.11 to 2.14); always `KUMA_DNS_PROXY_PORT` and no `KUMA_DNS_ENABLE_LOGGING` (`proxyOnly`,
   * 3.0: no CoreDNS mode). containers/factory.go:sidecarEnvVars at 2.9.19, v2.11.18 and main 348b6528. Fixtures:
   * main 23, 24, 25, 29; the older files leave the key at zero (CoreDNS). Unit tests: sidecar.test.ts.
   */
  dnsEnv: steps<'coreDns' | 'coreDnsOrProxy' | 'proxyOnly'>(['2.7', 'coreDns'], ['2.11', 'coreDnsOrProxy'], ['3.0-preview', 'proxyOnly']),
  /**
   * kuma-sidecar gets `KUMA_DNS_CORE_DNS_EMPTY_PORT` = DNS port + 1 with builtin DNS on (2.7,
   * containers/factory.go:sidecarEnvVars). Fixtures: v2.7.29 inject.01 and every golden with builtin DNS.
   */
  coreDnsEmptyPortEnv: steps(['2.7', true], ['2.9', false]),
  /**
   * `kuma.io/transparent-proxying-ebpf` is always written, `enabled` or `disabled` (2.7, inj.go:NewAnnotations);
   * 2.9 on only when eBPF is on. Fixtures: every v2.7.29 golden (`disabled`), inject.30 (`enabled`).
   */
  ebpfAnnotationAlways: steps(['2.7', true], ['2.9', false]),
  /**
   * The application probe proxy exists (2.9 on, kuma#10624). Webhook: the `kuma.io/application-probe-proxy-port`
   * annotation, the `KUMA_APPLICATION_PROBE_PROXY_PORT` env, its inbound exclusion and the probe rewrite through
   * kuma-dp (probes/pod_probe_overrider.go). Converter: a probe on the proxy port is mapped back to the virtual
   * probes port, and the proxy's `/tcp/` and `/grpc/` probes give no endpoint (controllers/probes.go:probeFor at
   * 2.9.19). 2.7 has only virtual probes (injector/probes.go:overrideHTTPProbes), chosen by the gateway rule, then
   * the pod annotation, then the config (setVirtualProbesEnabledAnnotation), and its converter fails on a probe
   * aimed at the proxy port. Fixtures: every v2.7.29 injector golden (no annotation, no env; probes
   * rewritten to the virtual-probes port). Unit tests: sidecar.test.ts, dataplane/metrics-probes.test.ts.
   */
  applicationProbeProxy: since('2.9'),
  /**
   * Probes also cover the user's native sidecars placed after kuma-sidecar (2.9 on, kuma#9971): the webhook
   * rewrites their probes (probes/pod_probe_overrider.go) and the converter makes their virtual-probe endpoints
   * (controllers/probes.go:ProbesFor at 2.9.19). 2.7 covers `spec.containers` only (injector/probes.go:
   * overrideHTTPProbes, controllers/probes.go at v2.7.29). Fixture: injector inject.35 of 2.9.19 on (2.7 has no
   * such case). Unit tests: probes.test.ts, dataplane/metrics-probes.test.ts.
   */
  probesCoverNativeSidecars: since('2.9'),
  /**
   * In ConfigMap mode a pod's `kuma.io/application-probe-proxy-port` counts only when above 0; `"0"` falls back
   * to the configured port (2.9, probes/pod_probe_overrider.go:GetApplicationProbeProxyPort `proxyPort > 0`;
   * 2.11 on: any value present, so 0 turns the proxy off). No fixture (ConfigMap mode). Unit test: probes.test.ts.
   */
  probeProxyZeroMeansDefault: steps(['2.7', false], ['2.9', true], ['2.11', false]),
  /**
   * kuma-init's kumactl flags: every flag always, as separate flag and value items, in 2.7's order
   * (transparentproxy/kubernetes/kubernetes.go:PodRedirect.AsKumactlCommandLine at v2.7.29), or only the
   * non-default ones as `--flag=value` (2.9 on). Fixtures: every v2.7.29 golden with kuma-init.
   */
  initArgsStyle: steps<'split' | 'equals'>(['2.7', 'split'], ['2.9', 'equals']),
  /**
   * The IPv6 inbound port annotation `kuma.io/transparent-proxying-inbound-v6-port` (2.7 only). Webhook: from
   * `sidecarContainer.redirectPortInboundV6` (inj.go:NewAnnotations): 0 forces ipFamilyMode `ipv4`; a port other
   * than 15010 and 15006 is written as the annotation and passed to kuma-init; the ip-family-mode annotation
   * always comes from the config, over a pod's own. Converter: non-zero → `redirectPortInboundV6`; present and 0
   * with no ip-family-mode annotation → `ipFamilyMode: IPv4` (pod_converter.go:dataplaneFor at v2.7.29).
   * Fixtures: injector v2.7.29 inject.33, inject.34 (their files lack the key, so ipv4); dataplane v2.7.29 15, 25,
   * 26, 27. Unit tests: legacy-annotations.test.ts, dataplane/networking.test.ts.
   */
  inboundV6PortAnnotation: since('2.7', '2.7'),
  /**
   * ConfigMap transparent-proxy mode (`transparentProxyConfigMap` set). `mounts` (2.11 on, kuma#13491): the config
   * reaches kuma-init, kuma-sidecar and kuma-validation through a downward-API volume of the
   * `traffic.kuma.io/transparent-proxy-config` annotation (and a custom ConfigMap volume), and for the converter a
   * non-empty annotation also enables the direct-access, reachable-services and reachable-backends lists
   * (pod_converter.go:dataplaneFor at v2.11.18). `inline` (2.9, inj.go:InjectKuma): no volumes or sidecar flags;
   * kuma-init gets `--config <YAML>`, the annotation is written only in CNI mode, kuma-validation keeps its split
   * args, and the converter lets only `kuma.io/transparent-proxying: enabled` enable the lists. `none` (2.7): the
   * key does not exist. No fixture (the tests create no ConfigMap). Unit tests: configmap-mode.test.ts,
   * dataplane/networking.test.ts.
   */
  configMapMode: steps<'none' | 'inline' | 'mounts'>(['2.7', 'none'], ['2.9', 'inline'], ['2.11', 'mounts']),

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
   * onto the virtual port, and the converter writes no `spec.probes`. webhooks/injector/probes.go deleted;
   * probes/pod_probe_overrider.go:GetApplicationProbeProxyPort; controllers/pod_converter.go:dataplaneFor.
   * Fixtures: every main inject case (no such annotations), 15 (probes left as they are); main converter 10, 30.
   */
  virtualProbesRemoved: since('3.0-preview'),
  /**
   * With the application probe proxy off (port 0), the containers' real probe ports are appended to the inbound
   * excludePorts. injector.go:injectKuma with probes/pod_probe_overrider.go:RealProbePorts. Fixtures: main 15, 19, 20.
   */
  excludeRealProbePortsWithoutProbeProxy: since('3.0-preview'),
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
   * Kuma's deprecation notes for annotations (metadata/annotations.go:PodAnnotationDeprecations) are gone: only
   * the sidecar-injection annotation is left, so kuma-inject gives none of 2.x's deprecation warnings. What 3.0
   * no longer knows is warned about from the tables (ANNOTATION_RELEASES, CONFIG_KEY_RELEASES), not here. No
   * fixture: unit tests in release-3-preview.test.ts.
   */
  noDeprecationNotes: since('3.0-preview'),

  // ── Pod → Dataplane converter (src/dataplane/). Sources in pkg/plugins/runtime/k8s/controllers/ at each tag
  // unless named otherwise; fixtures in testdata/kuma-fixtures/dataplane/<tag>/.

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
   * release-behaviour.test.ts.
   */
  inboundTagsDisabledKey: since('2.14', '2.14'),
  /**
   * With inbound tags disabled, the copied node labels go onto the Dataplane's labels instead
   * (pod_converter.go:PodToDataplane, mergeLabels at v2.14.3). 3.0 has no inbound tags (tagFreeInbounds), so
   * there they always do. Fixtures: v2.14.3 27b, main 26.
   */
  nodeLabelsOnDataplaneLabels: since('2.14'),
  /**
   * `kuma.io/workload` label from `runtime.kubernetes.workloadLabels` (a config key from 2.13), else the
   * ServiceAccount. pod_converter.go:PodToDataplane (computeWorkloadName) at v2.13.10. Fixtures: v2.13.10 30–33,
   * v2.12.14 30 (no such label).
   */
  workloadLabel: since('2.13'),
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
  /** `kuma.io/reachable-backends` is read (pod_converter.go:dataplaneFor at 2.9.19). No fixture: networking.test.ts. */
  reachableBackendsAnnotation: since('2.9'),
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

export type Behaviour = { readonly [K in keyof typeof BEHAVIOUR]: (typeof BEHAVIOUR)[K][Minor] };
