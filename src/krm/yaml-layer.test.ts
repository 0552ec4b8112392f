import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonValue, KubeObject } from './object.ts';
import { isObject } from './object.ts';
import { readStream } from './read.ts';
import { readYamlStream } from './read-yaml.ts';
import { type OutputItem, parseResourceList, readYaml, writeResourceList } from './resource-list.ts';
import { random, randomResourceList, randomValue } from './yaml-fuzz.ts';

const layer = suite('yaml layer');

/** YAML_FUZZ=20 runs twenty times as many random cases (a longer hunt than `npm test` makes). */
const SCALE = Number(process.env.YAML_FUZZ ?? 1);

/** Equality of read values: NaN equals NaN, -0 equals -0 only, key order does not count. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => same(v, (b as unknown[])[i]));
  const ka = Object.keys(a).filter((k) => (a as never)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as never)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same((a as never)[k], (b as never)[k]));
}

/** What the independent reader (`yaml`'s parser, Go's scalar rules) reads from a text: its documents' values. */
function goValues(text: string): unknown[] {
  const read = readYamlStream(text);
  if (!read.ok) throw new Error(`does not read back: ${read.message}\n${text}`);
  return read.stream.docs.filter((d) => d.root).map((d) => d.root!.value);
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(e.name) ? [path] : [];
  });
}

const testdata = new URL('../../testdata/', import.meta.url).pathname;

// --- the two readers ----------------------------------------------------------------------------------------

layer('both readers read the same values from every YAML file of testdata and from random ResourceLists', () => {
  const texts = yamlFiles(testdata).map((path) => ({ label: path, text: readFileSync(path, 'utf8') }));
  for (const quirks of [0, 0.3, 1]) {
    const next = random(11 + quirks * 10);
    for (let i = 0; i < 150 * SCALE; i++) texts.push({ label: `random ${quirks}/${i}`, text: randomResourceList(next, { quirks }) });
  }
  let handRead = 0;
  for (const { label, text } of texts) {
    const other = readYamlStream(text.replace(/^\ufeff/, ''));
    let hand;
    try {
      hand = readStream(text.replace(/^\ufeff/, ''));
    } catch {
      continue;
    }
    handRead++;
    assert.ok(other.ok, `${label}: the hand-written reader read what yaml calls invalid`);
    if (!other.ok) continue;
    const values = (s: typeof hand) => s.docs.filter((d) => d.root).map((d) => d.root!.value);
    assert.ok(same(values(hand), values(other.stream)), `${label}: the readers disagree`);
    // The writer relies on the offsets: each document's root text starts and ends at the same place.
    const spans = (s: typeof hand) => s.docs.filter((d) => d.root).map((d) => [d.root!.start, d.root!.end]);
    assert.equal(spans(hand), spans(other.stream), `${label}: root spans`);
  }
  assert.ok(handRead > texts.length / 2, `the hand-written reader read only ${handRead} of ${texts.length}`);
});

/** Random lines of YAML-ish text: indentation, dashes, keys, properties, scalars, flow and comments, mixed freely. */
function lineSoup(next: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const atoms = ['a', 'b: 1', 'c:', '- x', '-', '- &a', '- !!str', '&b', '*a', '!foo 7', '? k', ': v', 'd: |', 'e: >-', 'f: [1, 2]', 'g: {h: 1}', '"q": 2', "'s': x", '# c', 'x # c', '0755', 'y: yes', '-\tz', 'k: &m v', '<<: *a', '---', 'k: "x', '{', ']', 'k:  # c', '1e6: f', '~: n'];
  const lines: string[] = [];
  for (let i = 0, n = 1 + Math.floor(next() * 8); i < n; i++) lines.push(`${' '.repeat(pick([0, 0, 1, 2, 2, 4]))}${pick(atoms)}`);
  return `${lines.join('\n')}\n`;
}

