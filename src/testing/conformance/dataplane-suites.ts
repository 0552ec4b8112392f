/**
 * The Pod-converter suites, one per Kuma release: each release's case table (its `pod_converter_test.go` and
 * `pod_controller_test.go`, at the release's tag) over the fixtures in testdata/kuma-fixtures/dataplane/<tag>/
 * (v2.14.3 at the top level). What prepareCase/expectedDataplane adapt, and why, is stated in
 * src/testing/dataplane-conformance-inputs.ts.
 */
import type { DataplaneCase } from '../dataplane-conformance-inputs.ts';
import { MISMATCH_PORTS_ERROR_2_7 } from '../dataplane-inline-cases.ts';
import { POD_CONTROLLER_CASES } from '../dataplane-pod-controller-cases.ts';
import { POD_CONTROLLER_CASES_MAIN } from '../dataplane-pod-controller-cases-main.ts';
import type { DataplaneSuite } from './dataplane.ts';

/** `NN.pod.yaml`, `NN.services-for-pod.yaml` and `NN.dataplane.yaml`, as most cases use them. */
const dp = (name: string, knobs: Partial<DataplaneCase> = {}): DataplaneCase => ({
  name,
  pod: `${name}.pod.yaml`,
  services: `${name}.services-for-pod.yaml`,
  dataplane: `${name}.dataplane.yaml`,
  ...knobs,
});
/** Cases with other Dataplanes and Services: outbound generation (kubeOutboundsAsVIPs=false). */
const withOthers = (name: string): DataplaneCase =>
  dp(name, { otherDataplanes: `${name}.other-dataplanes.yaml`, otherServices: `${name}.other-services.yaml`, outbounds: true });
const REGION = ['topology.kubernetes.io/region'];
const ZONE_PROXY_ONLY_IN_EXCLUSIVE = 'Everywhere';

const CASES_2_14: DataplaneCase[] = [
  dp('01'), // 2 Services; appProtocol, targetPort by number and name, unknown appProtocol MONGO → tcp
  withOthers('02'), // outbound from another Dataplane
  dp('03'), // kuma.io/gateway: enabled → gateway tags of the first inbound
  withOthers('04'), // direct access to all services, outbounds, transparentProxying
  withOthers('05'), // direct access to chosen services
  withOthers('06'), // headless Service (kuma.io/instance), outbounds per endpoint
  dp('07'), // prometheus annotations → spec.metrics
  dp('08'), // transparent proxy annotations, empty direct-access list
  dp('09', {
    excluded:
      'a Pod annotated `kuma.io/ingress: enabled`: the reconciler makes a ZoneIngress of it, not a Dataplane (kuma-inject generates Dataplanes only); Kuma\'s test calls the converter directly',
  }),
  dp('10'), // virtual probes → spec.probes
  dp('11'), // several containers, readiness per container
  dp('12'), // kuma-sidecar not ready → NotReady
  dp('13', { services: undefined }), // no Service → service-less inbound 49151
  dp('14', { services: undefined }), // gateway without Service
  dp('15'), // transparent proxy, dualstack
  dp('16', {
    excluded:
      'a Pod annotated `kuma.io/egress: enabled`: the reconciler makes a ZoneEgress of it, not a Dataplane (kuma-inject generates Dataplanes only); Kuma\'s test calls the converter directly',
  }),
  withOthers('17'), // kuma.io/transparent-proxying-reachable-services limits outbounds
  dp('18'), // gateway + non-tcp appProtocol → no kuma.io/protocol tag
  dp('19'), // terminating Pod → NotReady
  dp('20', { replicaSets: '20.replicasets-for-pod.yaml' }), // gateway provided + Deployment owner
  dp('21'), // provided without ReplicaSet → inbound tags
  dp('22', { replicaSets: '22.replicasets-for-pod.yaml' }), // provided, ReplicaSet without Deployment
  dp('23'), // Service with a misspelled (so empty) selector
  dp('24', { services: '08.services-for-pod.yaml' }), // ipFamilyMode ipv4
  dp('25', { services: '08.services-for-pod.yaml' }), // no ipFamilyMode annotation
  dp('26', { services: undefined, node: '26.node.yaml', nodeLabelsToCopy: REGION }), // node label copied to tags
  dp('27', { services: undefined, node: '27.node.yaml', nodeLabelsToCopy: REGION }), // node lacks the label
  dp('27b', {
    pod: '26.pod.yaml',
    services: undefined,
    node: '26.node.yaml',
    dataplane: 'node-labels-inbound-tags-disabled.dataplane.yaml',
    nodeLabelsToCopy: REGION,
    inboundTagsDisabled: true,
  }), // node labels to Dataplane labels with inbound tags disabled
  dp('28'), // kuma.io/reachable-backends
  dp('29'), // kuma.io/reachable-backends: {}
  dp('mismatch-ports'), // Service ports not on the Pod
  dp('30'), // application probe proxy + virtual probes, serviceAccount → workload
  // update-dataplane has other Services but no other Dataplanes: no outbounds in Kuma's test, and a reconcile
  // with outbounds would find the existing Dataplane's services, so it runs with kubeOutboundsAsVIPs (none).
  dp('update-dataplane', { existing: 'update-dataplane.existing-dataplane.yaml', otherServices: 'update-dataplane.other-services.yaml' }),
  dp('duplicated-inbounds', { inboundTagsDisabled: true }), // de-duplication when inbound tags are disabled
  dp('overlapping-inbounds', {
    // `example-preview` selects the Pod only through the Argo Rollouts hash label, so the reconciler matches it
    // only with that label ignored; it sorts Services by name, where Kuma's test keeps file order.
    ignoredServiceSelectorLabels: ['rollouts-pod-template-hash'],
    reconcilerOrder: true,
  }), // no de-duplication with inbound tags; Ignored state
  dp('31', { workloadLabels: ['app.kubernetes.io/name', 'app'] }),
  dp('32', { workloadLabels: ['statefulset.kubernetes.io/pod-name', 'app.kubernetes.io/instance'] }),
  dp('33'), // no workload labels: the ServiceAccount
  dp('34', { inboundTagsDisabled: true }),
  dp('35', { services: undefined, inboundTagsDisabled: true }),
  dp('36'), // zone-proxy-only Pod: ZoneIngress listener
  dp('37'), // inbound and ZoneEgress listener
  dp('38'), // listener, sidecar not ready
  dp('39', { reconcilerOrder: true }), // ZoneIngress and ZoneEgress listeners; Services by name, as the reconciler sorts them
  dp('40'), // service port differs from container port
  dp('41'), // unnamed service port: listener named after the port
  dp('42'), // two ingress Services on one port
  dp('43', { dataplane: undefined, expectedError: 'conflicting listener types on port 10001' }),
  dp('44', { meshServicesMode: ZONE_PROXY_ONLY_IN_EXCLUSIVE }), // non-Exclusive mesh: no listeners
  // Service-less names (serviceless_name_extractor.go): the workload in `kuma.io/service: <workload>_demo_svc`.
  { name: 'serviceless/01', pod: 'serviceless/01.pod.yaml', replicaSets: 'serviceless/01.replicasets-for-pod.yaml', expectedWorkload: 'test-server' },
  { name: 'serviceless/02', pod: 'serviceless/02.pod.yaml', jobs: 'serviceless/02.job-for-pod.yaml', expectedWorkload: 'test-job' },
  { name: 'serviceless/03', pod: 'serviceless/03.pod.yaml', replicaSets: 'serviceless/03.replicasets-for-pod.yaml', expectedWorkload: 'test-rs' },
  { name: 'serviceless/04', pod: 'serviceless/04.pod.yaml', jobs: 'serviceless/04.job-for-pod.yaml', expectedWorkload: 'test-job' },
  { name: 'serviceless/05', pod: 'serviceless/05.pod.yaml', expectedWorkload: 'test-pod-1' },
  { name: 'serviceless/06', pod: 'serviceless/06.pod.yaml', expectedWorkload: 'test-ds' },
];


