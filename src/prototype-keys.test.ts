/**
 * User data named like an Object.prototype member (`constructor`, `toString`, `__proto__`…) must behave like any
 * other name: each scenario runs the whole function with the dangerous name in one place and with an ordinary
 * name of the same length, and the two runs must agree (same exit code, same results, same objects) once the
 * name is replaced by a placeholder. A crash, a lookup that finds a prototype member, or a key that vanishes
 * all make the runs differ.
 */
import { suite } from 'uvu';
import type { KubeObject } from './krm/object.ts';
import { loadSettings } from './settings.ts';
import * as assert from 'uvu/assert';
import { isObject } from './krm/object.ts';
import { parseYamlText } from './krm/resource-list.ts';
import { RECORD_ANNOTATION } from './kuma/metadata.ts';
import { run } from './run.ts';
import { TEST_CA } from './testing/test-ca.ts';

const test = suite('prototype-named user data');

export const DANGEROUS_NAMES = [
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__proto__',
  '__defineGetter__',
  '__lookupGetter__',
] as const;

/** An ordinary name of the same length and first character, so that sorting and hashing lengths stay alike. */
const ordinary = (name: string): string => name[0] + 'q'.repeat(name.length - 1);

const q = (s: string): string => JSON.stringify(s);

const CONFIG = (spec = ''): string => `functionConfig:
  apiVersion: kuma-inject.dev/v1alpha1
  kind: KumaInject
  metadata: {name: c}
  spec:
    caCert: ${JSON.stringify(TEST_CA)}
${spec}`;

const list = (items: string, config = CONFIG()): string => `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
${items}
${config}`;

const pod = (o: { name?: string; namespace?: string; labels?: string; annotations?: string; containers?: string; spec?: string } = {}): string => `- apiVersion: v1
  kind: Pod
  metadata:
    name: ${q(o.name ?? 'p')}
    namespace: ${q(o.namespace ?? 'apps')}
    labels: {${o.labels ?? '"kuma.io/sidecar-injection": enabled, app: web'}}
    annotations: {${o.annotations ?? ''}}
  spec:
    containers: ${o.containers ?? '[{name: app, image: nginx, ports: [{name: http, containerPort: 8080}]}]'}
${o.spec ?? ''}`;

const namespace = (name: string, labels = '"kuma.io/sidecar-injection": enabled'): string => `- apiVersion: v1
  kind: Namespace
  metadata: {name: ${q(name)}, labels: {${labels}}}`;

