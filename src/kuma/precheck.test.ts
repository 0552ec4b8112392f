/**
 * The injection decision (spec §2) and the notes Kuma only logs (§2.1, §6.3). Expected values follow the
 * spec's precedence: exceptions > already injected > pod label > namespace label; mesh from pod label, pod
 * annotation, namespace label, namespace annotation, else `default`.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { failure, settingsWith } from '../testing/fixtures.ts';
import type { JsonObject } from '../krm/object.ts';
import { loadSettings, type Settings } from '../settings.ts';
import { InjectionFailure } from './failure.ts';
import { type Decision, type MeshCatalog, type NamespaceView, type PrecheckInput, deprecationNotes, namespaceFromObject, precheck } from './precheck.ts';


const defaults = settingsWith();

const ns = (name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}, known = true): NamespaceView => ({
  name,
  labels,
  annotations,
  known,
});

const NO_MESHES: MeshCatalog = { names: new Set(), authority: 'none' };
const app = (extra: JsonObject = {}): JsonObject => ({ name: 'app', image: 'nginx', ...extra });

interface Partial {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  spec?: JsonObject;
  namespace?: NamespaceView;
  settings?: Settings;
  meshes?: MeshCatalog;
  selectedByZoneProxyService?: boolean;
}

function input(p: Partial = {}): PrecheckInput {
  const settings = p.settings ?? defaults;
  return {
    labels: p.labels ?? {},
    annotations: p.annotations ?? {},
    spec: p.spec ?? { containers: [app()] },
    namespace: p.namespace ?? ns('demo', { 'kuma.io/sidecar-injection': 'enabled' }),
    injector: settings.injector,
    systemNamespace: settings.systemNamespace,
    meshes: p.meshes ?? NO_MESHES,
    selectedByZoneProxyService: p.selectedByZoneProxyService ?? false,
    rules: settings.release.behaviour,
    configField: settings.configField,
  };
}

/** The same input under 2.7's mesh rule (switch meshSource `annotation`). */
const annotationSourced = (i: PrecheckInput): PrecheckInput => ({ ...i, rules: { ...i.rules, meshSource: 'annotation' } });


const codes = (decision: Decision): string[] => decision.notes.map((n) => n.code);

// ---------------------------------------------------------------------------------------------------------
const decide = suite('precheck: whether to inject');

interface DecisionCase {
  name: string;
  input: Partial;
  expected: { inject: true; mesh?: string } | { inject: false; code: 'SKIPPED' | 'SIDECAR_PRESENT' };
}