export const DATAPLANE_V2_14: DataplaneSuite = {
  release: '2.14',
  tag: 'v2.14.3',
  dir: '',
  cases: CASES_2_14,
  podController: POD_CONTROLLER_CASES,
};

// Older releases: each one's own case table, written as what it drops from and changes in the next release's.
const without = (cases: readonly DataplaneCase[], ...names: string[]): DataplaneCase[] => cases.filter((c) => !names.includes(c.name));
const replaced = (cases: readonly DataplaneCase[], next: DataplaneCase): DataplaneCase[] => cases.map((c) => (c.name === next.name ? next : c));
/** `added` inserted before the case named `name`, or before the service-less cases (`serviceless/`). */
const insertBefore = (cases: readonly DataplaneCase[], name: string, ...added: DataplaneCase[]): DataplaneCase[] => {
  const at = cases.findIndex((c) => c.name === name || (name === 'serviceless/' && c.name.startsWith(name)));
  return [...cases.slice(0, at), ...added, ...cases.slice(at)];
};

/** v2.13.10: no listeners (36–44), no inbound tags disabled (27b, 34, 35), dedup by port and state. */
const CASES_2_13: DataplaneCase[] = insertBefore(
  replaced(
    without(CASES_2_14, '27b', '34', '35', '36', '37', '38', '39', '40', '41', '42', '43', '44', 'overlapping-inbounds'),
    dp('duplicated-inbounds'), // de-duplicated in an Exclusive mesh, tags kept
  ),
  '31',
  // `example-active` selects the Pod only through the Argo Rollouts hash label; file order is name order.
  dp('dedup-different-state-inbounds', { ignoredServiceSelectorLabels: ['rollouts-pod-template-hash'] }),
);
/** v2.12.14 and v2.11.18 (the same test file): no workload labels (31–33) and no state in the dedup key. */
const CASES_2_12: DataplaneCase[] = without(CASES_2_13, '31', '32', '33', 'dedup-different-state-inbounds');
/** 2.9.19: no existing Dataplane and no Mesh passed to the converter (no update-dataplane, no dedup). */
const CASES_2_9: DataplaneCase[] = without(CASES_2_12, 'update-dataplane', 'duplicated-inbounds');
/** v2.7.29: no reachable backends (28, 29), no probe proxy (30), and Kuma's inline error case. */
const CASES_2_7: DataplaneCase[] = insertBefore(without(CASES_2_9, '28', '29', '30', 'mismatch-ports'), 'serviceless/', MISMATCH_PORTS_ERROR_2_7);

