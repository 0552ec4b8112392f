/**
 * Reading the injection record back: a record that is not exactly InjectionRecord, or that names what injection
 * would not have added to this template, is refused with a one-line reason; genuine records of every injection
 * mode are accepted.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { settingsWith } from '../testing/fixtures.ts';
import type { JsonObject } from '../krm/object.ts';
import type { Settings } from '../settings.ts';
import { yaml } from '../testing/yaml.ts';
import { applyLifecycle } from '../lifecycle/apply.ts';
import { applyContainerPatches } from './container-patch.ts';
import { injectPodTemplate } from './inject-pod.ts';
import { RECORD_ANNOTATION } from './metadata.ts';
import { hashValue, recordInjection, storeRecord } from './record.ts';
import { readRecord } from './record-check.ts';

const SETTINGS = settingsWith({ lifecycle: { gracePeriod: { raise: true }, nativeSidecars: { adopt: ['vault-agent'] } } });

/** A template with something in every list injection touches, and a sidecar to adopt. */
const INPUT = (): JsonObject => yaml`
  metadata: {labels: {app: web}, annotations: {team: a}}
  spec:
    volumes: [{name: data, emptyDir: {}}]
    initContainers: [{name: migrate, image: migrate}]
    containers:
    - {name: app, image: app, readinessProbe: {httpGet: {path: /ready, port: 8080}}}
    - {name: vault-agent, image: vault}
`;

/** What inject-sidecars does: inject, the lifecycle step, record, store. */
function injected(input: JsonObject = INPUT(), settings: Settings = SETTINGS, inMesh = true): JsonObject {
  const template = inMesh ? injectPodTemplate(input, { settings, mesh: 'default', patches: { names: [], sidecar: [], init: [] }, warn: () => {} }) : input;
  const after = applyLifecycle(template, { settings, inMesh, longRunning: true }).template;
  return storeRecord(after, recordInjection(input, after));
}

const annotationsOf = (t: JsonObject): JsonObject => (t.metadata as JsonObject).annotations as JsonObject;
const specOf = (t: JsonObject): JsonObject => t.spec as JsonObject;
const withRecordText = (t: JsonObject, text: unknown): JsonObject => {
  const out = structuredClone(t);
  annotationsOf(out)[RECORD_ANNOTATION] = text as string;
  return out;
};

// ---------------------------------------------------------------------------------------------------------
const genuine = suite('readRecord: genuine records');

genuine('the fixture’s record uses every field, and fits', () => {
  const t = injected();
  const record = JSON.parse(String(annotationsOf(t)[RECORD_ANNOTATION])) as JsonObject;
  assert.equal(Object.keys(record).sort(), ['annotations', 'containers', 'created', 'hashes', 'initContainers', 'labels', 'lifecycle', 'moved', 'probes', 'spec', 'v', 'volumes']);
  for (const key of ['annotations', 'labels', 'probes', 'lifecycle', 'spec', 'moved', 'hashes']) assert.ok(Object.keys(record[key] as JsonObject).length > 0, `${key} is not empty`);
  assert.equal(readRecord(t), { ok: true, record });
});

genuine('a template without the annotation has no record', () => {
  assert.is(readRecord(INPUT()), undefined);
  assert.is(readRecord({}), undefined);
});

const modes: Array<{ name: string; settings: Settings; input?: JsonObject; inMesh?: boolean }> = [
  { name: 'legacy layout (kuma-sidecar in containers)', settings: settingsWith({ controlPlane: { experimental: { sidecarContainers: false } } }) },
  { name: 'CNI (kuma-validation)', settings: settingsWith({ controlPlane: { runtime: { kubernetes: { injector: { cniEnabled: true } } } } }) },
  {
    name: 'eBPF and SPIRE volumes, builtin DNS off',
    settings: settingsWith({ controlPlane: { runtime: { kubernetes: { injector: { ebpf: { enabled: true }, spire: { enabled: true }, builtinDNS: { enabled: false } } } } } }),
  },
  {
    name: 'virtual probes, init first, excluded ports and IPs',
    settings: SETTINGS,
    input: yaml`
      metadata:
        annotations:
          kuma.io/virtual-probes: enabled
          kuma.io/init-first: "true"
          traffic.kuma.io/exclude-outbound-ports: "5432"
          traffic.kuma.io/exclude-inbound-ips: "10.0.0.1"
          traffic.kuma.io/exclude-outbound-ips: "10.0.0.2"
      spec:
        containers: [{name: app, livenessProbe: {httpGet: {path: /live, port: 8080}}, startupProbe: {httpGet: {path: /s, port: 8080}}}]
    `,
  },
  { name: 'outside the mesh, a sidecar adopted only', settings: SETTINGS, inMesh: false },
  { name: 'a template without metadata', settings: SETTINGS, input: { spec: { containers: [{ name: 'app' }] } } },
];
for (const mode of modes) {
  genuine(`fits: ${mode.name}`, () => {
    const reading = readRecord(injected(mode.input ?? INPUT(), mode.settings, mode.inMesh));
    assert.ok(reading?.ok, JSON.stringify(reading));
  });
}

