/**
 * Conformance with Kuma v2.14.3's injector: runs every case of Kuma's own fixtures (testdata/kuma-fixtures)
 * through the built dist/kuma-inject.cjs as a ResourceList, and compares the resulting Pod with Kuma's golden,
 * parsed (maps by key, lists in order). Prints one line per failing case and `conformance: N passed, M failed`.
 *
 * Kuma's Go test loads each config file into an empty struct, so every key a file omits is zero, not the
 * production default. `zeroInjectorConfig` below spells those zeros out in our config's terms.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseYamlText, stringifyObjects } from '../krm/resource-list.ts';
import { isObject } from '../krm/object.ts';
import { RECORD_ANNOTATION } from '../kuma/metadata.ts';
import { firstDifference } from './compare.ts';
import {
  type DataplaneCase,
  caseConfig,
  converterView,
  expectedDataplane,
  prepareCase,
  readFixtures,
  resourceListOf,
} from './dataplane-conformance-inputs.ts';
import { POD_CONTROLLER_CASES, POD_CONTROLLER_CONFIG, type PodControllerCase } from './dataplane-pod-controller-cases.ts';

const root = new URL('../../', import.meta.url);
const fixtures = new URL('testdata/kuma-fixtures/injector/', root);
const bundle = new URL('dist/kuma-inject.cjs', root).pathname;

type Json = Record<string, unknown>;

function readYaml(name: string): unknown {
  const parsed = parseYamlText(readFileSync(new URL(name, fixtures), 'utf8'));
  if (!parsed.ok) throw new Error(`${name}: ${parsed.error}`);
  return parsed.value;
}

/** The knobs of each case, from Kuma's injector_test.go (spec §15.1). */
interface Case {
  num: string;
  config: string;
  mesh?: string;
  meshHasMetrics?: boolean;
  namespaceLabel?: string | null;
  namespaceMeshAnnotation?: string;
}
const CONFIG_BY_CASE: Record<string, string> = {
  '17': 'inject.config-ports.yaml',
  '18': 'inject.config-ports.yaml',
  '19': 'inject.vp-disabled.config.yaml',
  '20': 'inject.vp-disabled.config.yaml',
  '22': 'inject.env-vars.config.yaml',
  '23': 'inject.builtindns.config.yaml',
  '24': 'inject.builtindns.config.yaml',
  '25': 'inject.high-resources.config.yaml',
  '29': 'inject.builtindns.config.yaml',
  '30': 'inject.ebpf.config.yaml',
  '33': 'inject.config-ipv6-disabled.yaml',
  '34': 'inject.config-cni.yaml',
  '40': 'inject.vp-disabled.config.yaml',
  '41': 'inject.config-cni.yaml',
  '43': 'inject.spire.config.yaml',
};
const INJECT_CASES: Case[] = Array.from({ length: 43 }, (_, i) => {
  const num = String(i + 1).padStart(2, '0');
  const c: Case = { num, config: CONFIG_BY_CASE[num] ?? 'inject.config.yaml' };
  if (num === '04') c.mesh = 'demo';
  if (num === '11') c.mesh = 'mesh-name-from-ns';
  if (num === '12') c.mesh = 'mesh-name-from-pod';
  if (['07', '08', '09'].includes(num)) c.meshHasMetrics = true;
  if (num === '10') c.namespaceLabel = 'disabled';
  if (num === '11' || num === '12') c.namespaceMeshAnnotation = 'mesh-name-from-ns';
  return c;
});
const SKIP_CASES: Case[] = [
  { num: '1', config: 'inject.config.yaml' },
  { num: '2', config: 'inject.config.yaml' },
  // The namespace carries `kuma.io/sidecar-injection: enabled` only as an annotation.
  { num: '3', config: 'inject.config.yaml', namespaceLabel: null },
];
const FAIL_CASES: Case[] = [
  { num: '1', config: 'inject.config.yaml' },
  { num: '2', config: 'inject.config.yaml' },
];

