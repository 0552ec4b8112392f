import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dedent } from '../testing/yaml.ts';
import type { KubeObject } from './object.ts';
import { parseYamlText } from './resource-list.ts';
import { type StreamObject, type StreamSource, joinStreams, readStreams, sourceNameOf, writeStreams } from './stream.ts';

const stream = suite('stream');

/** A stand-in for run(): applies `edit` to every item (null removes it) and appends `added`, as a transform may. */
function roundTrip(sources: StreamSource[], edit: (o: KubeObject) => KubeObject | null = (o) => o, added: KubeObject[] = []) {
  const prepared = readStreams(sources);
  if (!prepared.ok) throw new Error(prepared.message);
  const { objects } = prepared.prepared;
  const outputs: StreamObject[] = objects.flatMap((object, origin): StreamObject[] => {
    const next = edit(structuredClone(object));
    if (next === null) return [];
    return [{ object: JSON.stringify(next) === JSON.stringify(object) ? object : next, origin }];
  });
  outputs.push(...added.map((object): StreamObject => ({ object })));
  return { items: objects, prepared: prepared.prepared, ...writeStreams(prepared.prepared, outputs) };
}

const labelWeb = (o: KubeObject): KubeObject =>
  (o.metadata as { name?: string }).name === 'web' ? { ...o, metadata: { ...(o.metadata as object), labels: { injected: 'yes' } } } : o;

const value = (text: string): unknown => {
  const parsed = parseYamlText(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

const ODD = dedent`
  ---
  # head comment of the file
  apiVersion:   v1      # extra spaces
  kind: ConfigMap
  metadata: {name: odd, namespace: "x"}
  data:
      deep:    'single quoted'
      folded: >
        a folded
        text
  ...
  # between documents
  ---
  ---
  kustomization: not an object
  ---
  just a scalar
`;

stream('writes an unchanged stream back byte for byte, documents that are not objects included', () => {
  for (const text of [ODD, `\uFEFF${ODD}`, 'apiVersion: v1\nkind: Service\nmetadata: {name: a}', '', '# only a comment\n']) {
    const out = roundTrip([{ name: 'odd.yaml', text }]);
    assert.is(out.texts[0], text);
    assert.equal(out.changed, [false]);
  }
});

const MULTI = dedent`
  # The namespace
  apiVersion: v1
  kind: Namespace
  metadata:
    name:   shop   # odd spacing stays, the document is unchanged
  ---
  # The storefront
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web # the web
    namespace: shop
  spec:
    template:
      spec:
        containers:
          # the app
          - name: web
            image: nginx
  # the end of web
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: svc, namespace: shop}
`;

stream('rewrites only the changed document, in its place, with its comments and sequence style', () => {
  const out = roundTrip([{ name: 'app.yaml', text: MULTI }], labelWeb);
  const [text] = out.texts;
  assert.equal(out.changed, [true]);
  const parts = text!.split(/^---\n/m);
  assert.is(parts.length, 3);
  assert.is(`${parts[0]}`, MULTI.split(/^---\n/m)[0]);
  assert.is(parts[2], MULTI.split(/^---\n/m)[2]);
  for (const comment of ['# The storefront', '# the web', '# the app', '# the end of web']) assert.ok(parts[1]!.includes(comment), comment);
  assert.ok(parts[1]!.includes('\n        - name: web'), 'the wide sequence indentation is kept');
  assert.equal((value(parts[1]!) as { metadata: { labels: unknown } }).metadata.labels, { injected: 'yes' });
});

const LIST = dedent`
  # a list, as kubectl get -o yaml writes it
  apiVersion: v1
  kind: List
  items:
  # the first
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
  - not an object
  - apiVersion: v1
    kind: Service
    metadata: {name: svc} # the service
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: gone}
`;

stream('injects into the entries of a List and keeps the List', () => {
  const unchanged = roundTrip([{ name: 'list.yaml', text: LIST }]);
  assert.is(unchanged.texts[0], LIST);
  assert.is(unchanged.items.length, 3, 'each object entry is an item; the List itself is not');
  const out = roundTrip([{ name: 'list.yaml', text: `${MULTI}---\n${LIST}` }], (o) => ((o.metadata as { name: string }).name === 'gone' ? null : labelWeb(o)));
  const text = out.texts[0]!;
  assert.ok(text.startsWith(MULTI.split(/^---\n/m)[0]!));
  const list = value(text.split(/^---\n/m)[3]!) as { kind: string; items: unknown[] };
  assert.is(list.kind, 'List');
  assert.equal(list.items, [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { injected: 'yes' } } },
    'not an object',
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' } },
  ]);
  for (const comment of ['# a list, as kubectl', '# the first', '# the service']) assert.ok(text.includes(comment), comment);
});

stream('drops a removed document and returns new objects at their default path', () => {
  const added: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'new', namespace: 'shop' } };
  const out = roundTrip([{ name: 'app.yaml', text: MULTI }], (o) => (o.kind === 'Service' ? null : o), [added]);
  assert.is(out.texts[0], MULTI.split(/^---\n/m).slice(0, 2).join('---\n'));
  assert.is(out.added.length, 1);
  assert.is(out.added[0]!.path, 'shop/configmap_new.yaml');
  assert.equal(value(out.added[0]!.text), added);
});

