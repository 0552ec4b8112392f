import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bigPodList, oneDeploymentList, workloadList } from '../../scripts/bench-inputs.ts';
import { run } from '../run.ts';
import { random, randomResourceList, randomValue } from './fast-testing.ts';
import type { JsonValue, KubeObject } from './object.ts';
import { isObject } from './object.ts';
import { packageToResourceList } from './package.ts';
import { type OutputItem, parseResourceList, parseYamlText, writeResourceList, yamlPathStats } from './resource-list.ts';

const paths = suite('fast path = yaml path');

/** FAST_PATH_FUZZ=20 runs twenty times as many random cases (for a longer hunt than `npm test` makes). */
const SCALE = Number(process.env.FAST_PATH_FUZZ ?? 1);

/** Runs the function on `input` through the `yaml` path and through the default (fast where it can) path. */
function both(input: string): { yaml: ReturnType<typeof run>; fast: ReturnType<typeof run>; fastRead: boolean; fastWrite: boolean } {
  process.env.KUMA_INJECT_YAML_PATH = 'yaml';
  let yaml: ReturnType<typeof run>;
  try {
    yaml = run(input);
  } finally {
    delete process.env.KUMA_INJECT_YAML_PATH;
  }
  const { fastRead, fastWrite } = yamlPathStats;
  const fast = run(input);
  return { yaml, fast, fastRead: yamlPathStats.fastRead > fastRead, fastWrite: yamlPathStats.fastWrite > fastWrite };
}

function assertSame(input: string, label: string): { fastRead: boolean; fastWrite: boolean; stdout: string } {
  const { yaml, fast, fastRead, fastWrite } = both(input);
  if (fast.stdout !== yaml.stdout) {
    let at = 0;
    while (fast.stdout[at] === yaml.stdout[at]) at++;
    const from = Math.max(0, yaml.stdout.lastIndexOf('\n', at - 120));
    assert.fixture(fast.stdout.slice(from, at + 200), yaml.stdout.slice(from, at + 200), `${label}: stdout differs at ${at}\ninput:\n${input}`);
  }
  assert.equal(fast.stderr, yaml.stderr, `${label}: stderr`);
  assert.is(fast.exitCode, yaml.exitCode, `${label}: exit code`);
  return { fastRead, fastWrite, stdout: fast.stdout };
}

// --- golden packages -------------------------------------------------------------------------------------

const testdata = new URL('../../testdata/', import.meta.url).pathname;

function goldenCases(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  if (entries.some((e) => e.isDirectory() && e.name === '.expected')) return [dir];
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'kuma-fixtures').flatMap((e) => goldenCases(join(dir, e.name)));
}

const yamlFile = (path: string): any => {
  const parsed = parseYamlText(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new Error(`${path}: ${parsed.error}`);
  return parsed.value;
};

/** The ResourceList kpt sends for a golden package (as the golden harness builds it). */
function goldenInput(dir: string): string {
  const config = existsSync(join(dir, '.expected', 'config.yaml')) ? yamlFile(join(dir, '.expected', 'config.yaml')) : {};
  const exclude = new Set<string>();
  let functionConfig: KubeObject | undefined;
  if (config.testType === 'eval') {
    exclude.add(join(dir, 'Kptfile'));
    if (typeof config.fnConfig === 'string') functionConfig = yamlFile(join(dir, '.expected', config.fnConfig));
  } else {
    const mutator = yamlFile(join(dir, 'Kptfile'))?.pipeline?.mutators?.[0] ?? {};
    if (typeof mutator.configPath === 'string') functionConfig = yamlFile(join(dir, mutator.configPath));
    else if (isObject(mutator.configMap)) functionConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: mutator.configMap };
  }
  const walk = (current: string): string[] =>
    readdirSync(current, { withFileTypes: true }).flatMap((e) => {
      const path = join(current, e.name);
      if (e.isDirectory()) return e.name.startsWith('.') ? [] : walk(path);
      return /\.ya?ml$/.test(e.name) && !exclude.has(path) ? [path] : [];
    });
  const files = walk(dir)
    .sort()
    .map((path) => ({ path: relative(dir, path), text: readFileSync(path, 'utf8') }));
  return packageToResourceList(files, functionConfig);
}

