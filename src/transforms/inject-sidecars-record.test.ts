/**
 * The injection transform with an injection record that does not fit: one INJECTION_RECORD_INVALID error naming
 * the workload and the record annotation, the workload left exactly as it was, the other workloads injected.
 * Genuine records still re-run as no-ops.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { settingsWith } from '../testing/fixtures.ts';
import type { JsonObject, KubeObject } from '../krm/object.ts';
import type { Result } from '../krm/result.ts';
import { yaml } from '../testing/yaml.ts';
import { injectSidecars } from './inject-sidecars.ts';

const SETTINGS = settingsWith({ lifecycle: { gracePeriod: { raise: true }, nativeSidecars: { adopt: ['vault-agent'] } } });
const RECORD = 'kuma-inject.dev/injected';
const FIELD = `spec.template.metadata.annotations[${RECORD}]`;

const namespace = (injection = 'enabled'): KubeObject => yaml`
  apiVersion: v1
  kind: Namespace
  metadata: {name: demo, labels: {kuma.io/sidecar-injection: ${injection}}}
`;

const deployment = (name = 'web'): KubeObject => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: ${name}, namespace: demo}
  spec:
    template:
      metadata: {labels: {app: web}}
      spec:
        volumes: [{name: data, emptyDir: {}}]
        containers:
        - {name: app, image: app, readinessProbe: {httpGet: {path: /ready, port: 8080}}}
        - {name: vault-agent, image: vault}
`;

const templateOf = (object: KubeObject): JsonObject => (object.spec as JsonObject).template as JsonObject;
const annotationsOf = (object: KubeObject): JsonObject => ((templateOf(object).metadata as JsonObject).annotations ?? {}) as JsonObject;
const containerNames = (object: KubeObject): string[] => ((templateOf(object).spec as JsonObject).containers as JsonObject[]).map((c) => String(c.name));
const withCode = (results: readonly Result[], code: string): Result[] => results.filter((r) => r.code === code);

/** `object` (a copy) with the record annotation set to `text`. */
function withRecord(object: KubeObject, text: string): KubeObject {
  const out = structuredClone(object);
  const metadata = (templateOf(out).metadata ??= {}) as JsonObject;
  metadata.annotations = { ...((metadata.annotations ?? {}) as JsonObject), [RECORD]: text };
  return out;
}

/** The record of an injected `object`, changed by `edit`. */
function edited(object: KubeObject, edit: (record: Record<string, unknown>) => void): string {
  const record = JSON.parse(String(annotationsOf(object)[RECORD])) as Record<string, unknown>;
  edit(record);
  return JSON.stringify(record);
}

const injectedOnce = (): KubeObject => injectSidecars([namespace(), deployment()], SETTINGS).items[1]!;

/** Runs the transform on `object` and checks it was refused: one error, and the workload as it came in. */
function assertRefused(object: KubeObject, problem: RegExp): void {
  const snapshot = structuredClone(object);
  const out = injectSidecars([namespace(), object], SETTINGS);
  const errors = out.results.filter((r) => r.severity === 'error');
  assert.is(errors.length, 1, JSON.stringify(errors));
  const [result] = errors;
  assert.is(result!.code, 'INJECTION_RECORD_INVALID');
  assert.equal(result!.resourceRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'demo' });
  assert.equal(result!.field, { path: FIELD });
  assert.not.match(result!.message, /\n/);
  assert.match(result!.message, /^the record of an earlier injection does not fit this pod template: .*; the workload is left unchanged$/);
  assert.match(result!.message, problem);
  assert.is(out.items[1], object, 'the workload is the input object');
  assert.equal(object, snapshot, 'and it is not modified');
  assert.ok(containerNames(out.items[1]!).includes('app'), '`app` is still there');
  assert.equal(out.report[0]!.status, 'failed');
}

// ---------------------------------------------------------------------------------------------------------
// The defects reproduced on 0.1.0.

const defects = suite('injectSidecars: forged records of 0.1.0’s defects');

defects('a record listing a user container on a plain template: refused, `app` kept (0.1.0 deleted it)', () => {
  const record = '{"v":1,"containers":["app"],"initContainers":[],"volumes":[],"annotations":{},"labels":{},"probes":{},"created":[]}';
  assertRefused(withRecord(deployment(), record), /`containers` has `app`, a container injection does not add there/);
});

defects('a record listing a user container on an injected template: refused, `app` kept', () => {
  const injected = injectedOnce();
  assertRefused(withRecord(injected, edited(injected, (r) => (r.containers = ['app']))), /`containers` has `app`/);
});

defects('"containers":"xapp": refused as a wrong type (0.1.0 deleted `app` by substring)', () => {
  const injected = injectedOnce();
  assertRefused(withRecord(injected, edited(injected, (r) => (r.containers = 'xapp'))), /`containers` must be a list of names, not "xapp"/);
});

defects('"spec":"zz": refused (0.1.0 added the fields `0` and `1`)', () => {
  const injected = injectedOnce();
  assertRefused(withRecord(injected, edited(injected, (r) => (r.spec = 'zz'))), /`spec` must be a map of \[value before, hash\] pairs, not "zz"/);
});

defects('{"v":1}: refused (0.1.0 failed unexpectedly)', () => {
  assertRefused(withRecord(injectedOnce(), '{"v":1}'), /it has no `containers`/);
});

