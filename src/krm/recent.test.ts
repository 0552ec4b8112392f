/** RecentResults gives a kept result only for a value the same as the one it was computed from. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RecentResults, sameInOrder } from './recent.ts';
import { printCreated, printCreatedItem } from './print.ts';
import type { JsonValue } from './object.ts';

const test = suite('recent results');

test('sameInOrder: key order, -0 and nested values count', () => {
  assert.ok(sameInOrder({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }));
  assert.not.ok(sameInOrder({ a: 1, b: 2 }, { b: 2, a: 1 }));
  assert.not.ok(sameInOrder({ a: 0 }, { a: -0 }));
  assert.ok(sameInOrder({ a: Number.NaN }, { a: Number.NaN }));
  assert.not.ok(sameInOrder([1, 2], { 0: 1, 1: 2 }));
  assert.not.ok(sameInOrder({ a: undefined }, {}));
});

test('a result is given again only for the same value, even after the first value was changed', () => {
  let computed = 0;
  const recent = new RecentResults<string>(sameInOrder);
  const compute = (value: unknown) => () => {
    computed++;
    return JSON.stringify(value);
  };
  const first = { name: 'x', v: [1] };
  assert.is(recent.get('k', first, compute(first)), '{"name":"x","v":[1]}');
  first.v.push(2);
  assert.is(recent.get('k', { name: 'x', v: [1] }, compute({ name: 'x', v: [1] })), '{"name":"x","v":[1]}');
  assert.is(computed, 1);
  assert.is(recent.get('k', first, compute(first)), '{"name":"x","v":[1,2]}');
  assert.is(computed, 2);
  // A value that keeps changing is computed every time, and always right.
  for (let i = 0; i < 20; i++) assert.is(recent.get('k', { n: i }, compute({ n: i })), `{"n":${i}}`);
});

test('printCreatedItem prints what printCreated prints, for the same and for changed containers', () => {
  const container = (image: string, zero: number): JsonValue => ({ name: 'c', image, args: ['a'], env: [{ name: 'X', value: 'y' }], port: zero, securityContext: { runAsUser: 1 } });
  for (const [image, zero] of [['a', 0], ['a', 0], ['b', 0], ['a', -0], ['a', 0]] as const) {
    for (const closed of [false, true]) {
      const value = container(image, zero);
      assert.is(printCreatedItem(value, '    ', 'compact', closed), printCreated(value, '    ', 'compact', closed));
      assert.is(printCreatedItem(value, '  ', 'wide', closed), printCreated(value, '  ', 'wide', closed));
    }
  }
});

test.run();