genuine('a container a ContainerPatch renamed fits while it is as injected, and not once edited', () => {
  const input: JsonObject = { spec: { containers: [{ name: 'app' }] } };
  const settings = SETTINGS;
  const before = injectPodTemplate(input, { settings, mesh: 'default', patches: { names: [], sidecar: [], init: [] }, warn: () => {} });
  const renamed = structuredClone(before);
  const init = specOf(renamed).initContainers as JsonObject[];
  init[1] = applyContainerPatches(init[1]!, [{ op: 'replace', path: '/name', value: 'proxy' }], ['rename'], () => {});
  const t = storeRecord(renamed, recordInjection(input, renamed));
  assert.ok(readRecord(t)?.ok, JSON.stringify(readRecord(t)));
  ((specOf(t).initContainers as JsonObject[])[1]!).image = 'edited';
  assert.equal(readRecord(t), { ok: false, problem: '`initContainers` has `proxy`, a container injection does not add there (it adds `kuma-init`, `kuma-validation`, `kuma-sidecar`)' });
});

genuine('an adopted sidecar the user moved back into containers by hand still fits', () => {
  const t = injected();
  const spec = specOf(t);
  const vault = (spec.initContainers as JsonObject[]).find((c) => c.name === 'vault-agent')!;
  spec.initContainers = (spec.initContainers as JsonObject[]).filter((c) => c !== vault);
  const { restartPolicy: _, ...back } = vault;
  (spec.containers as JsonObject[]).push(back);
  assert.ok(readRecord(t)?.ok, JSON.stringify(readRecord(t)));
});

genuine.run();

// ---------------------------------------------------------------------------------------------------------
// Forged records: the genuine one with one thing changed, in the record or in the template.

type Record_ = Record<string, unknown>;
interface Forgery {
  name: string;
  /** Changes the parsed record (and may change the template). */
  edit: (record: Record_, template: JsonObject) => void;
  problem: RegExp;
}

