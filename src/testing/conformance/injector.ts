/**
 * Conformance with a Kuma release's injector: runs every case of that release's own fixtures through the built
 * bundle as a ResourceList (with `kumaVersion` set to the release), and compares the resulting Pod with Kuma's
 * golden, parsed (maps by key, lists in order). Each release's cases and harness constants are an InjectorSuite
 * (conformance/injector-suites.ts), read from that release's injector_test.go.
 *
 * Kuma's Go test loads each config file into an empty struct, so every key a file omits is zero, not the
 * production default. `zeroInjectorConfig` spells those zeros out in our config's terms.
 */
import { readFileSync } from 'node:fs';
import { parseYamlText, stringifyObjects } from '../../krm/resource-list.ts';
import { isObject } from '../../krm/object.ts';
import { RECORD_ANNOTATION } from '../../kuma/metadata.ts';
import type { Minor } from '../../kuma/releases.ts';
import { firstDifference } from '../compare.ts';
import { type CaseResult, type Json, outputItems, runBundle } from './bundle.ts';

const fixtureRoot = new URL('../../../testdata/kuma-fixtures/injector/', import.meta.url);

export type Layout = 'legacy' | 'native';

/** The knobs of one case, from the release's injector_test.go. */
export interface InjectCase {
  readonly num: string;
  readonly config: string;
  readonly mesh?: string;
  readonly meshHasMetrics?: boolean;
  /** The namespace's `kuma.io/sidecar-injection` label; `null`: only as an annotation. */
  readonly namespaceLabel?: string | null;
  readonly namespaceMeshAnnotation?: string;
  /** The namespace's `kuma.io/mesh` label (main's tests label the namespace; 2.x's annotated it). */
  readonly namespaceMeshLabel?: string;
  /** Why the case cannot run offline, naming the Kuma test that shows it; it is listed and skipped. */
  readonly excluded?: string;
}

export interface FailCase extends InjectCase {
  /** The error the webhook returns. */
  readonly expected: RegExp;
}

/** The constants of the release's Go test, set on every case. */
export interface Harness {
  readonly controlPlaneURL: string;
  readonly adminPort: number;
  /** Absent where the release's injector has no such argument (before 2.14; delta xDS before 2.13). */
  readonly readinessPort?: number;
  readonly envoyAdminUnixSocket?: boolean;
  readonly systemNamespace: string;
  readonly deltaXds?: boolean;
  /** False where the release's kuma-cp config has no `experimental` section (main), which is then left out. */
  readonly experimentalSection?: boolean;
  readonly kubernetesVersion: string;
  /** Objects the test creates besides the Pod, Namespace and Mesh (ContainerPatches, ConfigMaps). */
  readonly extraItems: readonly Json[];
}

export interface InjectorSuite {
  readonly release: Minor;
  /** The tag, as the conformance line names it (`v2.12.14`). */
  readonly tag: string;
  /** Subfolder of testdata/kuma-fixtures/injector/ ('' for the top level, v2.14.3). */
  readonly dir: string;
  readonly layouts: readonly Layout[];
  readonly inject: readonly InjectCase[];
  readonly skip: readonly InjectCase[];
  readonly fail: readonly FailCase[];
  readonly harness: Harness;
  /** The golden of an inject case in a layout. */
  readonly golden: (num: string, layout: Layout) => string;
  /** Every injector key at its Go zero value, in our schema's terms (keys with a required value are left out). */
  readonly zeroInjectorConfig: () => Json;
  /** Removes keys of the release's config files that our schema does not take (the Go loader ignores them). */
  readonly adaptConfigFile: (fromFile: Json) => void;
}