const decisionCases: DecisionCase[] = [
  {
    name: 'skips a template with a default exception label whatever its value ("*")',
    input: { labels: { 'openshift.io/build.name': 'anything', 'kuma.io/sidecar-injection': 'enabled' } },
    expected: { inject: false, code: 'SKIPPED' },
  },
  {
    name: 'skips a template with the deployer-pod exception label (fixture skip 2)',
    input: { labels: { 'openshift.io/deployer-pod-for.name': 'x' } },
    expected: { inject: false, code: 'SKIPPED' },
  },
  {
    name: 'skips on a configured exception label only when the value matches',
    input: {
      labels: { team: 'legacy' },
      settings: settingsWith({ controlPlane: { runtime: { kubernetes: { injector: { exceptions: { labels: { team: 'legacy' } } } } } } }),
    },
    expected: { inject: false, code: 'SKIPPED' },
  },
  {
    name: 'injects when a configured exception label has another value',
    input: {
      labels: { team: 'payments' },
      settings: settingsWith({ controlPlane: { runtime: { kubernetes: { injector: { exceptions: { labels: { team: 'legacy' } } } } } } }),
    },
    expected: { inject: true, mesh: 'default' },
  },
  {
    name: 'checks exceptions before an existing kuma-sidecar',
    input: { labels: { 'openshift.io/build.name': 'b' }, spec: { containers: [app(), { name: 'kuma-sidecar' }] } },
    expected: { inject: false, code: 'SKIPPED' },
  },
  {
    name: 'skips a template that already has a kuma-sidecar container',
    input: { spec: { containers: [{ name: 'kuma-sidecar' }, app()] } },
    expected: { inject: false, code: 'SIDECAR_PRESENT' },
  },
  {
    name: 'skips a template that already has kuma-sidecar as an init container (native layout)',
    input: { spec: { initContainers: [{ name: 'kuma-sidecar' }], containers: [app()] } },
    expected: { inject: false, code: 'SIDECAR_PRESENT' },
  },
  {
    name: 'an existing kuma-sidecar wins over a pod label that disables injection',
    input: { labels: { 'kuma.io/sidecar-injection': 'disabled' }, spec: { containers: [{ name: 'kuma-sidecar' }] } },
    expected: { inject: false, code: 'SIDECAR_PRESENT' },
  },
  {
    name: 'injects when only the namespace label enables it',
    input: {},
    expected: { inject: true, mesh: 'default' },
  },
  {
    name: 'the pod label `disabled` beats a namespace label `enabled` (fixture skip 1)',
    input: { labels: { 'kuma.io/sidecar-injection': 'disabled' } },
    expected: { inject: false, code: 'SKIPPED' },
  },
  {
    name: 'the pod label `enabled` beats a namespace label `disabled` (fixture 10)',
    input: { labels: { 'kuma.io/sidecar-injection': 'enabled' }, namespace: ns('demo', { 'kuma.io/sidecar-injection': 'disabled' }) },
    expected: { inject: true, mesh: 'default' },
  },
  {
    name: 'the namespace label `false` skips',
    input: { namespace: ns('demo', { 'kuma.io/sidecar-injection': 'false' }) },
    expected: { inject: false, code: 'SKIPPED' },
  },
  {
    name: 'the namespace label `yes` (deprecated spelling) still injects',
    input: { namespace: ns('demo', { 'kuma.io/sidecar-injection': 'yes' }) },
    expected: { inject: true, mesh: 'default' },
  },
  {
    name: 'ignores `kuma.io/sidecar-injection` as a namespace annotation (fixture skip 3)',
    input: { namespace: ns('demo', {}, { 'kuma.io/sidecar-injection': 'enabled' }) },
    expected: { inject: false, code: 'SKIPPED' },
  },
  {
    name: 'ignores `kuma.io/sidecar-injection` as a pod annotation',
    input: { annotations: { 'kuma.io/sidecar-injection': 'enabled' }, namespace: ns('demo') },
    expected: { inject: false, code: 'SKIPPED' },
  },
  {
    name: 'skips when neither the pod nor an unknown namespace has the label',
    input: { namespace: ns('elsewhere', {}, {}, false) },
    expected: { inject: false, code: 'SKIPPED' },
  },
  {
    name: 'never injects in kube-system, whose Pods the webhook never sees',
    input: { labels: { 'kuma.io/sidecar-injection': 'enabled' }, namespace: ns('kube-system', { 'kuma.io/sidecar-injection': 'enabled' }) },
    expected: { inject: false, code: 'SKIPPED' },
  },
  {
    name: 'skips an ordinary Pod in the system namespace',
    input: { labels: { 'kuma.io/sidecar-injection': 'enabled' }, namespace: ns('kuma-system', { 'kuma.io/sidecar-injection': 'disabled' }) },
    expected: { inject: false, code: 'SKIPPED' },
  },
  {
    name: 'injects a mesh-scoped zone proxy in the system namespace (third webhook)',
    input: {
      labels: { 'kuma.io/sidecar-injection': 'enabled', 'kuma.io/mesh': 'default', 'k8s.kuma.io/zone-proxy-type': 'ingress' },
      namespace: ns('kuma-system', { 'kuma.io/sidecar-injection': 'disabled' }),
    },
    expected: { inject: true, mesh: 'default' },
  },
  {
    name: 'a zone proxy in the system namespace needs the label value exactly `enabled`',
    input: {
      labels: { 'kuma.io/sidecar-injection': 'true', 'kuma.io/mesh': 'default', 'k8s.kuma.io/zone-proxy-type': 'ingress' },
      namespace: ns('kuma-system', { 'kuma.io/sidecar-injection': 'disabled' }),
    },
    expected: { inject: false, code: 'SKIPPED' },
  },
  {
    name: 'an init container on the sidecar UID does not stop injection (fixture 31)',
    input: { spec: { initContainers: [{ name: 'init', securityContext: { runAsUser: 5678 } }], containers: [app()] } },
    expected: { inject: true, mesh: 'default' },
  },
];