layer('on random lines of YAML-ish text, whatever the hand-written reader reads, the other reads alike', () => {
  const next = random(31337);
  let agreed = 0;
  for (let i = 0; i < 3000 * SCALE; i++) {
    const text = lineSoup(next);
    let hand;
    try {
      hand = readStream(text);
    } catch {
      continue;
    }
    const other = readYamlStream(text);
    assert.ok(other.ok, `the hand-written reader read what yaml refuses:\n${text}`);
    if (!other.ok) continue;
    const values = (st: typeof hand) => st.docs.filter((d) => d.root).map((d) => d.root!.value);
    assert.ok(same(values(hand), values(other.stream)), `the readers disagree on\n${text}\n${JSON.stringify(values(hand))}\n${JSON.stringify(values(other.stream))}`);
    agreed++;
  }
  assert.ok(agreed > 300, `only ${agreed} texts read by both`);
});

const handReads: Array<[string, string]> = [
  ['anchors, aliases and merge keys', 'a: &x {k: 1}\nb: *x\nc:\n  <<: *x\n  j: 2\n'],
  ['tags', 'a: !!binary aGVsbG8=\nb: !!float 1\nc: !!str 12\n'],
  ['JSON over several lines', '{\n  "a": [1, 2],\n  "b": {"c": "d"}\n}\n'],
  ['sequences indented under their key', 'a:\n  - b: 1\n    c: 2\n  - d\n'],
  ['a folded block scalar', 'a: >-\n  one\n  two\n'],
];
/** Inputs a review found read wrongly (or never finishing): what Go reads, whichever reader takes them. */
const goReads: Array<[string, string, unknown]> = [
  ['an anchor alone on a list item before a sibling', 'a:\n- kind: A\n- &x\n- kind: B\n', { a: [{ kind: 'A' }, null, { kind: 'B' }] }],
  ['an anchor on a key', 'x:\n- &k name: web\n- *k\n', { x: [{ name: 'web' }, 'name'] }],
  ['local and non-specific tags', 'a: ! 12\nb: !foo 0755\n', { a: '12', b: '0755' }],
  ['a literal scalar ending in a line of spaces', 'a: |\n    x\n      \nb: 1\n', { a: 'x\n  \n', b: 1 }],
  ['float, infinite and large integer keys', '1e6: a\n.inf: b\n9007199254740993: c\n', { '1e+06': 'a', '.inf': 'b', '9007199254740993': 'c' }],
];
for (const [name, text, expected] of goReads) {
  layer(`reads ${name} as Go does`, () => {
    const read = readYaml(text);
    assert.ok(read.ok, read.ok ? '' : read.message);
    if (read.ok) assert.equal(read.stream.docs[0]!.root!.value, expected);
  });
}

layer('input Go refuses is refused: a tab after a dash, a null key', () => {
  for (const text of ['list:\n  -\ta: 1\n', '~: a\n', 'a: !!int 1.5\n', '!!null x: a\n']) assert.is(readYaml(text).ok, false, text);
});

for (const [name, text] of handReads) {
  layer(`the hand-written reader reads ${name} (no slow path for common shapes)`, () => {
    const stream = readStream(text);
    assert.ok(same(stream.docs[0]!.root!.value, goValues(text)[0]), name);
  });
}

// --- the writer ---------------------------------------------------------------------------------------------

/** A changed copy of `value`: keys deleted, added and changed, list items inserted, dropped and moved. */
function mutate(value: JsonValue, next: () => number, depth = 0): JsonValue {
  const r = next();
  if (depth > 0 && r < 0.08) return randomValue(next, 3);
  if (Array.isArray(value)) {
    const out = value.map((v) => (next() < 0.3 ? mutate(v, next, depth + 1) : v));
    if (next() < 0.3) out.splice(Math.floor(next() * (out.length + 1)), 0, randomValue(next, 3));
    if (next() < 0.2 && out.length > 0) out.splice(Math.floor(next() * out.length), 1);
    if (next() < 0.15 && out.length > 1) out.push(out.shift()!);
    return out;
  }
  if (isObject(value)) {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) {
      if (depth > 0 && next() < 0.1) continue;
      out[k] = next() < 0.35 ? mutate(v, next, depth + 1) : v;
    }
    if (next() < 0.25) out[['name', 'added', 'yes', 'z', 'port'][Math.floor(next() * 5)]!] = randomValue(next, 3);
    return out;
  }
  return next() < 0.5 ? randomValue(next, 4) : value;
}