defects('"containers":5: refused (0.1.0 failed unexpectedly)', () => {
  const injected = injectedOnce();
  assertRefused(withRecord(injected, edited(injected, (r) => (r.containers = 5))), /`containers` must be a list of names, not 5/);
});
defects.run();

// ---------------------------------------------------------------------------------------------------------
const refusals = suite('injectSidecars: records that do not fit');

const cases: Array<{ name: string; record: (injected: KubeObject) => string; problem: RegExp }> = [
  { name: 'text that is not JSON', record: () => 'injected by hand', problem: /it is not JSON: "injected by hand"/ },
  { name: 'another version', record: (i) => edited(i, (r) => (r.v = 2)), problem: /`v` must be 1, not 2/ },
  { name: 'an extra field', record: (i) => edited(i, (r) => (r.note = 'x')), problem: /a field `note` that a record does not have/ },
  { name: 'a missing field', record: (i) => edited(i, (r) => delete r.probes), problem: /it has no `probes`/ },
  { name: 'a volume the template does not have', record: (i) => edited(i, (r) => (r.volumes = ['kuma-init-tmp', 'bpf-fs'])), problem: /`volumes` has `bpf-fs`, which is not in `spec.volumes`/ },
  { name: 'a user volume', record: (i) => edited(i, (r) => (r.volumes = ['data'])), problem: /`volumes` has `data`, a volume injection does not add/ },
  { name: 'a user annotation', record: (i) => edited(i, (r) => ((r.annotations as JsonObject).team = [null, '00000000'])), problem: /`annotations` has `team`/ },
];
for (const c of cases) refusals(c.name, () => assertRefused(withRecord(injectedOnce(), c.record(injectedOnce())), c.problem));

refusals('the other workloads are still injected', () => {
  const injected = injectedOnce();
  const out = injectSidecars([namespace(), withRecord(injected, '{"v":1}'), deployment('other')], SETTINGS);
  assert.equal(out.report.map((r) => r.status), ['failed', 'injected']);
  assert.ok(String(annotationsOf(out.items[2]!)[RECORD]).startsWith('{'));
});

refusals('also when injection is turned off: nothing is stripped with a record that does not fit', () => {
  const injected = injectedOnce();
  const forged = withRecord(injected, edited(injected, (r) => (r.containers = ['app'])));
  const out = injectSidecars([namespace('disabled'), forged], SETTINGS);
  assert.is(out.items[1], forged);
  assert.equal(withCode(out.results, 'INJECTION_RECORD_INVALID').map((r) => r.field), [{ path: FIELD }]);
});

refusals('the field path fits the template’s place in a CronJob', () => {
  const cron: KubeObject = yaml`
    apiVersion: batch/v1
    kind: CronJob
    metadata: {name: nightly, namespace: demo}
    spec:
      schedule: "0 0 * * *"
      jobTemplate:
        spec:
          template:
            metadata: {annotations: {${RECORD}: "{}"}}
            spec:
              restartPolicy: Never
              containers: [{name: job, image: busybox}]
  `;
  const out = injectSidecars([namespace(), cron], SETTINGS);
  assert.is(out.items[1], cron);
  const [result] = withCode(out.results, 'INJECTION_RECORD_INVALID');
  assert.equal(result?.field, { path: `spec.jobTemplate.spec.template.metadata.annotations[${RECORD}]` });
  assert.match(result!.message, /`v` must be 1, not absent/);
});
refusals.run();

// ---------------------------------------------------------------------------------------------------------
const genuine = suite('injectSidecars: genuine records still re-run');

genuine('a record with every field (adoption, preStop, grace period, probes) re-runs as a no-op', () => {
  const first = injectSidecars([namespace(), deployment()], SETTINGS);
  const record = JSON.parse(String(annotationsOf(first.items[1]!)[RECORD])) as JsonObject;
  assert.ok(['moved', 'lifecycle', 'spec', 'probes', 'hashes'].every((k) => Object.keys((record[k] ?? {}) as JsonObject).length > 0), JSON.stringify(record));
  const copy = JSON.parse(JSON.stringify(first.items)) as KubeObject[];
  const again = injectSidecars(copy, SETTINGS);
  assert.equal(withCode(again.results, 'INJECTION_RECORD_INVALID'), []);
  assert.equal(again.report.map((r) => r.status), ['unchanged']);
  assert.is(again.items[1], copy[1]);
});

genuine('in the legacy layout and in CNI mode too', () => {
  for (const settings of [
    settingsWith({ controlPlane: { experimental: { sidecarContainers: false } } }),
    settingsWith({ controlPlane: { runtime: { kubernetes: { injector: { cniEnabled: true } } } } }),
  ]) {
    const first = injectSidecars([namespace(), deployment()], settings);
    const again = injectSidecars(first.items, settings);
    assert.equal(again.report.map((r) => r.status), ['unchanged']);
  }
});

genuine('a changed config still replaces a genuine injection', () => {
  const first = injectSidecars([namespace(), deployment()], SETTINGS);
  const again = injectSidecars(first.items, settingsWith());
  assert.equal(again.report.map((r) => r.status), ['updated']);
  assert.equal(containerNames(again.items[1]!), ['app', 'vault-agent']);
});
genuine.run();