for (const c of decisionCases) {
  decide(c.name, () => {
    const decision = precheck(input(c.input));
    assert.is(decision.inject, c.expected.inject);
    if (c.expected.inject && decision.inject) {
      if (c.expected.mesh) assert.is(decision.mesh, c.expected.mesh);
    } else if (!c.expected.inject && !decision.inject) {
      assert.is(decision.code, c.expected.code);
      assert.type(decision.reason, 'string');
    }
  });
}

decide('an unparsable pod label fails with the annotation parser message and the label as field', () => {
  const e = failure(() => precheck(input({ labels: { 'kuma.io/sidecar-injection': 'on' } })));
  assert.is(e.message, 'annotation "kuma.io/sidecar-injection" has wrong value "on"');
  assert.is(e.field, 'metadata.labels[kuma.io/sidecar-injection]');
});

decide('an unparsable namespace label fails, naming the namespace in the field', () => {
  const e = failure(() => precheck(input({ namespace: ns('demo', { 'kuma.io/sidecar-injection': 'Enabled' }) })));
  assert.is(e.message, 'annotation "kuma.io/sidecar-injection" has wrong value "Enabled"');
  assert.is(e.field, 'Namespace demo metadata.labels[kuma.io/sidecar-injection]');
});

decide('the pod label decides before an unparsable namespace label is ever read', () => {
  const decision = precheck(input({ labels: { 'kuma.io/sidecar-injection': 'enabled' }, namespace: ns('demo', { 'kuma.io/sidecar-injection': 'bogus' }) }));
  assert.ok(decision.inject);
});

// ---------------------------------------------------------------------------------------------------------
const uid = suite('precheck: sidecar UID');

uid('a regular container on the sidecar UID is an error listing every such container', () => {
  const spec = {
    containers: [
      app(),
      { name: 'b', securityContext: { runAsUser: 5678 } },
      { name: 'c', securityContext: { runAsUser: 5678 } },
    ],
  };
  const e = failure(() => precheck(input({ spec })));
  assert.is(e.message, 'containers using same UID as sidecar is unsupported: ["b" "c"]');
  assert.is(e.field, 'spec.containers[1].securityContext.runAsUser');
});

uid('an init container on the sidecar UID is a warning only', () => {
  const decision = precheck(input({ spec: { initContainers: [{ name: 'init', securityContext: { runAsUser: 5678 } }], containers: [app()] } }));
  assert.equal(codes(decision), ['INIT_CONTAINER_SIDECAR_UID']);
  assert.equal(decision.notes[0]?.severity, 'warning');
});

uid('uses the configured sidecar UID, not 5678', () => {
  const settings = settingsWith({ controlPlane: { runtime: { kubernetes: { injector: { sidecarContainer: { uid: 1234 } } } } } });
  assert.ok(precheck(input({ settings, spec: { containers: [app({ securityContext: { runAsUser: 5678 } })] } })).inject);
  const e = failure(() => precheck(input({ settings, spec: { containers: [app({ securityContext: { runAsUser: 1234 } })] } })));
  assert.is(e.message, 'containers using same UID as sidecar is unsupported: ["app"]');
});

uid('is not checked when the template is skipped', () => {
  const decision = precheck(input({ labels: { 'kuma.io/sidecar-injection': 'disabled' }, spec: { containers: [app({ securityContext: { runAsUser: 5678 } })] } }));
  assert.not.ok(decision.inject);
});

// ---------------------------------------------------------------------------------------------------------
const mesh = suite('precheck: mesh selection and existence');

interface MeshCase {
  name: string;
  input: Partial;
  mesh: string;
  notes?: string[];
}

