/**
 * The upgrade line: the pure diff of two injections (containerChanges, describeUpgrade), and a real re-run of an
 * injected Deployment under another `kumaVersion`, whose UPGRADED result and report carry the line.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, KubeObject } from '../krm/object.ts';
import { settingsWith } from '../testing/fixtures.ts';
import { yaml } from '../testing/yaml.ts';
import { injectSidecars } from '../transforms/inject-sidecars.ts';
import type { InjectionRecord } from './record.ts';
import { containerChanges, describeUpgrade, injectedParts } from './upgrade-diff.ts';

const upgrade = suite('upgrade diff');

const record = (over: Partial<InjectionRecord> = {}): InjectionRecord => ({
  v: 1, containers: [], initContainers: ['kuma-sidecar'], volumes: ['tmp'], annotations: { 'kuma.io/a': [null, 'x'], 'kuma.io/b': [null, 'x'] }, labels: {}, probes: {}, created: [], ...over,
});

const sidecar = (env: Array<[string, string]>, extra: JsonObject = {}): JsonObject => ({
  name: 'kuma-sidecar', image: 'kuma-dp:1', args: ['run'], env: env.map(([name, value]) => ({ name, value })), ...extra,
});

const template = (containers: JsonObject[], annotations: Record<string, string>, volumes: JsonObject[] = [{ name: 'tmp', emptyDir: {} }]): JsonObject => ({
  metadata: { annotations },
  spec: { initContainers: containers, containers: [{ name: 'app', image: 'app' }], volumes },
});

upgrade('env added, removed and changed are counted with the noun once; other fields are named', () => {
  const before = sidecar([['A', '1'], ['B', '1'], ['C', '1']]);
  const after = sidecar([['A', '2'], ['D', '1'], ['E', '1']], { args: ['run', '--x'], image: 'kuma-dp:2' });
  assert.equal(containerChanges(before, after), ['2 env added', '2 removed', '1 changed', 'args changed', 'image changed']);
  assert.equal(containerChanges(before, before), []);
  const probed = { ...before, readinessProbe: { httpGet: { port: 9902 } }, volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] };
  assert.equal(containerChanges(before, { ...probed, resources: { limits: { cpu: '1' } }, securityContext: { runAsUser: 5678 } }), [
    'resources changed', 'mounts changed', 'probes changed', 'securityContext changed',
  ]);
});

upgrade('the line names each injected container, application container and the pod, and is empty when equal', () => {
  const old = injectedParts(template([sidecar([['A', '1']]), { name: 'kuma-init', image: 'init:1' }], { 'kuma.io/a': '1', 'kuma.io/b': '1' }), record({ initContainers: ['kuma-sidecar', 'kuma-init'] }));
  const now = injectedParts(
    template([sidecar([['A', '1'], ['B', '2']]), { name: 'kuma-validation', image: 'init:2' }], { 'kuma.io/a': '2', 'kuma.io/c': '1' }, []),
    record({ initContainers: ['kuma-sidecar', 'kuma-validation'], annotations: { 'kuma.io/a': [null, 'y'], 'kuma.io/c': [null, 'y'] }, volumes: [] }),
  );
  assert.is(describeUpgrade(old, now), 'kuma-sidecar: 1 env added; kuma-validation: added; kuma-init: removed; pod: 1 annotation added, 1 removed, 1 changed, 1 volume removed');
  assert.is(describeUpgrade(old, old), '');
});

upgrade('probes and lifecycle that injection set on application containers, and pod-spec fields, are named', () => {
  const base = (port: number, grace: number): JsonObject => ({
    metadata: {},
    spec: { terminationGracePeriodSeconds: grace, containers: [{ name: 'web', readinessProbe: { httpGet: { port } } }] },
  });
  const rec = record({ initContainers: [], volumes: [], annotations: {}, probes: { 'web/readinessProbe': [null, 'x'] }, spec: { terminationGracePeriodSeconds: [null, 'x'] } });
  assert.is(describeUpgrade(injectedParts(base(9000, 50), rec), injectedParts(base(9001, 60), rec)), 'web: readinessProbe changed; pod: terminationGracePeriodSeconds changed');
});

const input = (): KubeObject[] => [
  yaml`
    apiVersion: v1
    kind: Namespace
    metadata: {name: demo, labels: {kuma.io/sidecar-injection: enabled}}
  `,
  yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: demo}
    spec:
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
          - {name: app, image: app, readinessProbe: {httpGet: {path: /ready, port: 8080}}}
  `,
];

const BACK =
  'kuma-init: args changed, image changed, resources changed; kuma-sidecar: 1 env added, args changed, image changed, resources changed, probes changed, lifecycle changed, restartPolicy changed; pod: 1 annotation added';

upgrade('a real re-run: injected with 2.14, re-run with 2.13, the UPGRADED result and the report say what changed', () => {
  const first = injectSidecars(input(), settingsWith({ kumaVersion: '2.14' }));
  const second = injectSidecars(first.items, settingsWith({ kumaVersion: '2.13' }));
  // 2.13: no OTel pipe variable (otelPipeEnv), its own images, the legacy layout by default (kuma-sidecar an
  // ordinary container: no restartPolicy, no native preStop lifecycle, other probes), a 1000m CPU limit and
  // --concurrency, fixed kuma-init resources, no Unix admin socket (so no readiness-port exclusion annotation).
  const line =
    'kuma-sidecar: 1 env removed, args changed, image changed, resources changed, probes changed, lifecycle changed, restartPolicy changed; kuma-init: args changed, image changed, resources changed; pod: 1 annotation removed';
  const entry = second.report.find((r) => r.object.kind === 'Deployment');
  assert.is(entry?.status, 'updated');
  assert.is(entry?.changes, line);
  const upgraded = second.results.filter((r) => r.code === 'UPGRADED');
  assert.is(upgraded.length, 1);
  assert.match(upgraded[0]!.message, `: ${line}`);
  // Back to 2.14: the variable comes back; and a re-run with the same release changes nothing.
  const back = injectSidecars(second.items, settingsWith({ kumaVersion: '2.14' }));
  assert.is(back.report.find((r) => r.object.kind === 'Deployment')?.changes, BACK);
  assert.equal(back.items[1], first.items[1], 'the round trip gives back the 2.14 injection');
  const again = injectSidecars(back.items, settingsWith({ kumaVersion: '2.14' }));
  assert.is(again.report.find((r) => r.object.kind === 'Deployment')?.status, 'unchanged');
  assert.equal(again.results.filter((r) => r.code === 'UPGRADED'), []);
});

upgrade.run();