/** Each scenario puts `n` where user data goes; `configKey` marks those where `n` is a key of the functionConfig. */
const SCENARIOS: ReadonlyArray<readonly [string, (n: string) => string, 'configKey'?]> = [
  ['namespace of a Pod, no Namespace object', (n) => list(pod({ namespace: n }))],
  ['namespace of a Pod, no Namespace object, no pod label', (n) => list(pod({ namespace: n, labels: 'app: web' }))],
  ['Namespace object that enables injection', (n) => list(`${namespace(n)}\n${pod({ namespace: n, labels: 'app: web' })}`)],
  ['spec.namespaces entry', (n) => list(pod({ namespace: n, labels: 'app: web' }), CONFIG(`    namespaces: {${q(n)}: {labels: {"kuma.io/sidecar-injection": enabled}}}`)), 'configKey'],
  ['spec.namespaces names another namespace', (n) => list(pod({ namespace: 'apps', labels: 'app: web' }), CONFIG(`    namespaces: {${q(n)}: {labels: {"kuma.io/sidecar-injection": enabled}}}`)), 'configKey'],
  ['mesh of a Pod, listed in spec.meshes', (n) => list(pod({ labels: `"kuma.io/sidecar-injection": enabled, "kuma.io/mesh": ${q(n)}` }), CONFIG(`    meshes: [${q(n)}]`))],
  ['mesh of a Pod, not listed in spec.meshes', (n) => list(pod({ labels: `"kuma.io/sidecar-injection": enabled, "kuma.io/mesh": ${q(n)}` }), CONFIG('    meshes: [default]'))],
  ['mesh of a Pod, a Mesh object in the input', (n) => list(`- {apiVersion: kuma.io/v1alpha1, kind: Mesh, metadata: {name: ${q(n)}}}\n${pod({ labels: `"kuma.io/sidecar-injection": enabled, "kuma.io/mesh": ${q(n)}` })}`)],
  ['mesh of a Namespace', (n) => list(`${namespace('apps', `"kuma.io/sidecar-injection": enabled, "kuma.io/mesh": ${q(n)}`)}\n${pod({ labels: 'app: web' })}`)],
  ['pod label key', (n) => list(pod({ labels: `"kuma.io/sidecar-injection": enabled, ${q(n)}: x` }))],
  ['pod label key and value', (n) => list(pod({ labels: `"kuma.io/sidecar-injection": enabled, ${q(n)}: ${q(n)}` }))],
  ['namespace label key', (n) => list(`${namespace('apps', `"kuma.io/sidecar-injection": enabled, ${q(n)}: x`)}\n${pod({ labels: 'app: web' })}`)],
  ['pod annotation key', (n) => list(pod({ annotations: `${q(n)}: x` }))],
  ['namespace annotation key', (n) => list(`- {apiVersion: v1, kind: Namespace, metadata: {name: apps, annotations: {${q(n)}: x}, labels: {"kuma.io/sidecar-injection": enabled}}}\n${pod({ labels: 'app: web' })}`)],
  ['container name', (n) => list(pod({ containers: `[{name: ${q(n)}, image: nginx}]` }))],
  ['two containers, one named so', (n) => list(pod({ containers: `[{name: app, image: nginx, readinessProbe: {httpGet: {path: /, port: 8080}}}, {name: ${q(n)}, image: nginx, livenessProbe: {tcpSocket: {port: 9090}}}]` }))],
  ['port name', (n) => list(pod({ containers: `[{name: app, image: nginx, ports: [{name: ${q(n)}, containerPort: 8080}], readinessProbe: {httpGet: {path: /, port: ${q(n)}}}}]` }))],
  ['Pod name', (n) => list(pod({ name: n }))],
  ['Deployment name', (n) => list(`- {apiVersion: apps/v1, kind: Deployment, metadata: {name: ${q(n)}, namespace: apps}, spec: {template: {metadata: {labels: {"kuma.io/sidecar-injection": enabled}}, spec: {containers: [{name: app, image: nginx}]}}}}`)],
  ['Service name', (n) => list(`${pod()}\n- {apiVersion: v1, kind: Service, metadata: {name: ${q(n)}, namespace: apps}, spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}}`)],
  ['Service selector key', (n) => list(`${pod({ labels: `"kuma.io/sidecar-injection": enabled, ${q(n)}: web` })}\n- {apiVersion: v1, kind: Service, metadata: {name: web, namespace: apps}, spec: {selector: {${q(n)}: web}, ports: [{port: 80}]}}`)],
  ['Service selector key the Pod lacks', (n) => list(`${pod()}\n- {apiVersion: v1, kind: Service, metadata: {name: web, namespace: apps}, spec: {selector: {${q(n)}: web}, ports: [{port: 80}]}}`)],
  ['Service port name', (n) => list(`${pod()}\n- {apiVersion: v1, kind: Service, metadata: {name: web, namespace: apps}, spec: {selector: {app: web}, ports: [{name: ${q(n)}, port: 80, targetPort: ${q(n)}}]}}`)],
  ['EndpointSlice service name', (n) => list(`${pod()}\n- {apiVersion: discovery.k8s.io/v1, kind: EndpointSlice, metadata: {name: s, namespace: apps, labels: {"kubernetes.io/service-name": ${q(n)}}}, endpoints: []}`)],
  ['Node name and node label', (n) => list(`${pod({ spec: `    nodeName: ${q(n)}` })}\n- {apiVersion: v1, kind: Node, metadata: {name: ${q(n)}, labels: {${q(n)}: x}}}`, CONFIG(`    controlPlane: {runtime: {kubernetes: {injector: {nodeLabelsToCopy: [${q(n)}]}}}}`))],
  ['sidecar env var from an annotation', (n) => list(pod({ annotations: `"kuma.io/sidecar-env-vars": ${q(`${n}=1`)}` }))],
  ['sidecar env var from the config', (n) => list(pod(), CONFIG(`    controlPlane: {runtime: {kubernetes: {injector: {sidecarContainer: {envVars: {${q(n)}: x}}}}}}`)), 'configKey'],
  ['exception label key', (n) => list(pod(), CONFIG(`    controlPlane: {runtime: {kubernetes: {injector: {exceptions: {labels: {${q(n)}: "*"}}}}}}`)), 'configKey'],
  ['ignored service selector label', (n) => list(`${pod()}\n- {apiVersion: v1, kind: Service, metadata: {name: web, namespace: apps}, spec: {selector: {app: web, ${q(n)}: x}, ports: [{port: 80}]}}`, CONFIG(`    controlPlane: {runtime: {kubernetes: {injector: {ignoredServiceSelectorLabels: [${q(n)}]}}}}`))],
  ['workload label', (n) => list(pod({ labels: `"kuma.io/sidecar-injection": enabled, ${q(n)}: w` }), CONFIG(`    controlPlane: {runtime: {kubernetes: {workloadLabels: [${q(n)}]}}}`))],
  ['ContainerPatch name, applied', (n) => list(`- {apiVersion: kuma.io/v1alpha1, kind: ContainerPatch, metadata: {name: ${q(n)}, namespace: kuma-system}, spec: {sidecarPatch: [{op: add, path: /securityContext/privileged, value: "false"}]}}\n${pod({ annotations: `"kuma.io/container-patches": ${q(n)}` })}`)],
  ['ContainerPatch name, missing', (n) => list(pod({ annotations: `"kuma.io/container-patches": ${q(n)}` }))],
  ['ContainerPatch elsewhere', (n) => list(`- {apiVersion: kuma.io/v1alpha1, kind: ContainerPatch, metadata: {name: ${q(n)}, namespace: apps}, spec: {sidecarPatch: []}}\n${pod({ annotations: `"kuma.io/container-patches": ${q(n)}` })}`)],
  ['ConfigMap name and key', (n) => list(`- {apiVersion: v1, kind: ConfigMap, metadata: {name: ${q(n)}, namespace: apps}, data: {${q(n)}: x}}\n${pod()}`)],
  ['functionConfig ConfigMap key', (n) => list(pod(), `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {caCert: ${JSON.stringify(TEST_CA)}, ${q(n)}: x}`)],
  ['functionConfig ConfigMap namespaces', (n) => list(pod({ namespace: n, labels: 'app: web' }), `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {caCert: ${JSON.stringify(TEST_CA)}, namespaces: ${q(`{${q(n)}: {labels: {kuma.io/sidecar-injection: enabled}}}`)}}`), 'configKey'],
  ['functionConfig ConfigMap boolean value', (n) => list(pod(), `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {caCert: ${JSON.stringify(TEST_CA)}, cniEnabled: ${q(n)}}`)],
  ['duration annotation unit', (n) => list(pod({ annotations: `"kuma.io/sidecar-drain-time": ${q(`1${n}`)}` }))],
  ['boolean annotation value', (n) => list(pod({ annotations: `"kuma.io/gateway": ${q(n)}, "kuma.io/virtual-probes": ${q(n)}` }))],
  ['transparent-proxy ConfigMap value', (n) => list(`- {apiVersion: v1, kind: ConfigMap, metadata: {name: tp, namespace: kuma-system}, data: {config.yaml: ${q(`redirect:\n  dns:\n    enabled: ${n}\n`)}}}\n${pod()}`, CONFIG('    controlPlane: {runtime: {kubernetes: {injector: {transparentProxyConfigMap: tp}}}}'))],
  ['config key in spec', (n) => list(pod(), CONFIG(`    ${q(n)}: x`)), 'configKey'],
  ['Dataplane named so', (n) => list(`${pod({ name: n })}\n- {apiVersion: kuma.io/v1alpha1, kind: Dataplane, metadata: {name: ${q(n)}, namespace: apps, labels: {"kuma.io/mesh": default}}, spec: {networking: {address: 10.0.0.1}}}`)],
  ['workload kind named so', (n) => list(`- {apiVersion: example.com/v1, kind: ${q(n)}, metadata: {name: w, namespace: apps}, spec: {template: {metadata: {labels: {"kuma.io/sidecar-injection": enabled}}, spec: {containers: [{name: app, image: nginx}]}}}}`, CONFIG(`    workloadKinds: [{apiVersion: example.com/v1, kind: ${q(n)}, podTemplatePath: spec.template}]`))],
];

