/**
 * Properties over generated inputs (fast-check, seeded): nothing is lost, re-running changes nothing, the order of
 * Namespaces and Services does not matter, and arbitrary Kubernetes-like objects never crash the function.
 * `npm test` runs a bounded number of cases; `npm run fuzz` runs many more (FUZZ_RUNS, FUZZ_SEED).
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isObject, type JsonObject } from './krm/object.ts';
import { podTemplateAt, workloadKindOf, BUILTIN_WORKLOAD_KINDS } from './krm/pod-template.ts';
import { printCreated } from './krm/print.ts';
import { parseYamlText, stringifyObjects } from './krm/resource-list.ts';
import { stripInjection } from './kuma/record.ts';
import { readRecord } from './kuma/record-check.ts';
import { run } from './run.ts';
import { TEST_CA } from './testing/test-ca.ts';

const props = suite('properties');
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const options = { numRuns: RUNS, seed: SEED, endOnFailure: true, verbose: process.env.FUZZ_VERBOSE ? 2 : 0 };

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const port = fc.integer({ min: 1, max: 65535 }).filter((p) => ![9001, 9000, 9902, 15001, 15006].includes(p));

const probe = fc.oneof(
  fc.record({ httpGet: fc.record({ path: fc.constantFrom('/', '/healthz', 'ready'), port: fc.oneof(port, fc.constant('http')) }), timeoutSeconds: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ tcpSocket: fc.record({ port }) }),
  fc.record({ grpc: fc.record({ port }) }),
  fc.record({ exec: fc.record({ command: fc.constant(['true']) }) }),
);

const container = (containerName: string) =>
  fc.record(
    {
      name: fc.constant(containerName),
      image: fc.constantFrom('nginx:1.27', 'app:1', 'registry.example.com/team/app@sha256:abc'),
      ports: fc.constant([{ name: 'http', containerPort: 8080 }]),
      readinessProbe: probe,
      livenessProbe: probe,
      env: fc.array(fc.record({ name: fc.stringMatching(/^[A-Z][A-Z_]{0,8}$/), value: fc.constantFrom('yes', 'on', '12:30', 'plain', '0755') }), { maxLength: 3 }),
    },
    { requiredKeys: ['name', 'image'] },
  );

const annotations = fc.dictionary(
  fc.constantFrom(
    'kuma.io/gateway',
    'kuma.io/init-first',
    'kuma.io/sidecar-env-vars',
    'traffic.kuma.io/exclude-outbound-ports',
    'kuma.io/virtual-probes',
    'kuma.io/sidecar-drain-time',
    'kuma.io/envoy-log-level',
    'team.example.com/owner',
  ),
  fc.constant(''),
  { maxKeys: 3 },
).map((keys) => {
  const values: Record<string, string> = {
    'kuma.io/gateway': 'enabled',
    'kuma.io/init-first': 'true',
    'kuma.io/sidecar-env-vars': 'A=1;B=yes',
    'traffic.kuma.io/exclude-outbound-ports': '5432,6379',
    'kuma.io/virtual-probes': 'disabled',
    'kuma.io/sidecar-drain-time': '45s',
    'kuma.io/envoy-log-level': 'debug',
    'team.example.com/owner': 'payments',
  };
  return Object.fromEntries(Object.keys(keys).map((k) => [k, values[k]!]));
});

const template = fc
  .record({
    labels: fc.record({ app: name, 'kuma.io/sidecar-injection': fc.constantFrom('enabled', 'disabled', 'true') }, { requiredKeys: ['app'] }),
    annotations,
    containers: fc.uniqueArray(name, { minLength: 1, maxLength: 3 }).chain((names) => fc.tuple(...names.map((n) => container(n)))),
  })
  .map(({ labels, annotations: a, containers }) => ({
    metadata: Object.keys(a).length ? { labels, annotations: a } : { labels },
    spec: { containers },
  }));

const kinds = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'] as const;

function workload(kind: (typeof kinds)[number], workloadName: string, namespace: string, podTemplate: JsonObject): JsonObject {
  const metadata = { name: workloadName, namespace };
  switch (kind) {
    case 'Pod':
      return { apiVersion: 'v1', kind, metadata: { ...(podTemplate.metadata as JsonObject), ...metadata }, spec: podTemplate.spec! };
    case 'CronJob':
      return { apiVersion: 'batch/v1', kind, metadata, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: podTemplate } } } };
    case 'Job':
      return { apiVersion: 'batch/v1', kind, metadata, spec: { template: podTemplate } };
    default:
      return { apiVersion: 'apps/v1', kind, metadata, spec: { template: podTemplate } };
  }
}

const resourceList = fc
  .record({
    workloads: fc.uniqueArray(fc.tuple(name, fc.constantFrom(...kinds), template), { minLength: 1, maxLength: 5, selector: ([n]) => n }),
    namespaceLabel: fc.constantFrom('enabled', 'disabled', undefined),
    kubernetesVersion: fc.constantFrom('1.28', '1.31'),
    cni: fc.boolean(),
  })
  .map(({ workloads, namespaceLabel, kubernetesVersion, cni }) => {
    const namespace: JsonObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', ...(namespaceLabel ? { labels: { 'kuma.io/sidecar-injection': namespaceLabel } } : {}) } };
    const services = workloads.map(([n]) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: n, namespace: 'apps' }, spec: { selector: { app: n }, ports: [{ port: 80 }] } }));
    const items = [namespace, ...workloads.map(([n, kind, t]) => workload(kind, n, 'apps', t as unknown as JsonObject)), ...services];
    const functionConfig = {
      apiVersion: 'kuma-inject.dev/v1alpha1',
      kind: 'KumaInject',
      metadata: { name: 'props' },
      spec: { kubernetesVersion, caCert: TEST_CA, meshes: ['default'], controlPlane: { runtime: { kubernetes: { injector: { cniEnabled: cni } } } } },
    };
    // fast-check builds null-prototype objects; a JSON round trip makes them the plain objects YAML gives.
    return JSON.parse(JSON.stringify({ items, functionConfig })) as { items: JsonObject[]; functionConfig: JsonObject };
  });

const text = (list: { items: unknown[]; functionConfig: unknown }): string =>
  stringifyObjects([{ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', ...list }]);

function outputItems(stdout: string): JsonObject[] {
  const parsed = parseYamlText(stdout);
  if (!parsed.ok || !isObject(parsed.value)) throw new Error('output is not a ResourceList');
  return (parsed.value.items as JsonObject[]) ?? [];
}

props('nothing is lost: every item is there, and stripping what was recorded gives back each input', () => {
  fc.assert(
    fc.property(resourceList, (list) => {
      const output = run(text(list));
      assert.ok(output.stdout, 'a ResourceList is written');
      const items = outputItems(output.stdout);
      const kept = items.filter((i) => list.items.some((input) => isObject(input.metadata) && isObject(i.metadata) && input.kind === i.kind && input.metadata.name === i.metadata.name));
      assert.is(kept.length, list.items.length, 'every input item is in the output');
      for (const input of list.items) {
        const out = kept.find((i) => i.kind === input.kind && (i.metadata as JsonObject).name === (input.metadata as JsonObject).name)!;
        const kind = workloadKindOf(input, BUILTIN_WORKLOAD_KINDS);
        if (!kind) {
          assert.equal(out, input, `${String(input.kind)} is unchanged`);
          continue;
        }
        const at = podTemplateAt(out, kind.templatePath);
        const original = podTemplateAt(input, kind.templatePath);
        if ('missing' in at || 'missing' in original) throw new Error('template vanished');
        const reading = readRecord(at.template);
        if (reading && !reading.ok) assert.unreachable(`the record it wrote does not fit its own output: ${reading.problem}`);
        const restored = reading?.ok ? stripInjection(at.template, reading.record).template : at.template;
        assert.equal(restored, original.template, `${String(input.kind)} ${String((input.metadata as JsonObject).name)} strips back to its input`);
      }
    }),
    options,
  );
});

props('idempotent: a second run changes no byte', () => {
  fc.assert(
    fc.property(resourceList, (list) => {
      const first = run(text(list));
      if (first.exitCode !== 0) return;
      const second = run(first.stdout.replace(/\nresults:\n[\s\S]*$/, '\n'));
      assert.is(second.exitCode, 0, 'the second run succeeds too (its records fit)');
      assert.is(second.stdout.replace(/\nresults:\n[\s\S]*$/, ''), first.stdout.replace(/\nresults:\n[\s\S]*$/, ''));
    }),
    options,
  );
});

props('deterministic: the order of Namespaces and Services does not change any workload', () => {
  fc.assert(
    fc.property(resourceList, fc.integer({ min: 0, max: 1000 }), (list, shuffleSeed) => {
      const isWorkload = (o: JsonObject) => workloadKindOf(o, BUILTIN_WORKLOAD_KINDS) !== undefined;
      const others = list.items.filter((o) => !isWorkload(o));
      const rotated = others.map((_, i) => others[(i + shuffleSeed) % others.length]!).reverse();
      const reordered = { ...list, items: [...rotated, ...list.items.filter(isWorkload)] };
      const a = outputItems(run(text(list)).stdout).filter(isWorkload);
      const b = outputItems(run(text(reordered)).stdout).filter(isWorkload);
      assert.is(stringifyObjects(b), stringifyObjects(a));
    }),
    options,
  );
});

/**
 * The same lists as people and other tools write them: sequences indented under their key (kubectl, Helm), a
 * grace period in hex, and an untouched ConfigMap of leading-zero, hex, big and tagged numbers, `!!binary` and
 * a plain scalar folded over two lines.
 */
