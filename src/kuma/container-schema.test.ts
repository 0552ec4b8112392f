/**
 * containerProblem (the check alone) must find the same first problem as checkContainer's full decode: the same
 * path and message, or none, for containers with wrong types anywhere.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkContainer, containerProblem } from './container-schema.ts';

const test = suite('container-schema');

const scalar = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(1.5));
const junk = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom('name', 'containerPort', 'value', 'path', 'port', 'x', 'cpu', '__proto__'), tie('value'), { maxKeys: 3 }),
})).value;

/** A container with a well-formed part of every kind the shape knows, and a key replaced by junk. */
const BASE = {
  name: 'app',
  image: 'nginx',
  args: ['--a'],
  ports: [{ containerPort: 80, protocol: 'TCP' }],
  env: [{ name: 'A', value: 'b' }, { name: 'B', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
  resources: { limits: { cpu: '1' }, requests: { memory: 1 } },
  readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
  volumeMounts: [{ name: 'v', mountPath: '/v' }],
  securityContext: { runAsUser: 1, capabilities: { add: ['NET_ADMIN'] } },
  lifecycle: { preStop: { exec: { command: ['sleep'] } } },
};
const paths = [['name'], ['ports', 0, 'containerPort'], ['ports', 0], ['env', 1, 'valueFrom', 'fieldRef'], ['env', 0, 'value'], ['resources', 'limits', 'cpu'], ['resources', 'requests'], ['readinessProbe', 'httpGet', 'port'], ['securityContext', 'capabilities', 'add', 0], ['lifecycle', 'preStop'], ['volumeMounts'], ['image'], ['stdin'], ['args', 0]] as const;


const expected = (value: unknown): { path: string; message: string } | undefined => {
  const checked = checkContainer(value);
  return checked.ok ? undefined : { path: checked.path, message: checked.message };
};

test('containerProblem finds what the full decode finds', () => {
  assert.is(containerProblem(BASE), undefined);
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), junk), { minLength: 1, maxLength: 3 }), (edits) => {
      let value: unknown = BASE;
      for (const [path, v] of edits) value = withJunkOn(value, path, v);
      assert.equal(containerProblem(value), expected(value));
    }),
    { numRuns: 1000 },
  );
  for (const value of [null, 1, 'x', [], {}, { name: 1 }]) assert.equal(containerProblem(value), expected(value));
});

function withJunkOn(base: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at: unknown = copy;
  for (const key of path.slice(0, -1)) {
    if (at === null || typeof at !== 'object') return copy;
    at = (at as Record<string | number, unknown>)[key];
  }
  if (at === null || typeof at !== 'object') return copy;
  (at as Record<string | number, unknown>)[path.at(-1)!] = value;
  return copy;
}

test.run();