/** Every injector key at its Go zero value, in our schema's terms (keys with a required value are left out). */
const zeroInjectorConfig = (): Json => ({
  sidecarContainer: {
    uid: 0,
    gid: 0,
    adminPort: 0,
    drainTime: '0s',
    readinessProbe: { initialDelaySeconds: 0, timeoutSeconds: 0, periodSeconds: 0, successThreshold: 0, failureThreshold: 0 },
    livenessProbe: { initialDelaySeconds: 0, timeoutSeconds: 0, periodSeconds: 0, failureThreshold: 0 },
    startupProbe: { initialDelaySeconds: 0, timeoutSeconds: 0, periodSeconds: 0, failureThreshold: 0 },
    envVars: {},
    redirectPortInbound: 0,
    redirectPortOutbound: 0,
    waitForDataplaneReady: false,
  },
  containerPatches: [],
  cniEnabled: false,
  virtualProbesEnabled: false,
  virtualProbesPort: 0,
  applicationProbeProxyPort: 0,
  sidecarTraffic: { excludeInboundPorts: [], excludeOutboundPorts: [], excludeInboundIPs: [], excludeOutboundIPs: [] },
  exceptions: { labels: {} },
  builtinDNS: { enabled: false, port: 0, logging: false, experimentalProxy: false },
  ebpf: { enabled: false, instanceIPEnvVarName: '', bpffsPath: '', cgroupPath: '', tcAttachIface: '', programsSourcePath: '' },
  ignoredServiceSelectorLabels: [],
  nodeLabelsToCopy: [],
  transparentProxyConfigMap: '',
  unifiedResourceNamingEnabled: false,
  otelPipeEnabled: false,
  spire: { enabled: false, mountPath: '', socketFileName: '' },
});

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over;
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

function injectorConfig(file: string): Json {
  const fromFile = structuredClone(readYaml(file)) as Json;
  // Two keys of these files are not fields of 2.14's injector config, and the test's non-strict loader ignores
  // them: `controlPlane.apiServer.url` and `initContainer.enabled`. Our schema is strict, so drop them here.
  delete fromFile.controlPlane;
  if (isObject(fromFile.initContainer)) delete fromFile.initContainer.enabled;
  return deepMerge(zeroInjectorConfig(), fromFile) as Json;
}

function caCertFromGolden(): string {
  const golden = readYaml('inject.01.golden.yaml') as Json;
  const containers = ((golden.spec as Json).containers as Json[]) ?? [];
  const env = (containers.find((c) => c.name === 'kuma-sidecar')?.env as Json[]) ?? [];
  const value = env.find((e) => e.name === 'KUMA_CONTROL_PLANE_CA_CERT')?.value;
  if (typeof value !== 'string') throw new Error('inject.01.golden.yaml has no KUMA_CONTROL_PLANE_CA_CERT');
  return value;
}
const CA_CERT = caCertFromGolden();

const CONTAINER_PATCH = {
  apiVersion: 'kuma.io/v1alpha1',
  kind: 'ContainerPatch',
  metadata: { namespace: 'kuma-system', name: 'container-patch-1' },
  spec: {
    sidecarPatch: [
      { op: 'add', path: '/securityContext/privileged', value: 'false' },
      {
        op: 'add',
        path: '/volumeMounts/-',
        value: '{ "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount/", "name": "{{ template \\"kong.serviceAccountTokenName\\" . }}", "readOnly": true }',
      },
    ],
    initPatch: [{ op: 'remove', path: '/securityContext/runAsUser' }],
  },
};