const QUIRKS = `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: quirks
    namespace: apps
  data:
    mode: !!str 0755
    folded: a plain scalar
      folded over two lines
  binaryData:
    key: !!binary aGVsbG8=
  spec:
    octal: 0755
    hex: 0x1F90
    signed: +8081
    exponent: 1e2
    big: 9007199254740993
    tagged: !!float 1
`;

function quirkyText(list: { items: JsonObject[]; functionConfig: JsonObject }, wide: boolean): string {
  const items = list.items.map((item) => {
    const kind = workloadKindOf(item, BUILTIN_WORKLOAD_KINDS);
    if (!kind) return item;
    const at = podTemplateAt(item, kind.templatePath);
    if ('missing' in at) return item;
    // 0x3C is 60 s to Go, as to the function: more than the 50 s the defaults need, so no grace-period warning.
    return withPodSpec(item, kind.templatePath, { ...(at.template.spec as JsonObject), terminationGracePeriodSeconds: 60 });
  });
  const body = printCreated({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig: list.functionConfig } as never, '', wide ? 'wide' : 'compact');
  const [head, rest] = [body.slice(0, body.indexOf('functionConfig:')), body.slice(body.indexOf('functionConfig:'))];
  const indented = wide ? QUIRKS.replace(/^/gm, '  ').replace(/^ {2}$/gm, '') : QUIRKS;
  return `${head.replace(/terminationGracePeriodSeconds: 60\n/g, 'terminationGracePeriodSeconds: 0x3C\n')}${indented}${rest}\n`;
}