/** The text of item `index` of a ResourceList as read (from its first key to its end). */
function itemTexts(text: string): string[] {
  const read = readYamlStream(text);
  if (!read.ok) return [];
  const root = read.stream.docs.find((d) => d.root)?.root;
  const items = root?.k === 'map' ? root.pairs.find((p) => p.key === 'items')?.value : undefined;
  return items?.k === 'seq' ? items.items.map((item) => text.slice(item.start, item.end)) : [];
}

layer('random edits of random ResourceLists: the output holds exactly the edited values, untouched items keep their bytes', () => {
  let checked = 0;
  for (const quirks of [0, 0.3, 1]) {
    const next = random(7 + quirks * 100);
    for (let i = 0; i < 200 * SCALE; i++) {
      const input = randomResourceList(next, { quirks });
      const parsed = parseResourceList(input);
      if (!parsed.ok) continue;
      const { list } = parsed;
      const outputs: OutputItem[] = list.items.flatMap((item): OutputItem[] => {
        const r = next();
        if (r < 0.1) return [];
        return r < 0.4 ? [{ kind: 'unchanged', item }] : [{ kind: 'changed', item, object: mutate(item.object, next) as KubeObject }];
      });
      if (next() < 0.2) outputs.push({ kind: 'new', object: randomValue(next, 1) as KubeObject });
      const results = next() < 0.3 ? [{ message: 'm', severity: 'info' as const, code: 'INJECTED' as const }] : [];
      const written = writeResourceList(list, outputs, results);
      const label = `edit ${quirks}/${i} of\n${input}\n--- output:\n${written.text}`;
      if (written.results.length > 0) continue;
      const [root] = goValues(written.text) as Array<{ items: unknown[]; results?: unknown }>;
      const expected = outputs.map((o) => (o.kind === 'unchanged' ? o.item.value : o.object));
      if (!same(root!.items, expected)) {
        const k = expected.findIndex((v, n) => !same(root!.items[n], v));
        assert.fixture(JSON.stringify(root!.items[k], null, 1), JSON.stringify(expected[k], null, 1), `item ${k} differs: ${label}`);
      }
      assert.ok(results.length === 0 ? root!.results === undefined : Array.isArray(root!.results), `results: ${label}`);
      const before = itemTexts(input);
      const after = itemTexts(written.text);
      outputs.forEach((o, k) => {
        if (o.kind === 'unchanged') assert.is(after[k], before[o.item.index], `untouched item ${k} changed: ${label}`);
      });
      // Written again with nothing changed, the output is its own output.
      const again = parseResourceList(written.text);
      assert.ok(again.ok, label);
      if (again.ok) {
        const kept = writeResourceList(again.list, again.list.items.map((item) => ({ kind: 'unchanged', item })), results);
        assert.is(kept.text, written.text, `not idempotent: ${label}`);
      }
      checked++;
    }
  }
  assert.ok(checked > 400 * SCALE, `only ${checked} outputs checked`);
});