function resourceList(c: Case, pod: unknown, native: boolean): string {
  const namespace: Json = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } };
  const metadata = namespace.metadata as Json;
  if (c.namespaceLabel !== null) metadata.labels = { 'kuma.io/sidecar-injection': c.namespaceLabel ?? 'enabled' };
  else metadata.annotations = { 'kuma.io/sidecar-injection': 'enabled' };
  if (c.namespaceMeshAnnotation) metadata.annotations = { 'kuma.io/mesh': c.namespaceMeshAnnotation };
  const mesh: Json = { apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', metadata: { name: c.mesh ?? 'default' } };
  if (c.meshHasMetrics) {
    mesh.spec = { metrics: { enabledBackend: 'prometheus-1', backends: [{ name: 'prometheus-1', type: 'prometheus', conf: { port: 1234, path: '/metrics' } }] } };
  }
  const functionConfig = {
    apiVersion: 'kuma-inject.dev/v1alpha1',
    kind: 'KumaInject',
    metadata: { name: `kuma-conformance-${c.num}` },
    spec: {
      kubernetesVersion: '1.31',
      controlPlaneURL: 'http://kuma-control-plane.kuma-system:5681',
      caCert: CA_CERT,
      meshes: [],
      controlPlane: {
        runtime: { kubernetes: { injector: injectorConfig(c.config) } },
        bootstrapServer: { params: { adminPort: 9901, readinessPort: 9902, envoyAdminUnixSocket: false } },
        experimental: { sidecarContainers: native, deltaXds: false },
        store: { kubernetes: { systemNamespace: 'kuma-system' } },
      },
      // Kuma's webhook adds no preStop sleeps, raises no grace periods and moves no other sidecars, so the
      // lifecycle features that change Pods are off here (most fixture Pods default to restartPolicy Always).
      lifecycle: {
        preStop: { seconds: 0 },
        gracePeriod: { check: false, raise: false },
        jobs: { injectInLegacyLayout: false },
        nativeSidecars: { adopt: [] },
      },
    },
  };
  return stringifyObjects([
    { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [pod, namespace, mesh, CONTAINER_PATCH], functionConfig },
  ]);
}

interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function runBundle(input: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

function podOf(output: string): Json {
  const parsed = parseYamlText(output);
  if (!parsed.ok || !isObject(parsed.value)) throw new Error(`output is not a ResourceList: ${parsed.ok ? '' : parsed.error}`);
  const items = (parsed.value.items as Json[]) ?? [];
  const pod = items.find((i) => i.kind === 'Pod');
  if (!pod) throw new Error('output has no Pod');
  return pod;
}

/** What Go's marshalling adds and kuma-inject's own bookkeeping, neither of which is webhook behaviour. */
function normalize(pod: Json): Json {
  const copy = structuredClone(pod);
  if (isObject(copy.status) && Object.keys(copy.status).length === 0) delete copy.status;
  const metadata = isObject(copy.metadata) ? copy.metadata : {};
  if (metadata.creationTimestamp === null) delete metadata.creationTimestamp;
  if (isObject(metadata.annotations)) delete metadata.annotations[RECORD_ANNOTATION];
  // Go always marshals a container's `resources` struct, even empty; an absent one means the same.
  const spec = isObject(copy.spec) ? copy.spec : {};
  for (const key of ['containers', 'initContainers']) {
    for (const container of Array.isArray(spec[key]) ? spec[key] : []) {
      if (isObject(container) && isObject(container.resources) && Object.keys(container.resources).length === 0) {
        delete container.resources;
      }
    }
  }
  return copy;
}

interface CaseResult {
  name: string;
  failure?: string;
}

async function runInject(c: Case, native: boolean): Promise<CaseResult> {
  const name = `inject.${c.num} ${native ? 'native' : 'legacy'}`;
  const golden = readYaml(native ? `inject.sidecar-feature.${c.num}.golden.yaml` : `inject.${c.num}.golden.yaml`) as Json;
  const out = await runBundle(resourceList(c, readYaml(`inject.${c.num}.input.yaml`), native));
  if (out.exitCode !== 0) return { name, failure: `exit code ${out.exitCode}: ${out.stderr.split('\n').filter((l) => l.startsWith('error'))[0] ?? ''}` };
  const diff = firstDifference(normalize(golden), normalize(podOf(out.stdout)));
  return diff ? { name, failure: diff } : { name };
}

async function runSkip(c: Case): Promise<CaseResult> {
  const name = `skip_inject.${c.num}`;
  const golden = readYaml(`skip_inject.${c.num}.golden.yaml`) as Json;
  const out = await runBundle(resourceList(c, readYaml(`skip_inject.${c.num}.input.yaml`), true));
  if (out.exitCode !== 0) return { name, failure: `exit code ${out.exitCode}: ${out.stderr.trim()}` };
  const diff = firstDifference(normalize(golden), normalize(podOf(out.stdout)));
  return diff ? { name, failure: diff } : { name };
}

const EXPECTED_FAILURES: Record<string, RegExp> = {
  '1': /it appears some expected container patches are missing: \["missing-container-patch"\]/,
  '2': /containers using same UID as sidecar is unsupported/,
};

async function runShouldFail(c: Case): Promise<CaseResult> {
  const name = `shouldfail.${c.num}`;
  const input = readYaml(`inject.shouldfail.${c.num}.input.yaml`);
  const out = await runBundle(resourceList(c, input, true));
  if (out.exitCode !== 1) return { name, failure: `exit code ${out.exitCode}, expected 1` };
  if (!EXPECTED_FAILURES[c.num]!.test(out.stderr)) return { name, failure: `stderr lacks the expected error: ${out.stderr.trim()}` };
  const diff = firstDifference(normalize(input as Json), normalize(podOf(out.stdout)));
  return diff ? { name, failure: `a failed injection must leave the Pod unchanged: ${diff}` } : { name };
}

// ---------------------------------------------------------------------------------------------------------------
// Dataplane conformance: Kuma v2.14.3's Pod → Dataplane converter cases (pod_converter_test.go, spec §15.2) and the
// Pod reconciler's goldens (pod_controller_test.go), each as one reconcile through the bundle. Knobs per case as in
// Kuma's test; harness constants: zone `zone-1`, Mesh `default` with `meshServices.mode: Exclusive` unless stated.
// What prepareCase/expectedDataplane adapt, and why, is stated in src/testing/dataplane-conformance-inputs.ts.

const dataplaneFixtures = new URL('testdata/kuma-fixtures/dataplane/', root);

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

const DATAPLANE_CASES: DataplaneCase[] = [
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

function dataplaneIn(output: string, namespace: unknown, name: unknown): Json | undefined {
  const parsed = parseYamlText(output);
  if (!parsed.ok || !isObject(parsed.value)) throw new Error(`output is not a ResourceList: ${parsed.ok ? '' : parsed.error}`);
  const items = (parsed.value.items as Json[]) ?? [];
  return items.find((i) => i.kind === 'Dataplane' && isObject(i.metadata) && i.metadata.name === name && i.metadata.namespace === namespace);
}

const firstError = (stderr: string): string => stderr.split('\n').find((l) => l.startsWith('error')) ?? stderr.trim();

async function runDataplane(c: DataplaneCase): Promise<CaseResult> {
  const name = `dataplane ${c.name}`;
  const prepared = prepareCase(dataplaneFixtures, c);
  const out = await runBundle(resourceListOf(prepared.items, caseConfig(c)));
  if (c.expectedError) {
    if (out.exitCode !== 1) return { name, failure: `exit code ${out.exitCode}, expected 1` };
    return out.stderr.includes(c.expectedError) ? { name } : { name, failure: `stderr lacks "${c.expectedError}": ${firstError(out.stderr)}` };
  }
  if (out.exitCode !== 0) return { name, failure: `exit code ${out.exitCode}: ${firstError(out.stderr)}` };
  const meta = prepared.pod.metadata as Json;
  const dataplane = dataplaneIn(out.stdout, meta.namespace, meta.name);
  if (!dataplane) return { name, failure: `no Dataplane ${String(meta.namespace)}/${String(meta.name)} in the output` };
  if (c.expectedWorkload) {
    const inbound = ((dataplane.spec as Json).networking as Json).inbound as Json[];
    const expected = { port: 49151, service: `${c.expectedWorkload}_${String(meta.namespace)}_svc` };
    const actual = { port: inbound?.[0]?.port, service: (inbound?.[0]?.tags as Json | undefined)?.['kuma.io/service'] };
    const diff = firstDifference(expected, actual);
    return diff ? { name, failure: diff } : { name };
  }
  const golden = readFixtures(dataplaneFixtures, c.dataplane!)[0]!;
  const diff = firstDifference(expectedDataplane(golden, c, prepared), converterView(dataplane));
  return diff ? { name, failure: diff } : { name };
}

/** The whole object, as the reconciler writes it; `resourceVersion` is the API server's bookkeeping. */
const podControllerView = (dataplane: Json): Json => {
  const metadata = (dataplane.metadata ?? {}) as Json;
  return {
    mesh: dataplane.mesh,
    metadata: { labels: metadata.labels, name: metadata.name, namespace: metadata.namespace, ownerReferences: metadata.ownerReferences },
    spec: dataplane.spec,
  };
};

async function runPodController(c: PodControllerCase): Promise<CaseResult> {
  const name = `dataplane pod_controller/${c.name}`;
  const golden = readFixtures(dataplaneFixtures, `pod_controller/${c.golden}`)[0]!;
  const meta = golden.metadata as Json;
  const out = await runBundle(resourceListOf(c.items, POD_CONTROLLER_CONFIG));
  if (out.exitCode !== 0) return { name, failure: `exit code ${out.exitCode}: ${firstError(out.stderr)}` };
  const dataplane = dataplaneIn(out.stdout, meta.namespace, meta.name);
  if (!dataplane) return { name, failure: `no Dataplane ${String(meta.namespace)}/${String(meta.name)} in the output` };
  const diff = firstDifference(podControllerView(golden), podControllerView(dataplane));
  return diff ? { name, failure: diff } : { name };
}

async function pool<T>(tasks: Array<() => Promise<T>>, size: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: size }, worker));
  return results;
}