function readYaml(suite: InjectorSuite, name: string): unknown {
  const parsed = parseYamlText(readFileSync(new URL(suite.dir ? `${suite.dir}/${name}` : name, fixtureRoot), 'utf8'));
  if (!parsed.ok) throw new Error(`${suite.tag} ${name}: ${parsed.error}`);
  return parsed.value;
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over;
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

function injectorConfig(suite: InjectorSuite, file: string): Json {
  const fromFile = structuredClone(readYaml(suite, file)) as Json;
  suite.adaptConfigFile(fromFile);
  return deepMerge(suite.zeroInjectorConfig(), fromFile) as Json;
}

/** The CA the goldens contain (Kuma's test/certs/server-cert.pem), read back from the first golden. */
function caCertOf(suite: InjectorSuite): string {
  const golden = readYaml(suite, suite.golden('01', suite.layouts[0]!)) as Json;
  const spec = golden.spec as Json;
  const containers = [...((spec.containers as Json[]) ?? []), ...((spec.initContainers as Json[]) ?? [])];
  const env = (containers.find((c) => c.name === 'kuma-sidecar')?.env as Json[]) ?? [];
  const value = env.find((e) => e.name === 'KUMA_CONTROL_PLANE_CA_CERT')?.value;
  if (typeof value !== 'string') throw new Error(`${suite.tag}: the first golden has no KUMA_CONTROL_PLANE_CA_CERT`);
  return value;
}

/** The harness's optional knobs, without those the release lacks. */
const definedOnly = (values: Record<string, unknown>): Json => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Json;

function resourceList(suite: InjectorSuite, c: InjectCase, pod: unknown, native: boolean): string {
  const { harness } = suite;
  const namespace: Json = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } };
  const metadata = namespace.metadata as Json;
  if (c.namespaceLabel !== null) metadata.labels = { 'kuma.io/sidecar-injection': c.namespaceLabel ?? 'enabled' };
  else metadata.annotations = { 'kuma.io/sidecar-injection': 'enabled' };
  if (c.namespaceMeshAnnotation) metadata.annotations = { 'kuma.io/mesh': c.namespaceMeshAnnotation };
  if (c.namespaceMeshLabel) metadata.labels = { ...(metadata.labels as Json | undefined), 'kuma.io/mesh': c.namespaceMeshLabel };
  const mesh: Json = { apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', metadata: { name: c.mesh ?? 'default' } };
  if (c.meshHasMetrics) {
    mesh.spec = { metrics: { enabledBackend: 'prometheus-1', backends: [{ name: 'prometheus-1', type: 'prometheus', conf: { port: 1234, path: '/metrics' } }] } };
  }
  const functionConfig = {
    apiVersion: 'kuma-inject.dev/v1alpha1',
    kind: 'KumaInject',
    metadata: { name: `kuma-conformance-${c.num}` },
    spec: {
      kumaVersion: suite.release,
      kubernetesVersion: harness.kubernetesVersion,
      controlPlaneURL: harness.controlPlaneURL,
      caCert: caCertOf(suite),
      meshes: [],
      controlPlane: {
        runtime: { kubernetes: { injector: injectorConfig(suite, c.config) } },
        bootstrapServer: { params: definedOnly({ adminPort: harness.adminPort, readinessPort: harness.readinessPort, envoyAdminUnixSocket: harness.envoyAdminUnixSocket }) },
        ...(harness.experimentalSection === false ? {} : { experimental: definedOnly({ sidecarContainers: native, deltaXds: harness.deltaXds }) }),
        store: { kubernetes: { systemNamespace: harness.systemNamespace } },
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
    { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [pod, namespace, mesh, ...harness.extraItems], functionConfig },
  ]);
}

function podOf(output: string): Json {
  const pod = outputItems(output).find((i) => i.kind === 'Pod');
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

async function runInject(suite: InjectorSuite, c: InjectCase, layout: Layout): Promise<CaseResult> {
  const name = `inject.${c.num} ${layout}`;
  const golden = readYaml(suite, suite.golden(c.num, layout)) as Json;
  const out = await runBundle(resourceList(suite, c, readYaml(suite, `inject.${c.num}.input.yaml`), layout === 'native'));
  if (out.exitCode !== 0) return { name, failure: `exit code ${out.exitCode}: ${out.stderr.split('\n').filter((l) => l.startsWith('error'))[0] ?? ''}` };
  const diff = firstDifference(normalize(golden), normalize(podOf(out.stdout)));
  return diff ? { name, failure: diff } : { name };
}

async function runSkip(suite: InjectorSuite, c: InjectCase): Promise<CaseResult> {
  const name = `skip_inject.${c.num}`;
  const golden = readYaml(suite, `skip_inject.${c.num}.golden.yaml`) as Json;
  const out = await runBundle(resourceList(suite, c, readYaml(suite, `skip_inject.${c.num}.input.yaml`), true));
  if (out.exitCode !== 0) return { name, failure: `exit code ${out.exitCode}: ${out.stderr.trim()}` };
  const diff = firstDifference(normalize(golden), normalize(podOf(out.stdout)));
  return diff ? { name, failure: diff } : { name };
}

async function runShouldFail(suite: InjectorSuite, c: FailCase): Promise<CaseResult> {
  const name = `shouldfail.${c.num}`;
  const input = readYaml(suite, `inject.shouldfail.${c.num}.input.yaml`);
  const out = await runBundle(resourceList(suite, c, input, true));
  if (out.exitCode !== 1) return { name, failure: `exit code ${out.exitCode}, expected 1` };
  if (!c.expected.test(out.stderr)) return { name, failure: `stderr lacks the expected error: ${out.stderr.trim()}` };
  const diff = firstDifference(normalize(input as Json), normalize(podOf(out.stdout)));
  return diff ? { name, failure: `a failed injection must leave the Pod unchanged: ${diff}` } : { name };
}

export interface Task {
  readonly name: string;
  readonly run: () => Promise<CaseResult>;
}

/** One task per case and layout; excluded cases are returned apart, with their reasons. */
export function injectorTasks(suite: InjectorSuite): { tasks: Task[]; excluded: Array<{ name: string; reason: string }> } {
  const tasks: Task[] = [];
  const excluded: Array<{ name: string; reason: string }> = [];
  for (const c of suite.inject) {
    for (const layout of suite.layouts) {
      const name = `inject.${c.num} ${layout}`;
      if (c.excluded) excluded.push({ name, reason: c.excluded });
      else tasks.push({ name, run: () => runInject(suite, c, layout) });
    }
  }
  for (const c of suite.skip) {
    if (c.excluded) excluded.push({ name: `skip_inject.${c.num}`, reason: c.excluded });
    else tasks.push({ name: `skip_inject.${c.num}`, run: () => runSkip(suite, c) });
  }
  for (const c of suite.fail) {
    if (c.excluded) excluded.push({ name: `shouldfail.${c.num}`, reason: c.excluded });
    else tasks.push({ name: `shouldfail.${c.num}`, run: () => runShouldFail(suite, c) });
  }
  return { tasks, excluded };
}
