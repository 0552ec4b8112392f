/**
 * The lifecycle step as the transform calls it: config defaults, which templates get what (in the mesh or not,
 * long-running or not), the Kubernetes-version split of the preStop form, and the per-workload annotations.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject } from '../krm/object.ts';
import { settingsWith } from '../testing/fixtures.ts';
import { yaml } from '../testing/yaml.ts';
import { applyLifecycle, isLongRunning } from './apply.ts';
import { lifecycleSchema } from './config.ts';

const config = suite('spec.lifecycle defaults and validation');

config('defaults: 15s sleeps in auto form, the check with a 5s margin, no raising, Jobs skipped, nothing adopted', () => {
  assert.equal(lifecycleSchema().parse(undefined), {
    preStop: { seconds: 15, form: 'auto', execCommand: ['/bin/sleep'] },
    gracePeriod: { check: true, marginSeconds: 5, raise: false },
    jobs: { injectInLegacyLayout: false },
    nativeSidecars: { adopt: [] },
  });
});

const invalidConfigs: Array<[string, unknown]> = [
  ['negative seconds', { preStop: { seconds: -1 } }],
  ['more than an hour', { preStop: { seconds: 3601 } }],
  ['an unknown form', { preStop: { form: 'sleep' } }],
  ['an empty exec command', { preStop: { execCommand: [] } }],
  ['an unknown key', { preStop: { duration: 15 } }],
  ['kuma-sidecar to adopt', { nativeSidecars: { adopt: ['kuma-sidecar'] } }],
  ['a name that is no container name', { nativeSidecars: { adopt: ['Cloud SQL'] } }],
];
for (const [name, value] of invalidConfigs) config(`rejects ${name}`, () => assert.is(lifecycleSchema().safeParse(value).success, false));

const V131 = settingsWith({ kubernetesVersion: '1.31' });
const V129 = settingsWith({ kubernetesVersion: '1.29' });
const V128 = settingsWith({ kubernetesVersion: '1.28' });

/** A template as injection leaves it in the native layout (the parts the lifecycle step reads). */
const injected = (annotations: Record<string, string> = {}): JsonObject => yaml`
  metadata:
    annotations: ${JSON.stringify(annotations)}
  spec:
    initContainers:
    - name: kuma-init
    - name: kuma-sidecar
      restartPolicy: Always
      env: [{name: KUMA_DATAPLANE_DRAIN_TIME, value: 30s}]
    containers:
    - {name: app, image: app}
    - {name: cloudsql-proxy, image: proxy, startupProbe: {tcpSocket: {port: 5432}}}
`;
const containers = (t: JsonObject): JsonObject[] => (t.spec as JsonObject).containers as JsonObject[];
const codes = (notes: readonly { code: string; severity: string }[]): string[] => notes.map((n) => `${n.severity} ${n.code}`);

const steps = suite('applyLifecycle');

steps('Kubernetes 1.31, in the mesh, long-running: native sleep action and the grace warning', () => {
  const out = applyLifecycle(injected(), { settings: V131, inMesh: true, longRunning: true });
  assert.equal(containers(out.template).map((c) => c.lifecycle), [{ preStop: { sleep: { seconds: 15 } } }, { preStop: { sleep: { seconds: 15 } } }]);
  assert.equal(codes(out.notes), ['warning GRACE_PERIOD_SHORT']);
  assert.match(out.notes[0]!.message, 'take 50s = preStop sleep 15s + sidecar drain time 30s + margin 5s');
});

steps('Kubernetes 1.29 has no native sleep by default: the exec form', () => {
  const out = applyLifecycle(injected(), { settings: V129, inMesh: true, longRunning: true });
  assert.equal(containers(out.template)[0]!.lifecycle, { preStop: { exec: { command: ['/bin/sleep', '15'] } } });
});

steps('form exec and a distroless command on 1.31', () => {
  const settings = settingsWith({ lifecycle: { preStop: { form: 'exec', execCommand: ['/busybox/sleep'] } } });
  const out = applyLifecycle(injected(), { settings, inMesh: true, longRunning: true });
  assert.equal(containers(out.template)[0]!.lifecycle, { preStop: { exec: { command: ['/busybox/sleep', '15'] } } });
});

steps('the annotation overrides the duration, and 0 adds no sleep', () => {
  const twenty = applyLifecycle(injected({ 'kuma-inject.dev/prestop-sleep-seconds': '20' }), { settings: V131, inMesh: true, longRunning: true });
  assert.equal(containers(twenty.template)[0]!.lifecycle, { preStop: { sleep: { seconds: 20 } } });
  const none = applyLifecycle(injected({ 'kuma-inject.dev/prestop-sleep-seconds': '0' }), { settings: V131, inMesh: true, longRunning: true });
  assert.is(containers(none.template)[0]!.lifecycle, undefined);
  assert.match(none.notes[0]!.message, 'take 35s = preStop sleep 0s');
});

