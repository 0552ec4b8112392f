import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { printCreated } from './fast-print.ts';
import { Unsupported } from './fast-scalar.ts';
import { WORDS, random, randomValue, yamlCreated } from './fast-testing.ts';
import type { JsonValue } from './object.ts';

const print = suite('fast-print: created values');

/** Our text for a created value in a map at the document root, or undefined when we leave it to `yaml`. */
function ours(value: JsonValue): string | undefined {
  try {
    return `${printCreated(value, '')}\n`;
  } catch (caught) {
    if (caught instanceof Unsupported) return undefined;
    throw caught;
  }
}

print('every tricky word, as a value, a key, a list item and nested, equals yaml', () => {
  for (const word of WORDS) {
    for (const value of [{ k: word }, { [word]: 'v' }, { k: [word, { [word]: word }] }, { a: { b: { c: word } } }] as JsonValue[]) {
      const mine = ours(value);
      if (mine !== undefined) assert.is(mine, yamlCreated(value), JSON.stringify(value));
    }
  }
});

print('5,000 random values equal yaml', () => {
  const next = random(42);
  let compared = 0;
  for (let i = 0; i < 5000; i++) {
    const value = { root: randomValue(next), [`k${i % 7}`]: [randomValue(next), randomValue(next)] };
    const mine = ours(value);
    if (mine === undefined) continue;
    compared++;
    assert.is(mine, yamlCreated(value), JSON.stringify(value));
  }
  assert.ok(compared > 4900, `only ${compared} compared`);
});

print.run();
