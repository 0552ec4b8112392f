/**
 * The nine findings of "nothing but the injection changes" (each reproduced on 0.1.0), held through the whole
 * in-memory run. Findings 4, 5 (namespaces named like Object members), 6, 7 (Lists) and 8 have their own
 * suites as well: src/kuma/record-check.test.ts, src/prototype-keys.test.ts, src/utf8.test.ts,
 * src/transforms/report-lists.test.ts, src/config-fields.test.ts.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readYamlStream } from './krm/read-yaml.ts';
import { readStream } from './krm/read.ts';
import { run } from './run.ts';

const findings = suite('findings of 0.1.0');

const list = (items: string, config = ''): string => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}${config}`;

const CONFIG = 'functionConfig:\n  apiVersion: kuma-inject.dev/v1alpha1\n  kind: KumaInject\n  metadata:\n    name: c\n  spec:\n    meshes: [default]\n';

const DEPLOYMENT = (extra = '', containers = '        - name: app\n          image: app:1\n') =>
  `- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n    namespace: shop\n  spec:\n    template:\n      metadata:\n        labels:\n          kuma.io/sidecar-injection: enabled\n      spec:\n${extra}        containers:\n${containers}`;

/** The text of the first item of a run's output, from its first key to its end. */
function item(stdout: string, n: number): string {
  const read = readYamlStream(stdout);
  assert.ok(read.ok);
  if (!read.ok) return '';
  const root = read.stream.docs[0]!.root!;
  const items = root.k === 'map' ? root.pairs.find((p) => p.key === 'items')!.value : undefined;
  if (!items || items.k !== 'seq') return '';
  return stdout.slice(items.items[n]!.start, items.items[n]!.end);
}

findings('1. a leading-zero integer is written as it was, in untouched and in changed items', () => {
  const cr = '- apiVersion: example.com/v1\n  kind: Thing\n  metadata:\n    name: t\n  spec: {mode: 0755}\n';
  const volumes = '        volumes:\n        - name: hooks\n          configMap: {name: hooks, defaultMode: 0755}\n';
  const out = run(list(cr + DEPLOYMENT(volumes), CONFIG));
  assert.is(out.exitCode, 0, out.stderr.join('\n'));
  assert.is(item(out.stdout, 0), cr.slice(2).trimEnd());
  assert.match(item(out.stdout, 1), /configMap: \{name: hooks, defaultMode: 0755\}/);
});

findings('2. big, hex, signed and exponent numbers keep their spelling', () => {
  const cr = '- apiVersion: example.com/v1\n  kind: Thing\n  metadata:\n    name: t\n  spec:\n    big: 9007199254740993\n    hex: 0x1F90\n    plus: +8081\n    exp: 1e2\n';
  const out = run(list(cr + DEPLOYMENT('        terminationGracePeriodSeconds: 9007199254740993\n'), CONFIG));
  assert.is(item(out.stdout, 0), cr.slice(2).trimEnd());
  assert.match(item(out.stdout, 1), /terminationGracePeriodSeconds: 9007199254740993\n/);
});

findings('3. untouched items keep their bytes: sequences under their key, folded plain scalars, trailing spaces, tags', () => {
  const service = '- apiVersion: v1\n  kind: Service\n  metadata:\n    name: svc\n    namespace: shop\n    annotations:\n      description: a long text\n        folded over two lines   \n  spec:\n    ports:\n      - port: 80\n        targetPort: !!float 1\n';
  const out = run(list(service + DEPLOYMENT(), CONFIG));
  assert.is(out.exitCode, 0, out.stderr.join('\n'));
  assert.is(item(out.stdout, 0), service.slice(2).trimEnd());
});

findings('4. a record naming a user container removes nothing and fails the run', () => {
  const forged = `        annotations:\n          kuma-inject.dev/injected: '{"v":1,"containers":["app"],"initContainers":[],"volumes":[],"annotations":{},"labels":{},"probes":{},"created":[]}'\n`;
  const text = list(DEPLOYMENT().replace('      spec:\n', `${forged}      spec:\n`), CONFIG);
  const out = run(text);
  assert.is(out.exitCode, 1);
  assert.match(out.stderr.join('\n'), /kuma-inject\.dev\/injected/);
  assert.match(item(out.stdout, 0), /- name: app\n/);
});

findings('5. a !!binary value passes through untouched', () => {
  const secret = '- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: s\n    namespace: shop\n  data:\n    key: !!binary aGVsbG8=\n';
  const out = run(list(secret + DEPLOYMENT(), CONFIG));
  assert.is(out.exitCode, 0, out.stderr.join('\n'));
  assert.is(item(out.stdout, 0), secret.slice(2).trimEnd());
});

findings('5. a Pod in a namespace named like an Object member, without its Namespace object, does not crash', () => {
  for (const namespace of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']) {
    const pod = `- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n    namespace: ${namespace}\n  spec:\n    containers:\n    - name: app\n`;
    const out = run(list(pod, CONFIG));
    assert.ok(out.stdout.length > 0, namespace);
    assert.not.match(out.stderr.join('\n'), /unexpected|bug/, namespace);
  }
});

findings('7. an unrendered template is an error naming the field, not a silent skip', () => {
  const pod = '- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n    namespace: {{ .Release.Namespace }}\n  spec:\n    containers:\n    - name: app\n';
  const out = run(list(pod, CONFIG));
  assert.is(out.exitCode, 1);
  assert.match(out.stderr.join('\n'), /template/);
  assert.not.match(out.stdout, /\{\?/);
});

findings('9. anchors, JSON and flow style are read by the hand-written reader (no quadratic fallback)', () => {
  const anchored = `${list('')}- &base\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n  data: {<<: {k: v}}\n`;
  for (const text of [
    list('- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    labels: &l {x: "1"}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n    labels: *l\n'),
    JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }] }, null, 2),
    list('- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}, data: {k: v}}\n'),
  ]) {
    assert.ok(readStream(text).docs.length === 1, text);
  }
  assert.ok(readYamlStream(anchored).ok);
});

findings.run();
