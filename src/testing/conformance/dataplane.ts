/**
 * Conformance with a Kuma release's Pod → Dataplane converter (pod_converter_test.go) and the Pod reconciler's
 * goldens (pod_controller_test.go), each case as one reconcile through the bundle, with `kumaVersion` set to the
 * release. Knobs per case as in Kuma's test; harness constants: zone `zone-1`, Mesh `default` with
 * `meshServices.mode: Exclusive` unless stated.
 */
import { isObject } from '../../krm/object.ts';
import { type Minor, releaseOf } from '../../kuma/releases.ts';
import { firstDifference } from '../compare.ts';
import {
  type DataplaneCase,
  type ReleaseHarness,
  caseConfig,
  converterView,
  expectedDataplane,
  prepareCase,
  readFixtures,
  resourceListOf,
} from '../dataplane-conformance-inputs.ts';
import { POD_CONTROLLER_CONFIG, type PodControllerCase } from '../dataplane-pod-controller-cases.ts';
import { type CaseResult, type Json, firstError, outputItems, runBundle } from './bundle.ts';
import type { Task } from './injector.ts';

const fixtureRoot = new URL('../../../testdata/kuma-fixtures/dataplane/', import.meta.url);

export interface DataplaneSuite {
  readonly release: Minor;
  readonly tag: string;
  /** Subfolder of testdata/kuma-fixtures/dataplane/ ('' for the top level, v2.14.3). */
  readonly dir: string;
  readonly cases: readonly DataplaneCase[];
  /** The reconciler's goldens, where the release's fixtures have them (testdata/.../pod_controller/). */
  readonly podController: readonly PodControllerCase[];
}

const dirOf = (suite: DataplaneSuite): URL => (suite.dir ? new URL(`${suite.dir}/`, fixtureRoot) : fixtureRoot);

function dataplaneIn(output: string, namespace: unknown, name: unknown): Json | undefined {
  const items = outputItems(output);
  return items.find((i) => i.kind === 'Dataplane' && isObject(i.metadata) && i.metadata.name === name && i.metadata.namespace === namespace);
}


/** The harness adaptations a release needs (see ReleaseHarness), from its own switches. */
function harnessOf(suite: DataplaneSuite): ReleaseHarness {
  const behaviour = releaseOf(suite.release).behaviour;
  return {
    selectorlessServices: behaviour.selectorlessServicesByEndpointSlices ? 'endpointSlices' : 'podLabelsSelector',
    labels: behaviour.dataplaneLabels,
  };
}

async function runDataplane(suite: DataplaneSuite, c: DataplaneCase): Promise<CaseResult> {
  const dataplaneFixtures = dirOf(suite);
  const name = c.name;
  const harness = harnessOf(suite);
  const prepared = prepareCase(dataplaneFixtures, c, harness);
  const out = await runBundle(resourceListOf(prepared.items, caseConfig(c, suite.release)));
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
  const diff = firstDifference(expectedDataplane(golden, c, prepared, harness), converterView(dataplane));
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

async function runPodController(suite: DataplaneSuite, c: PodControllerCase): Promise<CaseResult> {
  const dataplaneFixtures = dirOf(suite);
  const name = `pod_controller/${c.name}`;
  const golden = readFixtures(dataplaneFixtures, `pod_controller/${c.golden}`)[0]!;
  const meta = golden.metadata as Json;
  const out = await runBundle(resourceListOf(c.items, { ...POD_CONTROLLER_CONFIG, spec: { ...(POD_CONTROLLER_CONFIG.spec as Json), kumaVersion: suite.release } }));
  if (out.exitCode !== 0) return { name, failure: `exit code ${out.exitCode}: ${firstError(out.stderr)}` };
  const dataplane = dataplaneIn(out.stdout, meta.namespace, meta.name);
  if (!dataplane) return { name, failure: `no Dataplane ${String(meta.namespace)}/${String(meta.name)} in the output` };
  const diff = firstDifference(podControllerView(golden), podControllerView(dataplane));
  return diff ? { name, failure: diff } : { name };
}


export function dataplaneTasks(suite: DataplaneSuite): { tasks: Task[]; excluded: Array<{ name: string; reason: string }> } {
  const tasks: Task[] = [];
  const excluded: Array<{ name: string; reason: string }> = [];
  for (const c of suite.cases) {
    const name = c.name;
    if (c.excluded) excluded.push({ name, reason: c.excluded });
    else tasks.push({ name, run: () => runDataplane(suite, c) });
  }
  for (const c of suite.podController) tasks.push({ name: `pod_controller/${c.name}`, run: () => runPodController(suite, c) });
  return { tasks, excluded };
}
