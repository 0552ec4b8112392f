/**
 * Native-sidecar adoption: what moves where (order, position after Kuma's init containers), what is refused
 * (below Kubernetes 1.29, no container left, unknown names), and the notes.
 */
import { suite } from 'uvu';
import { SPEC_FIELD_NAMES } from '../config-field-names.ts';
import * as assert from 'uvu/assert';
import type { JsonObject } from '../krm/object.ts';
import { yaml } from '../testing/yaml.ts';
import { type AdoptInput, adoptSidecars } from './adopt-sidecars.ts';

const input = (names: string[], more: Partial<AdoptInput> = {}): AdoptInput => ({
  names,
  requested: new Set(),
  nativeCapable: true,
  configField: SPEC_FIELD_NAMES.field,
  kubernetesVersion: '1.31',
  ...more,
});
const names = (t: JsonObject, key: string): string[] => (((t.spec as JsonObject)[key] ?? []) as JsonObject[]).map((c) => String(c.name));
const codes = (notes: readonly { code: string; severity: string }[]): string[] => notes.map((n) => `${n.severity} ${n.code}`);

const APP: JsonObject = yaml`
  spec:
    initContainers:
    - {name: kuma-init, image: kuma-init}
    - {name: kuma-sidecar, image: kuma-dp, restartPolicy: Always}
    - {name: migrate, image: migrate}
    containers:
    - {name: cloudsql-proxy, image: proxy, startupProbe: {httpGet: {path: /startup, port: 9739}}}
    - {name: app, image: app}
    - {name: vault-agent, image: vault, startupProbe: {exec: {command: ["true"]}}}
`;

const move = suite('adoptSidecars: the move');

move('moves the named containers, in their order, after kuma-init and kuma-sidecar and before other init containers', () => {
  const out = adoptSidecars(APP, input(['vault-agent', 'cloudsql-proxy']));
  assert.equal(names(out.template, 'initContainers'), ['kuma-init', 'kuma-sidecar', 'cloudsql-proxy', 'vault-agent', 'migrate']);
  assert.equal(names(out.template, 'containers'), ['app']);
  const moved = ((out.template.spec as JsonObject).initContainers as JsonObject[])[2]!;
  assert.equal(moved, { name: 'cloudsql-proxy', image: 'proxy', startupProbe: { httpGet: { path: '/startup', port: 9739 } }, restartPolicy: 'Always' });
  assert.equal(codes(out.notes), ['info SIDECAR_ADOPTED']);
  assert.is(out.notes[0]!.field, 'spec.initContainers');
  assert.match(out.notes[0]!.message, '`cloudsql-proxy` and `vault-agent` moved from `containers` to `initContainers`');
  assert.match(out.notes[0]!.message, '`kube_pod_init_container_*` series instead of `kube_pod_container_*`');
});

move('a template outside the mesh: they go first among the init containers', () => {
  const template: JsonObject = { spec: { initContainers: [{ name: 'setup' }], containers: [{ name: 'app' }, { name: 'proxy', startupProbe: {} }] } };
  const out = adoptSidecars(template, input(['proxy']));
  assert.equal(names(out.template, 'initContainers'), ['proxy', 'setup']);
});

move('the legacy layout with kuma-init last: before the workload’s init containers, kuma-init stays last', () => {
  const template: JsonObject = {
    spec: { initContainers: [{ name: 'setup' }, { name: 'kuma-init' }], containers: [{ name: 'kuma-sidecar' }, { name: 'app' }, { name: 'proxy', startupProbe: {} }] },
  };
  const out = adoptSidecars(template, input(['proxy']));
  assert.equal(names(out.template, 'initContainers'), ['proxy', 'setup', 'kuma-init']);
  assert.equal(names(out.template, 'containers'), ['kuma-sidecar', 'app']);
});

move('CNI: after kuma-validation and kuma-sidecar', () => {
  const template: JsonObject = {
    spec: { initContainers: [{ name: 'kuma-validation' }, { name: 'kuma-sidecar' }], containers: [{ name: 'app' }, { name: 'proxy', startupProbe: {} }] },
  };
  assert.equal(names(adoptSidecars(template, input(['proxy'])).template, 'initContainers'), ['kuma-validation', 'kuma-sidecar', 'proxy']);
});