const meshCases: MeshCase[] = [
  { name: 'falls back to `default`', input: {}, mesh: 'default', notes: [] },
  { name: 'takes the pod label first', input: { labels: { 'kuma.io/mesh': 'a' }, annotations: { 'kuma.io/mesh': 'b' }, namespace: ns('demo', { 'kuma.io/sidecar-injection': 'enabled', 'kuma.io/mesh': 'c' }) }, mesh: 'a', notes: [] },
  {
    name: 'takes the deprecated pod annotation next, with a deprecation note (fixture 04)',
    input: { annotations: { 'kuma.io/mesh': 'demo' }, namespace: ns('demo', { 'kuma.io/sidecar-injection': 'enabled', 'kuma.io/mesh': 'c' }) },
    mesh: 'demo',
    notes: ['DEPRECATED_ANNOTATION'],
  },
  {
    name: 'takes the namespace label before the namespace annotation',
    input: { namespace: ns('demo', { 'kuma.io/sidecar-injection': 'enabled', 'kuma.io/mesh': 'from-label' }, { 'kuma.io/mesh': 'from-annotation' }) },
    mesh: 'from-label',
    notes: [],
  },
  {
    name: 'takes the namespace annotation last, with a deprecation note (fixture 11)',
    input: { namespace: ns('demo', { 'kuma.io/sidecar-injection': 'enabled' }, { 'kuma.io/mesh': 'mesh-name-from-ns' }) },
    mesh: 'mesh-name-from-ns',
    notes: ['DEPRECATED_ANNOTATION'],
  },
  {
    name: 'a pod annotation overrides the namespace annotation (fixture 12)',
    input: { annotations: { 'kuma.io/mesh': 'mesh-name-from-pod' }, namespace: ns('demo', { 'kuma.io/sidecar-injection': 'enabled' }, { 'kuma.io/mesh': 'mesh-name-from-ns' }) },
    mesh: 'mesh-name-from-pod',
  },
  {
    name: 'skips an empty pod label and uses the next source',
    input: { labels: { 'kuma.io/mesh': '' }, namespace: ns('demo', { 'kuma.io/sidecar-injection': 'enabled', 'kuma.io/mesh': 'ns-mesh' }) },
    mesh: 'ns-mesh',
  },
];

for (const c of meshCases) {
  mesh(c.name, () => {
    const decision = precheck(input(c.input));
    assert.ok(decision.inject);
    if (decision.inject) assert.is(decision.mesh, c.mesh);
    if (c.notes) assert.equal(codes(decision), c.notes);
  });
}

mesh('a mesh missing from an authoritative list is an error naming the mesh', () => {
  const e = failure(() => precheck(input({ labels: { 'kuma.io/mesh': 'demo' }, meshes: { names: new Set(['default']), authority: 'config' } })));
  assert.match(e.message, 'meshes.kuma.io "demo" not found');
  assert.is(e.field, 'metadata.labels[kuma.io/mesh]');
  assert.is(e.code, 'MESH_NOT_FOUND');
});

mesh('the implicit `default` mesh must exist too when the list is authoritative', () => {
  const e = failure(() => precheck(input({ meshes: { names: new Set(['other']), authority: 'config' } })));
  assert.match(e.message, 'meshes.kuma.io "default" not found');
});

mesh('a mesh missing when only input Mesh objects are known is a warning, and injection goes on', () => {
  const decision = precheck(input({ labels: { 'kuma.io/mesh': 'demo' }, meshes: { names: new Set(['default']), authority: 'input' } }));
  assert.ok(decision.inject);
  assert.equal(codes(decision), ['MESH_UNVERIFIED']);
});

mesh('nothing is checked when no mesh is known at all', () => {
  const decision = precheck(input({ labels: { 'kuma.io/mesh': 'demo' }, meshes: NO_MESHES }));
  assert.ok(decision.inject);
  assert.equal(codes(decision), []);
});

mesh('a known mesh passes an authoritative list silently', () => {
  const decision = precheck(input({ labels: { 'kuma.io/mesh': 'demo' }, meshes: { names: new Set(['demo']), authority: 'config' } }));
  assert.ok(decision.inject);
  assert.equal(codes(decision), []);
});

mesh('a zone proxy (pod label) with an explicit mesh may name a missing mesh', () => {
  const decision = precheck(
    input({ labels: { 'kuma.io/mesh': 'demo', 'k8s.kuma.io/zone-proxy-type': 'egress' }, meshes: { names: new Set(['default']), authority: 'config' } }),
  );
  assert.ok(decision.inject);
});

mesh('a zone proxy selected by a zone-proxy Service with an explicit mesh may name a missing mesh', () => {
  const decision = precheck(
    input({ labels: { 'kuma.io/mesh': 'demo' }, selectedByZoneProxyService: true, meshes: { names: new Set(['default']), authority: 'config' } }),
  );
  assert.ok(decision.inject);
});

