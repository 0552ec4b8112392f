import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, KubeObject } from './krm/object.ts';
import type { Result } from './krm/result.ts';
import { runObjects } from './run.ts';
import { TEST_CA } from './testing/test-ca.ts';
import { yaml } from './testing/yaml.ts';

const strict = suite('strict mode');


const NAMESPACE: KubeObject[] = yaml`
  - apiVersion: v1
    kind: Namespace
    metadata: {name: shop, labels: {kuma.io/sidecar-injection: enabled}}
`;
/** Long enough a grace period that no GRACE_PERIOD_SHORT warning is given. */
const workload = (name: string, namespace: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { template: { metadata: { labels: { app: name, ...labels } }, spec: { terminationGracePeriodSeconds: 60, containers: [{ name, image: `${name}:1` }] } } },
});
const kumaInject = (spec: JsonObject): KubeObject => ({ apiVersion: 'kuma-inject.dev/v1alpha1', kind: 'KumaInject', metadata: { name: 'c' }, spec: { caCert: TEST_CA, meshes: ['default'], ...spec } });
const configMap = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { caCert: TEST_CA, meshes: 'default', ...data } });

const problems = (results: readonly Result[]): Array<[string, string]> => results.filter((r) => r.severity !== 'info').map((r) => [r.severity, r.code]);
const withCode = (results: readonly Result[], code: string): Result[] => results.filter((r) => r.code === code);

strict('a clean run stays clean: strict mode adds nothing where nothing is wrong', () => {
  const out = runObjects([...NAMESPACE, workload('web', 'shop')], kumaInject({ strict: true }));
  assert.equal(problems(out.results), []);
  assert.is(out.report[0]!.status, 'injected');
});

strict('every warning becomes an error with the same code, and says strict mode made it one', () => {
  const input = [...NAMESPACE, workload('web', 'shop')];
  const relaxed = runObjects(input, { ...kumaInject({}), spec: { meshes: ['default'] } });
  const strictRun = runObjects(input, { ...kumaInject({}), spec: { meshes: ['default'], strict: true } });
  assert.equal(problems(relaxed.results), [['warning', 'NO_CA_CERT']]);
  assert.equal(problems(strictRun.results), [['error', 'NO_CA_CERT']]);
  const [before, after] = [withCode(relaxed.results, 'NO_CA_CERT')[0]!, withCode(strictRun.results, 'NO_CA_CERT')[0]!];
  assert.is(after.message, `${before.message} (strict mode makes this warning an error)`);
  assert.equal(after.field, before.field);
});