/** What a run says and makes, with `name` replaced by a placeholder and the record's hashes left out. */
function outcome(input: string, name: string): { exitCode: number; results: unknown; items: unknown } {
  const output = run(input);
  const parsed = parseYamlText(output.stdout);
  const root = parsed.ok && isObject(parsed.value) ? parsed.value : {};
  const placeholder = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null).replaceAll(name, '<NAME>'));
  const items = JSON.stringify(root.items ?? null).replace(new RegExp(`"${RECORD_ANNOTATION.replace(/[./]/g, '\\$&')}":"(?:[^"\\\\]|\\\\.)*"`, 'g'), '"<record>":""');
  return {
    exitCode: output.exitCode,
    results: placeholder(output.results.map((r) => [r.severity, r.code, r.message, r.field])),
    items: placeholder(JSON.parse(items)),
  };
}

for (const [title, scenario, configKey] of SCENARIOS) {
  test(`${title}: a prototype member's name behaves like any name`, () => {
    for (const name of DANGEROUS_NAMES) {
      if (configKey && name === '__proto__') {
        // zod's records would drop the key without a word: it is refused, by path.
        const output = run(scenario(name));
        assert.is(output.exitCode, 1, `${title}, with ${name}`);
        // Named by its path, or in the ConfigMap form by the key whose YAML holds it and the path inside.
        assert.match(output.stderr.join('\n'), /^error: (KumaInject c: spec\.\S*__proto__|ConfigMap c: data\.\w+: `\S*__proto__`): a key named `__proto__` is not supported/m, `${title}, with ${name}`);
        continue;
      }
      const control = ordinary(name);
      let dangerous: ReturnType<typeof outcome>;
      try {
        dangerous = outcome(scenario(name), name);
      } catch (caught) {
        throw new Error(`${title}, with ${name}: the run threw ${String(caught)}`);
      }
      const expected = outcome(scenario(control), control);
      const got = JSON.stringify(dangerous, null, 1).split('\n');
      const want = JSON.stringify(expected, null, 1).split('\n');
      const at = got.findIndex((line, i) => line !== want[i]);
      assert.ok(at === -1 && got.length === want.length, `${title}, with ${name}: line ${at} is ${got[at]?.trim()} where an ordinary name gives ${want[at]?.trim()}`);
    }
  });
}

test('the control runs are meaningful: an ordinary namespace without its object is injected by its pod label', () => {
  const { items } = outcome(SCENARIOS[0]![1]('apps'), 'apps');
  assert.match(JSON.stringify(items), /"kuma-sidecar"/);
});

test('a ConfigMap dotted key through __proto__ is an unknown key and leaves Object.prototype alone', () => {
  const out = loadSettings({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'namespaces.__proto__.labels': 'polluted: yes', 'namespaces.constructor': '{}' } } as KubeObject);
  assert.is(out.ok, false);
  assert.is(({} as Record<string, unknown>).labels, undefined, 'Object.prototype is untouched');
  assert.ok(out.results.every((r) => r.code === 'INVALID_CONFIG'));
});

test.run();