mesh('the zone-proxy exception needs an explicit mesh: the implicit default still fails', () => {
  const e = failure(() =>
    precheck(input({ labels: { 'k8s.kuma.io/zone-proxy-type': 'ingress' }, meshes: { names: new Set(['other']), authority: 'config' } })),
  );
  assert.match(e.message, 'meshes.kuma.io "default" not found');
});

// ---------------------------------------------------------------------------------------------------------
const warnings = suite('precheck: the 2.11 webhook label rules');

// §1.1's third webhook selects `k8s.kuma.io/zone-proxy-type` with Exists: an empty value still gets through.
decide('an empty zone-proxy-type label still passes the third webhook (Exists)', () => {
  const labels = { 'kuma.io/sidecar-injection': 'enabled', 'kuma.io/mesh': 'default', 'k8s.kuma.io/zone-proxy-type': '' };
  assert.ok(precheck(input({ labels, namespace: ns('kuma-system', { 'kuma.io/sidecar-injection': 'disabled' }) })).inject);
});

warnings('a pod opt-in in a namespace without the label gets NAMESPACE_LABEL_MISSING', () => {
  const decision = precheck(input({ labels: { 'kuma.io/sidecar-injection': 'enabled' }, namespace: ns('demo') }));
  assert.ok(decision.inject);
  assert.equal(codes(decision), ['NAMESPACE_LABEL_MISSING']);
  assert.is(decision.notes[0]?.field, 'metadata.labels[kuma.io/sidecar-injection]');
});

warnings('a pod label `true` in a namespace labelled `disabled` is injected but warned about', () => {
  const decision = precheck(input({ labels: { 'kuma.io/sidecar-injection': 'true' }, namespace: ns('demo', { 'kuma.io/sidecar-injection': 'disabled' }) }));
  assert.ok(decision.inject);
  assert.equal(codes(decision), ['POD_LABEL_NOT_ENABLED']);
});

warnings('a pod label `enabled` in a namespace labelled `disabled` passes the webhook silently', () => {
  const decision = precheck(input({ labels: { 'kuma.io/sidecar-injection': 'enabled' }, namespace: ns('demo', { 'kuma.io/sidecar-injection': 'disabled' }) }));
  assert.equal(codes(decision), []);
});

warnings('a pod label `true` in a namespace labelled `enabled` goes through the namespace webhook silently', () => {
  const decision = precheck(input({ labels: { 'kuma.io/sidecar-injection': 'true' } }));
  assert.equal(codes(decision), []);
});

warnings('a pod opt-in in an unknown namespace gets an info note', () => {
  const decision = precheck(input({ labels: { 'kuma.io/sidecar-injection': 'enabled' }, namespace: ns('elsewhere', {}, {}, false) }));
  assert.ok(decision.inject);
  assert.equal(codes(decision), ['NAMESPACE_UNKNOWN']);
  assert.is(decision.notes[0]?.severity, 'info');
});

// ---------------------------------------------------------------------------------------------------------
const views = suite('namespaceFromObject');

views('reads labels and annotations of a Namespace object, which is known', () => {
  const view = namespaceFromObject('demo', { metadata: { name: 'demo', labels: { a: '1', n: 2 }, annotations: { b: '2' } } }, { labels: { x: 'y' }, annotations: {} });
  assert.equal(view, { name: 'demo', labels: { a: '1' }, annotations: { b: '2' }, known: true });
});

views('uses the config entry when there is no object', () => {
  const view = namespaceFromObject('demo', undefined, { labels: { 'kuma.io/sidecar-injection': 'enabled' }, annotations: { c: '3' } });
  assert.equal(view, { name: 'demo', labels: { 'kuma.io/sidecar-injection': 'enabled' }, annotations: { c: '3' }, known: true });
});

views('is unknown, with no labels, when neither exists', () => {
  assert.equal(namespaceFromObject('demo', undefined), { name: 'demo', labels: {}, annotations: {}, known: false });
});

views('a Namespace object without labels is known and has none', () => {
  assert.equal(namespaceFromObject('demo', { metadata: { name: 'demo' } }), { name: 'demo', labels: {}, annotations: {}, known: true });
});

// ---------------------------------------------------------------------------------------------------------
const deprecations = suite('deprecationNotes');

interface NoteCase {
  name: string;
  input: Record<string, string>;
  expected: Array<{ code: string; field: string }>;
}