paths('every golden package, and a second run on its output, write the same bytes', () => {
  const cases = goldenCases(testdata);
  assert.ok(cases.length >= 8, `found ${cases.length} golden packages`);
  let fast = 0;
  for (const dir of cases) {
    const name = relative(testdata, dir);
    const first = assertSame(goldenInput(dir), name);
    if (first.fastRead && first.fastWrite) fast++;
    if (first.stdout) assertSame(first.stdout, `${name} (second run)`);
  }
  // The packages are kpt's own output: nearly all must take the fast path, or it is not doing its job.
  assert.ok(fast >= cases.length - 2, `only ${fast} of ${cases.length} golden packages took the fast path`);
});

paths('the benchmark inputs take the fast path and write the same bytes', () => {
  for (const [name, input] of [['100 workloads', workloadList(100)], ['big pod', bigPodList()], ['one deployment', oneDeploymentList()]] as const) {
    const outcome = assertSame(input, name);
    assert.ok(outcome.fastRead && outcome.fastWrite, `${name}: fast path not taken (${yamlPathStats.lastFallback})`);
    assertSame(outcome.stdout, `${name} (second run)`);
  }
});

// --- random input --------------------------------------------------------------------------------------

const sameValue = (a: unknown, b: unknown): boolean => {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameValue((a as never)[k], (b as never)[k]));
};

paths('random ResourceLists: the fast reader reads the values yaml reads, and runs write the same bytes', () => {
  let taken = 0;
  let total = 0;
  for (const quirks of [0, 0.3, 1]) {
    const next = random(1000 + quirks * 10);
    for (let i = 0; i < 150 * SCALE; i++) {
      const input = randomResourceList(next, { quirks });
      const slow = parseResourceList(input, { yamlPath: true });
      if (!slow.ok) continue;
      total++;
      const fast = parseResourceList(input);
      assert.ok(fast.ok);
      if (fast.ok && fast.list.source.kind === 'fast') {
        taken++;
        assert.ok(sameValue(fast.list.items.map((i) => i.object), slow.list.items.map((i) => i.object)), `values differ for\n${input}`);
        assert.ok(sameValue(fast.list.functionConfig, slow.list.functionConfig), `functionConfig differs for\n${input}`);
      }
      const first = assertSame(input, `random ${quirks}/${i}`);
      if (first.stdout) assertSame(first.stdout, `random ${quirks}/${i} (second run)`);
    }
  }
  assert.ok(taken > total / 3, `the fast path read only ${taken} of ${total}`);
});

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

paths('random edits of random ResourceLists write the same bytes on both paths', () => {
  let taken = 0;
  for (const quirks of [0, 0.3, 1]) {
    const next = random(7 + quirks * 100);
    for (let i = 0; i < 200 * SCALE; i++) {
      const input = randomResourceList(next, { quirks });
      const slow = parseResourceList(input, { yamlPath: true });
      const fast = parseResourceList(input);
      if (!slow.ok || !fast.ok) continue;
      const plan = slow.list.items.map(() => {
        const r = next();
        return r < 0.3 ? 'keep' : r < 0.9 ? 'edit' : 'drop';
      });
      const extra = next() < 0.2 ? [randomValue(next, 1)] : [];
      // Each path edits its own objects the same way, keeping what it does not edit by reference, as transforms do.
      const seed = Math.floor(next() * 1e9);
      const outputsOf = (items: ReadonlyArray<{ index: number; object: KubeObject }>): OutputItem[] => {
        const edits = random(seed);
        return [
          ...items.flatMap((item, n): OutputItem[] => {
            if (plan[n] === 'drop') return [];
            return plan[n] === 'keep' ? [{ kind: 'unchanged', item }] : [{ kind: 'changed', item, object: mutate(item.object, edits) as KubeObject }];
          }),
          ...extra.map((object): OutputItem => ({ kind: 'new', object: object as KubeObject })),
        ];
      };
      const results = next() < 0.3 ? [{ message: 'm', severity: 'info' as const, code: 'INJECTED' as const }] : [];
      const before = yamlPathStats.fastWrite;
      const expected = writeResourceList(slow.list, outputsOf(slow.list.items), results);
      const actual = writeResourceList(fast.list, outputsOf(fast.list.items), results);
      if (yamlPathStats.fastWrite > before) taken++;
      assert.fixture(actual, expected, `edit ${quirks}/${i} of\n${input}\nplan ${JSON.stringify(plan)}`);
      assert.ok(parseYamlText(expected).ok, `edit ${quirks}/${i}: the output is not YAML\n${input}\n---\n${expected}`);
    }
  }
  assert.ok(taken > 100, `the fast writer wrote only ${taken} outputs`);
});

