import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseYamlText } from '../krm/resource-list.ts';
import { dedent } from '../testing/yaml.ts';
import type { CliOptions } from './args.ts';
import { type CliRequest, type CliSource, runCli } from './run-cli.ts';
import { TEST_CA } from '../testing/test-ca.ts';

const cli = suite('runCli');

const NAMESPACE = dedent`
  # in the mesh
  apiVersion: v1
  kind: Namespace
  metadata:
    name:   shop      # odd spacing, kept
    labels: {kuma.io/sidecar-injection: enabled}
`;
const DEPLOYMENT = dedent`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web # the storefront
    namespace: shop
  spec:
    template:
      metadata:
        labels: {app: web}
      spec:
        containers:
          - name: web
            image: nginx:1.27 # pinned
`;
const CONFIG = dedent`
  apiVersion: kuma-inject.dev/v1alpha1
  kind: KumaInject
  metadata:
    name: inject
  spec:
    caCert: ${JSON.stringify(TEST_CA)}
    meshes: [default]
`;

const options = (more: Partial<CliOptions> = {}): CliOptions => ({ inputs: [], check: false, quiet: false, verbose: false, previews: false, ...more });
const request = (sources: CliSource[], more: Partial<CliRequest> = {}): CliRequest => ({
  options: options(),
  sources,
  config: { name: 'cfg.yaml', text: CONFIG },
  target: { kind: 'stdout' },
  ...more,
});
const app: CliSource = { name: 'manifests/app.yaml', text: `${NAMESPACE}---\n${DEPLOYMENT}`, outPath: 'app.yaml' };
const svc: CliSource = { name: 'manifests/svc.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n', outPath: 'svc.yaml' };

const documents = (text: string): unknown[] =>
  text.split(/^---\n/m).map((part) => {
    const parsed = parseYamlText(part);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  });
const initContainerNames = (doc: unknown): string[] =>
  ((doc as { spec: { template: { spec: { initContainers?: Array<{ name: string }> } } } }).spec.template.spec.initContainers ?? []).map((c) => c.name);

cli('injects the stream to stdout, keeps what it does not change, and reports each workload', () => {
  const outcome = runCli(request([app, svc]));
  assert.is(outcome.exitCode, 0, outcome.stderr.join('\n'));
  assert.ok(outcome.stdout.startsWith(`${NAMESPACE}---\n`), 'the unchanged Namespace is written byte for byte');
  assert.ok(outcome.stdout.includes(`---\n${svc.text}`), 'the second file follows, unchanged');
  const docs = documents(outcome.stdout);
  assert.equal(docs.slice(0, 3).map((d) => (d as { kind: string }).kind), ['Namespace', 'Deployment', 'Service']);
  assert.equal(initContainerNames(docs[1]), ['kuma-init', 'kuma-sidecar']);
  for (const comment of ['# the storefront', '# pinned']) assert.ok(outcome.stdout.includes(comment), comment);
  assert.ok(outcome.stderr.includes('manifests/app.yaml: Deployment shop/web: injected (mesh "default")'), outcome.stderr.join('\n'));
  assert.is(outcome.stderr[outcome.stderr.length - 1], 'kuma-inject: 1 workload: 1 injected');
  assert.equal(outcome.writes, []);
});

cli('an `annotations:` with no value (as Helm charts render it) stays as written, skipped or injected', () => {
  // From Kuma's own chart: `annotations: ` then a blank line with spaces; it read as null and came back `{}`.
  const skipped = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cp\n  namespace: kuma-system\n  annotations: \n    \nspec:\n  template:\n    spec:\n      containers:\n      - name: cp\n        image: cp:1\n';
  const out = runCli(request([{ name: 'cp.yaml', text: skipped, outPath: 'cp.yaml' }]));
  assert.is(out.exitCode, 0, out.stderr.join('\n'));
  assert.is(out.stdout, skipped);
  const injected = runCli(request([{ name: 'app.yaml', text: `${NAMESPACE}---\n${DEPLOYMENT.replace('metadata:\n', 'metadata:\n  annotations:\n')}`, outPath: 'app.yaml' }]));
  assert.is(injected.exitCode, 0, injected.stderr.join('\n'));
  assert.match(injected.stdout, /^metadata:\n {2}annotations:\n/m);
  assert.not.match(injected.stdout, /^ {2}annotations: \{\}/m);
});