stream('keeps sources apart and says which changed', () => {
  const out = roundTrip(
    [
      { name: 'a.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n' },
      { name: 'b.yaml', text: MULTI },
    ],
    labelWeb,
  );
  assert.equal(out.changed, [false, true]);
  assert.is(out.texts[0], 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n');
});

stream('writes a changed JSON document as JSON, and keeps an unchanged one as it was', () => {
  const json = '{"apiVersion": "v1", "kind": "List", "items": [\n  {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}},\n  {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc"}}]}\n';
  assert.is(roundTrip([{ name: 'list.json', text: json }]).texts[0], json);
  const out = roundTrip([{ name: 'list.json', text: json }], labelWeb);
  assert.equal(JSON.parse(out.texts[0]!), {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { injected: 'yes' } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' } },
    ],
  });
  const single = '{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}}';
  assert.equal(JSON.parse(roundTrip([{ name: 'web.json', text: single }], labelWeb).texts[0]!).metadata.labels, { injected: 'yes' });
});

const invalid: Array<{ text: string; message: RegExp }> = [
  { text: 'a: [', message: /^bad\.yaml: not valid YAML: / },
  { text: 'a: 1\na: 2\n', message: /^bad\.yaml: not valid YAML: Map keys must be unique/ },
  { text: 'a: "\u0000"', message: /^bad\.yaml: not text/ },
];
for (const c of invalid) {
  stream(`refuses ${JSON.stringify(c.text)} with the source's name`, () => {
    const outcome = readStreams([{ name: 'ok.yaml', text: 'a: 1\n' }, { name: 'bad.yaml', text: c.text }]);
    assert.is(outcome.ok, false);
    assert.match((outcome as { message: string }).message, c.message);
  });
}

stream('gives items their source\'s path and index, as kpt does for the files of a package', () => {
  const prepared = readStreams([
    { name: 'manifests/apps/list.yaml', text: LIST, path: 'apps/list.yaml' },
    { name: 'one/app.yaml', text: MULTI, path: 'app.yaml' },
    { name: 'two/app.yaml', text: MULTI, path: 'app.yaml' },
  ]);
  assert.ok(prepared.ok);
  const { prepared: state } = prepared as Extract<typeof prepared, { ok: true }>;
  const places = state.objects.map((object) => {
    const annotations = (object.metadata as { annotations: Record<string, string> }).annotations;
    return `${annotations['internal.config.kubernetes.io/path']}#${annotations['internal.config.kubernetes.io/index']}`;
  });
  assert.equal(places, ['apps/list.yaml#0', 'apps/list.yaml#1', 'apps/list.yaml#2', 'app.yaml#0', 'app.yaml#1', 'app.yaml#2', 'two/app.yaml#0', 'two/app.yaml#1', 'two/app.yaml#2']);
  assert.equal(state.slots.slice(0, 3), [
    { source: 0, doc: 0, entry: 0 },
    { source: 0, doc: 0, entry: 2 },
    { source: 0, doc: 0, entry: 3 },
  ]);
  assert.is(sourceNameOf(state, 'two/app.yaml'), 'two/app.yaml');
  assert.is(sourceNameOf(state, 'app.yaml'), 'one/app.yaml');
  assert.is(sourceNameOf(state, 'shop/dataplane_web.yaml'), 'shop/dataplane_web.yaml');
});

stream('appends an object the run placed in a source, and returns one placed elsewhere as a new file', () => {
  const placed = (path: string, name: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, annotations: { 'internal.config.kubernetes.io/path': path, 'config.kubernetes.io/path': path } },
  });
  const out = roundTrip([{ name: 'in/app.yaml', text: MULTI, path: 'app.yaml' }], (o) => o, [placed('app.yaml', 'here'), placed('gen/x.yaml', 'there')]);
  assert.ok(out.texts[0]!.startsWith(MULTI));
  assert.equal(value(out.texts[0]!.slice(MULTI.length).replace(/^---\n/, '')), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'here' } });
  assert.equal(out.added.map((a) => a.path), ['gen/x.yaml']);
});

const joins: Array<{ texts: string[]; out: string }> = [
  { texts: ['a: 1\n', 'b: 2\n'], out: 'a: 1\n---\nb: 2\n' },
  { texts: ['a: 1', '---\nb: 2\n'], out: 'a: 1\n---\nb: 2\n' },
  { texts: ['', 'a: 1\n', '  \n'], out: 'a: 1\n' },
  { texts: [], out: '' },
];
for (const c of joins) {
  stream(`joins ${JSON.stringify(c.texts)}`, () => assert.is(joinStreams(c.texts), c.out));
}

stream('an alias bomb in a file is an input error, not a crash', () => {
  let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  a: &a [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 10; i++) bomb += `  a${i}: &a${i} [${Array(9).fill(i === 1 ? '*a' : `*a${i - 1}`).join(', ')}]\n`;
  const outcome = readStreams([{ name: 'bomb.yaml', text: bomb }]);
  assert.is(outcome.ok, false);
  if (!outcome.ok) assert.match(outcome.message, /expands YAML aliases too often/);
});

stream.run();
