import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dedent } from '../testing/yaml.ts';
import type { KubeObject } from './object.ts';
import { run } from '../run.ts';
import { needsQuotingForYaml11, parseResourceList, parseYamlText, writeResourceList } from './resource-list.ts';

const io = suite('resource-list');

const LIST = dedent`
  apiVersion: config.kubernetes.io/v1
  kind: ResourceList
  items:
  - apiVersion: v1 # keep me
    kind: ConfigMap
    metadata:
      name: untouched
      annotations:
        config.kubernetes.io/path: 'cm.yaml'
    data:
      style: 'single'
      folded: >-
        a long folded text
  - apiVersion: v1
    kind: Pod
    metadata:
      name: changed
    spec:
      containers:
      # the app
      - name: app # main container
        image: app:1
`;

function parsedList(text: string) {
  const outcome = parseResourceList(text);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome;
}

const rejected: Array<{ name: string; input: string; message: RegExp }> = [
  { name: 'empty input', input: '', message: /input is empty/ },
  { name: 'only whitespace', input: '  \n\n', message: /input is empty/ },
  { name: 'binary garbage', input: 'abc\u0000def', message: /NUL bytes/ },
  { name: 'invalid YAML', input: 'a: [b\n', message: /not valid YAML.*line/ },
  { name: 'duplicate keys', input: 'apiVersion: a\napiVersion: b\n', message: /not valid YAML/ },
  { name: 'a list, not a ResourceList', input: '- a\n- b\n', message: /must be a ResourceList object/ },
  { name: 'another kind', input: 'apiVersion: v1\nkind: List\nitems: []\n', message: /must be a ResourceList of apiVersion/ },
  { name: 'an unknown version', input: 'apiVersion: config.kubernetes.io/v2\nkind: ResourceList\nitems: []\n', message: /must be a ResourceList/ },
  { name: 'items not a list', input: 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {a: 1}\n', message: /`items` .* must be a list/ },
  {
    name: 'two documents',
    input: 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n---\napiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n',
    message: /2 YAML documents/,
  },
];
for (const c of rejected) {
  io(`rejects ${c.name}`, () => {
    const outcome = parseResourceList(c.input);
    assert.is(outcome.ok, false);
    if (!outcome.ok) assert.match(outcome.message, c.message);
  });
}

io('accepts v1beta1, and a missing items list as empty', () => {
  const outcome = parsedList('apiVersion: config.kubernetes.io/v1beta1\nkind: ResourceList\n');
  assert.is(outcome.list.items.length, 0);
});

io('reports items without apiVersion, kind or name as results, keeping the rest', () => {
  const outcome = run(dedent`
    apiVersion: config.kubernetes.io/v1
    kind: ResourceList
    items:
    - kind: Pod
      metadata: {name: a}
    - apiVersion: v1
      metadata: {name: b}
    - apiVersion: v1
      kind: Pod
      metadata: {}
    - just a string
    - apiVersion: v1
      kind: Pod
      metadata: {name: ok}
  `);
  assert.equal(
    outcome.results.filter((r) => r.code === 'INVALID_INPUT').map((r) => r.field?.path),
    ['items[0].apiVersion', 'items[1].kind', 'items[2].metadata.name', 'items[3]'],
  );
  const written = parseYamlText(outcome.stdout);
  assert.ok(written.ok);
  assert.is((written as { value: { items: unknown[] } }).value.items.length, 5);
  assert.ok(outcome.stdout.includes('- just a string\n'));
});

io('reads a BOM and CRLF line endings', () => {
  const outcome = parsedList(`\uFEFF${LIST.replace(/\n/g, '\r\n')}`);
  assert.is(outcome.list.items.length, 2);
  assert.is((outcome.list.items[1]!.object.metadata as { name: string }).name, 'changed');
});

io('writes untouched items byte for byte and keeps comments of changed ones', () => {
  const { list } = parsedList(LIST);
  const [cm, pod] = list.items as [typeof list.items[0], typeof list.items[0]];
  const changed: KubeObject = structuredClone(pod.object);
  const containers = (changed.spec as { containers: KubeObject[] }).containers;
  containers.unshift({ name: 'kuma-sidecar', image: 'kuma-dp' });
  containers[1]!.image = 'app:2';
  const out = writeResourceList(list, [{ kind: 'unchanged', item: cm }, { kind: 'changed', item: pod, object: changed }], []).text;
  const untouched = LIST.slice(LIST.indexOf('- apiVersion: v1 # keep me'), LIST.indexOf('- apiVersion: v1\n  kind: Pod'));
  assert.ok(out.includes(untouched), `untouched item changed:\n${out}`);
  assert.match(out, /# the app\n/);
  assert.match(out, /- name: app # main container\n\s+image: app:2/);
  assert.match(out, /containers:\n\s+- name: kuma-sidecar\n\s+image: kuma-dp\n\s+# the app\n\s+- name: app/);
});

io('quotes new strings that YAML 1.1 would read as something else, and never adds anchors', () => {
  const { list } = parsedList('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n');
  const shared = { a: 1 };
  const object = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x' },
    data: { yes: 'yes', on: 'on', y: 'y', time: '12:30', octal: '0755', under: '1_000', plain: 'hello', long: 'x'.repeat(200) },
    twice: [shared, shared],
  } as unknown as KubeObject;
  const out = writeResourceList(list, [{ kind: 'new', object }], []).text;
  for (const word of ['yes', 'on', 'y', '12:30', '0755', '1_000']) assert.match(out, new RegExp(`: "${word}"`));
  assert.match(out, /plain: hello\n/);
  assert.match(out, new RegExp(`long: ${'x'.repeat(200)}\n`));
  assert.not.match(out, /[&*]a\d/);
});

const yaml11: Array<[string, boolean]> = [
  ['yes', true], ['No', true], ['ON', true], ['off', true], ['y', true], ['n', true], ['~', true], ['null', true],
  ['0x1F', true], ['0o17', true], ['017', true], ['1_000', true], ['1e3', true], ['.5', true], ['.inf', true], ['-.Inf', true],
  ['12:30', true], ['1:20:30', true], ['2001-12-14', true], ['2001-12-14t21:59:43.10-05:00', true], ['<<', true],
  ['enabled', false], ['disabled', false], ['nginx:1.27', false], ['1.2.3', false], ['v1', false], ['yess', false], ['', false],
  ['/tmp', false], ['--verbose', false], ['50M', false], ['64Mi', false],
];
for (const [value, expected] of yaml11) {
  io(`${expected ? 'quotes' : 'leaves plain'} ${JSON.stringify(value)} for YAML 1.1 readers`, () => {
    assert.is(needsQuotingForYaml11(value), expected);
  });
}

io('JSON input stays JSON: untouched items keep their bytes, new ones and results are JSON', () => {
  const text = '{"apiVersion":"config.kubernetes.io/v1","kind":"ResourceList","items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":["x","y"]}}]}\n';
  const { list } = parsedList(text);
  const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { on: 'yes' } } as KubeObject;
  const out = writeResourceList(list, [...list.items.map((item) => ({ kind: 'unchanged' as const, item })), { kind: 'new', object }], [{ message: 'm', severity: 'info', code: 'INJECTED' }]).text;
  assert.ok(out.startsWith('{"apiVersion":"config.kubernetes.io/v1","kind":"ResourceList","items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":["x","y"]}}, '), out);
  assert.equal(JSON.parse(out).items[1], object);
  assert.equal(JSON.parse(out).results, [{ message: 'm', severity: 'info', tags: { code: 'INJECTED' } }]);
});

io('puts an item head comment back on the item, where kpt expects it', () => {
  const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- # about a\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n';
  const { list } = parsedList(text);
  const out = writeResourceList(list, list.items.map((item) => ({ kind: 'unchanged', item })), []).text;
  assert.match(out, /items:\n- # about a\n {2}apiVersion: v1/);
});

io('writes results and replaces stale ones', () => {
  const { list } = parsedList('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nresults:\n- message: old\n');
  const out = writeResourceList(list, [], [{ message: 'new', severity: 'warning', code: 'NO_CA_CERT' }]).text;
  const parsed = parseYamlText(out);
  assert.ok(parsed.ok);
  assert.equal((parsed as { value: { results: unknown } }).value.results, [{ message: 'new', severity: 'warning', tags: { code: 'NO_CA_CERT' } }]);
});

io('a CRLF file gets CRLF line ends in what is written into it, too', () => {
  const { list } = parsedList(LIST.replace(/\n/g, '\r\n'));
  const [cm, pod] = list.items as [typeof list.items[0], typeof list.items[0]];
  const changed: KubeObject = structuredClone(pod.object);
  (changed.spec as { containers: KubeObject[] }).containers.push({ name: 'kuma-sidecar', image: 'kuma-dp' });
  const out = writeResourceList(list, [{ kind: 'unchanged', item: cm }, { kind: 'changed', item: pod, object: changed }], []).text;
  assert.not.match(out, /[^\r]\n/);
  assert.match(out, /- name: kuma-sidecar\r\n\s+image: kuma-dp\r\n/);
});

io('scalar items are nodes of their own: written back with nothing changed, the list is its own output', () => {
  const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- just a string\n- .nan\nresults:\n- message: old\n  severity: info\n';
  const { list } = parsedList(text);
  assert.equal(list.items.map((i) => i.value), ['just a string', NaN]);
  const out = writeResourceList(list, list.items.map((item) => ({ kind: 'unchanged', item })), [{ message: 'old', severity: 'info', code: 'INJECTED' }]).text;
  assert.match(out, /\n- just a string\n- \.nan\nresults:\n/);
});

io.run();