cli('each result stands under the workload of its own document, when one file holds several', () => {
  const two: CliSource = { name: 'manifests/two.yaml', text: `${NAMESPACE}---\n${DEPLOYMENT}---\n${DEPLOYMENT.replace('name: web # the storefront', 'name: api')}`, outPath: 'two.yaml' };
  const outcome = runCli(request([two]));
  assert.is(outcome.exitCode, 0, outcome.stderr.join('\n'));
  const grace = outcome.stderr.filter((line) => line.includes('terminationGracePeriodSeconds'));
  assert.is(grace.length, 2, outcome.stderr.join('\n'));
  const at = (name: string) => outcome.stderr.findIndex((line) => line.startsWith(`manifests/two.yaml: Deployment shop/${name}: injected`));
  assert.ok(at('web') >= 0 && at('api') > at('web'), outcome.stderr.join('\n'));
  // One warning right under each workload line, none repeated under the other.
  assert.match(outcome.stderr[at('web') + 1]!, /^  warning: .*terminationGracePeriodSeconds/);
  assert.match(outcome.stderr[at('api') + 1]!, /^  warning: .*terminationGracePeriodSeconds/);
  assert.is(at('api'), at('web') + 2, outcome.stderr.join('\n'));
});

cli('injects the entries of a List', () => {
  const list = `apiVersion: v1\nkind: List\nitems:\n${`${NAMESPACE}---\n${DEPLOYMENT}`
    .split(/^---\n/m)
    .map((doc) => `- ${doc.trimEnd().replace(/\n/g, '\n  ')}`)
    .join('\n')}\n`;
  const outcome = runCli(request([{ name: '<stdin>', text: list }]));
  assert.is(outcome.exitCode, 0, outcome.stderr.join('\n'));
  const [value] = documents(outcome.stdout) as Array<{ kind: string; items: unknown[] }>;
  assert.is(value!.kind, 'List');
  assert.equal(initContainerNames(value!.items[1]), ['kuma-init', 'kuma-sidecar']);
  assert.ok(outcome.stderr.includes('<stdin>: Deployment shop/web: injected (mesh "default")'));
});

cli('--check writes nothing, and exits 1 only when something would change', () => {
  const first = runCli(request([app, svc], { options: options({ check: true }) }));
  assert.is(first.exitCode, 1);
  assert.is(first.stdout, '');
  assert.equal(first.writes, []);
  assert.match(first.stderr[first.stderr.length - 1]!, /^kuma-inject --check: 1 workload: 1 would be injected; would change manifests\/app\.yaml(, \d+ new files?)?$/);
  // Run over the folder it wrote (objects a run adds, previews say, are files of their own there).
  const written = runCli(request([app, svc], { target: { kind: 'dir', path: 'out' } })).writes;
  const folder = written.map((w) => ({ name: w.path, text: w.text, outPath: w.path.slice('out/'.length) }));
  const again = runCli(request(folder, { options: options({ check: true }) }));
  assert.is(again.exitCode, 0, again.stderr.join('\n'));
  assert.is(again.stderr[again.stderr.length - 1], 'kuma-inject --check: 1 workload: 1 already injected, unchanged; nothing would change');
});

cli('-o DIR writes one file per input at its path under the folder', () => {
  const outcome = runCli(request([app, svc], { target: { kind: 'dir', path: 'out' } }));
  assert.is(outcome.exitCode, 0, outcome.stderr.join('\n'));
  assert.equal(
    outcome.writes.filter((w) => w.source !== undefined).map((w) => ({ path: w.path, changed: w.changed, source: w.source })),
    [
      { path: 'out/app.yaml', changed: true, source: 'manifests/app.yaml' },
      { path: 'out/svc.yaml', changed: false, source: 'manifests/svc.yaml' },
    ],
  );
  assert.is(outcome.writes[1]!.text, svc.text);
  assert.is(outcome.stdout, '');
});