strict('a workload-level warning (a short grace period) becomes an error on that workload', () => {
  const short: KubeObject = { ...workload('web', 'shop') };
  (short.spec as any).template.spec.terminationGracePeriodSeconds = 10;
  const out = runObjects([...NAMESPACE, short], kumaInject({ strict: true }));
  const [result] = withCode(out.results, 'GRACE_PERIOD_SHORT');
  assert.is(result?.severity, 'error');
  assert.equal(result?.resourceRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' });
});

strict('a workload in a namespace of unknown labels is skipped silently by default, and an error in strict mode', () => {
  const input = [workload('web', 'shop')];
  const relaxed = runObjects(input, kumaInject({}));
  assert.equal(problems(relaxed.results), []);
  assert.is(relaxed.report[0]!.status, 'skipped');
  const out = runObjects(input, kumaInject({ strict: true }));
  assert.equal(problems(out.results), [['error', 'NAMESPACE_UNKNOWN']]);
  const [result] = out.results.filter((r) => r.severity === 'error');
  assert.equal(result!.resourceRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' });
  assert.match(result!.message, 'namespace "shop" is not in the input or in `spec.namespaces`');
  assert.match(result!.message, 'add the Namespace object to the input, or declare it in `spec.namespaces` (`shop: {labels: {kuma.io/sidecar-injection: enabled}}`');
});

strict('a pod label that decided in an unknown namespace: one error in place of the NAMESPACE_UNKNOWN info', () => {
  const input = [workload('web', 'shop', { 'kuma.io/sidecar-injection': 'enabled' })];
  const relaxed = runObjects(input, kumaInject({}));
  assert.equal(withCode(relaxed.results, 'NAMESPACE_UNKNOWN').map((r) => r.severity), ['info']);
  const out = runObjects(input, kumaInject({ strict: true }));
  assert.equal(withCode(out.results, 'NAMESPACE_UNKNOWN').map((r) => r.severity), ['error']);
});

strict('a pod label that disables (`disabled`, `false`, `no`) settles it in an unknown namespace: no error, built-in kind or custom', () => {
  const rollout: KubeObject = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'canary', namespace: 'shop' },
    spec: { template: { metadata: { labels: { 'kuma.io/sidecar-injection': 'disabled' } }, spec: { containers: [{ name: 'c', image: 'c:1' }] } } },
  };
  const input = [workload('web', 'shop', { 'kuma.io/sidecar-injection': 'disabled' }), workload('api', 'shop', { 'kuma.io/sidecar-injection': 'false' }), rollout];
  const out = runObjects(input, kumaInject({ strict: true, workloadKinds: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', podTemplatePath: 'spec.template' }] }));
  assert.equal(problems(out.results), []);
  assert.equal(out.report.map((r) => r.status), ['skipped', 'skipped', 'skipped']);
  // An opt-in leaves the outcome to the namespace (since 2.11 the webhook sees only labelled namespaces): an error.
  const other = runObjects([workload('web', 'shop', { 'kuma.io/sidecar-injection': 'enabled' })], kumaInject({ strict: true }));
  assert.equal(withCode(other.results, 'NAMESPACE_UNKNOWN').map((r) => r.severity), ['error']);
});

strict('kube-system and the control plane\'s namespace are settled: the webhook never sees their Pods (Kuma\'s own chart)', () => {
  const input = [workload('cp', 'kuma-system'), workload('dns', 'kube-system'), workload('cp', 'mesh-system')];
  const out = runObjects(input, kumaInject({ strict: true }));
  assert.equal(withCode(out.results, 'NAMESPACE_UNKNOWN').map((r) => r.resourceRef?.namespace), ['mesh-system']);
  const moved = runObjects(input, kumaInject({ strict: true, controlPlane: { store: { kubernetes: { systemNamespace: 'mesh-system' } } } }));
  assert.equal(withCode(moved.results, 'NAMESPACE_UNKNOWN').map((r) => r.resourceRef?.namespace), ['kuma-system']);
});

strict('a workload without a namespace is in "default", which must be declared too', () => {
  const input = [{ ...workload('web', 'shop'), metadata: { name: 'web' } }];
  const out = runObjects(input, kumaInject({ strict: true }));
  assert.match(out.results.find((r) => r.severity === 'error')!.message, 'namespace "default"');
});

strict('a namespace declared in spec.namespaces (or data.namespaces) is known', () => {
  const input = [workload('web', 'shop')];
  const namespaces = { shop: { labels: { 'kuma.io/sidecar-injection': 'enabled' } } };
  const typed = runObjects(input, kumaInject({ strict: true, namespaces }));
  assert.equal(problems(typed.results), []);
  assert.is(typed.report[0]!.status, 'injected');
  const fromConfigMap = runObjects(input, configMap({ strict: 'true', namespaces: JSON.stringify(namespaces) }));
  assert.equal(problems(fromConfigMap.results), []);
});

strict('the ConfigMap form: `strict: "true"`, and the error names data.namespaces', () => {
  const out = runObjects([workload('web', 'shop')], configMap({ strict: 'true' }));
  assert.match(out.results.find((r) => r.severity === 'error')!.message, 'declare it in `data.namespaces`');
  const wrong = runObjects([], configMap({ strict: 'yes' }));
  assert.equal(wrong.results.filter((r) => r.severity === 'error').map((r) => [r.field?.path, r.message]), [['data.strict', 'must be "true" or "false", not "yes"']]);
});

strict('the override (the CLI flag) wins over the config, both ways', () => {
  const input = [workload('web', 'shop')];
  assert.equal(problems(runObjects(input, kumaInject({}), [], input, {}, { strict: true }).results), [['error', 'NAMESPACE_UNKNOWN']]);
  assert.equal(problems(runObjects(input, kumaInject({ strict: true }), [], input, {}, { strict: false }).results), []);
  assert.equal(problems(runObjects(input, undefined, [], input, {}, { strict: true }).results), [['error', 'NO_CA_CERT'], ['error', 'NAMESPACE_UNKNOWN']]);
});

strict('a config error stays as it is: strict mode needs a config it could read', () => {
  const out = runObjects([workload('web', 'shop')], kumaInject({ strict: true, meshs: [] }));
  assert.equal(problems(out.results), [['error', 'INVALID_CONFIG']]);
});

strict.run();