steps('an invalid preStop annotation is an error on it, and no sleep is added', () => {
  const out = applyLifecycle(injected({ 'kuma-inject.dev/prestop-sleep-seconds': '15s' }), { settings: V131, inMesh: true, longRunning: true });
  assert.equal(codes(out.notes)[0], 'error INVALID_ANNOTATION');
  assert.is(out.notes[0]!.field, 'metadata.annotations[kuma-inject.dev/prestop-sleep-seconds]');
  assert.is(containers(out.template)[0]!.lifecycle, undefined);
});

steps('raise: the grace period is set to the sum', () => {
  const settings = settingsWith({ lifecycle: { gracePeriod: { raise: true, marginSeconds: 10 } } });
  const out = applyLifecycle(injected(), { settings, inMesh: true, longRunning: true });
  assert.is((out.template.spec as JsonObject).terminationGracePeriodSeconds, 55);
  assert.equal(codes(out.notes), ['info GRACE_PERIOD_RAISED']);
});

steps('check off: no grace note', () => {
  const settings = settingsWith({ lifecycle: { gracePeriod: { check: false } } });
  assert.equal(applyLifecycle(injected(), { settings, inMesh: true, longRunning: true }).notes, []);
});

steps('not long-running (a Job): no sleep and no grace check', () => {
  const template = injected();
  const out = applyLifecycle(template, { settings: V131, inMesh: true, longRunning: false });
  assert.is(out.template, template);
  assert.equal(out.notes, []);
});

steps('not in the mesh: only adoption, which works there too', () => {
  const settings = settingsWith({ lifecycle: { nativeSidecars: { adopt: ['cloudsql-proxy'] } } });
  const plain: JsonObject = { spec: { containers: [{ name: 'app' }, { name: 'cloudsql-proxy', startupProbe: {} }] } };
  const out = applyLifecycle(plain, { settings, inMesh: false, longRunning: true });
  assert.equal(out.template, { spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'cloudsql-proxy', startupProbe: {}, restartPolicy: 'Always' }] } });
  assert.equal(codes(out.notes), ['info SIDECAR_ADOPTED']);
});

steps('adoption by annotation in the mesh: the adopted sidecar gets no preStop sleep', () => {
  const out = applyLifecycle(injected({ 'kuma-inject.dev/native-sidecars': 'cloudsql-proxy' }), { settings: V131, inMesh: true, longRunning: true });
  const spec = out.template.spec as JsonObject;
  assert.equal((spec.initContainers as JsonObject[]).map((c) => c.name), ['kuma-init', 'kuma-sidecar', 'cloudsql-proxy']);
  assert.equal((spec.initContainers as JsonObject[])[2]!.lifecycle, undefined);
  assert.equal(containers(out.template).map((c) => c.name), ['app']);
});

steps('adoption below 1.29 is refused with an error', () => {
  const out = applyLifecycle(injected({ 'kuma-inject.dev/native-sidecars': 'cloudsql-proxy' }), { settings: V128, inMesh: false, longRunning: true });
  assert.equal(codes(out.notes), ['error SIDECAR_ADOPTION_REFUSED']);
});

steps('an invalid native-sidecars annotation is an error on it', () => {
  const out = applyLifecycle(injected({ 'kuma-inject.dev/native-sidecars': 'Bad Name' }), { settings: V131, inMesh: false, longRunning: true });
  assert.equal(codes(out.notes), ['error INVALID_ANNOTATION']);
});

const running = suite('isLongRunning');

const runningCases: Array<[string, JsonObject, boolean, boolean]> = [
  ['a Deployment template', { spec: {} }, false, true],
  ['a Pod with restartPolicy Always', { spec: { restartPolicy: 'Always' } }, false, true],
  ['a Pod with restartPolicy Never', { spec: { restartPolicy: 'Never' } }, false, false],
  ['a Pod with restartPolicy OnFailure', { spec: { restartPolicy: 'OnFailure' } }, false, false],
  ['a Job template', { spec: { restartPolicy: 'Never' } }, true, false],
  ['a Job template without restartPolicy', { spec: {} }, true, false],
];
for (const [name, template, toCompletion, expected] of runningCases) running(name, () => assert.is(isLongRunning(template, toCompletion), expected));

config.run();
steps.run();
running.run();
