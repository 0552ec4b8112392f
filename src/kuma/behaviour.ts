/**
 * BEHAVIOUR: what each Kuma release's webhook and Pod converter do differently, one row per fact, each a step
 * function over the releases (minors.ts) with, in its comment, the Kuma source that shows it and the fixtures or
 * tests that need it. "What does 2.12 do differently?" is answered by reading down this table (function/README.md
 * shows it release by release, generated from this file and converter-behaviour.ts by release-table.ts). Code reads
 * `settings.release.behaviour.<switch>`.
 */
import { annotationPresence } from './annotation-releases.ts';
import { CONVERTER_BEHAVIOUR } from './converter-behaviour.ts';
import { type Minor, negated, since, steps } from './minors.ts';
import { configKeyPresence } from './release-defaults.ts';

/**
 * What each release's webhook and Pod converter do differently. Each entry: the release-by-release value, and
 * (in its comment) the Kuma source that shows it and the fixtures that need it. The converter's entries are in
 * converter-behaviour.ts. A switch that is exactly "the release's kuma-cp has this key" or "the release knows this
 * annotation" is read from that key's or annotation's row (configKeyPresence, annotationPresence), so that the
 * fact is written once, in the config-key or annotation table.
 */
export const BEHAVIOUR = {
  /**
   * kuma-init and kuma-validation get fixed resources (requests cpu 20m / memory 20M, limits cpu 100m / memory
   * 50M; eBPF kuma-init memory 80M) and the config has no keys for them. Later releases read
   * `initContainer.resources` / `validationContainer.resources`. Kuma: webhooks/injector/injector.go
   * NewInitContainer, NewValidationContainer at v2.13.10 (and v2.12.14, v2.11.18). Fixtures: every 2.11–2.13
   * golden with kuma-init or kuma-validation (`limits.cpu: 100m`), case 30 (eBPF, memory 80M). On where kuma-cp
   * has no `initContainer.resources` key (its `validationContainer` comes with it: releases.test.ts).
   */
  fixedInitContainerResources: negated(configKeyPresence('runtime.kubernetes.injector.initContainer.resources')),
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
   * v2.13.10. No fixture (the tests pass false): unit tests in settings.test.ts. The key's span (and
   * `readinessPort`'s, the same: releases.test.ts).
   */
  envoyAdminUnixSocketSupported: configKeyPresence('bootstrapServer.params.envoyAdminUnixSocket'),
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
   * against v2.11.18. Fixtures: case 43 (2.12 on; absent from 2.11's table); unit tests in sidecar.test.ts. The
   * span of the `spire` key (and of the annotation, the same: releases.test.ts).
   */
  spireSupport: configKeyPresence('runtime.kubernetes.injector.spire'),
  /**
   * `unifiedResourceNamingEnabled` sets `KUMA_DATAPLANE_RUNTIME_UNIFIED_RESOURCE_NAMING_ENABLED=true` on
   * kuma-sidecar; before 2.12 the key does not exist, and 3.0 removed it again (no env var). Kuma:
   * containers/factory.go sidecarEnvVars at v2.12.14 against v2.11.18, and at main 348b6528. No fixture: unit
   * tests in sidecar.test.ts. The key's span.
   */
  unifiedResourceNamingEnv: configKeyPresence('runtime.kubernetes.injector.unifiedResourceNamingEnabled'),
  /**
   * `HOST_IP` (otelPipeEnabled) or `KUMA_DATAPLANE_RUNTIME_OTEL_PIPE_ENABLED=false` on kuma-sidecar; before,
   * neither (no otelPipeEnabled key). Kuma: containers/factory.go sidecarEnvVars at v2.14.3 against v2.13.10.
   * Fixtures: every inject golden (present in 2.14's, absent from 2.11–2.13's). The key's span.
   */
  otelPipeEnv: configKeyPresence('runtime.kubernetes.injector.otelPipeEnabled'),

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
   * rewritten to the virtual-probes port). Unit tests: sidecar.test.ts, dataplane/metrics-probes.test.ts. The
   * annotation's span (and the `applicationProbeProxyPort` key's, the same: releases.test.ts).
   */
  applicationProbeProxy: annotationPresence('kuma.io/application-probe-proxy-port'),
  /**
   * Probes also cover the user's native sidecars placed after kuma-sidecar (2.9 on, kuma#9971): the webhook
   * rewrites their probes (probes/pod_probe_overrider.go) and the converter makes their virtual-probe endpoints
   * (controllers/probes.go:ProbesFor at 2.9.19). 2.7 covers `spec.containers` only (injector/probes.go:
   * overrideHTTPProbes, controllers/probes.go at v2.7.29). Fixture: injector inject.35 of 2.9.19 on (2.7 has no
   * such case). Unit tests: probes.test.ts, dataplane/metrics-probes.test.ts.
   */
  probesCoverNativeSidecars: since('2.9'),
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
   * 26, 27. Unit tests: legacy-annotations.test.ts, dataplane/networking.test.ts. The annotation's span (and the
   * `redirectPortInboundV6` key's, the same: releases.test.ts).
   */
  inboundV6PortAnnotation: annotationPresence('kuma.io/transparent-proxying-inbound-v6-port'),
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
   * gone): unit test in inject-pod.test.ts. On where kuma-cp has no `ebpf` key (the releases that do not know the
   * `kuma.io/transparent-proxying-ebpf*` annotations, the same: releases.test.ts).
   */
  ebpfRemoved: negated(configKeyPresence('runtime.kubernetes.injector.ebpf')),
  /**
   * No virtual probes: `kuma.io/virtual-probes(-port)` are neither read nor written, probes are never rewritten
   * onto the virtual port, and the converter writes no `spec.probes`. webhooks/injector/probes.go deleted;
   * probes/pod_probe_overrider.go:GetApplicationProbeProxyPort; controllers/pod_converter.go:dataplaneFor.
   * Fixtures: every main inject case (no such annotations), 15 (probes left as they are); main converter 10, 30.
   * On where the release does not know `kuma.io/virtual-probes` (nor `-port`, nor kuma-cp the `virtualProbes*`
   * keys, the same releases: releases.test.ts).
   */
  virtualProbesRemoved: negated(annotationPresence('kuma.io/virtual-probes')),
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

  ...CONVERTER_BEHAVIOUR,
} as const;

export type Behaviour = { readonly [K in keyof typeof BEHAVIOUR]: (typeof BEHAVIOUR)[K][Minor] };