const H = hashValue('x');
const forgeries: Forgery[] = [
  // shape
  { name: '{"v":1} alone', edit: (r) => Object.keys(r).filter((k) => k !== 'v').forEach((k) => delete r[k]), problem: /^it has no `containers`$/ },
  { name: 'another version', edit: (r) => (r.v = 2), problem: /^`v` must be 1, not 2$/ },
  { name: 'v as a string', edit: (r) => (r.v = '1'), problem: /^`v` must be 1, not "1"$/ },
  { name: 'no v', edit: (r) => delete r.v, problem: /^`v` must be 1, not absent$/ },
  { name: 'an unknown field', edit: (r) => (r.extra = []), problem: /^it has a field `extra` that a record does not have$/ },
  ...['containers', 'initContainers', 'volumes', 'annotations', 'labels', 'probes', 'created'].map((key) => ({
    name: `no ${key}`,
    edit: (r: Record_) => delete r[key],
    problem: new RegExp(`^it has no \`${key}\`$`),
  })),
  { name: '"containers":5', edit: (r) => (r.containers = 5), problem: /^`containers` must be a list of names, not 5$/ },
  { name: '"containers":"xapp" (a string, not a list)', edit: (r) => (r.containers = 'xapp'), problem: /^`containers` must be a list of names, not "xapp"$/ },
  { name: 'a number among the containers', edit: (r) => (r.containers = [5]), problem: /^`containers\[0\]` must be a name \(a string\), not 5$/ },
  { name: 'initContainers as a map', edit: (r) => (r.initContainers = {}), problem: /^`initContainers` must be a list of names, not \{\}$/ },
  { name: 'volumes as a string', edit: (r) => (r.volumes = 'kuma-init-tmp'), problem: /^`volumes` must be a list of names/ },
  { name: 'created as a map', edit: (r) => (r.created = { a: 1 }), problem: /^`created` must be a list of names/ },
  { name: 'annotations as a list', edit: (r) => (r.annotations = []), problem: /^`annotations` must be a map of \[value before, hash\] pairs, not \[\]$/ },
  { name: 'an annotation change that is a string', edit: (r) => ((r.annotations as Record_)['kuma.io/mesh'] = 'x'), problem: /^`annotations\[kuma.io\/mesh\]` must be a \[value before, hash\] pair, not "x"$/ },
  { name: 'an annotation change without its hash', edit: (r) => ((r.annotations as Record_)['kuma.io/sidecar-uid'] = [null]), problem: /^`annotations\[kuma.io\/sidecar-uid\]` must be a \[value before, hash\] pair/ },
  { name: 'a hash that is a number', edit: (r) => ((r.annotations as Record_)['kuma.io/sidecar-uid'] = [null, 5]), problem: /^`annotations\[kuma.io\/sidecar-uid\]\[1\]` must be a hash \(a string\), not 5$/ },
  { name: 'labels as a number', edit: (r) => (r.labels = 5), problem: /^`labels` must be a map/ },
  { name: 'probes as a string', edit: (r) => (r.probes = 'zz'), problem: /^`probes` must be a map/ },
  { name: '"spec":"zz"', edit: (r) => (r.spec = 'zz'), problem: /^`spec` must be a map of \[value before, hash\] pairs, not "zz"$/ },
  { name: 'lifecycle as a list', edit: (r) => (r.lifecycle = [1]), problem: /^`lifecycle` must be a map/ },
  { name: 'hashes as a list', edit: (r) => (r.hashes = ['kuma-init']), problem: /^`hashes` must be a map of hashes/ },
  { name: 'a hash in hashes that is a number', edit: (r) => ((r.hashes as Record_)['kuma-init'] = 1), problem: /^`hashes\[kuma-init\]` must be a hash \(a string\), not 1$/ },
  { name: 'moved as a string', edit: (r) => (r.moved = 'vault-agent'), problem: /^`moved` must be a map of \[index, restartPolicy before\] pairs/ },
  { name: 'a moved entry that is a number', edit: (r) => ((r.moved as Record_)['vault-agent'] = 1), problem: /^`moved\[vault-agent\]` must be an \[index, restartPolicy before\] pair, not 1$/ },
  { name: 'a negative moved index', edit: (r) => ((r.moved as Record_)['vault-agent'] = [-1, null]), problem: /^`moved\[vault-agent\]\[0\]` must be an index/ },
  { name: 'a moved index that is a string', edit: (r) => ((r.moved as Record_)['vault-agent'] = ['1', null]), problem: /^`moved\[vault-agent\]\[0\]` must be an index .*not "1"$/ },
  // what it names
  { name: 'a user container among the containers', edit: (r) => (r.containers = ['app']), problem: /^`containers` has `app`, a container injection does not add there \(it adds `kuma-sidecar`\)$/ },
  { name: 'a user init container among the init containers', edit: (r) => (r.initContainers = ['migrate']), problem: /^`initContainers` has `migrate`, a container injection does not add there/ },
  { name: 'kuma-sidecar in containers when it is an init container', edit: (r) => (r.containers = ['kuma-sidecar']), problem: /^`containers` has `kuma-sidecar`, which is not in `spec.containers`$/ },
  { name: 'an injected container the template does not have', edit: (r, t) => (specOf(t).initContainers = (specOf(t).initContainers as JsonObject[]).filter((c) => c.name !== 'kuma-init')), problem: /^`initContainers` has `kuma-init`, which is not in `spec.initContainers`$/ },
  { name: 'a user volume', edit: (r) => (r.volumes = ['data']), problem: /^`volumes` has `data`, a volume injection does not add$/ },
  { name: 'a volume the template does not have', edit: (r) => (r.volumes = ['nope']), problem: /^`volumes` has `nope`, a volume injection does not add$/ },
  { name: 'a Kuma volume the template does not have', edit: (r) => (r.volumes = ['kuma-spire-agent-socket']), problem: /^`volumes` has `kuma-spire-agent-socket`, which is not in `spec.volumes`$/ },
  { name: 'a hash of a container that was not added', edit: (r) => ((r.hashes as Record_).app = H), problem: /^`hashes` has `app`, which is not in `containers` or `initContainers`$/ },
  { name: 'a hash that is not 8 hex digits', edit: (r) => ((r.hashes as Record_)['kuma-init'] = 'zz'), problem: /^`hashes\[kuma-init\]` is not a hash kuma-inject writes/ },
  { name: 'a path injection never creates', edit: (r) => (r.created = ['spec.containers']), problem: /^`created` has `spec.containers`, which injection never creates$/ },
  { name: 'an annotation of the user’s', edit: (r) => ((r.annotations as Record_).team = ['b', H]), problem: /^`annotations` has `team`, an annotation injection never changes$/ },
  { name: 'the record annotation itself', edit: (r) => ((r.annotations as Record_)[RECORD_ANNOTATION] = [null, H]), problem: /^`annotations` has `kuma-inject.dev\/injected`/ },
  { name: 'an annotation value before that is a number', edit: (r) => ((r.annotations as Record_)['kuma.io/sidecar-uid'] = [5, H]), problem: /^`annotations\[kuma.io\/sidecar-uid\]\[0\]` must be the value before \(a string\) or null, not 5$/ },
  { name: 'an annotation hash that is not 8 hex digits', edit: (r) => ((r.annotations as Record_)['kuma.io/sidecar-uid'] = [null, 'zz']), problem: /^`annotations\[kuma.io\/sidecar-uid\]\[1\]` is not a hash kuma-inject writes/ },
  { name: 'a label of the user’s', edit: (r) => ((r.labels as Record_).app = ['x', H]), problem: /^`labels` has `app`, a label injection never changes \(only `kuma.io\/mesh`\)$/ },
  { name: 'a pod-spec field injection never sets', edit: (r) => (r.spec = { serviceAccountName: ['x', H] }), problem: /^`spec` has `serviceAccountName`, a pod-spec field injection never changes \(only `terminationGracePeriodSeconds`\)$/ },
  { name: 'a grace period before that is a string', edit: (r) => (r.spec = { terminationGracePeriodSeconds: ['30', H] }), problem: /^`spec\[terminationGracePeriodSeconds\]\[0\]` must be the value before \(a number\) or null/ },
  { name: 'a probe key without a probe', edit: (r) => ((r.probes as Record_).app = [{}, H]), problem: /^`probes` has `app`, which is not `<container>\/<livenessProbe\|readinessProbe\|startupProbe>`$/ },
  { name: 'a probe of a container the template does not have', edit: (r) => ((r.probes as Record_)['web/readinessProbe'] = [{}, H]), problem: /^`probes` has `web\/readinessProbe`, but the template has no application container `web`$/ },
  { name: 'a probe of an injected container', edit: (r) => ((r.probes as Record_)['kuma-sidecar/readinessProbe'] = [{}, H]), problem: /^`probes` has `kuma-sidecar\/readinessProbe`, but the template has no application container/ },
  { name: 'a probe of a plain init container', edit: (r) => ((r.probes as Record_)['migrate/startupProbe'] = [{}, H]), problem: /no application container `migrate`$/ },
  { name: 'a probe before that is not a probe', edit: (r) => ((r.probes as Record_)['app/readinessProbe'] = [null, H]), problem: /^`probes\[app\/readinessProbe\]\[0\]` must be the probe before \(a map\), not null$/ },
  { name: 'a lifecycle of an init container', edit: (r) => ((r.lifecycle as Record_).migrate = [null, H]), problem: /^`lifecycle` has `migrate`, but `spec.containers` has no application container `migrate`$/ },
  { name: 'a lifecycle of a container the template does not have', edit: (r) => ((r.lifecycle as Record_).ghost = [null, H]), problem: /^`lifecycle` has `ghost`/ },
  { name: 'a lifecycle hash that is not 8 hex digits', edit: (r) => ((r.lifecycle as Record_).app = [null, 'x']), problem: /^`lifecycle\[app\]\[1\]` is not a hash kuma-inject writes/ },
  { name: 'a plain init container as moved', edit: (r) => ((r.moved as Record_).migrate = [0, null]), problem: /^`moved` has `migrate`, but that init container has no `restartPolicy: Always`, which adoption sets$/ },
  { name: 'a moved container the template does not have', edit: (r) => ((r.moved as Record_).ghost = [0, null]), problem: /^`moved` has `ghost`, which the template does not have$/ },
  { name: 'an injected container as moved', edit: (r) => ((r.moved as Record_)['kuma-sidecar'] = [0, null]), problem: /^`moved` has `kuma-sidecar`, which the record also lists as added$/ },
];