// --- items moving between sibling lists ---------------------------------------------------------------------

/** A Deployment whose pod spec has up to three lists of named containers, in random styles, with comments. */
function siblingListsInput(next: () => number): string {
  const pick = <T>(options: readonly T[]): T => options[Math.floor(next() * options.length)]!;
  const lists = ['initContainers', 'containers', 'ephemeralContainers'].filter((_, i) => i === 1 || next() < 0.6);
  let n = 0;
  const listText = (key: string): string => {
    const count = key === 'containers' ? 1 + Math.floor(next() * 3) : Math.floor(next() * 3);
    if (count === 0) return `      ${key}: []\n`;
    // Wide lists, comments after the key and flow items make the fast reader hand over to yaml: now and then.
    const wide = next() < 0.15 ? '  ' : '';
    let text = `      ${key}:${next() < 0.1 ? ' # the ' + key : ''}\n`;
    for (let i = 0; i < count; i++) {
      const name = `c${n++}`;
      if (next() < 0.4) text += `${wide}      # about ${name}\n`;
      if (next() < 0.04) text += `${wide}      - {name: ${name}, image: "img:${i}"}\n`;
      else {
        text += `${wide}      - name: ${name}${next() < 0.3 ? ' # named' : ''}\n${wide}        image: img:${i}\n`;
        if (next() < 0.5) text += `${wide}        args: ${pick(['[a, b]', '["--x=1"]', '[]'])}\n`;
        if (next() < 0.4) text += `${wide}        ports:\n${wide}        - containerPort: ${8000 + i} # port\n`;
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

paths('items moved between sibling lists keep their comments and write the same bytes on both paths', () => {
  let kept = 0;
  let fastWritten = 0;
  for (let i = 0; i < 300 * SCALE; i++) {
    const next = random(4242 + i);
    const input = siblingListsInput(next);
    const slow = parseResourceList(input, { yamlPath: true });
    const fast = parseResourceList(input);
    assert.ok(slow.ok && fast.ok, input);
    if (!slow.ok || !fast.ok) continue;
    const seed = Math.floor(next() * 1e9);
    const outputsOf = (items: ReadonlyArray<{ index: number; object: KubeObject }>): OutputItem[] =>
      items.map((item) => {
        const spec = (item.object as any).spec.template.spec;
        const object = { ...item.object, spec: { template: { spec: moveBetweenLists(spec, random(seed)) } } } as KubeObject;
        return { kind: 'changed', item, object };
      });
    const expected = writeResourceList(slow.list, outputsOf(slow.list.items), []);
    const fastWrites = yamlPathStats.fastWrite;
    const actual = writeResourceList(fast.list, outputsOf(fast.list.items), []);
    if (yamlPathStats.fastWrite > fastWrites) fastWritten++;
    assert.fixture(actual, expected, `case ${i}:\n${input}`);
    assert.ok(parseYamlText(expected).ok, `case ${i}: the output is not YAML\n${input}\n---\n${expected}`);
    // Every comment about an item still in a block list of the output is still there (a flow list has no room).
    for (const [, name] of input.matchAll(/# about (c\d+)/g)) {
      if (new RegExp(`- name: ${name}\\b`).test(expected)) {
        assert.ok(expected.includes(`# about ${name}`), `case ${i}: the comment about ${name} was lost\n${input}\n---\n${expected}`);
        kept++;
      }
    }
  }
  assert.ok(kept > 100, `only ${kept} comments checked`);
  assert.ok(fastWritten > 200 * SCALE, `the fast writer wrote only ${fastWritten} of ${300 * SCALE}`);
});

paths('a first item moved to a new sibling list takes the comment above it along, on both paths', () => {
  const pod = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: p
  spec:
    containers:
`;
  const input = `${pod}    # the database proxy: a sidecar
    - name: proxy
      args: [--port, "5432"] # flow stays flow
    # the application
    - name: app
      image: app:1
`;
  const expected = `${pod}    # the application
    - name: app
      image: app:1
    initContainers:
    # the database proxy: a sidecar
    - name: proxy
      args: [--port, "5432"] # flow stays flow
      restartPolicy: Always
`;
  for (const yamlPath of [true, false]) {
    const parsed = parseResourceList(input, { yamlPath });
    assert.ok(parsed.ok);
    if (!parsed.ok) continue;
    const [item] = parsed.list.items;
    const spec = (item!.object as any).spec;
    const object = { ...item!.object, spec: { containers: [spec.containers[1]], initContainers: [{ ...spec.containers[0], restartPolicy: 'Always' }] } } as KubeObject;
    const fastWrites = yamlPathStats.fastWrite;
    assert.fixture(writeResourceList(parsed.list, [{ kind: 'changed', item: item!, object }], []), expected, yamlPath ? 'yaml path' : 'fast path');
    assert.is(yamlPathStats.fastWrite > fastWrites, !yamlPath, `the ${yamlPath ? 'yaml' : 'fast'} path wrote it`);
  }
});

/** Writes `edit` of the first item of `input` on both paths; returns the bytes, which must be the same. */
function editBothPaths(input: string, edit: (object: any) => KubeObject): string {
  const outputs = [true, false].map((yamlPath) => {
    const parsed = parseResourceList(input, { yamlPath });
    assert.ok(parsed.ok, input);
    if (!parsed.ok) return '';
    const [item] = parsed.list.items;
    return writeResourceList(parsed.list, [{ kind: 'changed', item: item!, object: edit(structuredClone(item!.object)) }], []);
  });
  assert.fixture(outputs[1]!, outputs[0]!, 'fast path = yaml path');
  return outputs[0]!;
}

const podWith = (spec: string): string =>
  `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n  spec:\n${spec}`;

paths('a list replaced by another value is not a move: its comment stays put, once, on both paths', () => {
  const input = podWith('    containers:\n    # list comment\n    - name: a\n      image: a\n');
  const output = editBothPaths(input, (o) => ({ ...o, spec: { initContainers: o.spec.containers, containers: null } }));
  assert.is(output.split('# list comment').length - 1, 1, output);
});

paths('a moved item leaves the blank line before it behind, so a second run changes nothing', () => {
  const input = podWith('    containers:\n    - name: app\n      image: app:1\n\n    # the proxy\n    - name: proxy\n      image: proxy:1\n');
  const output = editBothPaths(input, (o) => ({ ...o, spec: { containers: [o.spec.containers[0]], initContainers: [{ ...o.spec.containers[1], restartPolicy: 'Always' }] } }));
  assert.not.match(output, /\n[ ]+\n/, 'no line of only spaces');
  assert.match(output, /initContainers:\n    # the proxy\n    - name: proxy\n/);
  const again = run(output);
  assert.is(again.stdout.slice(0, output.length), output.slice(0, output.length));
});

paths('a moved item holding an alias is written anew, as it could stand before its anchor (yaml path)', () => {
  const input = `${podWith('    initContainers:\n    - name: migrate\n    containers:\n    - name: app\n      resources: &small\n        limits: {cpu: 100m}\n    - name: proxy\n      resources: *small # shared\n')}`;
  const output = editBothPaths(input, (o) => ({ ...o, spec: { initContainers: [o.spec.initContainers[0], { ...o.spec.containers[1], restartPolicy: 'Always' }], containers: [o.spec.containers[0]] } }));
  const parsed = parseYamlText(output);
  assert.ok(parsed.ok, output);
  assert.equal((parsed as any).value.items[0].spec.initContainers[1], { name: 'proxy', resources: { limits: { cpu: '100m' } }, restartPolicy: 'Always' });
});

paths('a block list that becomes empty is written `[]`, its comments above its key, on both paths', () => {
  const input = podWith('    # the init containers\n    initContainers:\n    # first\n    - name: a\n    # last\n    containers:\n    - name: b\n');
  const output = editBothPaths(input, (o) => ({ ...o, spec: { ...o.spec, initContainers: [] } }));
  assert.match(output, /\n    # the init containers\n    # first\n    # last\n    initContainers: \[\]\n    containers:\n/);
  assert.ok(parseYamlText(output).ok, output);
});

paths.run();
