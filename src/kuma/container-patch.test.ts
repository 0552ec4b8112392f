/**
 * ContainerPatch (spec §9): reading the CRD (values are JSON text), resolving names (config first, then the
 * annotation; duplicates twice; any missing one fails injection), applying one concatenated patch, and the
 * Container check that stands in for Go decoding the patched JSON back into a struct.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { failure } from '../testing/fixtures.ts';
import type { JsonObject } from '../krm/object.ts';
import { yaml } from '../testing/yaml.ts';
import { type ParsedContainerPatch, applyContainerPatches, parseContainerPatch, resolveContainerPatches } from './container-patch.ts';
import { checkContainer } from './container-schema.ts';
import { InjectionFailure } from './failure.ts';
import type { JsonPatchOp } from './json-patch.ts';


/** `container-patch-1` from Kuma's injector tests (§9), as YAML. */
const KUMA_PATCH: JsonObject = yaml`
  apiVersion: kuma.io/v1alpha1
  kind: ContainerPatch
  metadata:
    name: container-patch-1
    namespace: kuma-system
  spec:
    sidecarPatch:
    - op: add
      path: /securityContext/privileged
      value: "false"
    - op: add
      path: /volumeMounts/-
      value: '{ "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount/", "name": "{{ template \\"kong.serviceAccountTokenName\\" . }}", "readOnly": true }'
    initPatch:
    - op: remove
      path: /securityContext/runAsUser
`;

const patchWith = (spec: JsonObject): JsonObject => ({ apiVersion: 'kuma.io/v1alpha1', kind: 'ContainerPatch', metadata: { name: 'p', namespace: 'kuma-system' }, spec });

// ---------------------------------------------------------------------------------------------------------
const parse = suite('parseContainerPatch');