const filter = process.argv[2] ? new RegExp(process.argv[2]) : undefined;
const tasks: Array<{ name: string; run: () => Promise<CaseResult> }> = [
  ...INJECT_CASES.flatMap((c) => [
    { name: `inject.${c.num} legacy`, run: () => runInject(c, false) },
    { name: `inject.${c.num} native`, run: () => runInject(c, true) },
  ]),
  ...SKIP_CASES.map((c) => ({ name: `skip_inject.${c.num}`, run: () => runSkip(c) })),
  ...FAIL_CASES.map((c) => ({ name: `shouldfail.${c.num}`, run: () => runShouldFail(c) })),
  ...DATAPLANE_CASES.filter((c) => !c.excluded).map((c) => ({ name: `dataplane ${c.name}`, run: () => runDataplane(c) })),
  ...POD_CONTROLLER_CASES.map((c) => ({ name: `dataplane pod_controller/${c.name}`, run: () => runPodController(c) })),
].filter((t) => !filter || filter.test(t.name));

const results = await pool(
  tasks.map((t) => () => t.run().catch((e: unknown) => ({ name: t.name, failure: `harness error: ${String(e)}` }))),
  4,
);
const failed = results.filter((r) => r.failure);
for (const r of failed) console.log(`FAIL ${r.name}: ${r.failure}`);
for (const c of DATAPLANE_CASES) if (c.excluded && (!filter || filter.test(`dataplane ${c.name}`))) console.log(`excluded dataplane ${c.name}: ${c.excluded}`);
if (results.length === 0) console.error('conformance: no case matched');
console.log(`conformance: ${results.length - failed.length} passed, ${failed.length} failed`);
process.exitCode = failed.length > 0 || results.length === 0 ? 1 : 0;