/** A Deployment whose pod spec has up to three lists of named containers, in random styles, with comments. */
function siblingListsInput(next: () => number): string {
  const pick = <T>(options: readonly T[]): T => options[Math.floor(next() * options.length)]!;
  const lists = ['initContainers', 'containers', 'ephemeralContainers'].filter((_, i) => i === 1 || next() < 0.6);
  let n = 0;
  const listText = (key: string): string => {
    const count = key === 'containers' ? 1 + Math.floor(next() * 3) : Math.floor(next() * 3);
    if (count === 0) return `      ${key}: []\n`;
    const wide = next() < 0.3 ? '  ' : '';
    let text = `      ${key}:${next() < 0.1 ? ` # the ${key}` : ''}\n`;
    for (let i = 0; i < count; i++) {
      const name = `c${n++}`;
      if (next() < 0.4) text += `${wide}      # about ${name}\n`;
      if (next() < 0.04) text += `${wide}      - {name: ${name}, image: "img:${i}"}\n`;
      else {
        text += `${wide}      - name: ${name}${next() < 0.3 ? ' # named' : ''}\n${wide}        image: img:${i}\n`;
        if (next() < 0.5) text += `${wide}        args: ${pick(['[a, b]', '["--x=1"]', '[]'])}\n`;
        if (next() < 0.4) text += `${wide}        ports:\n${wide}        - containerPort: 0${8000 + i} # port, octal as Go reads it\n`;
      }
    }
    return text;
  };
  const spec = lists.map(listText).join('');
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n  spec:\n    template:\n      spec:\n${spec.replace(/^ {6}/gm, '        ')}`;
}

/** Moves random named items to sibling lists (existing or new), edits some, and drops a list now and then. */
function moveBetweenLists(spec: { [key: string]: JsonValue }, next: () => number): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(spec)) out[key] = Array.isArray(value) ? [...value] : value;
  const keys = ['initContainers', 'containers', 'ephemeralContainers', 'sidecars'];
  for (let moves = 1 + Math.floor(next() * 3); moves > 0; moves--) {
    const from = keys.filter((k) => Array.isArray(out[k]) && (out[k] as JsonValue[]).length > 0);
    if (from.length === 0) break;
    const source = from[Math.floor(next() * from.length)]!;
    const target = keys[Math.floor(next() * keys.length)]!;
    const list = out[source] as JsonValue[];
    let [item] = list.splice(Math.floor(next() * list.length), 1);
    if (next() < 0.5 && isObject(item)) item = { ...item, restartPolicy: 'Always' };
    const into = Array.isArray(out[target]) ? (out[target] as JsonValue[]) : (out[target] = []);
    into.splice(Math.floor(next() * (into.length + 1)), 0, item!);
  }
  if (next() < 0.2) delete out[keys[Math.floor(next() * keys.length)]!];
  return out;
}

layer('items moved between sibling lists keep their comments and their bytes, in compact and wide lists', () => {
  let kept = 0;
  for (let i = 0; i < 300 * SCALE; i++) {
    const next = random(4242 + i);
    const input = siblingListsInput(next);
    const parsed = parseResourceList(input);
    assert.ok(parsed.ok, input);
    if (!parsed.ok) continue;
    const [item] = parsed.list.items;
    const spec = (item!.object as any).spec.template.spec;
    const object = { ...item!.object, spec: { template: { spec: moveBetweenLists(spec, next) } } } as KubeObject;
    const written = writeResourceList(parsed.list, [{ kind: 'changed', item: item!, object }], []).text;
    const [root] = goValues(written) as Array<{ items: unknown[] }>;
    assert.ok(same(root!.items[0], object), `case ${i}: values differ\n${input}\n---\n${written}`);
    assert.not.match(written, /\n[ ]+\n/, `case ${i}: a line of only spaces\n${written}`);
    for (const [, name] of input.matchAll(/# about (c\d+)/g)) {
      if (new RegExp(`- name: ${name}\\b`).test(written)) {
        assert.ok(written.includes(`# about ${name}`), `case ${i}: the comment about ${name} was lost\n${input}\n---\n${written}`);
        kept++;
      }
    }
    // An octal port nobody changed keeps its spelling wherever its container went.
    assert.not.match(written, /containerPort: [1-9]/, `case ${i}: a port was re-spelled\n${written}`);
  }
  assert.ok(kept > 100, `only ${kept} comments checked`);
});

/** Writes `edit` of the first item of `input`. */
function edited(input: string, edit: (object: any) => KubeObject): string {
  const parsed = parseResourceList(input);
  assert.ok(parsed.ok, input);
  if (!parsed.ok) return '';
  const [item] = parsed.list.items;
  const written = writeResourceList(parsed.list, [{ kind: 'changed', item: item!, object: edit(structuredClone(item!.object)) }], []);
  assert.equal(written.results, [], 'no conflict');
  return written.text;
}

const podWith = (spec: string): string =>
  `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n  spec:\n${spec}`;

layer('a first item moved to a new sibling list takes the comment above it along', () => {
  const input = podWith('    containers:\n    # the database proxy: a sidecar\n    - name: proxy\n      args: [--port, "5432"] # flow stays flow\n    # the application\n    - name: app\n      image: app:1\n');
  const output = edited(input, (o) => ({ ...o, spec: { containers: [o.spec.containers[1]], initContainers: [{ ...o.spec.containers[0], restartPolicy: 'Always' }] } }));
  assert.fixture(
    output,
    podWith('    containers:\n    # the application\n    - name: app\n      image: app:1\n    initContainers:\n    # the database proxy: a sidecar\n    - name: proxy\n      args: [--port, "5432"] # flow stays flow\n      restartPolicy: Always\n'),
  );
});

