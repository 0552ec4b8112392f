import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type JsonPatchOp, applyJsonPatch } from './json-patch.ts';

const sidecar = () => ({
  name: 'kuma-sidecar',
  image: 'kuma/kuma-dp:latest',
  args: ['run', '--log-level=info'],
  securityContext: { runAsUser: 5678, runAsGroup: 5678, readOnlyRootFilesystem: true },
  volumeMounts: [{ name: 'kuma-sidecar-tmp', mountPath: '/tmp' }],
});

// The ContainerPatch `container-patch-1` from Kuma's injector tests, values already JSON-decoded.
const tokenMount = {
  mountPath: '/var/run/secrets/kubernetes.io/serviceaccount/',
  name: '{{ template "kong.serviceAccountTokenName" . }}',
  readOnly: true,
};

type Case = { name: string; doc: unknown; ops: JsonPatchOp[]; expected?: unknown; error?: string };

const cases: Case[] = [
  {
    name: "Kuma's sidecarPatch adds securityContext.privileged and appends a volume mount",
    doc: sidecar(),
    ops: [
      { op: 'add', path: '/securityContext/privileged', value: false },
      { op: 'add', path: '/volumeMounts/-', value: tokenMount },
    ],
    expected: {
      ...sidecar(),
      securityContext: { runAsUser: 5678, runAsGroup: 5678, readOnlyRootFilesystem: true, privileged: false },
      volumeMounts: [{ name: 'kuma-sidecar-tmp', mountPath: '/tmp' }, tokenMount],
    },
  },
  {
    name: "Kuma's initPatch removes securityContext.runAsUser",
    doc: sidecar(),
    ops: [{ op: 'remove', path: '/securityContext/runAsUser' }],
    expected: { ...sidecar(), securityContext: { runAsGroup: 5678, readOnlyRootFilesystem: true } },
  },
  {
    name: "Kuma's initPatch fails when runAsUser is absent",
    doc: { name: 'kuma-init', securityContext: { runAsGroup: 0 } },
    ops: [{ op: 'remove', path: '/securityContext/runAsUser' }],
    error:
      "operation 0 (remove /securityContext/runAsUser): error in remove for path: '/securityContext/runAsUser': unable to remove nonexistent key: runAsUser: missing value",
  },
  {
    name: 'remove fails when the parent is missing',
    doc: { name: 'kuma-init' },
    ops: [{ op: 'remove', path: '/securityContext/runAsUser' }],
    error: 'operation 0 (remove /securityContext/runAsUser): remove operation does not apply: doc is missing path: "/securityContext/runAsUser": missing value',
  },
  {
    name: 'add creates missing objects and arrays on the way',
    doc: {},
    ops: [{ op: 'add', path: '/a/b/0/c', value: 'v' }],
    expected: { a: { b: [{ c: 'v' }] } },
  },
  {
    name: 'add creates a missing securityContext',
    doc: { name: 'c' },
    ops: [{ op: 'add', path: '/securityContext/privileged', value: false }],
    expected: { name: 'c', securityContext: { privileged: false } },
  },
  {
    name: 'add to /list/- creates the missing list',
    doc: { name: 'c' },
    ops: [{ op: 'add', path: '/volumeMounts/-', value: { name: 'x' } }],
    expected: { name: 'c', volumeMounts: [{ name: 'x' }] },
  },
  {
    name: 'add pads a new array with nulls up to the index',
    doc: {},
    ops: [{ op: 'add', path: '/args/3', value: 'x' }],
    expected: { args: [null, null, null, 'x'] },
  },
  {
    name: 'add pads an existing array when an intermediate index is past its end',
    doc: { env: [{ name: 'A' }] },
    ops: [{ op: 'add', path: '/env/3/name', value: 'B' }],
    expected: { env: [{ name: 'A' }, null, null, { name: 'B' }] },
  },
  {
    name: 'add replaces a null parent with an object',
    doc: { resources: null },
    ops: [{ op: 'add', path: '/resources/limits/cpu', value: '1' }],
    expected: { resources: { limits: { cpu: '1' } } },
  },
  {
    name: 'add with index -1 as an intermediate creates the array and its first element',
    doc: {},
    ops: [{ op: 'add', path: '/x/-1/y', value: 1 }],
    expected: { x: [{ y: 1 }] },
  },
  {
    name: 'add refuses to ensure a path through an index below -1',
    doc: {},
    ops: [{ op: 'add', path: '/x/-3/y', value: 1 }],
    error: 'operation 0 (add /x/-3/y): Unable to ensure path for negative index other than -1: -3: invalid index referenced',
  },
  {
    name: 'add through a scalar fails',
    doc: { image: 'kuma-dp' },
    ops: [{ op: 'add', path: '/image/tag', value: 'x' }],
    error: 'operation 0 (add /image/tag): invalid state detected',
  },
  {
    name: 'add inserts at an index; -1 appends and -2 inserts before the last element',
    doc: { args: ['a', 'b'] },
    ops: [
      { op: 'add', path: '/args/0', value: 'first' },
      { op: 'add', path: '/args/-1', value: 'last' },
      { op: 'add', path: '/args/-2', value: 'penultimate' },
      { op: 'add', path: '/args/4', value: 'end' },
    ],
    expected: { args: ['first', 'a', 'b', 'penultimate', 'end', 'last'] },
  },
  {
    name: 'add past the end of an array fails',
    doc: { args: ['a', 'b'] },
    ops: [{ op: 'add', path: '/args/3', value: 'x' }],
    error: "operation 0 (add /args/3): error in add for path: '/args/3': Unable to access invalid index: 3: invalid index referenced",
  },
  {
    name: 'add with a non-numeric index into an array fails',
    doc: { args: ['a'] },
    ops: [{ op: 'add', path: '/args/x', value: 'y' }],
    error:
      "operation 0 (add /args/x): error in add for path: '/args/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax",
  },
  {
    name: 'add overwrites an existing key',
    doc: { securityContext: { privileged: true } },
    ops: [{ op: 'add', path: '/securityContext/privileged', value: false }],
    expected: { securityContext: { privileged: false } },
  },
  {
    name: 'negative indices count from the end for replace and remove',
    doc: { args: ['a', 'b', 'c'] },
    ops: [
      { op: 'replace', path: '/args/-1', value: 'C' },
      { op: 'remove', path: '/args/-3' },
    ],
    expected: { args: ['b', 'C'] },
  },
  {
    name: 'indices with leading zeros or a plus sign are accepted, as strconv.Atoi does',
    doc: { args: ['a', 'b', 'c'] },
    ops: [
      { op: 'replace', path: '/args/01', value: 'B' },
      { op: 'remove', path: '/args/+0' },
    ],
    expected: { args: ['B', 'c'] },
  },
  {
    name: 'remove past the end fails',
    doc: { args: ['a'] },
    ops: [{ op: 'remove', path: '/args/1' }],
    error: "operation 0 (remove /args/1): error in remove for path: '/args/1': Unable to access invalid index: 1: invalid index referenced",
  },
  {
    name: 'remove below -len fails',
    doc: { args: ['a'] },
    ops: [{ op: 'remove', path: '/args/-2' }],
    error: "operation 0 (remove /args/-2): error in remove for path: '/args/-2': Unable to access invalid index: -2: invalid index referenced",
  },
  {
    name: 'remove with a non-numeric array index fails with the strconv error',
    doc: { args: ['a'] },
    ops: [{ op: 'remove', path: '/args/x' }],
    error: "operation 0 (remove /args/x): error in remove for path: '/args/x': strconv.Atoi: parsing \"x\": invalid syntax",
  },
  {
    name: 'replace of a missing key fails',
    doc: sidecar(),
    ops: [{ op: 'replace', path: '/securityContext/privileged', value: true }],
    error: 'operation 0 (replace /securityContext/privileged): replace operation does not apply: doc is missing key: /securityContext/privileged: missing value',
  },
  {
    name: 'replace under a missing parent fails',
    doc: sidecar(),
    ops: [{ op: 'replace', path: '/resources/limits/cpu', value: '1' }],
    error: 'operation 0 (replace /resources/limits/cpu): replace operation does not apply: doc is missing path: /resources/limits/cpu: missing value',
  },
  {
    name: 'replace of an out-of-range index fails',
    doc: { args: ['a'] },
    ops: [{ op: 'replace', path: '/args/1', value: 'b' }],
    error: 'operation 0 (replace /args/1): replace operation does not apply: doc is missing key: /args/1: missing value',
  },
  {
    name: 'replace sets an existing null value',
    doc: { command: null },
    ops: [{ op: 'replace', path: '/command', value: ['sh'] }],
    expected: { command: ['sh'] },
  },
  {
    name: 'move relocates a value',
    doc: { a: { x: 1 }, b: {} },
    ops: [{ op: 'move', from: '/a/x', path: '/b/y' }],
    expected: { a: {}, b: { y: 1 } },
  },
  {
    name: 'move does not create missing parents',
    doc: { a: 1 },
    ops: [{ op: 'move', from: '/a', path: '/b/c' }],
    error: 'operation 0 (move /b/c): move operation does not apply: doc is missing destination path: /b/c: missing value',
  },
  {
    name: 'move from a missing key fails, naming the key',
    doc: { a: {} },
    ops: [{ op: 'move', from: '/a/x', path: '/b' }],
    error: "operation 0 (move /b): error in move for path: 'x': unable to get nonexistent key: x: missing value",
  },
  {
    name: 'move from the whole document fails',
    doc: { a: 1 },
    ops: [{ op: 'move', from: '', path: '/b' }],
    error: 'operation 0 (move /b): unable to move entire document to another path: invalid state detected',
  },
  {
    name: 'copy duplicates a value deeply',
    doc: { volumeMounts: [{ name: 'a', mountPath: '/a' }] },
    ops: [
      { op: 'copy', from: '/volumeMounts/0', path: '/volumeMounts/-' },
      { op: 'replace', path: '/volumeMounts/1/name', value: 'b' },
    ],
    expected: { volumeMounts: [{ name: 'a', mountPath: '/a' }, { name: 'b', mountPath: '/a' }] },
  },
  {
    name: 'copy from a missing path fails',
    doc: {},
    ops: [{ op: 'copy', from: '/a/b', path: '/c' }],
    error: 'operation 0 (copy /c): copy operation does not apply: doc is missing from path: "/a/b": missing value',
  },
  {
    name: 'copy without from copies the document as it was before the patch (Kuma sends from "")',
    doc: { a: 1 },
    ops: [
      { op: 'add', path: '/b', value: 2 },
      { op: 'copy', path: '/snapshot' },
    ],
    expected: { a: 1, b: 2, snapshot: { a: 1 } },
  },
  {
    name: 'test passes on equal values and on a missing key compared with null',
    doc: { name: 'c', ports: [{ containerPort: 80 }] },
    ops: [
      { op: 'test', path: '/name', value: 'c' },
      { op: 'test', path: '/ports', value: [{ containerPort: 80 }] },
      { op: 'test', path: '/missing', value: null },
      { op: 'test', path: '', value: { name: 'c', ports: [{ containerPort: 80 }] } },
    ],
    expected: { name: 'c', ports: [{ containerPort: 80 }] },
  },
  {
    name: 'test fails on a different value',
    doc: { name: 'c' },
    ops: [{ op: 'test', path: '/name', value: 'd' }],
    error: 'operation 0 (test /name): testing value /name failed: test failed',
  },
  {
    name: 'test fails on an index out of range',
    doc: { args: [] },
    ops: [{ op: 'test', path: '/args/0', value: null }],
    error: "operation 0 (test /args/0): error in test for path: '/args/0': Unable to access invalid index: 0: invalid index referenced",
  },
  {
    name: 'tokens are unescaped: ~1 is / and ~0 is ~',
    doc: { annotations: {} },
    ops: [{ op: 'add', path: '/annotations/kuma.io~1a~0b~01', value: 'x' }],
    expected: { annotations: { 'kuma.io/a~b~1': 'x' } },
  },
  {
    name: 'an escaped token for a missing intermediate fails, as evanphx creates it undecoded',
    doc: {},
    ops: [{ op: 'add', path: '/a~1b/c', value: 1 }],
    error: 'operation 0 (add /a~1b/c): add operation does not apply: doc is missing path: "/a~1b/c": missing value',
  },
  {
    name: 'whatever precedes the first slash is ignored',
    doc: { a: 1 },
    ops: [{ op: 'add', path: 'ignored/b', value: 2 }],
    expected: { a: 1, b: 2 },
  },
  {
    name: 'a path with no slash at all does not apply',
    doc: {},
    ops: [{ op: 'add', path: 'b', value: 2 }],
    error: 'operation 0 (add b): add operation does not apply: doc is missing path: "b": missing value',
  },
  {
    name: 'add "" replaces the whole document',
    doc: { a: 1 },
    ops: [{ op: 'add', path: '', value: { b: 2 } }],
    expected: { b: 2 },
  },
  {
    name: 'replace "" needs an object or array',
    doc: { a: 1 },
    ops: [{ op: 'replace', path: '', value: 5 }],
    error: 'operation 0 (replace ): replace operation value must be object or array: %!w(<nil>)',
  },
  {
    name: 'an unknown op fails',
    doc: {},
    ops: [{ op: 'merge', path: '/a', value: 1 }],
    error: 'operation 0 (merge /a): Unexpected kind: merge',
  },
  {
    name: 'the first failing operation stops the patch and is the one reported',
    doc: { a: 1 },
    ops: [
      { op: 'add', path: '/b', value: 2 },
      { op: 'replace', path: '/a', value: 3 },
      { op: 'remove', path: '/c' },
      { op: 'remove', path: '/d' },
    ],
    error: "operation 2 (remove /c): error in remove for path: '/c': unable to remove nonexistent key: c: missing value",
  },
  {
    name: '__proto__ is an ordinary key',
    doc: {},
    ops: [{ op: 'add', path: '/__proto__/polluted', value: true }],
    expected: JSON.parse('{"__proto__":{"polluted":true}}'),
  },
  {
    name: 'huge padding is refused instead of exhausting memory',
    doc: {},
    ops: [{ op: 'add', path: '/a/999999999/b', value: 1 }],
    error: 'operation 0 (add /a/999999999/b): refusing to pad an array to index 999999999',
  },
];