const forged = suite('readRecord: forged records');
for (const f of forgeries) {
  forged(f.name, () => {
    const t = injected();
    const record = JSON.parse(String(annotationsOf(t)[RECORD_ANNOTATION])) as Record_;
    f.edit(record, t);
    const reading = readRecord(withRecordText(t, JSON.stringify(record)));
    assert.ok(reading && !reading.ok, `refused: ${JSON.stringify(reading)}`);
    assert.match((reading as { problem: string }).problem, f.problem);
  });
}

const texts: Array<{ name: string; text: unknown; problem: string }> = [
  { name: 'text that is not JSON', text: '{oops', problem: 'it is not JSON: "{oops"' },
  { name: 'an empty annotation', text: '', problem: 'it is not JSON: ""' },
  { name: 'JSON that is not an object', text: '[1]', problem: 'it must be a JSON object, not [1]' },
  { name: 'JSON null', text: 'null', problem: 'it must be a JSON object, not null' },
  { name: 'a value that is not a string', text: 5, problem: 'it must be a string holding JSON, not 5' },
  { name: 'a long text, shortened', text: `not json ${'x'.repeat(100)}`, problem: `it is not JSON: "not json ${'x'.repeat(29)}…` },
];
for (const c of texts) {
  forged(c.name, () => assert.equal(readRecord(withRecordText(injected(), c.text)), { ok: false, problem: c.problem }));
}
forged.run();