move('creates initContainers when there were none', () => {
  const out = adoptSidecars({ spec: { containers: [{ name: 'app' }, { name: 'proxy', startupProbe: {} }] } }, input(['proxy']));
  assert.equal((out.template.spec as JsonObject).initContainers, [{ name: 'proxy', startupProbe: {}, restartPolicy: 'Always' }]);
});

move('no name matches: the same template, no notes', () => {
  const out = adoptSidecars(APP, input(['istio-proxy']));
  assert.is(out.template, APP);
  assert.equal(out.notes, []);
});

move('a moved sidecar without a startupProbe gets a warning on its new field', () => {
  const template: JsonObject = { spec: { initContainers: [{ name: 'kuma-init' }], containers: [{ name: 'app' }, { name: 'log-shipper' }] } };
  const out = adoptSidecars(template, input(['log-shipper']));
  assert.equal(codes(out.notes), ['info SIDECAR_ADOPTED', 'warning SIDECAR_STARTUP_PROBE_MISSING']);
  assert.is(out.notes[1]!.field, 'spec.initContainers[1]');
  assert.match(out.notes[1]!.message, '`log-shipper` is now a native sidecar without a `startupProbe`');
});

const refuse = suite('adoptSidecars: refusals');

refuse('below Kubernetes 1.29: an error on the first container, and nothing moves', () => {
  const out = adoptSidecars(APP, input(['cloudsql-proxy', 'vault-agent'], { nativeCapable: false, kubernetesVersion: '1.28' }));
  assert.is(out.template, APP);
  assert.equal(codes(out.notes), ['error SIDECAR_ADOPTION_REFUSED']);
  assert.is(out.notes[0]!.field, 'spec.containers[0]');
  assert.match(out.notes[0]!.message, '`cloudsql-proxy` and `vault-agent` cannot become native sidecars: native sidecars need Kubernetes 1.29 or later and `spec.kubernetesVersion` is "1.28"; remove them');
});

refuse('the field of a refusal is the container’s index as the user wrote it', () => {
  const injected: JsonObject = { spec: { containers: [{ name: 'kuma-sidecar' }, { name: 'app' }, { name: 'proxy' }] } };
  const indexes: Record<string, number> = { app: 0, proxy: 1 };
  const out = adoptSidecars(injected, input(['proxy'], { nativeCapable: false, kubernetesVersion: '1.28', inputIndex: (n) => indexes[n] }));
  assert.is(out.notes[0]!.field, 'spec.containers[1]');
  assert.match(out.notes[0]!.message, '`proxy` cannot become a native sidecar: native sidecars need');
});

refuse('every container named: refused, since a Pod needs one container', () => {
  const template: JsonObject = { spec: { containers: [{ name: 'proxy' }] } };
  const out = adoptSidecars(template, input(['proxy']));
  assert.is(out.template, template);
  assert.equal(codes(out.notes), ['error SIDECAR_ADOPTION_REFUSED']);
  assert.is(out.notes[0]!.message, '`proxy` cannot become a native sidecar: a Pod needs at least one container in `spec.containers`');
});

refuse('the annotation naming a container that does not exist is an error on the annotation', () => {
  const out = adoptSidecars(APP, input(['cloudsql-proxy', 'vault'], { requested: new Set(['cloudsql-proxy', 'vault']) }));
  assert.equal(codes(out.notes), ['error SIDECAR_ADOPTION_REFUSED', 'info SIDECAR_ADOPTED']);
  assert.is(out.notes[0]!.field, 'metadata.annotations[kuma-inject.dev/native-sidecars]');
  assert.match(out.notes[0]!.message, 'names `vault`, but the pod template has no such container');
});

refuse('a requested name that already is a native sidecar is fine', () => {
  const out = adoptSidecars(APP, input(['kuma-sidecar'], { requested: new Set(['kuma-sidecar']) }));
  assert.equal(out.notes, []);
});

move.run();
refuse.run();