for (const c of cases) {
  test(c.name, () => {
    const result = applyJsonPatch(c.doc, c.ops);
    if (c.error === undefined) {
      assert.equal(result, { ok: true, value: c.expected });
    } else {
      assert.is(result.ok, false);
      if (!result.ok) assert.is(result.error, c.error);
    }
  });
}

test('a failure carries the operation index and the bare evanphx cause', () => {
  const result = applyJsonPatch({ a: 1 }, [
    { op: 'add', path: '/b', value: 2 },
    { op: 'replace', path: '/x/y', value: 1 },
  ]);
  assert.equal(result, {
    ok: false,
    index: 1,
    cause: 'replace operation does not apply: doc is missing path: /x/y: missing value',
    error: 'operation 1 (replace /x/y): replace operation does not apply: doc is missing path: /x/y: missing value',
  });
});

test('neither the document nor the op values are mutated or aliased', () => {
  const doc = sidecar();
  const value = { name: 'x', nested: { a: 1 } };
  const ops: JsonPatchOp[] = [
    { op: 'add', path: '/volumeMounts/-', value },
    { op: 'add', path: '/volumeMounts/1/nested/b', value: 2 },
    { op: 'remove', path: '/securityContext' },
  ];
  const result = applyJsonPatch(doc, ops);
  assert.equal(doc, sidecar());
  assert.equal(value, { name: 'x', nested: { a: 1 } });
  assert.ok(result.ok);
  if (result.ok) assert.is.not(result.value, doc);
});

test('a document that is not an object or array is rejected', () => {
  const result = applyJsonPatch('text', []);
  assert.is(result.ok, false);
});

test.run();