layer('a moved item holding an alias is written out, as it could land before its anchor', () => {
  const input = podWith('    initContainers:\n    - name: migrate\n    containers:\n    - name: app\n      resources: &small\n        limits: {cpu: 100m}\n    - name: proxy\n      resources: *small # shared\n');
  const output = edited(input, (o) => ({ ...o, spec: { initContainers: [o.spec.initContainers[0], { ...o.spec.containers[1], restartPolicy: 'Always' }], containers: [o.spec.containers[0]] } }));
  const [root] = goValues(output) as any[];
  assert.equal(root.items[0].spec.initContainers[1], { name: 'proxy', resources: { limits: { cpu: '100m' } }, restartPolicy: 'Always' });
});

layer('a block list that becomes empty is written `[]`, its comments above its key', () => {
  const input = podWith('    # the init containers\n    initContainers:\n    # first\n    - name: a\n    # last\n    containers:\n    - name: b\n');
  const output = edited(input, (o) => ({ ...o, spec: { ...o.spec, initContainers: [] } }));
  assert.match(output, /\n    # the init containers\n    # first\n    initContainers: \[\]\n    # last\n    containers:\n/);
  goValues(output);
});

layer('a change on a node whose anchor other nodes alias is refused, and the item is kept as it was', () => {
  const input = podWith('    containers:\n    - name: app\n      env: &env\n      - {name: A, value: "1"}\n    - name: side\n      env: *env\n');
  const parsed = parseResourceList(input);
  assert.ok(parsed.ok);
  if (!parsed.ok) return;
  const [item] = parsed.list.items;
  const object = structuredClone(item!.object) as any;
  object.spec.containers[0].env.push({ name: 'B', value: '2' });
  const written = writeResourceList(parsed.list, [{ kind: 'changed', item: item!, object }], []);
  assert.is(written.text.split('\nresults:')[0], input.replace(/\n$/, ''));
  assert.equal(written.results.map((r) => r.code), ['YAML_ANCHOR_CONFLICT']);
  assert.match(written.results[0]!.message, /&env/);
});

const keeps: Array<{ name: string; spec: string; edit: (spec: any) => any; kept: RegExp[] }> = [
  {
    name: 'scalars it did not change keep their spelling (octal, hex, big, signed, exponent, tags)',
    spec: '    securityContext: {runAsUser: 0755}\n    volumes:\n    - name: v\n      configMap: {defaultMode: 0755, x: 0x1F90, y: +8081, z: 1e2, big: 9007199254740993, f: !!float 1}\n    containers:\n    - name: app\n',
    edit: (spec) => ({ ...spec, containers: [...spec.containers, { name: 'new' }] }),
    kept: [/runAsUser: 0755\}/, /defaultMode: 0755, x: 0x1F90, y: \+8081, z: 1e2, big: 9007199254740993, f: !!float 1\}/],
  },
  {
    name: 'a list indented under its key stays so, and new items line up with it',
    spec: '    containers:\n      - name: app\n        ports:\n          - containerPort: 80\n',
    edit: (spec) => ({ ...spec, containers: [...spec.containers, { name: 'side', args: ['a'] }] }),
    kept: [/containers:\n      - name: app\n        ports:\n          - containerPort: 80\n      - name: side\n        args:\n          - a\n/],
  },
  {
    name: 'an empty value with a comment after it gets its value before the comment (on the yaml-read path too)',
    spec: '    containers:\n    - name: app\n      command: read by the\n        other reader\n      image:  # to be set\n',
    edit: (spec) => ({ ...spec, containers: [{ ...spec.containers[0], image: 'x' }] }),
    kept: [/\n      image: x  # to be set\n/],
  },
  {
    name: 'multi-line plain scalars and trailing spaces stay as written',
    spec: '    containers:\n    - name: app\n      command: this is\n        one long line   \n',
    edit: (spec) => ({ ...spec, hostname: 'h' }),
    kept: [/command: this is\n        one long line   \n/],
  },
];
for (const c of keeps) {
  layer(c.name, () => {
    const output = edited(podWith(c.spec), (o) => ({ ...o, spec: c.edit(o.spec) }));
    for (const pattern of c.kept) assert.match(output, pattern, output);
    goValues(output);
  });
}

layer.run();