parse("decodes Kuma's container-patch-1: JSON-text values, template text kept literally", () => {
  const parsed = parseContainerPatch(KUMA_PATCH);
  assert.ok(parsed.ok);
  if (!parsed.ok) return;
  assert.equal(parsed.patch, {
    name: 'container-patch-1',
    namespace: 'kuma-system',
    sidecar: [
      { op: 'add', path: '/securityContext/privileged', value: false },
      {
        op: 'add',
        path: '/volumeMounts/-',
        value: { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount/', name: '{{ template "kong.serviceAccountTokenName" . }}', readOnly: true },
      },
    ],
    init: [{ op: 'remove', path: '/securityContext/runAsUser' }],
  });
});

interface ValueCase {
  name: string;
  value: string;
  expected: unknown;
}
const valueCases: ValueCase[] = [
  { name: 'a quoted JSON string becomes a string', value: '"abc"', expected: 'abc' },
  { name: 'a JSON number becomes a number', value: '5678', expected: 5678 },
  { name: 'a JSON object becomes an object', value: '{"name":"X","value":"Y"}', expected: { name: 'X', value: 'Y' } },
  { name: 'JSON null stays null', value: 'null', expected: null },
];
for (const c of valueCases) {
  parse(`value: ${c.name}`, () => {
    const parsed = parseContainerPatch(patchWith({ sidecarPatch: [{ op: 'replace', path: '/x', value: c.value }] }));
    assert.ok(parsed.ok);
    if (parsed.ok) assert.equal(parsed.patch.sidecar, [{ op: 'replace', path: '/x', value: c.expected }]);
  });
}

parse('keeps `from` for move and copy', () => {
  const parsed = parseContainerPatch(patchWith({ initPatch: [{ op: 'move', from: '/a', path: '/b' }, { op: 'copy', from: '/c', path: '/d' }] }));
  assert.ok(parsed.ok);
  if (parsed.ok) assert.equal(parsed.patch.init, [{ op: 'move', path: '/b', from: '/a' }, { op: 'copy', path: '/d', from: '/c' }]);
});

parse('a patch without spec blocks has empty lists', () => {
  const parsed = parseContainerPatch(patchWith({}));
  assert.ok(parsed.ok);
  if (parsed.ok) {
    assert.equal(parsed.patch.sidecar, []);
    assert.equal(parsed.patch.init, []);
  }
});

interface BadCase {
  name: string;
  spec: JsonObject;
  field: string;
}
const badCases: BadCase[] = [
  { name: 'rejects `test`, which the CRD enum lacks', spec: { sidecarPatch: [{ op: 'test', path: '/a', value: '1' }] }, field: 'spec.sidecarPatch[0].op' },
  { name: 'rejects a missing op', spec: { initPatch: [{ op: 'add', path: '/a', value: '1' }, { path: '/b' }] }, field: 'spec.initPatch[1].op' },
  { name: 'rejects a path that is not a JSON pointer', spec: { sidecarPatch: [{ op: 'remove', path: 'securityContext' }] }, field: 'spec.sidecarPatch[0].path' },
  { name: 'rejects a value that is not JSON text', spec: { sidecarPatch: [{ op: 'add', path: '/a', value: 'not json' }] }, field: 'spec.sidecarPatch[0].value' },
  { name: 'rejects a value that is not a string', spec: { sidecarPatch: [{ op: 'add', path: '/a', value: false }] }, field: 'spec.sidecarPatch[0].value' },
  { name: 'rejects add without a value', spec: { sidecarPatch: [{ op: 'add', path: '/a' }] }, field: 'spec.sidecarPatch[0].value' },
  { name: 'rejects move without from', spec: { sidecarPatch: [{ op: 'move', path: '/a' }] }, field: 'spec.sidecarPatch[0].from' },
  { name: 'rejects a block that is not a list', spec: { sidecarPatch: { op: 'add' } }, field: 'spec.sidecarPatch' },
  { name: 'rejects an entry that is not an object', spec: { initPatch: ['remove /a'] }, field: 'spec.initPatch[0]' },
];
for (const c of badCases) {
  parse(c.name, () => {
    const parsed = parseContainerPatch(patchWith(c.spec));
    assert.not.ok(parsed.ok);
    if (!parsed.ok) {
      assert.is(parsed.field, c.field);
      assert.type(parsed.message, 'string');
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
const resolve = suite('resolveContainerPatches');

const P = (name: string, sidecar: JsonPatchOp[], init: JsonPatchOp[] = []): ParsedContainerPatch => ({ name, namespace: 'kuma-system', sidecar, init });
const available = new Map<string, ParsedContainerPatch>([
  ['a', P('a', [{ op: 'add', path: '/a', value: 1 }], [{ op: 'add', path: '/ia', value: 1 }])],
  ['b', P('b', [{ op: 'add', path: '/b', value: 2 }], [{ op: 'add', path: '/ib', value: 2 }])],
]);
const NONE = new Map<string, readonly string[]>();
const FIELD = 'metadata.annotations[kuma.io/container-patches]';

resolve('concatenates sidecar and init blocks in name order', () => {
  const set = resolveContainerPatches(['b', 'a'], available, 'kuma-system', NONE, FIELD);
  assert.equal(set.names, ['b', 'a']);
  assert.equal(set.sidecar, [{ op: 'add', path: '/b', value: 2 }, { op: 'add', path: '/a', value: 1 }]);
  assert.equal(set.init, [{ op: 'add', path: '/ib', value: 2 }, { op: 'add', path: '/ia', value: 1 }]);
});

resolve('applies a duplicated name twice', () => {
  const set = resolveContainerPatches(['a', 'a'], available, 'kuma-system', NONE, FIELD);
  assert.is(set.sidecar.length, 2);
  assert.is(set.init.length, 2);
});

resolve('no names: nothing to apply', () => {
  assert.equal(resolveContainerPatches([], available, 'kuma-system', NONE, FIELD), { names: [], sidecar: [], init: [], patches: [] });
});

resolve('missing names fail with Kuma’s message listing all of them (fixture shouldfail 1)', () => {
  const e = failure(() => resolveContainerPatches(['a', 'x', 'y'], available, 'kuma-system', NONE, FIELD));
  assert.is(e.message, 'it appears some expected container patches are missing: ["x" "y"]');
  assert.is(e.field, FIELD);
  assert.is(e.code, 'CONTAINER_PATCH_MISSING');
});

resolve('a missing name that exists in another namespace gets a hint after Kuma’s message', () => {
  const e = failure(() => resolveContainerPatches(['x'], available, 'kuma-system', new Map([['x', ['demo']]]), FIELD));
  assert.ok(e.message.startsWith('it appears some expected container patches are missing: ["x"]'));
  assert.match(e.message, '"x" exists in "demo", but only ContainerPatches in "kuma-system" count');
});

// ---------------------------------------------------------------------------------------------------------
const apply = suite('applyContainerPatches');

const sidecar = (): JsonObject => ({
  name: 'kuma-sidecar',
  image: 'kuma/kuma-dp:latest',
  securityContext: { runAsUser: 5678, runAsGroup: 5678, readOnlyRootFilesystem: true },
  volumeMounts: [{ name: 'kuma-sidecar-tmp', mountPath: '/tmp' }],
});

const collect = (): { warn: (m: string) => void; messages: string[] } => {
  const messages: string[] = [];
  return { warn: (m) => messages.push(m), messages };
};

apply('returns the same container when there is nothing to apply', () => {
  const container = sidecar();
  assert.is(applyContainerPatches(container, [], ['a'], () => {}), container);
});

apply("applies Kuma's sidecarPatch (fixture 28)", () => {
  const parsed = parseContainerPatch(KUMA_PATCH);
  if (!parsed.ok) throw new Error('fixture');
  const { warn, messages } = collect();
  const out = applyContainerPatches(sidecar(), parsed.patch.sidecar, ['container-patch-1'], warn);
  assert.equal(out, {
    ...sidecar(),
    securityContext: { runAsUser: 5678, runAsGroup: 5678, readOnlyRootFilesystem: true, privileged: false },
    volumeMounts: [
      { name: 'kuma-sidecar-tmp', mountPath: '/tmp' },
      { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount/', name: '{{ template "kong.serviceAccountTokenName" . }}', readOnly: true },
    ],
  });
  assert.equal(messages, []);
});

apply("applies Kuma's initPatch removing runAsUser", () => {
  const init = { name: 'kuma-init', securityContext: { runAsUser: 0, runAsGroup: 0 } };
  assert.equal(applyContainerPatches(init, [{ op: 'remove', path: '/securityContext/runAsUser' }], ['container-patch-1'], () => {}), {
    name: 'kuma-init',
    securityContext: { runAsGroup: 0 },
  });
});

apply('add creates missing parents (EnsurePathExistsOnAdd)', () => {
  const out = applyContainerPatches(sidecar(), [{ op: 'add', path: '/lifecycle/preStop/exec/command', value: ['sleep', '5'] }], ['p'], () => {});
  assert.equal(out.lifecycle, { preStop: { exec: { command: ['sleep', '5'] } } });
});

apply('does not modify the input container', () => {
  const container = sidecar();
  applyContainerPatches(container, [{ op: 'add', path: '/securityContext/privileged', value: true }], ['p'], () => {});
  assert.equal(container, sidecar());
});

apply('a failing operation fails with all patch names and the patch library’s cause', () => {
  const e = failure(() => applyContainerPatches({ name: 'kuma-init', securityContext: {} }, [{ op: 'remove', path: '/securityContext/runAsUser' }], ['p1', 'p2'], () => {}));
  assert.ok(e.message.startsWith('could not apply patches ["p1" "p2"]: '));
  assert.match(e.message, 'runAsUser');
  assert.is(e.code, 'CONTAINER_PATCH_FAILED');
});

apply('replace of a missing path fails', () => {
  const e = failure(() => applyContainerPatches(sidecar(), [{ op: 'replace', path: '/resources/limits/cpu', value: '1' }], ['p'], () => {}));
  assert.ok(e.message.startsWith('could not apply patches ["p"]: '));
});

apply('a wrong type is an error, as when Go decodes the JSON back into a Container', () => {
  const e = failure(() => applyContainerPatches(sidecar(), [{ op: 'replace', path: '/securityContext/runAsUser', value: 'root' }], ['p'], () => {}));
  assert.ok(e.message.startsWith('could not apply patches ["p"]: the patched container is not a valid Container at /securityContext/runAsUser'));
});

apply('an unknown field is dropped, as Go drops it, with a warning naming it', () => {
  const { warn, messages } = collect();
  const out = applyContainerPatches(sidecar(), [{ op: 'add', path: '/securityContext/bogus', value: true }], ['p'], warn);
  assert.equal(out, sidecar());
  assert.is(messages.length, 1);
  assert.match(messages[0] ?? '', '`/securityContext/bogus`');
  assert.match(messages[0] ?? '', 'kuma-sidecar');
});

// ---------------------------------------------------------------------------------------------------------
const schema = suite('checkContainer');

schema('accepts a full container and reports nothing dropped', () => {
  const container = yaml`
    name: app
    image: nginx
    ports: [{name: http, containerPort: 8080, protocol: TCP}]
    env:
    - {name: A, value: "1"}
    - name: B
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    resources: {limits: {cpu: 1, memory: 1Gi}, requests: {cpu: 100m}}
    readinessProbe: {httpGet: {path: /, port: http}, timeoutSeconds: 2}
    livenessProbe: {tcpSocket: {port: 8080}}
    startupProbe: {grpc: {port: 9090, service: s}}
    lifecycle: {preStop: {exec: {command: [killall, -USR2, kuma-dp]}}}
    restartPolicy: Always
    securityContext: {runAsUser: 5678, capabilities: {drop: [ALL]}}
    volumeMounts: [{name: t, mountPath: /tmp, readOnly: true}]
  `;
  const checked = checkContainer(container);
  assert.ok(checked.ok);
  if (checked.ok) {
    assert.equal(checked.dropped, []);
    assert.equal(checked.container, container);
  }
});

schema('puts the fields in the order of Go\'s Container struct, as Kuma\'s re-encoding does', () => {
  const checked = checkContainer({ securityContext: { runAsUser: 1, privileged: false }, image: 'x', name: 'a' });
  assert.ok(checked.ok);
  if (checked.ok) {
    assert.equal(Object.keys(checked.container), ['name', 'image', 'securityContext']);
    assert.equal(Object.keys(checked.container.securityContext as object), ['privileged', 'runAsUser']);
  }
});

interface DropCase {
  name: string;
  input: JsonObject;
  dropped: string[];
  kept: JsonObject;
}
const dropCases: DropCase[] = [
  { name: 'drops an unknown top-level field', input: { name: 'a', colour: 'red' }, dropped: ['/colour'], kept: { name: 'a' } },
  {
    name: 'drops unknown fields inside lists, naming the index',
    input: { name: 'a', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2', secret: true }] },
    dropped: ['/env/1/secret'],
    kept: { name: 'a', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
  },
  {
    name: 'drops unknown fields in nested objects',
    input: { name: 'a', securityContext: { privileged: false, superuser: true } },
    dropped: ['/securityContext/superuser'],
    kept: { name: 'a', securityContext: { privileged: false } },
  },
  {
    name: 'drops and reports a field named like an Object method (it is not a Container field)',
    input: { name: 'a', toString: 'x', constructor: 1 },
    dropped: ['/toString', '/constructor'],
    kept: { name: 'a' },
  },
];
for (const c of dropCases) {
  schema(c.name, () => {
    const checked = checkContainer(c.input);
    assert.ok(checked.ok);
    if (checked.ok) {
      assert.equal(checked.dropped, c.dropped);
      assert.equal(checked.container, c.kept);
    }
  });
}

interface TypeCase {
  name: string;
  input: unknown;
  path: string;
  message?: string;
}
const typeCases: TypeCase[] = [
  { name: 'a container without a name', input: { image: 'x' }, path: '/name' },
  { name: 'a string containerPort', input: { name: 'a', ports: [{ containerPort: '80' }] }, path: '/ports/0/containerPort' },
  { name: 'a boolean in args', input: { name: 'a', args: ['run', true] }, path: '/args/1' },
  { name: 'a string where readOnly is a boolean', input: { name: 'a', volumeMounts: [{ name: 'v', mountPath: '/v', readOnly: 'yes' }] }, path: '/volumeMounts/0/readOnly' },
  { name: 'a string grpc port (grpc takes only numbers)', input: { name: 'a', readinessProbe: { grpc: { port: 'grpc' } } }, path: '/readinessProbe/grpc/port' },
  { name: 'a float runAsUser', input: { name: 'a', securityContext: { runAsUser: 1.5 } }, path: '/securityContext/runAsUser', message: 'Invalid input: expected int, received number' },
  { name: 'a boolean httpGet port', input: { name: 'a', livenessProbe: { httpGet: { port: true } } }, path: '/livenessProbe/httpGet/port', message: 'Invalid input: expected int or string, received boolean' },
  { name: 'a missing mountPath', input: { name: 'a', volumeMounts: [{ name: 'v' }] }, path: '/volumeMounts/0/mountPath', message: 'Invalid input: expected string, received undefined' },
  { name: 'a container that is a list', input: [], path: '/', message: 'Invalid input: expected object, received array' },
];
for (const c of typeCases) {
  schema(`rejects ${c.name}`, () => {
    const checked = checkContainer(c.input);
    assert.not.ok(checked.ok);
    if (!checked.ok) {
      assert.is(checked.path, c.path);
      if (c.message !== undefined) assert.is(checked.message, c.message);
    }
  });
}

parse.run();
resolve.run();
apply.run();
schema.run();