function withPodSpec(object: JsonObject, path: readonly string[], spec: JsonObject): JsonObject {
  if (path.length === 0) return { ...object, spec };
  const [head, ...tail] = path;
  return { ...object, [head!]: withPodSpec(object[head!] as JsonObject, tail, spec) };
}

props('quirky text: every spelling nobody changed survives, Go-style values are read, a second run changes no byte', () => {
  fc.assert(
    fc.property(resourceList, fc.boolean(), (list, wide) => {
      const input = quirkyText(list, wide);
      const first = run(input);
      assert.ok(first.stdout, `a ResourceList is written for\n${input}`);
      for (const r of first.results) if (r.code === 'GRACE_PERIOD_SHORT') assert.match(r.message, /is 60s/, '0x3C is read as 60 s');
      const quirks = wide ? QUIRKS.replace(/^/gm, '  ').replace(/^ {2}$/gm, '') : QUIRKS;
      assert.ok(first.stdout.includes(quirks.trimEnd()), `the untouched ConfigMap kept its bytes\n${first.stdout}`);
      const count = (text: string) => (text.match(/terminationGracePeriodSeconds: 0x3C\n/g) ?? []).length;
      assert.is(count(first.stdout), count(input), 'every hex grace period kept its spelling');
      // New items (Dataplane previews) are files of their own, in kpt's default style; the input's items keep theirs.
      const own = first.stdout.slice(0, first.stdout.search(/\n *- apiVersion: kuma\.io\/v1alpha1\n *kind: Dataplane|\nresults:/));
      if (wide) assert.not.match(own, /\n( *)[a-zA-Z]+:\n\1- /, `no sequence at its key's column in a file that indents them\n${own}`);
      if (first.exitCode !== 0) return;
      const second = run(first.stdout.replace(/\nresults:\n[\s\S]*$/, '\n'));
      assert.is(second.stdout.replace(/\nresults:\n[\s\S]*$/, ''), first.stdout.replace(/\nresults:\n[\s\S]*$/, ''));
    }),
    options,
  );
});

const junk = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), tie('object')),
  object: fc.dictionary(fc.constantFrom('name', 'containers', 'initContainers', 'volumes', 'ports', 'spec', 'metadata', 'labels', 'annotations', 'template', 'image', 'x'), tie('value'), { maxKeys: 4 }),
}));

props('robust: arbitrary Kubernetes-like objects give a clean result or a clean error, never a crash', () => {
  fc.assert(
    fc.property(fc.constantFrom(...kinds), junk.object, junk.object, (kind, spec, metadata) => {
      const item = { apiVersion: kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : kind === 'Pod' ? 'v1' : 'apps/v1', kind, metadata: { ...metadata, name: 'w', namespace: 'apps' }, spec };
      const input = text({ items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { 'kuma.io/sidecar-injection': 'enabled' } } }, item], functionConfig: { apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'c' }, spec: { caCert: TEST_CA } } });
      const output = run(input);
      assert.ok(output.stdout, 'a ResourceList is written');
      assert.is(outputItems(output.stdout).length, 2, 'both items are there');
      if (output.exitCode === 1) assert.ok(output.results.some((r) => r.severity === 'error'));
    }),
    { ...options, numRuns: RUNS * 5 },
  );
});

props.run();