const noteCases: NoteCase[] = [
  { name: 'says nothing for current annotations', input: { 'kuma.io/gateway': 'enabled', 'kuma.io/builtin-dns': 'true' }, expected: [] },
  {
    name: 'flags the old builtindns spellings',
    input: { 'kuma.io/builtindns': 'enabled', 'kuma.io/builtindnsport': '1' },
    expected: [
      { code: 'DEPRECATED_ANNOTATION', field: 'metadata.annotations[kuma.io/builtindns]' },
      { code: 'DEPRECATED_ANNOTATION', field: 'metadata.annotations[kuma.io/builtindnsport]' },
    ],
  },
  {
    name: 'flags virtual probes annotations',
    input: { 'kuma.io/virtual-probes': 'enabled', 'kuma.io/virtual-probes-port': '9000' },
    expected: [
      { code: 'DEPRECATED_ANNOTATION', field: 'metadata.annotations[kuma.io/virtual-probes]' },
      { code: 'DEPRECATED_ANNOTATION', field: 'metadata.annotations[kuma.io/virtual-probes-port]' },
    ],
  },
  {
    name: 'flags sidecar-injection used as an annotation',
    input: { 'kuma.io/sidecar-injection': 'enabled' },
    expected: [{ code: 'DEPRECATED_ANNOTATION', field: 'metadata.annotations[kuma.io/sidecar-injection]' }],
  },
  {
    name: 'flags the prometheus port and path annotations',
    input: { 'prometheus.metrics.kuma.io/port': '1234', 'prometheus.metrics.kuma.io/path': '/m' },
    expected: [
      { code: 'DEPRECATED_ANNOTATION', field: 'metadata.annotations[prometheus.metrics.kuma.io/port]' },
      { code: 'DEPRECATED_ANNOTATION', field: 'metadata.annotations[prometheus.metrics.kuma.io/path]' },
    ],
  },
  {
    name: 'flags yes/no values of boolean annotations',
    input: { 'kuma.io/gateway': 'yes', 'kuma.io/init-first': 'no' },
    expected: [
      { code: 'DEPRECATED_ANNOTATION', field: 'metadata.annotations[kuma.io/gateway]' },
      { code: 'DEPRECATED_ANNOTATION', field: 'metadata.annotations[kuma.io/init-first]' },
    ],
  },
  {
    name: 'says that disabling the transparent proxy is overridden',
    input: { 'kuma.io/transparent-proxying': 'disabled' },
    expected: [{ code: 'ANNOTATION_OVERRIDDEN', field: 'metadata.annotations[kuma.io/transparent-proxying]' }],
  },
  { name: 'says nothing for a transparent proxy left enabled', input: { 'kuma.io/transparent-proxying': 'enabled' }, expected: [] },
  // §6.3: these cannot be changed per pod; Kuma warns and overwrites them with the config values.
  {
    name: 'says a per-pod sidecar UID is overridden',
    input: { 'kuma.io/sidecar-uid': '1000' },
    expected: [{ code: 'ANNOTATION_OVERRIDDEN', field: 'metadata.annotations[kuma.io/sidecar-uid]' }],
  },
  {
    name: 'says per-pod redirect ports are overridden',
    input: { 'kuma.io/transparent-proxying-inbound-port': '16006', 'kuma.io/transparent-proxying-outbound-port': '16001' },
    expected: [
      { code: 'ANNOTATION_OVERRIDDEN', field: 'metadata.annotations[kuma.io/transparent-proxying-inbound-port]' },
      { code: 'ANNOTATION_OVERRIDDEN', field: 'metadata.annotations[kuma.io/transparent-proxying-outbound-port]' },
    ],
  },
  {
    name: 'says nothing when the per-pod values equal the config',
    input: { 'kuma.io/sidecar-uid': '5678', 'kuma.io/transparent-proxying-inbound-port': '15006' },
    expected: [],
  },
  // §2.1: aggregate metrics annotations are deprecated too.
  {
    name: 'flags prometheus aggregate annotations',
    input: { 'prometheus.metrics.kuma.io/aggregate-app-port': '1234' },
    expected: [{ code: 'DEPRECATED_ANNOTATION', field: 'metadata.annotations[prometheus.metrics.kuma.io/aggregate-app-port]' }],
  },
];

const HELM_INJECTOR = (() => {
  const outcome = loadSettings(undefined);
  if (!outcome.ok) throw new Error('default settings must load');
  return outcome.settings.injector;
})();