const kinds = (text: string): string[] => documents(text).map((d) => (d as { kind: string }).kind);

cli('Dataplane previews stay out of one stream (stdout, one file), which kubectl and Helm would apply; a folder gets them', () => {
  const toStdout = runCli(request([app]));
  assert.equal(kinds(toStdout.stdout), ['Namespace', 'Deployment']);
  assert.ok(toStdout.stderr.includes('kuma-inject: 1 Dataplane preview not written into the stream (kubectl or Helm would apply it): use -o DIR, or --previews'), toStdout.stderr.join('\n'));
  const toFile = runCli(request([app], { target: { kind: 'file', path: 'all.yaml' } }));
  assert.equal(kinds(toFile.writes[0]!.text), ['Namespace', 'Deployment']);
  const asked = runCli(request([app], { options: options({ previews: true }) }));
  assert.equal(kinds(asked.stdout), ['Namespace', 'Deployment', 'Dataplane']);
  assert.not.ok(asked.stderr.some((l) => l.includes('not written')));
  const toDir = runCli(request([app], { target: { kind: 'dir', path: 'out' } }));
  assert.equal(toDir.writes.map((w) => w.path), ['out/app.yaml', 'out/dataplanes/shop/web.yaml'].map((p) => p));
  const unmarked = CONFIG.replace('meshes: [default]', 'meshes: [default]\n  dataplanes: {mode: unmarked}');
  const applied = runCli(request([app], { config: { name: 'cfg.yaml', text: unmarked } }));
  assert.equal(kinds(applied.stdout), ['Namespace', 'Deployment', 'Dataplane'], 'unmarked Dataplanes are meant to be applied: written');
});

cli('-n gives objects without a namespace that namespace for the run, and the output gets none it did not have', () => {
  const bare = DEPLOYMENT.replace('  namespace: shop\n', '');
  const chart: CliSource = { name: '<stdin>', text: bare };
  const outcome = runCli(request([chart], { options: options({ namespace: 'shop' }), config: { name: 'cfg.yaml', text: CONFIG.replace('meshes: [default]', 'meshes: [default]\n  namespaces: {shop: {labels: {kuma.io/sidecar-injection: enabled}}}') } }));
  assert.is(outcome.exitCode, 0, outcome.stderr.join('\n'));
  const [deployment] = documents(outcome.stdout) as Array<{ metadata: Record<string, unknown> }>;
  assert.equal(initContainerNames(deployment), ['kuma-init', 'kuma-sidecar'], 'the namespace label came from the config, for the -n namespace');
  assert.not.ok(Object.hasOwn(deployment!.metadata, 'namespace'), 'no namespace is added to the object');
  assert.ok(outcome.stderr.includes('<stdin>: Deployment shop/web: injected (mesh "default")'), outcome.stderr.join('\n'));
  const without = runCli(request([chart], { config: { name: 'cfg.yaml', text: CONFIG.replace('meshes: [default]', 'meshes: [default]\n  namespaces: {shop: {labels: {kuma.io/sidecar-injection: enabled}}}') } }));
  assert.equal(initContainerNames(documents(without.stdout)[0]), [], 'without -n the Deployment is in `default`, not enabled');
});

cli('-n leaves cluster-scoped objects and objects with their own namespace alone', () => {
  const outcome = runCli(request([app], { options: options({ namespace: 'other' }) }));
  assert.is(outcome.exitCode, 0, outcome.stderr.join('\n'));
  assert.ok(outcome.stdout.startsWith(`${NAMESPACE}---\n`), 'the Namespace object is written byte for byte');
  assert.ok(outcome.stderr.includes('manifests/app.yaml: Deployment shop/web: injected (mesh "default")'), 'its own namespace wins');
});