const older = (release: DataplaneSuite['release'], tag: string, cases: DataplaneCase[], podController: DataplaneSuite['podController'] = []): DataplaneSuite => ({
  release,
  tag,
  dir: tag.startsWith('v') ? tag : `v${tag}`,
  cases,
  podController,
});

// pod_controller_test.go has the same cluster in 2.11–2.13 as in 2.14 (2.14 adds a Pod without a golden);
// 2.9's and 2.7's check inline and have no goldens.
export const DATAPLANE_V2_13 = older('2.13', 'v2.13.10', CASES_2_13, POD_CONTROLLER_CASES);
export const DATAPLANE_V2_12 = older('2.12', 'v2.12.14', CASES_2_12, POD_CONTROLLER_CASES);
export const DATAPLANE_V2_11 = older('2.11', 'v2.11.18', CASES_2_12, POD_CONTROLLER_CASES);
export const DATAPLANE_V2_9 = older('2.9', '2.9.19', CASES_2_9);
export const DATAPLANE_V2_7 = older('2.7', 'v2.7.29', CASES_2_7);

// --- Kuma main at 348b6528 (3.0-preview): no inbound tags, so the service-less name cases (serviceless/01-06)
// cannot be seen in the output; they are unit tests of dataplane/owner.ts (owner.test.ts). The Go test's Mesh is
// `builders.Mesh()` (no meshServices mode), and it names the Dataplane after the Pod (display-name).

/** A main case: `NN.*` files, a Mesh without meshServices mode (main's label rules come from its switches). */
const main = (name: string, knobs: Partial<DataplaneCase> = {}): DataplaneCase => dp(name, { meshServicesMode: 'Disabled', ...knobs });

const CASES_MAIN: DataplaneCase[] = [
  ...['01', '03', '04', '05', '08', '10', '11', '12', '15', '18', '19', '21', '23', '28', '29', '30'].map((n) => main(n)),
  main('09'), // kuma.io/ingress: enabled → a plain Dataplane (no ZoneIngress path any more)
  main('13', { services: undefined }),
  main('14', { services: undefined }),
  main('16'), // kuma.io/egress: enabled → a plain Dataplane
  main('20', { replicaSets: '20.replicasets-for-pod.yaml' }),
  main('22', { replicaSets: '22.replicasets-for-pod.yaml' }),
  main('24', { services: '08.services-for-pod.yaml' }),
  main('25', { services: '08.services-for-pod.yaml' }),
  main('26', { services: undefined, node: '26.node.yaml', nodeLabelsToCopy: REGION }), // the region label on the Dataplane labels
  main('27', { services: undefined, node: '27.node.yaml', nodeLabelsToCopy: REGION }),
  main('mismatch-ports'),
  main('update-dataplane', { existing: 'update-dataplane.existing-dataplane.yaml' }),
  main('duplicated-inbounds'), // main's table has it twice (the second entry is identical)
  main('overlapping-inbounds', { ignoredServiceSelectorLabels: ['rollouts-pod-template-hash'], reconcilerOrder: true }), // one Ready inbound
  main('31', { workloadLabels: ['app.kubernetes.io/name', 'app'] }),
  main('32', { workloadLabels: ['statefulset.kubernetes.io/pod-name', 'app.kubernetes.io/instance'] }),
  main('33'),
  main('34'),
  main('35', { services: undefined }),
  ...['36', '37', '38', '40', '41', '42'].map((n) => main(n)),
  main('39', { reconcilerOrder: true }),
  main('43', { dataplane: undefined, expectedError: 'conflicting listener types on port 10001' }),
  main('44'), // listeners whatever the mesh mode
  main('45'), // direct access and reachable backends without a transparent-proxy annotation
];

export const DATAPLANE_MAIN_348B6528: DataplaneSuite = {
  release: '3.0-preview',
  tag: 'main-348b6528',
  dir: 'main-348b6528',
  cases: CASES_MAIN,
  podController: POD_CONTROLLER_CASES_MAIN,
};

/** Every release's suite, oldest first. */
export const DATAPLANE_SUITES: readonly DataplaneSuite[] = [
  DATAPLANE_V2_7,
  DATAPLANE_V2_9,
  DATAPLANE_V2_11,
  DATAPLANE_V2_12,
  DATAPLANE_V2_13,
  DATAPLANE_V2_14,
  DATAPLANE_MAIN_348B6528,
];