for (const c of noteCases) {
  deprecations(c.name, () => {
    const notes = deprecationNotes(c.input, HELM_INJECTOR).map(({ code, field }) => ({ code, field }));
    assert.equal(notes, c.expected);
  });
}

deprecations('yes/no messages suggest the current spelling', () => {
  const [note] = deprecationNotes({ 'kuma.io/gateway': 'no' });
  assert.match(note?.message ?? '', '"false"');
});

// ---------------------------------------------------------------------------------------------------------
// zoneProxyInjectedBeforeMesh and systemNamespaceZoneProxyWebhook (behaviour.ts): no fixture, so 2.14 beside 2.13.
const zoneRules = suite('precheck: zone-proxy rules of 2.14 against 2.13');
const AT_2_13 = settingsWith({ kumaVersion: '2.13' });
const MISSING_DEMO: MeshCatalog = { names: new Set(['default']), authority: 'config' };

zoneRules('a zone proxy naming a missing Mesh: 2.14 injects, 2.13 fails with not found', () => {
  const labels = { 'kuma.io/mesh': 'demo', 'k8s.kuma.io/zone-proxy-type': 'egress' };
  assert.ok(precheck(input({ labels, meshes: MISSING_DEMO })).inject);
  const e = failure(() => precheck(input({ labels, meshes: MISSING_DEMO, settings: AT_2_13 })));
  assert.match(e.message, /meshes.kuma.io "demo" not found/);
});

zoneRules('selected by a zone-proxy Service: 2.14 injects, 2.13 fails', () => {
  const labels = { 'kuma.io/mesh': 'demo' };
  assert.ok(precheck(input({ labels, selectedByZoneProxyService: true, meshes: MISSING_DEMO })).inject);
  failure(() => precheck(input({ labels, selectedByZoneProxyService: true, meshes: MISSING_DEMO, settings: AT_2_13 })));
});

zoneRules('a mesh-scoped zone proxy in the system namespace: 2.14 injects, 2.13 never sees it', () => {
  const labels = { 'kuma.io/sidecar-injection': 'enabled', 'kuma.io/mesh': 'default', 'k8s.kuma.io/zone-proxy-type': 'ingress' };
  const namespace = ns('kuma-system', { 'kuma.io/sidecar-injection': 'disabled' });
  assert.ok(precheck(input({ labels, namespace })).inject);
  const older = precheck(input({ labels, namespace, settings: AT_2_13 }));
  assert.ok(!older.inject && older.code === 'SKIPPED' && /never sees Pods in the system namespace "kuma-system"/.test(older.reason));
});

decide.run();
zoneRules.run();
uid.run();
mesh.run();
warnings.run();
views.run();
deprecations.run();

// ---------------------------------------------------------------------------------------------------------
const mesh27 = suite('precheck: Kuma 2.7 mesh from annotations only');

mesh27('pod annotation, then namespace annotation; labels ignored with a warning', () => {
  const nsWith = ns('demo', { 'kuma.io/sidecar-injection': 'enabled', 'kuma.io/mesh': 'from-ns-label' }, { 'kuma.io/mesh': 'from-ns-annotation' });
  const byPod = precheck(annotationSourced(input({ labels: { 'kuma.io/mesh': 'from-label' }, annotations: { 'kuma.io/mesh': 'from-annotation' }, namespace: nsWith })));
  assert.ok(byPod.inject && byPod.mesh === 'from-annotation');
  assert.equal(codes(byPod), ['MESH_LABEL_IGNORED']);
  const byNamespace = precheck(annotationSourced(input({ labels: { 'kuma.io/mesh': 'from-label' }, namespace: nsWith })));
  assert.ok(byNamespace.inject && byNamespace.mesh === 'from-ns-annotation');
  const byDefault = precheck(annotationSourced(input({ labels: { 'kuma.io/mesh': 'from-label' } })));
  assert.ok(byDefault.inject && byDefault.mesh === 'default');
  // 2.9 on: the label wins.
  const at29 = precheck(input({ labels: { 'kuma.io/mesh': 'from-label' }, annotations: { 'kuma.io/mesh': 'from-annotation' } }));
  assert.ok(at29.inject && at29.mesh === 'from-label');
});

mesh27.run();