cli('-o FILE writes the whole stream there', () => {
  const outcome = runCli(request([app, svc], { target: { kind: 'file', path: 'all.yaml' } }));
  assert.equal(outcome.writes.map((w) => w.path), ['all.yaml']);
  assert.is(outcome.writes[0]!.text, runCli(request([app, svc])).stdout);
});

cli('takes the ConfigMap form of the config', () => {
  const config = { name: 'cm.yaml', text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {caCert: ${JSON.stringify(TEST_CA)}, meshes: default, sidecarImage: "example.com/kuma-dp:1"}\n` };
  const outcome = runCli(request([app], { config }));
  assert.is(outcome.exitCode, 0, outcome.stderr.join('\n'));
  assert.ok(outcome.stdout.includes('image: example.com/kuma-dp:1'));
});

const failing: Array<{ name: string; request: CliRequest; stderr: RegExp }> = [
  {
    name: 'an invalid config',
    request: request([app], { config: { name: 'cfg.yaml', text: CONFIG.replace('meshes:', 'meshs:') } }),
    stderr: /^error: KumaInject inject: spec: unknown field `meshs`/m,
  },
  { name: 'a config of two documents', request: request([app], { config: { name: 'cfg.yaml', text: `${CONFIG}---\n${CONFIG}` } }), stderr: /^error: config file cfg\.yaml must hold a single YAML document$/m },
  { name: 'a config that is a list', request: request([app], { config: { name: 'cfg.yaml', text: '- a\n' } }), stderr: /^error: config file cfg\.yaml must hold one object/m },
  {
    name: 'a workload the webhook would reject',
    request: request([{ ...app, text: app.text.replace('labels: {app: web}', 'labels: {app: web, kuma.io/sidecar-injection: maybe}') }]),
    stderr: /^manifests\/app\.yaml: Deployment shop\/web: failed\n  error: .*"maybe"/m,
  },
  { name: 'invalid YAML', request: request([app, { name: 'broken.yaml', text: 'a: [', outPath: 'broken.yaml' }]), stderr: /^error: broken\.yaml: not valid YAML/m },
  { name: 'an object without a name', request: request([{ name: 'x.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {}\n' }]), stderr: /^x\.yaml: Pod \(no name\): .*\n  error: metadata\.name: item has no `metadata\.name`$/m },
  { name: 'stdin into a folder', request: request([{ name: '<stdin>', text: DEPLOYMENT }], { target: { kind: 'dir', path: 'out' } }), stderr: /^error: -o out is a folder, which needs file inputs/ },
  {
    name: 'two inputs of the same name into a folder',
    request: request([app, { ...svc, outPath: 'app.yaml' }], { target: { kind: 'dir', path: 'out' } }),
    stderr: /^error: manifests\/app\.yaml and manifests\/svc\.yaml would both be written to out\/app\.yaml$/,
  },
];
for (const c of failing) {
  cli(`exits 1 on ${c.name} and writes nothing`, () => {
    const outcome = runCli(c.request);
    assert.is(outcome.exitCode, 1);
    assert.is(outcome.stdout, '');
    assert.equal(outcome.writes, []);
    assert.match(outcome.stderr.join('\n'), c.stderr);
  });
}

cli('an invalid config ends with "nothing injected: the config is invalid", not "no workload found"', () => {
  for (const check of [false, true]) {
    const outcome = runCli(request([app], { options: options({ check }), config: { name: 'cfg.yaml', text: CONFIG.replace('meshes:', 'meshs:') } }));
    const last = outcome.stderr[outcome.stderr.length - 1] ?? '';
    assert.is(last, `kuma-inject: nothing ${check ? 'checked' : 'injected'}: the config is invalid; 1 error, nothing written`);
    assert.not.match(outcome.stderr.join('\n'), 'no workload');
  }
  const none = runCli(request([svc]));
  assert.match(none.stderr[none.stderr.length - 1] ?? '', 'no workload (pod template) found', 'a valid config over no workload still says so');
});

cli.run();
