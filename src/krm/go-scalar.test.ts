import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TagMismatch, goKey, resolveGoPlain, resolveGoTagged } from './go-scalar.ts';
import { readStream } from './read.ts';
import { readYamlStream } from './read-yaml.ts';

const go = suite('go-scalar');

/**
 * What `kubectl annotate --local -o json` printed for `k: <text>` (kubectl 1.3x, sigs.k8s.io/yaml), 2026-12-03.
 * The test below asks kubectl again where it is installed, so the table cannot drift from the real reader.
 */
const KUBECTL: ReadonlyArray<[string, unknown]> = [
  ['0755', 493], ['-0755', -493], ['0x1F', 31], ['+0x1F', 31], ['+8081', 8081], ['1e2', 100], ['1E2', 100], ['1.5E+3', 1500],
  ['0.1e3', 100], ['0o755', 493], ['0b101', 5], ['1_000', 1000], ['.5', 0.5], ['-.5', -0.5], ['3.', 3], ['1.0', 1], ['0888', 888],
  ['00', 0], ['-0', 0], ['9007199254740993', 9007199254740993], ['12345678901234567890123', 1.2345678901234568e22],
  ['1e400', '1e400'], ['1:20', '1:20'], ['190:20:30', '190:20:30'], ['2001-12-14', '2001-12-14'],
  ['yes', true], ['on', true], ['y', true], ['Y', true], ['True', true], ['no', false], ['off', false], ['n', false],
  ['~', null], ['Null', null], ['null', null], ['', null], ['nginx:1.27', 'nginx:1.27'], ['-1', -1], ['v1', 'v1'],
];

for (const [text, expected] of KUBECTL) {
  go(`reads ${JSON.stringify(text)} as kubectl does`, () => {
    // 9007199254740993 is exact in Go; a JS number holds the nearest double, which is what the function compares.
    assert.is(resolveGoPlain(text), expected);
  });
}

go('tags: !!str, !!int, !!float, !!bool, !!null and !!binary as Go reads them; unknown tags as untagged', () => {
  assert.is(resolveGoTagged('!!str', '12', true), '12');
  assert.is(resolveGoTagged('!!float', '1', true), 1);
  assert.is(resolveGoTagged('!!int', '7', false), 7);
  assert.is(resolveGoTagged('!!bool', 'yes', true), true);
  assert.is(resolveGoTagged('!!null', '~', true), null);
  for (const [tag, text] of [['!!int', '1.5'], ['!!int', 'x'], ['!!float', 'x'], ['!!float', '1e400'], ['!!bool', '7'], ['!!null', 'x']]) {
    assert.throws(() => resolveGoTagged(tag!, text!, true), (e: Error) => e instanceof TagMismatch, `${tag} ${text}`);
  }
  assert.is(resolveGoTagged('!!binary', 'aGVsbG8=', true), 'hello');
  assert.is(resolveGoTagged('!!binary', 'not base64!', true), 'not base64!');
  assert.is(resolveGoTagged('!foo', 'bar', true), 'bar');
  assert.is(resolveGoTagged('!foo', '0755', true), '0755');
  assert.is(resolveGoTagged('!', '12', true), '12');
});

/** What kubectl printed for `<text>: v` keys (sigs.k8s.io/yaml), 2026-12-03; a null key Go refuses. */
const KEYS: ReadonlyArray<[string, string | undefined]> = [
  ['y', 'true'], ['n', 'false'], ['0755', '493'], ['app', 'app'], ['1e6', '1e+06'], ['.inf', '.inf'], ['0.00001', '1e-05'],
  ['9007199254740993', '9007199254740993'], ['1.0', '1'], ['100.5', '100.5'], ['0x10', '16'], ['~', undefined],
];
for (const [text, expected] of KEYS) {
  go(`the key ${JSON.stringify(text)} is ${expected === undefined ? 'refused' : JSON.stringify(expected)}, as Go has it`, () => {
    assert.is(goKey(text), expected);
  });
}

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });

go('kubectl reads every scalar of the table, and random number-like scalars, as the function does', () => {
  if (kubectl.status !== 0) {
    console.log('  skip: kubectl is not installed; the table above was taken from it');
    return;
  }
  const alphabet = '0123456789+-._eExXoObB';
  let seed = 17;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const texts = KUBECTL.map(([t]) => t).filter((t) => t !== '');
  for (let i = 0; i < 300; i++) {
    let t = '';
    for (let j = 0, n = 1 + Math.floor(next() * 6); j < n; j++) t += alphabet[Math.floor(next() * alphabet.length)];
    if (t !== '-') texts.push(t); // a lone `-` starts a list entry, which a map value cannot be
  }
  const lines = texts.map((t, i) => `  k${i}: ${t}`);
  const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-go-'));
  try {
    const file = join(dir, 'cm.yaml');
    const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nspec:\n${lines.join('\n')}\n`;
    writeFileSync(file, manifest);
    const out = spawnSync('kubectl', ['annotate', '--local', '-f', file, '-o', 'json', 'a=b'], { encoding: 'utf8' });
    assert.is(out.status, 0, out.stderr);
    const spec = JSON.parse(out.stdout).spec as Record<string, unknown>;
    // Both of the function's readers, on the same manifest.
    const hand = (readStream(manifest).docs[0]!.root!.value as { spec: Record<string, unknown> }).spec;
    const other = readYamlStream(manifest);
    assert.ok(other.ok);
    const slow = other.ok ? (other.stream.docs[0]!.root!.value as { spec: Record<string, unknown> }).spec : {};
    texts.forEach((t, i) => {
      const want = spec[`k${i}`];
      const exact = typeof want === 'number' && !Number.isSafeInteger(want) && Number.isInteger(want) ? Number(want) : want;
      assert.is(hand[`k${i}`], exact, `hand-written reader on ${JSON.stringify(t)}`);
      assert.is(slow[`k${i}`], exact, `yaml-based reader on ${JSON.stringify(t)}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

go('kubectl spells every key of the table as the function does', () => {
  if (kubectl.status !== 0) {
    console.log('  skip: kubectl is not installed; the key table was taken from it');
    return;
  }
  const keys = KEYS.filter(([, k]) => k !== undefined).map(([t]) => t);
  const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-go-'));
  try {
    const file = join(dir, 'cm.yaml');
    writeFileSync(file, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nspec:\n${keys.map((k, i) => `  ${k}: v${i}`).join('\n')}\n`);
    const out = spawnSync('kubectl', ['annotate', '--local', '-f', file, '-o', 'json', 'a=b'], { encoding: 'utf8' });
    assert.is(out.status, 0, out.stderr);
    const spec = JSON.parse(out.stdout).spec as Record<string, string>;
    keys.forEach((k, i) => assert.is(spec[goKey(k)!], `v${i}`, `key ${k}: kubectl has ${JSON.stringify(Object.keys(spec).find((x) => spec[x] === `v${i}`))}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

go.run();
